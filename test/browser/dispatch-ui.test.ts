import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { untilShown } from '../support/ui-steps.ts';

const ROUND = '浏览器验收调度';

describe(`dispatch and reports in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('营商办 opens a round, a unit reports on each case and submits, and the status shows it (G1)', async () => {
    const office = await app.signedIn('yingshangban');
    await office.goto(`${app.baseUrl}/dispatch`);
    // The demo's closed round is last week's: the browser app's clock starts in week 48 of 2026.
    await office.getByText('2026年第47周调度').waitFor();
    await app.screenshot(office, 'dispatch-rounds');
    await office.getByRole('button', { name: '发起调度' }).click();
    await office.getByLabel('调度名称').fill(ROUND);
    const dialog = office.getByRole('dialog');
    // The default period is this week, Monday to Sunday, reports due on Friday (the clock starts on Thursday 26 November).
    const dates = await Promise.all([1, 2, 3].map((index) => dialog.getByRole('textbox').nth(index).inputValue()));
    expect(dates).toEqual(['2026-11-23', '2026-11-29', '2026-11-27']);
    await dialog.getByRole('button', { name: '发起调度' }).click();
    await untilShown(office, office.getByText('各单位报送情况（未报送的在前）'));
    await expect.poll(() => office.url()).toContain('?round=');
    const roundUrl = office.url();

    const unit = await app.signedIn('hd-jiaoyu');
    await unit.goto(roundUrl);
    const card = unit.locator('[data-unit]');
    await card.waitFor();
    const boxes = card.locator('textarea[aria-label^="本期进展"]');
    const count = await boxes.count();
    expect(count).toBeGreaterThan(0);
    for (let index = 0; index < count; index += 1) {
      await boxes.nth(index).fill(`第${index + 1}件：资金已纳入本月支付计划，月底前付清。`);
      await card.getByRole('button', { name: '报送进展' }).nth(index).click();
      await expect.poll(() => unit.locator('[data-reported]').first().innerText()).toBe(`已报 ${index + 1}/${count}`);
    }
    await unit.getByLabel('本单位报告').fill('本单位本期在办案件均已逐件报送，资金安排已落实。');
    await unit.getByRole('button', { name: '提交本单位报告' }).click();
    await unit.getByText('本单位报告已提交').first().waitFor();
    await app.screenshot(unit, 'dispatch-unit-reported');

    await office.reload();
    const row = office.locator('tr', { hasText: '汉东区教育局' });
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('submitted');
    expect(await row.innerText()).toContain(`已报 ${count}/${count}`);
    expect(await office.locator('[data-status="pending"]').count()).toBeGreaterThan(0);
    await app.screenshot(office, 'dispatch-round-status');
  });

  it('shows the report’s figures and the integrity index, and downloads the workbook (S5)', async () => {
    const office = await app.signedIn('yingshangban');
    await office.goto(`${app.baseUrl}/reports`);
    await office.getByRole('tab', { name: '按属地' }).waitFor();
    await office.getByText('汉东区').first().waitFor();
    expect(await office.locator('.ant-table-summary').first().innerText()).toContain('合计');
    await app.screenshot(office, 'reports-by-jurisdiction');
    await office.getByRole('tab', { name: '诚信指数' }).click();
    await office.locator('[data-formula]').waitFor();
    expect(await office.locator('[data-formula]').innerText()).toContain('60 × 按期办结率');
    await office.locator('.ant-table-row-expand-icon').first().click();
    expect(await office.locator('[data-breakdown]').first().innerText()).toContain('按期办结');
    await app.screenshot(office, 'reports-integrity-index');

    const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('link', { name: '下载 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^调度报告_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('诚信指数');
    expect(String(workbook.getWorksheet('按属地')!.getCell('A1').value)).toContain('统计日');
  });
});
