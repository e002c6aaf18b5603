import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCase } from '../../src/cases/register-case.ts';
import { demoAccountId } from '../../src/demo/accounts.ts';
import { DEMO_ENTERPRISES } from '../../src/demo/enterprises.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { runCommands } from '../support/cases.ts';
import { backendName } from '../support/database.ts';
import { act, submitAction } from '../support/ui-steps.ts';

const PHONE = { width: 390, height: 844 };
const CHUFENG = DEMO_ENTERPRISES.chufeng!;
const ENTERPRISE: Actor = { id: demoAccountId('qiye1'), name: '黄海涛', role: 'enterprise', unitId: CHUFENG.id, jurisdictionScope: [] };
const OFFICE: Actor = { id: demoAccountId('yingshangban'), name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const HANDLER: Actor = { id: demoAccountId('hd-jiaoyu'), name: '王芳', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };

const complaint = (title: string) => ({
  line: 'arrears' as const,
  source: 'enterprise' as const,
  title,
  facts: '货款至今未付。',
  enterprise: { name: CHUFENG.name, creditCode: CHUFENG.creditCode },
  responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
  claimedAmount: 6_000_000,
});

/**
 * The enterprise closes the loop on its phone (390 px): it withdraws a complaint not yet handled,
 * and asks to reopen a closed case it rated 不满意; each time it is told in Chinese and its steps
 * say what it did, without the page scrolling sideways.
 */
describe(`the enterprise withdraws and asks to reopen on its phone (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('withdraws a complaint that waits for intake, with its reason', async () => {
    const filed = await registerCase(app.app, ENTERPRISE, complaint('汉东区教育局拖欠课桌椅货款'));
    const page = await app.signedIn('qiye1');
    await page.setViewportSize(PHONE);
    await page.goto(`${app.baseUrl}/cases/${filed.id}`);
    await act(page, '撤回诉求');
    await page.getByRole('dialog').getByLabel('撤回理由').fill('已与区教育局协商解决，货款已收到。');
    await submitAction(page, '已撤回', '已撤回诉求');
    const progress = page.getByTestId('enterprise-progress');
    await expect.poll(() => progress.innerText()).toContain('您已撤回这项诉求');
    expect(await page.getByTestId('enterprise-notes').innerText()).toContain('您撤回了这项诉求，理由：已与区教育局协商解决，货款已收到。');
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(page, 'enterprise-withdrawn-phone');
  });

  it('asks to reopen a closed case it rated 不满意, which goes back to 营商办', async () => {
    const filed = await registerCase(app.app, ENTERPRISE, complaint('汉东区教育局拖欠窗帘货款'));
    const today = new Date(app.app.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const accepted = await runCommands(app.app, OFFICE, filed, { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请区教育局核实。' });
    const settled = await runCommands(
      app.app,
      HANDLER,
      accepted,
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 6_000_000 } },
      { action: 'record_payment', paidOn: today, amount: 6_000_000, voucher: '汉东教财〔2026〕6号' },
      { action: 'submit_feedback', summary: '货款6万元已付清。', documents: [{ title: '国库支付凭证', reference: 'HD-GK-006' }] },
    );
    const closed = await runCommands(app.app, OFFICE, settled, { action: 'close', opinion: '同意销号。' });
    await runCommands(app.app, ENTERPRISE, closed, { action: 'rate', score: 2, comment: '付款拖得太久' });

    const page = await app.signedIn('qiye1');
    await page.setViewportSize(PHONE);
    await page.goto(`${app.baseUrl}/cases/${filed.id}`);
    await expect.poll(() => page.getByTestId('enterprise-next').innerText()).toContain('15日内申请重新办理');
    await act(page, '申请重新办理');
    await page.getByRole('dialog').getByLabel('申请重新办理的理由').fill('发票金额与付款不符，还差三千元。');
    await submitAction(page, '待销号', '已申请重新办理');
    await expect.poll(() => page.getByTestId('enterprise-next').innerText()).toContain('您已申请重新办理');
    expect(await page.getByTestId('enterprise-notes').innerText()).toContain('申请重新办理，理由：发票金额与付款不符，还差三千元。');
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(page, 'enterprise-reopen-phone');
  });
});
