import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose } from '../support/ui-steps.ts';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** The page's width: wider than the screen means the whole page scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
/** The width the page's content is laid out in. */
const contentWidth = async (page: Page) => (await page.locator('.ant-layout-content').boundingBox())?.width ?? 0;
/** The breadcrumb's steps, as read. */
const breadcrumb = async (page: Page) => (await page.getByTestId('page-breadcrumb').locator('.ant-breadcrumb-link').allInnerTexts()).map((step) => step.trim());

/**
 * The shell as Ant Design Pro lays it out: every page opens with a breadcrumb in the menu's own
 * names, its title and its main buttons; on a phone the menu opens over the page from the header's
 * menu button, and the ledger's filters wait behind one 筛选 button.
 */
describe(`the shell's page headers and phone menu in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('heads 受理台, 督办中心 and the reports at 1366 with a breadcrumb in the menu’s names, the menu beside the page', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    for (const [path, trail] of [
      ['/intake', ['首页', '案件办理', '受理台']],
      ['/supervision', ['首页', '案件办理', '督办中心']],
      ['/reports', ['首页', '报告与公开', '报告与指数']],
      ['/ledger', ['首页', '案件办理', '台账']],
      ['/policies/no-application', ['首页', '惠企政策', '政策库', '免申即享清单']],
    ] as const) {
      await office.goto(`${app.baseUrl}${path}`);
      await office.getByTestId('page-header').waitFor();
      await expect.poll(() => breadcrumb(office), { message: path }).toEqual(trail);
      // The group is the menu's own heading, and the page the menu's own item.
      expect(await office.locator('.ant-menu-item-group-title').allInnerTexts(), path).toContain(trail[1]);
      await expect.poll(() => pageWidth(office), { message: path }).toBeLessThanOrEqual(LAPTOP.width);
    }
    // 受理台's export and import stand in its header, beside the title.
    await office.goto(`${app.baseUrl}/intake`);
    await office.getByTestId('page-actions').getByTestId('intake-export').waitFor();
    expect(await office.getByTestId('page-actions').getByTestId('intake-import-open').isVisible()).toBe(true);
    await app.screenshot(office, 'shell-intake-1366');
    // On a desk the menu is the Sider, with no menu button, and the ledger's form shows its fields.
    expect(await office.locator('.ant-layout-sider').isVisible()).toBe(true);
    expect(await office.getByTestId('menu-button').count()).toBe(0);
    await office.goto(`${app.baseUrl}/ledger`);
    await office.getByLabel('专项行动', { exact: true }).waitFor();
    expect(await office.getByTestId('ledger-filters-button').count()).toBe(0);
    await office.getByTestId('ledger-more-filters').waitFor();
    await office.context().close();
  });

  it('opens the menu over the page at 390 px, the page keeping its width, and closes it on the chosen page and on the mask', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(PHONE);
    await office.goto(`${app.baseUrl}/ledger`);
    await office.locator('.ant-table-row').first().waitFor();
    expect(await office.locator('.ant-layout-sider').count()).toBe(0);
    const before = await contentWidth(office);
    // The content takes the screen but for its padding: no Sider squeezes it.
    expect(before).toBeGreaterThan(PHONE.width - 30);
    await office.getByTestId('menu-button').click();
    const intake = office.getByRole('menuitem', { name: /受理台/ });
    await intake.waitFor();
    await expect.poll(() => office.locator('.ant-drawer-open').count()).toBe(1);
    // The menu lies over the page: the page is as wide as before and scrolls no wider than the phone.
    expect(await contentWidth(office)).toBe(before);
    expect(await pageWidth(office)).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(office, 'shell-menu-390');
    await intake.click();
    await expect.poll(() => new URL(office.url()).pathname).toBe('/intake');
    await expect.poll(() => office.locator('.ant-drawer-open').count(), { message: 'closed on navigation' }).toBe(0);
    await expect.poll(() => breadcrumb(office)).toEqual(['首页', '案件办理', '受理台']);
    await expect.poll(() => pageWidth(office)).toBeLessThanOrEqual(PHONE.width);
    // A tap on the mask beside the menu closes it and leaves the page where it was.
    await office.getByTestId('menu-button').click();
    await expect.poll(() => office.locator('.ant-drawer-open').count()).toBe(1);
    await office.mouse.click(PHONE.width - 20, PHONE.height / 2);
    await expect.poll(() => office.locator('.ant-drawer-open').count(), { message: 'closed on the mask' }).toBe(0);
    expect(new URL(office.url()).pathname).toBe('/intake');
    await office.context().close();
  });

  it('shows the ledger at 390 px with its search and a 筛选 button that opens the whole labelled form and counts the filters set', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(PHONE);
    await office.goto(`${app.baseUrl}/ledger`);
    await office.locator('.ant-table-row').first().waitFor();
    const button = office.getByTestId('ledger-filters-button');
    await button.waitFor();
    expect(await office.getByTestId('ledger-search').isVisible()).toBe(true);
    // Collapsed: the form's fields wait behind the button, the list starts on the first screen.
    expect(await office.getByLabel('专项行动', { exact: true }).count()).toBe(0);
    expect(await button.getAttribute('data-active')).toBe('0');
    await expect.poll(() => pageWidth(office)).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(office, 'shell-ledger-390');
    await button.click();
    await office.getByLabel('专项行动', { exact: true }).waitFor();
    // Every field, the rarer ones too, labelled as on a desk.
    for (const label of ['状态', '属地', '责任单位', '案件类型', '问题来源', '登记日期']) await office.getByLabel(label, { exact: true }).first().waitFor();
    await app.screenshot(office, 'shell-ledger-filters-390');
    await choose(office, '专项行动', '清理拖欠企业账款');
    await expect.poll(() => new URL(office.url()).searchParams.get('line')).toBe('arrears');
    await office.getByTestId('ledger-filters-done').click();
    await expect.poll(() => office.locator('.ant-drawer-open').count()).toBe(0);
    await expect.poll(() => button.getAttribute('data-active')).toBe('1');
    expect(await button.locator('..').locator('.ant-badge-count').innerText()).toBe('1');
    await expect.poll(() => pageWidth(office)).toBeLessThanOrEqual(PHONE.width);
    await office.context().close();
  });
});
