import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose, fillDate } from '../support/ui-steps.ts';

/**
 * A complaint of retaliation (保障中小企业款项支付条例第二十条) in a real browser: the enterprise
 * files it from 提交诉求 as its own kind, without an amount; the case page, 营商办's intake desk and
 * the ledger filtered on the kind all show the tag 打击报复投诉.
 */
describe(`a complaint of retaliation in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('is filed from the portal and tagged on the case page, the intake desk and the filtered ledger', async () => {
    const title = '投诉汉东区教育局因催款取消后续供货合同';
    const enterprise = await app.signedIn('qiye2');
    await enterprise.goto(`${app.baseUrl}/portal/new`);
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

    const office = await app.signedIn('yingshangban');
    await office.goto(`${app.baseUrl}/intake`);
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
});
