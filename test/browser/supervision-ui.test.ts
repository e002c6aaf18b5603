import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, notifications, supervisionThresholds } from '../../src/db/schema.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { columnsInView, pageScrollWidth } from '../support/ui-steps.ts';

describe(`the 督办中心 in a real browser (S2, ${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const unreadOf = async (accountId: string) => {
    const [row] = await app.app.db
      .select({ total: count() })
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
    return Number(row?.total ?? 0);
  };

  it('shows 营商办 the supervised cases by level and downloads a 督办单', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/supervision`);
    const table = office.getByTestId('supervised-cases');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.innerText()).toContain('督办');
    await office.getByText('督办', { exact: true }).first().click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const rows = await table.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows.every((row) => row.includes('督办'))).toBe(true);
    await app.screenshot(office, 'supervision-cases');
    // A laptop: 编号, 事项, the level, the deadline and the 督办单 stay in view while the rest scrolls.
    await office.setViewportSize({ width: 1366, height: 768 });
    const keyColumns = ['编号', '事项名称', '督办级别', '办理期限', '督办单'];
    expect(await columnsInView(office, keyColumns, '[data-testid="supervised-cases"]')).toEqual(keyColumns.map((title) => `${title}: in view`));
    await expect.poll(() => office.getByTestId('supervised-cases-total').innerText()).toMatch(/^共 \d+ 条$/);
    await app.screenshot(office, 'supervision-cases-1366');
    // A phone opens the page at its own width.
    await office.setViewportSize({ width: 390, height: 844 });
    await office.reload();
    await office.getByTestId('supervised-cases').locator('tbody tr.ant-table-row').first().waitFor();
    await expect.poll(() => pageScrollWidth(office)).toBeLessThanOrEqual(390);
    await app.screenshot(office, 'supervision-cases-390');
    await office.setViewportSize({ width: 1440, height: 900 });

    const link = office.getByTestId('order-download').first();
    const number = (await link.innerText()).trim();
    expect(number).toMatch(/^汉营商督〔\d{4}〕\d+号$/);
    const [download] = await Promise.all([office.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^督办单-${number.replace(/[〔〕]/g, '.')}-.+\\.docx$`));
  });

  it('lets a unit handler see a notification in the bell and mark it read', async () => {
    const [handler] = await app.app.db
      .select({ id: accounts.id, username: accounts.username, total: count() })
      .from(accounts)
      .innerJoin(notifications, and(eq(notifications.accountId, accounts.id), isNull(notifications.readAt)))
      .where(eq(accounts.role, 'unit_handler'))
      .groupBy(accounts.id, accounts.username)
      .orderBy(accounts.username)
      .limit(1);
    expect(handler, 'a demo unit handler with unread notifications').toBeDefined();
    const before = await unreadOf(handler!.id);
    const page = await app.signedIn(handler!.username);
    await page.getByTestId('notification-bell').click();
    const popover = page.getByTestId('notification-popover');
    await popover.waitFor();
    expect(await page.locator('.ant-popover-title').innerText()).toContain(`${before}条未读`);
    await app.screenshot(page, 'notification-bell');
    await popover.getByRole('link', { name: '查看全部通知' }).click();
    await page.waitForURL(/\/supervision\?tab=notifications/);
    const list = page.getByTestId('notification-list');
    await list.getByTestId('notification').first().waitFor();
    await list.getByRole('button', { name: '标为已读', exact: true }).first().click();
    await expect.poll(() => unreadOf(handler!.id)).toBe(before - 1);
    await expect.poll(() => list.innerText()).toContain(`${before - 1}条未读`);
    // The bell in the header follows at once.
    await expect.poll(() => page.locator('.ant-layout-header .ant-badge .ant-badge-count').getAttribute('title')).toBe(String(before - 1));
    await app.screenshot(page, 'notifications-list');
  });

  it('round-trips 营商办’s ladder thresholds and shows them read-only to others', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/supervision?tab=settings`);
    const form = office.getByTestId('thresholds');
    const field = form.getByLabel('逾期超过几个工作日督办');
    await expect.poll(() => field.inputValue()).toBe('5');
    await field.fill('6');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(async () => (await app.app.db.select().from(supervisionThresholds))[0]?.supervisionAfterDays).toBe(6);
    await office.reload();
    await expect.poll(() => office.getByTestId('thresholds').getByLabel('逾期超过几个工作日督办').inputValue()).toBe('6');
    await app.screenshot(office, 'supervision-settings');

    const handler = await app.signedIn('hd-jiaoyu', `${app.baseUrl}/supervision?tab=settings`);
    const readOnly = handler.getByTestId('thresholds').getByLabel('逾期超过几个工作日督办');
    await expect.poll(() => readOnly.inputValue()).toBe('6');
    expect(await readOnly.isDisabled()).toBe(true);
    expect(await handler.getByTestId('thresholds').getByRole('button', { name: '保存' }).count()).toBe(0);
  });
});
