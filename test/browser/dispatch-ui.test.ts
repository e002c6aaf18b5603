import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { fillDate, untilShown, columnsInView, pageScrollWidth } from '../support/ui-steps.ts';

const ROUND = '浏览器验收调度';
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe(`dispatch and reports in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('营商办 opens a round, a unit reports on each case and submits, and the status shows it (G1)', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/dispatch`);
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

    const unit = await app.signedIn('hd-jiaoyu', roundUrl);
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
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/reports`);
    await office.getByRole('tab', { name: '按属地' }).waitFor();
    await office.getByText('汉东区').first().waitFor();
    expect(await office.locator('.ant-table-summary').first().innerText()).toContain('合计');
    await app.screenshot(office, 'reports-by-jurisdiction');
    // A laptop: the name and the rates stay in view while the counts and amounts scroll.
    await office.setViewportSize(LAPTOP);
    const rates = ['属地', '清偿率', '按期办结率', '销号率'];
    expect(await columnsInView(office, rates)).toEqual(rates.map((title) => `${title}: in view`));
    await app.screenshot(office, 'reports-by-jurisdiction-1366');
    // A phone opens the page at its own width.
    await office.setViewportSize(PHONE);
    await office.reload();
    await office.getByText('汉东区').first().waitFor();
    await expect.poll(() => pageScrollWidth(office)).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(office, 'reports-by-jurisdiction-390');
    await office.setViewportSize({ width: 1440, height: 900 });
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

  it('lists the cases interviewed (约谈) in the period beside the 通报 list, and says so when there are none (Art. 23)', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    await office.goto(`${app.baseUrl}/reports`);
    const interviewsTab = office.getByRole('tab', { name: /^约谈（\d+）$/ });
    await interviewsTab.click();
    const interviews = office.locator('[data-ladder-list="interviews"]');
    // The demo's 丰乐市教育局 was interviewed by 营商办 in April, 汉江交投集团 by the morning's sweep; neither list shows the other's rows.
    const fengle = interviews.locator('tr', { hasText: '丰乐市教育局拖欠学校改建建材款' });
    await fengle.waitFor();
    expect(await fengle.innerText()).toContain('约谈丰乐市教育局主要负责同志');
    expect(await fengle.innerText()).toContain('丰乐市');
    await interviews.locator('tr', { hasText: '汉江交投集团拖欠ETC智能设备采购款' }).waitFor();
    const rows = await interviews.locator('tbody tr.ant-table-row').count();
    expect(await interviewsTab.innerText()).toBe(`约谈（${rows}）`);
    await expect.poll(() => interviews.locator('thead').innerText()).toMatch(/编号[\s\S]*属地[\s\S]*约谈日期[\s\S]*督办意见[\s\S]*未清偿/);
    const ladderColumns = ['编号', '事项', '期限', '状态'];
    expect(await columnsInView(office, ladderColumns, '[data-ladder-list="interviews"]')).toEqual(ladderColumns.map((title) => `${title}: in view`));
    await expect.poll(() => office.getByTestId('ladder-interviews-total').innerText()).toBe(`共 ${rows} 条`);
    await app.screenshot(office, 'reports-interviews');
    await office.setViewportSize(PHONE);
    await expect.poll(() => fengle.isVisible()).toBe(true);
    await app.screenshot(office, 'reports-interviews-390');

    await office.setViewportSize(LAPTOP);
    await office.getByRole('tab', { name: /^通报（\d+）$/ }).click();
    const notices = office.locator('[data-ladder-list="notices"]');
    await notices.locator('tr', { hasText: '丰乐市教育局拖欠学校改建建材款' }).waitFor();
    expect(await notices.locator('tr', { hasText: '汉江交投集团拖欠ETC智能设备采购款' }).count()).toBe(0);

    // A report date before any interview: the list says there is none.
    await fillDate(office, office.getByLabel('统计日'), '2026-01-10');
    await office.getByText('统计期 2026-01-01 至 2026-01-10').waitFor();
    await office.getByRole('tab', { name: '约谈（0）' }).click();
    await interviews.getByText('本期无约谈').waitFor();
    await app.screenshot(office, 'reports-interviews-empty');
  });
});
