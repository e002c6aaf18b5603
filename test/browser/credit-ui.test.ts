import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listBreachCandidates } from '../../src/credit/list-breach-candidates.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { parseExportFile } from '../../src/domain/credit/export-file.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { confirmPopup, drawerOpened } from '../support/ui-steps.ts';
import { backendName } from '../support/database.ts';

const CREDIT_OFFICE: Actor = { id: 'acc-demo-xinyongban', name: '信用办', role: 'credit_office', unitId: UNIT_IDS.xinyongban, jurisdictionScope: [] };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Picks an option of an antd Select by typing part of its text. */
const choose = async (page: Page, label: string, typed: string) => {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-item-option', { hasText: typed }).first().click();
};

const openRecord = async (page: Page, number: string) => {
  await page.getByTestId('credit-records').getByText(number, { exact: true }).click();
  await page.getByTestId('credit-history').waitFor();
};

const act = async (page: Page, action: string) => {
  await page.getByTestId('credit-actions').getByRole('button', { name: action, exact: true }).click();
  await page.locator('.ant-modal').waitFor();
};

const submitModal = async (page: Page) => {
  await page.locator('.ant-modal-footer').getByRole('button', { name: '提交' }).click();
  await page.locator('.ant-modal').waitFor({ state: 'hidden' });
};

const statusOf = (page: Page) => page.getByTestId('credit-drawer').locator('[data-credit-status]').first().getAttribute('data-credit-status');
const stepsText = (page: Page) => page.getByTestId('credit-drawer').getByTestId('credit-steps').innerText();

