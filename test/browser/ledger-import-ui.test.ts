import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { LINE_LEDGER_HEADERS, ledgerRow, ledgerWorkbook, lineLedgerRow, MISTAKES, rowOf } from '../support/ledger-workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Both widths, each photographed; at 390 px nothing scrolls sideways. */
const photograph = async (app: BrowserApp, page: Page, name: string) => {
  await page.setViewportSize(DESKTOP);
  await app.screenshot(page, `${name}-1366`);
  await page.setViewportSize(PHONE);
  await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  await app.screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
};

describe(`the ledger import in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('lets a county check its ledger, see every problem by row and column, then import the fixed file and open the cases', async () => {
    const county = await app.signedIn('handong');
    await county.setViewportSize(DESKTOP);
    await county.goto(`${app.baseUrl}/ledger`);
    await county.getByTestId('ledger-import-open').click();
    const modal = county.getByTestId('ledger-import-modal');
    expect(await modal.getByTestId('ledger-import-template').getAttribute('href')).toBe('/api/cases/import-template.xlsx?line=arrears');
    await photograph(app, county, 'ledger-import-open');

    const good = Array.from({ length: 6 }, (_, index) => ledgerRow(700 + index));
    const faulty = [...good, ...MISTAKES.slice(0, 5).map((mistake, index) => ledgerRow(800 + index, mistake.cells))];
    const input = modal.locator('input[type=file]');
    await input.setInputFiles({ name: '汉东区拖欠账款台账.xlsx', mimeType: XLSX, buffer: await ledgerWorkbook(faulty) });
    const checked = modal.getByTestId('ledger-import-checked');
    await expect.poll(() => checked.innerText()).toContain('发现');
    const problems = modal.getByTestId('ledger-import-problems');
    const text = await problems.innerText();
    for (const header of ['行', '列', '值', '问题']) expect(text).toContain(header);
    expect(text).toContain(String(rowOf(good.length + 3)));
    expect(text).toContain('是否为：“汉东区教育局”');
    expect(await modal.getByTestId('ledger-import-confirm').count()).toBe(0);
    await photograph(app, county, 'ledger-import-problems');

    await input.setInputFiles({ name: '汉东区拖欠账款台账.xlsx', mimeType: XLSX, buffer: await ledgerWorkbook(good) });
    await expect.poll(() => checked.innerText()).toContain('未发现问题');
    await modal.getByTestId('ledger-import-confirm').click();
    const result = modal.getByTestId('ledger-import-result');
    await expect.poll(() => result.innerText()).toContain('已登记 6 件清欠案件');
    await photograph(app, county, 'ledger-import-done');

    await result.locator('[data-imported]').first().getByRole('link').click();
    await county.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => county.locator('body').innerText()).toContain('台账导入');
    // Where it came from: the file and its row, the hash short.
    await expect.poll(() => county.getByTestId('case-imported-from').innerText()).toMatch(/^汉东区拖欠账款台账\.xlsx（第4行，SHA-256 [0-9a-f]{12}…）$/u);
  });

  it('lets the county choose the 惠企政策兑现 line: its template, its import, cases of that line', async () => {
    const county = await app.signedIn('handong');
    await county.setViewportSize(DESKTOP);
    await county.goto(`${app.baseUrl}/ledger`);
    await county.getByTestId('ledger-import-open').click();
    const modal = county.getByTestId('ledger-import-modal');
    const lines = modal.getByTestId('ledger-import-line');
    // The dialog is drawn after the click, on a loaded machine a while after: wait for its lines.
    await expect.poll(() => lines.getByRole('radio').count()).toBe(4);
    await lines.getByText('惠企政策兑现', { exact: true }).click();
    await expect.poll(() => modal.getByTestId('ledger-import-template').getAttribute('href')).toBe('/api/cases/import-template.xlsx?line=policy');
    expect(await modal.getByTestId('ledger-import-template').innerText()).toContain('下载惠企政策兑现台账模板');
    await photograph(app, county, 'ledger-import-policy');

    const rows = Array.from({ length: 3 }, (_, index) => lineLedgerRow('policy', 700 + index));
    await modal.locator('input[type=file]').setInputFiles({ name: '汉东区惠企政策兑现问题台账.xlsx', mimeType: XLSX, buffer: await ledgerWorkbook(rows, { headers: LINE_LEDGER_HEADERS.policy }) });
    await expect.poll(() => modal.getByTestId('ledger-import-checked').innerText()).toContain('未发现问题');
    await modal.getByTestId('ledger-import-confirm').click();
    const result = modal.getByTestId('ledger-import-result');
    await expect.poll(() => result.innerText()).toContain('已登记 3 件惠企政策兑现问题');
    expect(await result.locator('[data-imported]').first().innerText()).toMatch(/^HQ\d{4}-\d{5}/u);
    expect(await modal.getByTestId('ledger-import-open-ledger').getAttribute('href')).toBe('/ledger?line=policy&sort=registered_desc');
  });

  it('shows no 导入台账 to a leader, who registers by assignment only', async () => {
    const leader = await app.signedIn('leader', `${app.baseUrl}/ledger`);
    await leader.getByRole('heading', { name: '台账' }).waitFor();
    expect(await leader.getByTestId('ledger-import-open').count()).toBe(0);
  });
});
