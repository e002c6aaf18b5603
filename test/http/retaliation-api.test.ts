/**
 * A complaint of retaliation (保障中小企业款项支付条例第二十条) over HTTP: the enterprise files it from
 * its portal against a unit, naming its earlier complaint; 营商办 is told at once, finds it on the
 * intake desk and the ledger by its kind, and hands it to the unit's superior; the payment path
 * is refused writing nothing; the written result settles it, then feedback and 销号 (G3). 营商办
 * registers one that came by an outside channel (来信来访), never one of its own assignment.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/cases/case-view.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { caseEvents, cases } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { CANTEEN_FIRM, canteenComplaint, pageAfterAction } from '../support/cases.ts';
import { backendName } from '../support/database.ts';

describe(`a complaint of retaliation (Art. 20), ${backendName}`, () => {
  let t: TestApp;
  let priorNumber: string;
  let caseId: string;
  const creditCode = makeCreditCode('91422900MA4DK9100');

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const view = async (username: TestUsername = 'yingshangban') => {
    const response = await call(username, 'GET', `/api/cases/${caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView & { kind: string | null; complaint?: Record<string, unknown> }>();
  };
  const send = async (username: TestUsername, command: Record<string, unknown>) =>
    call(username, 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: (await view()).version, ...command });
  const act = async (username: TestUsername, command: Record<string, unknown>) => {
    const response = await send(username, command);
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${caseId}`))).json<CaseView & { kind: string | null; complaint?: Record<string, unknown> }>();
  };
  const eventCount = async () =>
    Number((await t.app.db.select({ total: count() }).from(caseEvents).where(and(eq(caseEvents.tenantId, t.app.tenantId), eq(caseEvents.caseId, caseId))))[0]!.total);
  const retaliation = (overrides: Record<string, unknown> = {}) => ({
    line: 'arrears',
    source: 'enterprise',
    title: '投诉汉东区教育局因催款将本企业排除在维修项目招标之外',
    facts: '本企业投诉欠款后，区教育局在2月26日的校舍维修招标中以“履约评价不合格”为由拒绝本企业投标。',
    enterprise: { name: '汉江市鼎盛装饰工程有限公司', creditCode },
    responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    claimedAmount: null,
    particulars: { complaintKind: 'retaliation', retaliation: { conduct: 'tender_exclusion', occurredOn: '2026-02-26', priorCaseNumber: priorNumber } },
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    // The enterprise's earlier complaint of arrears, which the retaliation answers.
    const prior = await call('yingshangban', 'POST', '/api/cases', canteenComplaint({ ...CANTEEN_FIRM, creditCode }));
    expect(prior.statusCode, prior.body).toBe(201);
    priorNumber = prior.json<CaseView>().number;
    await t.addEnterpriseAccount('qiye1', prior.json<CaseView>().enterprise!.unitId!);
  });
  afterAll(async () => t?.close());

  it('refuses an amount, and an earlier case that is not the enterprise’s own, writing nothing', async () => {
    const amount = await call('qiye1', 'POST', '/api/cases', retaliation({ claimedAmount: 100_000 }));
    expect(amount.statusCode).toBe(400);
    expect(amount.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'claimedAmount' } });
    const unknown = await call('qiye1', 'POST', '/api/cases', retaliation({ particulars: { complaintKind: 'retaliation', retaliation: { conduct: 'other', occurredOn: '2026-02-26', priorCaseNumber: 'QK2020-99999' } } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('QK2020-99999');
    expect((await call('yingshangban', 'GET', '/api/cases?kind=retaliation')).json().items).toEqual([]);
  });

  it('lets the enterprise file it from the portal: its own kind, no amount, waiting for 营商办, who is told at once', async () => {
    const filed = await call('qiye1', 'POST', '/api/cases', retaliation());
    expect(filed.statusCode, filed.body).toBe(201);
    caseId = filed.json<CaseView>().id;
    const record = await view('qiye1');
    expect(record).toMatchObject({ line: 'arrears', kind: 'retaliation', state: 'registered', claimedAmount: null, intake: { status: 'pending' }, paymentLaw: null });
    expect(record.complaint).toMatchObject({ kind: 'retaliation', conduct: 'tender_exclusion', occurredOn: '2026-02-26', priorCase: { number: priorNumber } });
    // The 依据 panel quotes the ban on retaliation and the complaint clocks, not the payment terms.
    expect(record.regulation.map((item) => item.article)).toEqual(['第二十条', '第二十五条']);

    const notices = (await call('yingshangban', 'GET', '/api/notifications?limit=50')).json<{ items: { kind: string; caseId: string | null; title: string }[] }>().items;
    const notice = notices.find((item) => item.caseId === caseId);
    expect(notice).toMatchObject({ kind: 'retaliation_complaint' });
    expect(notice?.title).toContain('【打击报复投诉】');

    // The enterprise's portal lists it with its kind and its state in words.
    const own = (await call('qiye1', 'GET', '/api/cases')).json<{ items: { id: string; kind: string | null; stateLabel: string }[] }>().items;
    expect(own.find((item) => item.id === caseId)).toMatchObject({ kind: 'retaliation', stateLabel: '已登记' });
  });

  it('stands apart on the intake desk and the ledger, which filter on it', async () => {
    const queue = (await call('yingshangban', 'GET', '/api/intake?kind=retaliation')).json<{ items: { id: string; kind: string | null }[] }>().items;
    expect(queue).toEqual([expect.objectContaining({ id: caseId, kind: 'retaliation' })]);
    const all = (await call('yingshangban', 'GET', '/api/intake')).json<{ items: { id: string; kind: string | null }[] }>().items;
    expect(all.map((item) => item.kind).sort()).toEqual([null, 'retaliation']);
    const ledger = (await call('yingshangban', 'GET', '/api/cases?kind=retaliation')).json<{ items: { id: string; kind: string }[] }>().items;
    expect(ledger.map((item) => [item.id, item.kind])).toEqual([[caseId, 'retaliation']]);
    const bad = await call('yingshangban', 'GET', '/api/cases?kind=unknown');
    expect(bad.statusCode).toBe(400);
  });

  it('is handed to the unit’s superior; the payment path is refused writing nothing and never offered', async () => {
    await act('yingshangban', { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.government, instruction: '请汉东区政府调查区教育局是否打击报复企业，书面答复企业。' });
    const handled = await view('handong');
    const offered = handled.availableActions.map((item) => item.action);
    expect(offered).toContain('notify_result');
    for (const action of ['classify', 'propose_plan', 'record_payment', 'amend_particulars', 'agree', 'escalate']) expect(offered).not.toContain(action);

    const events = await eventCount();
    const version = handled.version;
    const refused = [
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 1_000_000 } },
      { action: 'propose_plan', installments: [{ dueOn: '2026-12-31', amount: 1_000_000 }] },
      { action: 'record_payment', amount: 1_000_000, paidOn: '2026-03-02', voucher: 'HD-1' },
    ];
    for (const command of refused) {
      const response = await send('handong', command);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error.code).toBe('ACTION_NOT_FOR_LINE');
      expect(response.json().error.message).toContain('打击报复投诉');
    }
    expect(await eventCount()).toBe(events);
    expect((await view()).version).toBe(version);
  });

  it('is settled by the written result, then fed back and closed (G3)', async () => {
    const told = await act('handong', {
      action: 'notify_result',
      summary: '经调查，区教育局已撤销对企业的投标限制，并对相关负责人进行约谈。',
      notifiedOn: '2026-03-02',
      documents: [{ title: '投诉处理结果告知书', reference: '汉东政函〔2026〕9号' }],
    });
    expect(told.state).toBe('settled');
    await act('handong', { action: 'submit_feedback', summary: '已书面告知企业处理结果。', documents: [{ title: '告知书送达回执', reference: 'HD-SD-2026-9' }] });
    const closed = await act('yingshangban', { action: 'close', opinion: '处理到位，同意销号' });
    expect(closed.state).toBe('closed');
    const own = (await call('qiye1', 'GET', '/api/cases?kind=retaliation')).json<{ items: { id: string; stateLabel: string }[] }>().items;
    expect(own).toEqual([expect.objectContaining({ id: caseId, stateLabel: '已销号' })]);
  });

  it('is registered by 营商办 when it came by petition (来信来访), and refused from 营商办’s own assignment, writing nothing', async () => {
    const byLetter = await call(
      'yingshangban',
      'POST',
      '/api/cases',
      retaliation({
        source: 'petition',
        title: '来信反映汉东区教育局因企业催款拒绝验收新建食堂设备',
        particulars: { complaintKind: 'retaliation', retaliation: { conduct: 'refuse_acceptance', occurredOn: '2026-02-20', priorCaseNumber: priorNumber } },
      }),
    );
    expect(byLetter.statusCode, byLetter.body).toBe(201);
    const registered = byLetter.json<CaseView & { kind: string | null; complaint?: Record<string, unknown> }>();
    expect(registered).toMatchObject({ line: 'arrears', source: 'petition', kind: 'retaliation', state: 'registered', claimedAmount: null, intake: { status: 'pending' } });
    expect(registered.complaint).toMatchObject({ kind: 'retaliation', conduct: 'refuse_acceptance', occurredOn: '2026-02-20', priorCase: { number: priorNumber } });
    const queue = (await call('yingshangban', 'GET', '/api/intake?kind=retaliation')).json<{ items: { id: string }[] }>().items;
    expect(queue.map((item) => item.id)).toContain(registered.id);

    const rows = async () => Number((await t.app.db.select({ total: count() }).from(cases).where(eq(cases.tenantId, t.app.tenantId)))[0]!.total);
    const before = await rows();
    const assigned = await call(
      'yingshangban',
      'POST',
      '/api/cases',
      retaliation({ source: 'assigned', instruction: '请汉东区政府核实区教育局是否打击报复企业。', title: '营商办交办：汉东区教育局打击报复企业' }),
    );
    expect(assigned.statusCode, assigned.body).toBe(400);
    expect(assigned.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'source' } });
    expect(assigned.json().error.message).toContain('第二十条');
    expect(await rows()).toBe(before);
  });
});
