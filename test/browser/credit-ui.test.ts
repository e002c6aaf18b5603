import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listBreachCandidates } from '../../src/credit/list-breach-candidates.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { parseExportFile } from '../../src/domain/credit/export-file.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';

const CREDIT_OFFICE: Actor = { id: 'acc-demo-xinyongban', name: '信用办', role: 'credit_office', unitId: UNIT_IDS.xinyongban, jurisdictionScope: [] };

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

describe(`breach records in a real browser (${backendName}, S4)`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('records a breach from an overdue demo case; the county objects; 信用办 rejects; the next batch downloads and parses', async () => {
    // A 汉东区 unit with a case that may ground a record, so that the 汉东区 coordinator answers for it.
    const candidates = await listBreachCandidates(app.app, CREDIT_OFFICE);
    const unit = candidates.units.find((item) => item.jurisdictionName === '汉东区' && item.cases.length > 0);
    expect(unit, 'an overdue 汉东区 demo case').toBeDefined();
    const breachCase = unit!.cases[0]!;

    const office = await app.signedIn('xinyongban');
    await expect.poll(() => new URL(office.url()).pathname).toBe('/credit');
    await office.locator('[data-credit-status]').first().waitFor();
    const demoStatuses = await office.locator('[data-testid="credit-records"] [data-credit-status]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-credit-status')));
    expect(new Set(demoStatuses)).toEqual(new Set(['recorded', 'objected', 'revoked', 'repaired']));
    await app.screenshot(office, 'credit-list');

    await office.getByTestId('credit-add').click();
    await office.locator('.ant-modal').waitFor();
    await choose(office, '失信主体', unit!.name);
    await expect.poll(() => office.getByTestId('credit-unit-code').innerText()).toBe(unit!.creditCode);
    await choose(office, '关联事项', breachCase.number);
    await office.getByLabel('失信行为事实').fill(`${unit!.name}确认的欠款逾期未付，经督办仍未履行清偿义务。`);
    await app.screenshot(office, 'credit-new-record');
    await office.locator('.ant-modal-footer').getByRole('button', { name: '提交' }).click();
    await office.locator('.ant-modal').waitFor({ state: 'hidden' });
    await office.getByTestId('credit-history').waitFor();
    const number = (await office.getByTestId('credit-drawer').locator('.ant-drawer-title').innerText()).replace('记录编号', '').trim();
    expect(number).toMatch(/^XY\d{4}-\d{4}$/);
    expect(await statusOf(office)).toBe('recorded');

    const county = await app.signedIn('handong');
    await county.goto(`${app.baseUrl}/credit`);
    await openRecord(county, number);
    await act(county, '提出异议');
    await county.getByLabel('异议理由').fill('该款项已列入区级财政支付计划，正在履行审批程序，请求暂缓认定。');
    await submitModal(county);
    await expect.poll(() => statusOf(county)).toBe('objected');
    await app.screenshot(county, 'credit-objected');

    await office.reload();
    await office.getByTestId('credit-history').waitFor();
    await act(office, '处理异议');
    await office.getByText('异议不成立（维持记录）').click();
    await office.getByLabel('处理意见').fill('列入支付计划不等于已支付，逾期事实清楚，异议不成立。');
    await submitModal(office);
    await expect.poll(() => statusOf(office)).toBe('recorded');
    await expect.poll(() => office.getByTestId('credit-history').innerText()).toContain('处理异议');
    await app.screenshot(office, 'credit-record-drawer');
    await office.locator('.ant-drawer-close').click();

    await office.getByRole('tab', { name: '报送批次' }).click();
    await office.getByTestId('credit-export-create').click();
    const created = office.waitForResponse((response) => response.url().endsWith('/api/credit/exports') && response.request().method() === 'POST');
    await office.locator('.ant-popconfirm').getByRole('button', { name: '是' }).click();
    expect((await created).status()).toBe(201);
    const link = office.locator('[data-testid^="credit-export-download-"]').first();
    await expect.poll(async () => (await link.getAttribute('data-testid')) ?? '').toMatch(/-0002$/);
    await app.screenshot(office, 'credit-exports');
    const [download] = await Promise.all([office.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^失信记录报送-BS\d{4}-0002\.csv$/);
    const rows = parseExportFile(await readFile((await download.path())!));
    // The new record as 新增, and the demo's repaired record as 修复; the objected and revoked ones stay out.
    expect(rows.map((row) => row['状态']).sort()).toEqual(['修复', '新增']);
    expect(rows.find((row) => row['状态'] === '新增')).toMatchObject({ 记录编号: number, 主体名称: unit!.name, 统一社会信用代码: unit!.creditCode, 关联事项编号: breachCase.number });
  });
});
