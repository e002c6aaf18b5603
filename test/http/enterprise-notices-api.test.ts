/**
 * The loop with the enterprise over HTTP: who is told what, in plain words naming the case and
 * what comes next, linked to the case, and nobody else (another enterprise, another county's unit);
 * each notice also in the webhook outbox of a subscription to `notification`; acting on a case
 * marks the actor's notices of it read, in the action's transaction, and a refused action neither
 * notifies nor marks anything.
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/cases/case-view.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { notifications, webhookDeliveries } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import type { NotificationItem } from '../../src/notifications/notification-inbox.ts';
import type { NoticeWebhookPayload } from '../../src/webhooks/outbox.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

const FIRM = { name: '汉江市楚天包装材料有限公司', creditCode: makeCreditCode('91422900MA4LP0001') };
const OTHER_FIRM = { name: '汉江市青山印务有限公司', creditCode: makeCreditCode('91422900MA4LP0002') };
const EVERYONE: TestUsername[] = ['yingshangban', 'leader', 'jingxinju', 'caizhengju', 'handong', 'jiangbei', 'hd-jiaoyu', 'jb-jiaoyu', 'xinyongban', 'qiye1', 'qiye2'];

describe(`notices that close the loop with the enterprise (${backendName})`, () => {
  let t: TestApp;
  let caseId: string;
  let number: string;
  let noticeSubscription: string;
  let everythingSubscription: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const inbox = async (username: TestUsername) => (await call(username, 'GET', '/api/notifications?limit=100')).json<{ items: NotificationItem[] }>().items;
  const ofCase = async (username: TestUsername, id = caseId) => (await inbox(username)).filter((item) => item.caseId === id);
  const view = async (id = caseId) => (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseView>();
  const act = async (username: TestUsername, command: Record<string, unknown>, id = caseId) => {
    const response = await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await view(id)).version, ...command });
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${id}`))).json<CaseView>();
  };
  const total = async () => Number((await t.app.db.select({ n: count() }).from(notifications))[0]!.n);
  const unreadTotal = async () => Number((await t.app.db.select({ n: count() }).from(notifications).where(isNull(notifications.readAt)))[0]!.n);
  /** Everyone's notices of the case of one kind: who got it. */
  const recipientsOf = async (kind: string, id = caseId) => {
    const got: TestUsername[] = [];
    for (const username of EVERYONE) if ((await ofCase(username, id)).some((item) => item.kind === kind)) got.push(username);
    return got;
  };
  const noticeDeliveries = async (subscriptionId: string, kind: string) =>
    (await t.app.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.caseId, caseId))))
      .map((row) => row.payload as unknown as NoticeWebhookPayload)
      .filter((payload) => payload.type === 'notification' && payload.kind === kind);
  const latest = async (username: TestUsername, kind: string) => {
    const found = (await ofCase(username)).find((item) => item.kind === kind);
    expect(found, `${username} ${kind}`).toBeDefined();
    return found!;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    // Each enterprise is known from a case 营商办 registered; each has its own account.
    for (const [firm, username, title] of [
      [FIRM, 'qiye1', '汉东区教育局拖欠包装材料款（来信）'],
      [OTHER_FIRM, 'qiye2', '汉东区教育局拖欠印刷费（来信）'],
    ] as const) {
      const known = await call('yingshangban', 'POST', '/api/cases', {
        line: 'arrears',
        source: 'petition',
        title,
        facts: '企业来信反映。',
        enterprise: firm,
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 100_000,
      });
      expect(known.statusCode, known.body).toBe(201);
      await t.addEnterpriseAccount(username, known.json<CaseView>().enterprise!.unitId!);
    }
    const subscribe = async (eventTypes: string[]) => {
      const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: 'http://127.0.0.1:9/sms', eventTypes });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };
    noticeSubscription = await subscribe(['notification']);
    everythingSubscription = await subscribe([]);
  });
  afterAll(async () => t?.close());

  it('tells 营商办 of a complaint sent from the portal, counted for the 受理台, and no one else', async () => {
    const filed = await call('qiye1', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'enterprise',
      title: '汉东区教育局拖欠校服包装袋货款',
      facts: '2025年9月交付校服包装袋，货款68万元至今未付。',
      enterprise: FIRM,
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 68_000_000,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    ({ id: caseId, number } = filed.json<CaseView>());

    expect(await recipientsOf('new_complaint')).toEqual(['yingshangban']);
    const notice = await latest('yingshangban', 'new_complaint');
    expect(notice).toMatchObject({ title: `【新诉求】${number} 汉东区教育局拖欠校服包装袋货款`, link: `/cases/${caseId}`, readAt: null });
    expect(notice.body).toBe(`企业“${FIRM.name}”在线提交了诉求（${number}），请在受理台核实：受理并交办责任单位，或说明理由不予受理。`);
    const counts = (await call('yingshangban', 'GET', '/api/notifications/unread-count')).json<{ unread: number; byKind: Record<string, number> }>();
    expect(counts.byKind).toEqual({ new_complaint: 1 });
    expect((await call('hd-jiaoyu', 'GET', '/api/notifications/unread-count')).json()).toEqual({ unread: 0, byKind: {} });

    // The webhook carries the notice to a subscription that names `notification`, not to one of every case event.
    const [delivery] = await noticeDeliveries(noticeSubscription, 'new_complaint');
    expect(delivery).toMatchObject({ eventId: `${caseId}:1:new_complaint`, caseNumber: number, body: notice.body, link: `/cases/${caseId}`, recipients: [{ accountId: 'acc-yingshangban', role: 'business_office' }] });
    expect(await noticeDeliveries(everythingSubscription, 'new_complaint')).toEqual([]);
  });

  it('tells the enterprise that its complaint is accepted, with its deadline; 营商办’s own notice is read by the acceptance', async () => {
    const accepted = await act('yingshangban', { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请区教育局核实货款并制定清偿方案。' });
    expect(await recipientsOf('complaint_accepted')).toEqual(['qiye1']);
    const notice = await latest('qiye1', 'complaint_accepted');
    expect(notice.title).toBe(`【已受理】${number} 汉东区教育局拖欠校服包装袋货款`);
    expect(notice.body).toBe(`您的诉求（${number}）已受理，已交责任单位办理，办理期限至${accepted.deadline}。责任单位将核实情况并处理，每一步进展都会通知您，也可随时打开事项查看。`);
    expect(notice.link).toBe(`/cases/${caseId}`);
    // The unit is told of the hand-over as before.
    expect(await recipientsOf('assigned')).toEqual(['hd-jiaoyu']);
    // Acting on the case answered 营商办's notice of it: read now, so the 受理台's count falls.
    expect((await latest('yingshangban', 'new_complaint')).readAt).not.toBeNull();
    expect((await call('yingshangban', 'GET', '/api/notifications/unread-count')).json().byKind).toEqual({});
    expect(await noticeDeliveries(noticeSubscription, 'complaint_accepted')).toEqual([
      expect.objectContaining({ body: notice.body, recipients: [{ accountId: 'acc-qiye1', role: 'enterprise', unitId: expect.any(String) }] }),
    ]);
  });

  it('asks the enterprise to answer a plan; a refused answer by another enterprise notifies and marks nothing', async () => {
    await act('hd-jiaoyu', { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 68_000_000, paymentDifficulty: '年度预算已执行完毕' } });
    // The unit's 交办 notice of the case is read by its own action; 营商办's others are not touched.
    expect((await ofCase('hd-jiaoyu')).every((item) => item.readAt !== null)).toBe(true);
    await act('hd-jiaoyu', { action: 'propose_plan', installments: [{ dueOn: '2026-06-30', amount: 30_000_000 }, { dueOn: '2026-11-30', amount: 38_000_000 }] });
    expect(await recipientsOf('plan_proposed')).toEqual(['qiye1']);
    const notice = await latest('qiye1', 'plan_proposed');
    expect(notice.body).toContain(`您的诉求（${number}）的责任单位提出了还款（兑现）计划`);
    expect(notice.body).toContain('选择“认可”或“不认可”');

    const before = { total: await total(), unread: await unreadTotal(), version: (await view()).version };
    const intruder = await call('qiye2', 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: before.version, action: 'consent', note: '同意' });
    expect(intruder.statusCode).toBe(404);
    const stale = await call('qiye1', 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: before.version - 1, action: 'consent', note: '同意' });
    expect(stale.statusCode).toBe(409);
    expect({ total: await total(), unread: await unreadTotal(), version: (await view()).version }).toEqual(before);
    expect((await latest('qiye1', 'plan_proposed')).readAt).toBeNull();
  });

  it('tells the responsible unit that the enterprise objects, with its reason, and then that it consents; the enterprise’s answer reads its notice', async () => {
    await act('qiye1', { action: 'object', reason: '第二期时间太晚，希望9月底前付清。' });
    expect((await latest('qiye1', 'plan_proposed')).readAt).not.toBeNull();
    expect(await recipientsOf('enterprise_objected')).toEqual(['hd-jiaoyu']);
    expect((await latest('hd-jiaoyu', 'enterprise_objected')).body).toBe(`企业不认可事项${number}的计划，理由：第二期时间太晚，希望9月底前付清。请与企业沟通后重新制定计划。`);

    await act('hd-jiaoyu', { action: 'propose_plan', installments: [{ dueOn: '2026-06-30', amount: 30_000_000 }, { dueOn: '2026-09-30', amount: 38_000_000 }] });
    await act('qiye1', { action: 'consent', note: '同意两期付清' });
    expect(await recipientsOf('enterprise_consented')).toEqual(['hd-jiaoyu']);
    const consented = await latest('hd-jiaoyu', 'enterprise_consented');
    expect(consented).toMatchObject({ title: `【企业认可】${number} 汉东区教育局拖欠校服包装袋货款`, link: `/cases/${caseId}` });
    expect(consented.body).toBe(`企业已认可事项${number}的计划，计划生效。请按计划履行，每笔付款及时登记。`);
    expect(await noticeDeliveries(noticeSubscription, 'enterprise_consented')).toHaveLength(1);
  });

  it('tells the enterprise of each payment: amount, date, paid so far and what remains, then that all is paid', async () => {
    await act('hd-jiaoyu', { action: 'record_payment', paidOn: '2026-03-02', amount: 30_000_000, voucher: 'HD-0302-1' });
    expect(await recipientsOf('payment_recorded')).toEqual(['qiye1']);
    const first = await latest('qiye1', 'payment_recorded');
    expect(first.body).toBe(
      `您的诉求（${number}）登记了一笔付款：¥300,000.00，付款日期2026-03-02。累计已付¥300,000.00。尚欠¥380,000.00，责任单位将继续支付，每笔付款都会通知您。如与实际到账不符，请联系责任单位或营商办。`,
    );
    await act('hd-jiaoyu', { action: 'record_payment', paidOn: '2026-03-02', amount: 38_000_000, voucher: 'HD-0302-2' });
    const last = (await ofCase('qiye1')).filter((item) => item.kind === 'payment_recorded');
    expect(last).toHaveLength(2);
    expect(last[0]!.body).toContain('款项已全部付清，责任单位将提交书面反馈，营商办审核后销号。');
    expect(await noticeDeliveries(noticeSubscription, 'payment_recorded')).toHaveLength(2);
  });

  it('tells the enterprise of the 销号 with 营商办’s opinion, and invites it to rate', async () => {
    await act('hd-jiaoyu', { action: 'submit_feedback', summary: '两期货款已付清。', documents: [{ title: '支付凭证', reference: 'HD-0302' }] });
    await act('yingshangban', { action: 'close', opinion: '凭证齐全，同意销号。' });
    expect(await recipientsOf('case_closed')).toEqual(['qiye1']);
    expect((await latest('qiye1', 'case_closed')).body).toBe(`您的诉求（${number}）已办结销号：营商办审核了责任单位的书面反馈，意见：凭证齐全，同意销号。`);
    expect(await recipientsOf('rating_invited')).toEqual(['qiye1']);
    const invitation = await latest('qiye1', 'rating_invited');
    expect(invitation).toMatchObject({ title: `【邀请评价】${number} 汉东区教育局拖欠校服包装袋货款`, link: `/cases/${caseId}`, readAt: null });
    expect(invitation.body).toContain('1–5分');
    // Rating answers the invitation.
    await act('qiye1', { action: 'rate', score: 5, comment: '处理及时' });
    expect((await ofCase('qiye1')).every((item) => item.readAt !== null)).toBe(true);
  });

  it('tells the enterprise that a complaint is not accepted, with the reason, and 营商办’s notice is read by the dismissal', async () => {
    const filed = await call('qiye1', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'enterprise',
      title: '投诉汉东区教育局拖欠纸箱款',
      facts: '纸箱款3万元未付。',
      enterprise: FIRM,
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 3_000_000,
    });
    const second = filed.json<CaseView>();
    await act('yingshangban', { action: 'dismiss', reason: '该笔款项已由法院判决并执行完毕' }, second.id);
    expect(await recipientsOf('complaint_dismissed', second.id)).toEqual(['qiye1']);
    const [dismissed] = (await ofCase('qiye1', second.id)).filter((item) => item.kind === 'complaint_dismissed');
    expect(dismissed!.body).toBe(`您的诉求（${second.number}）不予受理。理由：该笔款项已由法院判决并执行完毕。如有新的情况或材料，可以重新提交诉求。`);
    expect((await ofCase('yingshangban', second.id)).map((item) => [item.kind, item.readAt === null])).toEqual([['new_complaint', false]]);
    // The other enterprise heard nothing of either case.
    expect(await inbox('qiye2')).toEqual([]);
  });
});
