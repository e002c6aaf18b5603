import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCase } from '../../src/cases/case-store.ts';
import { registerCase } from '../../src/cases/register-case.ts';
import { demoAccountId } from '../../src/demo/accounts.ts';
import { DEMO_ENTERPRISES } from '../../src/demo/enterprises.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import type { CaseRecord } from '../../src/domain/case/record.ts';
import { notifications } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { runCommands } from '../support/cases.ts';
import { backendName } from '../support/database.ts';
import { act, submitAction } from '../support/ui-steps.ts';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const CHUFENG = DEMO_ENTERPRISES.chufeng!;
const ENTERPRISE: Actor = { id: demoAccountId('qiye1'), name: '黄海涛', role: 'enterprise', unitId: CHUFENG.id, jurisdictionScope: [] };
const OFFICE: Actor = { id: demoAccountId('yingshangban'), name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const HANDLER: Actor = { id: demoAccountId('hd-jiaoyu'), name: '王芳', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };

/**
 * The loop with the enterprise in a real browser: 营商办's 受理台 menu item counts the complaints sent
 * from the portal that it has not looked at, and accepting one takes it off the count; the enterprise,
 * on its phone, finds the acceptance under its bell in plain words and follows it to its case.
 */
describe(`notices to the enterprise and 营商办 in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  let complaint: CaseRecord;
  const unreadNewComplaints = async () =>
    Number(
      (
        await app.app.db
          .select({ n: count() })
          .from(notifications)
          .where(and(eq(notifications.accountId, OFFICE.id), eq(notifications.kind, 'new_complaint'), isNull(notifications.readAt)))
      )[0]!.n,
    );

  beforeAll(async () => {
    app = await createBrowserApp();
    complaint = await registerCase(app.app, ENTERPRISE, {
      line: 'arrears',
      source: 'enterprise',
      title: '汉东区教育局拖欠学生宿舍改造工程尾款',
      facts: '2025年暑期完成宿舍改造并通过验收，尾款45万元至今未付。',
      enterprise: { name: CHUFENG.name, creditCode: CHUFENG.creditCode },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 45_000_000,
    });
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('counts 营商办’s unread new complaints on the 受理台 menu item, one fewer once it accepts one', async () => {
    const before = await unreadNewComplaints();
    expect(before).toBeGreaterThanOrEqual(1);
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    await office.goto(`${app.baseUrl}/intake`);
    const badge = office.getByTestId('menu-count-new_complaint');
    await expect.poll(() => badge.locator('.ant-badge-count').getAttribute('title')).toBe(String(before));
    await office.getByTestId('intake-queue').locator('.ant-table-row', { hasText: complaint.title }).waitFor();
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'intake-menu-count');
    await office.setViewportSize(PHONE);
    // On a phone the menu opens over the page from the header's menu button, its counts as on a desk.
    await office.getByTestId('menu-button').click();
    await expect.poll(() => badge.isVisible()).toBe(true);
    await app.screenshot(office, 'intake-menu-count-phone');
    await office.keyboard.press('Escape');
    await expect.poll(() => badge.isVisible()).toBe(false);
    await office.setViewportSize(LAPTOP);

    await runCommands(app.app, OFFICE, complaint, { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请区教育局核实尾款并制定清偿方案。' });
    expect(await unreadNewComplaints()).toBe(before - 1);
    await office.goto(`${app.baseUrl}/ledger`);
    await expect.poll(async () => (before - 1 === 0 ? badge.locator('.ant-badge-count').count() : badge.locator('.ant-badge-count').getAttribute('title'))).toBe(before - 1 === 0 ? 0 : String(before - 1));
  });

  it('shows the enterprise, on its phone, that its complaint is accepted, and leads it to the case', async () => {
    const enterprise = await app.signedIn('qiye1');
    await enterprise.setViewportSize(PHONE);
    await enterprise.goto(`${app.baseUrl}/portal`);
    await enterprise.getByTestId('notification-bell').click();
    const popover = enterprise.getByTestId('notification-popover');
    const item = popover.getByRole('button').filter({ hasText: `【已受理】${complaint.number}` });
    await item.waitFor();
    await enterprise.waitForLoadState('networkidle');
    expect(await enterprise.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(enterprise, 'enterprise-notice-phone');
    await item.click();
    await enterprise.waitForURL(`${app.baseUrl}/cases/${complaint.id}`);
    await expect.poll(() => enterprise.getByTestId('case-state').innerText()).toContain('已登记');
    // Read once opened: the bell counts one fewer.
    await expect.poll(async () => (await app.app.db.select().from(notifications).where(and(eq(notifications.accountId, ENTERPRISE.id), eq(notifications.caseId, complaint.id), eq(notifications.kind, 'complaint_accepted'))))[0]?.readAt ?? null).not.toBeNull();
    await enterprise.setViewportSize(LAPTOP);
    await enterprise.getByTestId('notification-bell').click();
    await enterprise.getByTestId('notification-popover').waitFor();
    await enterprise.waitForLoadState('networkidle');
    await app.screenshot(enterprise, 'enterprise-notice');
  });

  it('lets 营商办 record a 回访 before 销号, shown on the case page and in the history, on a laptop and a phone', async () => {
    const today = new Date(app.app.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await runCommands(
      app.app,
      HANDLER,
      (await loadCase(app.app.db, app.app.tenantId, complaint.id))!.record,
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 45_000_000 } },
      { action: 'record_payment', paidOn: today, amount: 45_000_000, voucher: '汉东教财〔2026〕45号' },
      { action: 'submit_feedback', summary: '尾款45万元已一次付清。', documents: [{ title: '国库支付凭证', reference: 'HD-GK-045' }] },
    );
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    await office.goto(`${app.baseUrl}/cases/${complaint.id}`);
    await act(office, '回访企业');
    const dialog = office.getByRole('dialog');
    await dialog.getByText('上门', { exact: true }).click();
    await dialog.getByLabel('企业反映情况').fill('企业财务负责人表示尾款已于当日到账，无其他诉求。');
    await dialog.getByText('企业确认已收到', { exact: true }).click();
    await submitAction(office, '待销号');
    const card = office.getByTestId('follow-up-card');
    await expect.poll(() => card.innerText()).toContain('企业财务负责人表示尾款已于当日到账');
    expect(await card.innerText()).toContain('上门');
    await expect.poll(() => office.getByTestId('case-timeline').innerText()).toContain('回访企业');
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'follow-up-case');
    await office.setViewportSize(PHONE);
    await expect.poll(() => office.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(office, 'follow-up-case-phone');
  });
});
