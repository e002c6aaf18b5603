import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../src/db/schema.ts';
import { DEMO_ENTERPRISES } from '../../src/demo/enterprises.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose, fillDate } from '../support/ui-steps.ts';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/**
 * A complaint of retaliation (保障中小企业款项支付条例第二十条) in a real browser: the enterprise
 * files it from 提交诉求 as its own kind, without an amount; the case page, 营商办's intake desk and
 * the ledger filtered on the kind all show the tag 打击报复投诉. 营商办 registers one that reached it
 * by 来信来访 on the staff's registration page, which offers the kind on outside channels only.
 */
describe(`a complaint of retaliation in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('is filed from the portal and tagged on the case page, the intake desk and the filtered ledger', async () => {
    const title = '投诉汉东区教育局因催款取消后续供货合同';
    const enterprise = await app.signedIn('qiye2', `${app.baseUrl}/portal/new`);
    await enterprise.getByTestId('complaint-kind').getByText('打击报复投诉', { exact: true }).click();
    await expect.poll(() => enterprise.getByTestId('complaint-intro').innerText()).toContain('《保障中小企业款项支付条例》第二十条');
    expect(await enterprise.getByLabel('被拖欠金额（元）').isVisible()).toBe(false);
    await choose(enterprise, '被投诉单位', '汉东区教育局');
    await enterprise.getByLabel('诉求标题').fill(title);
    await choose(enterprise, '打击报复情形', '取消、终止或不续签其他合同');
    await fillDate(enterprise, enterprise.getByLabel('发生日期'), '2026-11-20');
    await enterprise.getByLabel('情况说明').fill('本企业11月向平台投诉欠款后，区教育局于11月20日通知终止后续供货合同，未说明理由。');
    await enterprise.getByRole('button', { name: '提交诉求', exact: true }).click();
    await enterprise.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = enterprise.url();
    await expect.poll(() => enterprise.getByTestId('case-kind-tag').innerText()).toBe('打击报复投诉');
    await expect.poll(() => enterprise.getByTestId('retaliation-card').innerText()).toContain('取消、终止或不续签其他合同');
    await enterprise.waitForLoadState('networkidle');
    await app.screenshot(enterprise, 'retaliation-case');

    const office = await app.signedIn('yingshangban', `${app.baseUrl}/intake`);
    const row = office.getByTestId('intake-queue').locator('.ant-table-row', { hasText: title });
    await row.waitFor();
    expect(await row.getByTestId('case-kind-tag').innerText()).toBe('打击报复投诉');

    await office.goto(`${app.baseUrl}/ledger?kind=retaliation`);
    const ledgerRow = office.locator('.ant-table-row', { hasText: title });
    await ledgerRow.waitFor();
    expect(await ledgerRow.getByTestId('case-kind-tag').innerText()).toBe('打击报复投诉');
    // Every row the filter shows is a complaint of retaliation (the demo has its own beside this one).
    const kinds = await office.locator('.ant-table-row').evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid="case-kind-tag"]')?.textContent ?? ''));
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    expect(kinds.every((kind) => kind === '打击报复投诉')).toBe(true);
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'retaliation-ledger');
    expect(caseUrl).toMatch(/\/cases\//);
  });

  it('is registered by 营商办 from a petition (来信来访) on the staff page, which does not offer it on 交办', async () => {
    const title = '来信反映汉东区教育局因企业催款拒绝验收新一批课桌椅';
    const boya = DEMO_ENTERPRISES.boya;
    // The enterprise's earlier complaint of arrears (the demo's), which the retaliation answers.
    const [prior] = await app.app.db
      .select({ number: cases.number, title: cases.title })
      .from(cases)
      .where(and(eq(cases.tenantId, app.app.tenantId), eq(cases.title, '汉东区教育局拖欠课桌椅采购款')));
    expect(prior).toBeDefined();

    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    await office.goto(`${app.baseUrl}/cases/new`);
    await office.getByLabel('事项名称').waitFor();
    // 营商办's own assignment (交办, the first source) is no complaint from outside: the kind is not offered.
    await expect.poll(() => office.getByLabel('交办意见').count()).toBe(1);
    expect(await office.getByTestId('complaint-kind').count()).toBe(0);
    await choose(office, '问题来源', '来信来访');
    await office.getByTestId('complaint-kind').getByText('打击报复投诉', { exact: true }).click();
    await expect.poll(() => office.getByTestId('register-retaliation-intro').innerText()).toContain('《保障中小企业款项支付条例》第二十条');
    // No amount and no contract on a complaint of retaliation.
    expect(await office.getByLabel('企业主张的欠款金额（元）').count()).toBe(0);
    expect(await office.getByTestId('contract-facts').count()).toBe(0);
    // Back to 交办 the kind goes, and the form is an arrear's again.
    await choose(office, '问题来源', '交办');
    await expect.poll(() => office.getByTestId('complaint-kind').count()).toBe(0);
    expect(await office.getByLabel('企业主张的欠款金额（元）').count()).toBe(1);
    await choose(office, '问题来源', '来信来访');
    await expect.poll(() => office.getByTestId('register-retaliation-intro').count()).toBe(1);

    await office.getByLabel('事项名称').fill(title);
    await office.getByLabel('企业统一社会信用代码').fill(boya.creditCode);
    await office.getByLabel('企业名称').click();
    await expect.poll(() => office.getByLabel('企业名称').inputValue()).toBe(boya.name);
    await choose(office, '被投诉单位', '汉东区教育局');
    await choose(office, '打击报复情形', '拒绝或拖延验收');
    await fillDate(office, office.getByLabel('发生日期'), '2026-11-18');
    await choose(office, '原诉求编号（可选）', `${prior!.number} ${prior!.title}`);
    await office.getByLabel('基本情况').fill('企业来信反映：其10月向平台投诉区教育局拖欠课桌椅采购款后，区教育局对11月交付的新一批课桌椅拒绝组织验收。');
    // Filled in full, the form shows no error.
    await expect.poll(() => office.locator('.ant-form-item-explain-error').count()).toBe(0);
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'retaliation-registration');
    await office.setViewportSize(PHONE);
    await app.screenshot(office, 'retaliation-registration-phone');
    await office.setViewportSize(LAPTOP);

    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => office.getByTestId('case-kind-tag').innerText()).toBe('打击报复投诉');
    const card = office.getByTestId('retaliation-card');
    await expect.poll(() => card.innerText()).toContain('拒绝或拖延验收');
    expect(await card.innerText()).toContain(prior!.number);
    await expect.poll(() => office.getByTestId('case-state').innerText()).toContain('已登记');

    await office.goto(`${app.baseUrl}/intake`);
    const row = office.getByTestId('intake-queue').locator('.ant-table-row', { hasText: title });
    await row.waitFor();
    expect(await row.getByTestId('case-kind-tag').innerText()).toBe('打击报复投诉');
  });
});