describe(`breach records through 发改财金〔2023〕1103号 in a real browser (${backendName}, S4)`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('orders rectification of an overdue demo case, records the written refusal, determines; the county objects; 信用办 rejects; the next batch downloads and parses', async () => {
    // A 汉东区 unit with a case that confirms a breach, so that the 汉东区 coordinator answers for it.
    const candidates = await listBreachCandidates(app.app, CREDIT_OFFICE);
    const unit = candidates.units.find((item) => item.jurisdictionName === '汉东区' && item.cases.length > 0);
    expect(unit, 'an overdue 汉东区 demo case').toBeDefined();
    const breachCase = unit!.cases[0]!;

    const office = await app.signedIn('xinyongban');
    await office.setViewportSize(DESKTOP);
    await expect.poll(() => new URL(office.url()).pathname).toBe('/credit');
    await office.locator('[data-credit-status]').first().waitFor();
    const demoStatuses = await office.locator('[data-testid="credit-records"] [data-credit-status]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-credit-status')));
    // The demo's records went through the sequence: one order still running, one rectified in time, the rest refused and determined.
    expect(new Set(demoStatuses)).toEqual(new Set(['ordered', 'rectified', 'recorded', 'objected', 'revoked']));
    const overview = office.getByTestId('credit-steps-overview');
    expect(await overview.innerText()).toMatch(/责令整改[\s\S]*整改结果[\s\S]*认定失信[\s\S]*异议与修复/);
    await app.screenshot(office, 'credit-list');

    // The rectified record: the outcome step ends the sequence without a finding.
    await office.getByTestId('credit-step-rectified').click();
    await expect.poll(() => office.locator('[data-testid="credit-records"] [data-credit-status]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-credit-status')))).toEqual(['rectified']);
    await office.getByTestId('credit-records').locator('.ant-table-row a').first().click();
    await office.getByTestId('credit-history').waitFor();
    expect(await stepsText(office)).toContain('无需认定');
    await drawerOpened(office);
    await app.screenshot(office, 'credit-rectified-drawer');
    await office.locator('.ant-drawer-close').click();
    await office.goto(`${app.baseUrl}/credit`);

    await office.getByTestId('credit-add').click();
    await office.locator('.ant-modal').waitFor();
    await choose(office, '失信主体', unit!.name);
    await expect.poll(() => office.getByTestId('credit-unit-code').innerText()).toBe(unit!.creditCode);
    await choose(office, '关联事项', breachCase.number);
    await office.getByLabel('失信行为事实').fill(`${unit!.name}确认的欠款逾期未付，经督办仍未履行清偿义务。`);
    // The basis of an arrear: 条例 in its 2025 numbering, Arts. 9 and 26 ticked.
    expect(await office.getByLabel('认定依据').inputValue()).toBe('《保障中小企业款项支付条例》第九条、第二十六条');
    expect(await office.getByLabel('整改要求').inputValue()).toMatch(/^请于整改期限内/);
    await office.getByLabel('责令整改文号').fill('汉信用责改〔2026〕21号');
    expect(await office.getByLabel('整改期限').inputValue()).toBe(candidates.defaultDeadline);
    await app.screenshot(office, 'credit-order-rectification');
    await office.locator('.ant-modal-footer').getByRole('button', { name: '提交' }).click();
    await office.locator('.ant-modal').waitFor({ state: 'hidden' });
    await office.getByTestId('credit-history').waitFor();
    const number = (await office.getByTestId('credit-drawer').locator('.ant-drawer-title').innerText()).replace('记录编号', '').trim();
    expect(number).toMatch(/^XY\d{4}-\d{4}$/);
    expect(await statusOf(office)).toBe('ordered');
    expect(await stepsText(office)).toContain(`等待整改，期限${candidates.defaultDeadline}`);
    expect(await office.getByTestId('credit-deadline-value').innerText()).toBe(candidates.defaultDeadline);
    await office.evaluate('window.scrollTo(0, 0)');
    await drawerOpened(office);
    await app.screenshot(office, 'credit-ordered-drawer');

    // The unit's county sees the order and its deadline, on a phone.
    const county = await app.signedIn('handong');
    await county.setViewportSize(PHONE);
    await county.goto(`${app.baseUrl}/credit`);
    await county.getByTestId('credit-steps-overview').waitFor();
    await county.locator('[data-testid="credit-records"] [data-credit-status]').first().waitFor();
    await app.screenshot(county, 'credit-list-390');
    await openRecord(county, number);
    await county.getByTestId('credit-ordered-notice').waitFor();
    expect(await county.getByTestId('credit-drawer').getByTestId('credit-actions').count()).toBe(0);
    await drawerOpened(county);
    await app.screenshot(county, 'credit-ordered-390');

    // Before the deadline the refusal can only be a written one.
    await act(office, '记录拒不整改');
    await expect.poll(() => office.locator('.ant-modal').getByRole('radio', { name: /逾期未整改/ }).isDisabled()).toBe(true);
    await office.getByLabel('拒不整改的事实').fill('该单位复函称年内无资金安排，拒绝在整改期限内付款。');
    await submitModal(office);
    await expect.poll(() => statusOf(office)).toBe('refused');
    await act(office, '认定失信');
    expect(await office.getByLabel('失信行为事实').inputValue()).toContain('拒绝在整改期限内付款');
    await submitModal(office);
    await expect.poll(() => statusOf(office)).toBe('recorded');
    await expect.poll(() => stepsText(office)).toContain('认定');

    await county.reload();
    await county.getByTestId('credit-history').waitFor();
    await act(county, '提出异议');
    await county.getByLabel('异议理由').fill('该款项已列入区级财政支付计划，正在履行审批程序，请求暂缓认定。');
    await submitModal(county);
    await expect.poll(() => statusOf(county)).toBe('objected');
    await drawerOpened(county);
    await app.screenshot(county, 'credit-objected-390');

    await office.reload();
    await office.getByTestId('credit-history').waitFor();
    await act(office, '处理异议');
    await office.getByText('异议不成立（维持记录）').click();
    await office.getByLabel('处理意见').fill('列入支付计划不等于已支付，逾期事实清楚，异议不成立。');
    await submitModal(office);
    await expect.poll(() => statusOf(office)).toBe('recorded');
    await expect.poll(() => office.getByTestId('credit-history').innerText()).toContain('处理异议');
    const history = await office.getByTestId('credit-history').innerText();
    for (const step of ['责令整改', '记录拒不整改', '认定失信', '提出异议']) expect(history).toContain(step);
    await drawerOpened(office);
    await app.screenshot(office, 'credit-record-drawer');
    await office.setViewportSize(PHONE);
    await drawerOpened(office);
    await app.screenshot(office, 'credit-record-drawer-390');
    await office.setViewportSize(DESKTOP);
    await office.locator('.ant-drawer-close').click();

    await office.getByRole('tab', { name: '报送批次' }).click();
    await office.getByTestId('credit-export-create').click();
    const created = office.waitForResponse((response) => response.url().endsWith('/api/credit/exports') && response.request().method() === 'POST');
    await confirmPopup(office, '是');
    expect((await created).status()).toBe(201);
    const link = office.locator('[data-testid^="credit-export-download-"]').first();
    await expect.poll(async () => (await link.getAttribute('data-testid')) ?? '').toMatch(/-0002$/);
    await app.screenshot(office, 'credit-exports');
    const [download] = await Promise.all([office.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^失信记录报送-BS\d{4}-0002\.csv$/);
    const rows = parseExportFile(await readFile((await download.path())!));
    // The new record as 新增, and the demo's record revoked since the first batch as 撤销; the order, the rectified and the objected ones stay out.
    expect(rows.map((row) => row['状态']).sort()).toEqual(['撤销', '新增']);
    expect(rows.find((row) => row['记录编号'] === number)).toMatchObject({ 主体名称: unit!.name, 统一社会信用代码: unit!.creditCode, 关联事项编号: breachCase.number });
    expect(rows.every((row) => row['认定依据']!.includes('第九条') && !row['认定依据']!.includes('第八条'))).toBe(true);
  });
});
