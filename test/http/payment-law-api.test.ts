import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { pageAfterAction } from '../support/cases.ts';

const ENTERPRISE = { name: '汉江市鼎盛建材有限公司', creditCode: makeCreditCode('91422900MA4B7N2K1') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;
const CONTRACT = {
  contractNo: 'HDJY-2025-041',
  subject: 'goods',
  signedOn: '2025-11-20',
  debtorKind: 'organ',
  deliveredOn: '2026-01-31',
  enterpriseSize: { size: 'small', industry: '批发业', employees: 18, revenue: 620_000_000, totalAssets: null, disputed: false, disputeNote: null },
};

interface PaymentLaw {
  contract: Record<string, unknown>;
  due: { status: 'due'; dueOn: string; start: string; termDays: number; termSource: string; articles: string[] } | { status: 'incomplete'; missing: string[] };
  daysOverdue: number;
  principal: number;
  principalBasis: string;
  interest: { rate: Record<string, unknown>; lines: { days: number; principal: number; interest: number; paidOn: string | null }[]; total: number } | null;
}

interface CaseBody {
  id: string;
  number: string;
  line: string;
  version: number;
  enterprise: { unitId: string };
  paymentLaw: PaymentLaw | null;
  regulation: { article: string; cite: string; text: string }[];
  availableActions: { action: string; label: string }[];
  events: { type: string; payload: Record<string, unknown> }[];
}

describe(`the contract behind an arrear, its statutory due date and late interest (保障中小企业款项支付条例, ${backendName})`, () => {
  let t: TestApp;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const getCase = async (id: string, username: TestUsername = 'yingshangban') => (await request(username, 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    pageAfterAction(await request(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command }), () => request(username, 'GET', `/api/cases/${id}`));
  const expectRefused = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, field: string | null, id: string) => {
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: { code: string; message: string; details: { field?: string } } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    if (field !== null) expect(body.error.details.field).toBe(field);
    return body.error.message;
  };
  const register = async (extra: Record<string, unknown>) => {
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠课桌椅采购款',
      facts: '2026年1月31日交付课桌椅1,200套，未约定验收期限，货款至今未付。',
      instruction: '请汉东区教育局核实并依法支付。',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount: 50_000_000,
      ...extra,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };
  const ledger = async (query: string, username: TestUsername = 'yingshangban') =>
    (await request(username, 'GET', `/api/cases?line=arrears&limit=100&${query}`)).json<{ items: { id: string; statutoryDueOn: string | null; daysOverdueByLaw: number }[] }>().items;
  const cockpitArrears = async () =>
    (await request('yingshangban', 'GET', '/api/stats/overview')).json<{ lines: { line: string; overdueByLaw: number }[] }>().lines.find((row) => row.line === 'arrears')!;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('gives a public body 30 days from delivery: delivered 2026-01-31, due 2026-03-02, then a day overdue with 0.05% of interest', async () => {
    const registered = await register({ particulars: { contract: CONTRACT } });
    const law = registered.paymentLaw!;
    expect(law.due).toMatchObject({ status: 'due', dueOn: '2026-03-02', start: 'delivery', termDays: 30, termSource: 'statutory', articles: ['第九条'] });
    expect(law).toMatchObject({ daysOverdue: 0, principal: 50_000_000, principalBasis: 'claimed', interest: { rate: { kind: 'statutory_daily' }, lines: [], total: 0 } });
    expect(law.contract).toMatchObject({ contractNo: 'HDJY-2025-041', enterpriseSize: { size: 'small', employees: 18, disputed: false } });
    // The 依据 panel quotes the payment term and the late interest it starts, beside the rules.
    expect(registered.regulation.map((item) => item.article)).toEqual(['第九条', '第十七条']);
    expect(registered.regulation[0]).toMatchObject({ cite: '《保障中小企业款项支付条例》第九条', text: expect.stringContaining('30日内支付款项') });
    expect(registered.events[0]!.payload.particulars).toMatchObject({ changed: ['contractNo', 'subject', 'signedOn', 'enterpriseSize', 'debtorKind', 'deliveredOn'] });
    expect((await ledger('overdueByLaw=true')).map((row) => row.id)).not.toContain(registered.id);
    const counted = (await cockpitArrears()).overdueByLaw;

    // The day after the due date: overdue by law, counted by the ledger and the cockpit alike.
    t.clock.set('2026-03-03T09:00:00+08:00');
    const late = (await getCase(registered.id)).paymentLaw!;
    expect(late.daysOverdue).toBe(1);
    // 500,000.00 元 × 0.05% × 1 day = 250.00 元.
    expect(late.interest).toMatchObject({ total: 25_000, lines: [{ days: 1, principal: 50_000_000, interest: 25_000, paidOn: null }] });
    const listed = await ledger('overdueByLaw=true');
    expect(listed.find((row) => row.id === registered.id)).toMatchObject({ statutoryDueOn: '2026-03-02', daysOverdueByLaw: 1 });
    expect(await ledger('overdueByLaw=false')).not.toContainEqual(expect.objectContaining({ id: registered.id }));
    expect((await cockpitArrears()).overdueByLaw).toBe(counted + 1);
    expect(listed).toHaveLength(counted + 1);
    t.clock.set('2026-03-02T09:00:00+08:00');
  });

  it('names the facts still missing, takes them later as a recorded event, and asks a reason only to correct one', async () => {
    const registered = await register({});
    expect(registered.paymentLaw!.due).toEqual({ status: 'incomplete', missing: ['债务人类型', '交付日期'] });
    expect(registered.regulation).toEqual([]);
    expect(registered.availableActions).toContainEqual({ action: 'amend_particulars', label: '补充更正合同信息' });

    const added = await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { debtorKind: 'institution', deliveredOn: '2026-01-16' } } });
    expect(added.statusCode, added.body).toBe(200);
    // 2026-01-16 + 30 days ends on 2026-02-15, in the Spring Festival break: the next working day.
    expect(added.json<CaseBody>().paymentLaw!.due).toMatchObject({ status: 'due', dueOn: '2026-02-24', endedOnDayOff: '2026-02-15' });

    const before = await getCase(registered.id);
    const message = await expectRefused(
      await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { deliveredOn: '2026-01-20' } } }),
      400,
      'VALIDATION_FAILED',
      'reason',
      registered.id,
    );
    expect(message).toBe('更正已记录的“交付日期”须填写更正说明');
    await expectRefused(
      await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { acceptedOn: '2026-03-05', acceptanceDays: 10 } } }),
      422,
      'CONTRACT_FACTS_INVALID',
      'contract.acceptedOn',
      registered.id,
    );
    await expectRefused(
      await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { deliveredOn: '2026-01-16' } } }),
      400,
      'VALIDATION_FAILED',
      'particulars.contract',
      registered.id,
    );
    await expectRefused(
      await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { paymentTermDays: -1 } } }),
      400,
      'VALIDATION_FAILED',
      null,
      registered.id,
    );
    expect(await getCase(registered.id)).toEqual(before);

    const corrected = await act('hd-jiaoyu', registered.id, {
      action: 'amend_particulars',
      particulars: { contract: { deliveredOn: '2026-01-31', paymentTermDays: 90 } },
      reason: '以签收单日期为准，合同约定付款期限90日',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const view = corrected.json<CaseBody>();
    // An agreed term counts only up to 60 days.
    expect(view.paymentLaw!.due).toMatchObject({ dueOn: '2026-04-01', termDays: 60, termSource: 'agreed_capped' });
    expect(view.events.at(-1)).toMatchObject({
      type: 'amend_particulars',
      payload: { changed: ['deliveredOn', 'paymentTermDays'], reason: '以签收单日期为准，合同约定付款期限90日' },
    });
  });

  it('lets neither the enterprise nor another line amend the contract, and writes nothing', async () => {
    const registered = await register({});
    await t.addEnterpriseAccount('qiye1', registered.enterprise.unitId);
    const before = await getCase(registered.id);
    await expectRefused(await act('qiye1', registered.id, { action: 'amend_particulars', particulars: { contract: { deliveredOn: '2026-01-31' } } }), 403, 'FORBIDDEN', null, registered.id);
    expect(await getCase(registered.id)).toEqual(before);

    const count = (await ledger('')).length;
    const policy = await request('yingshangban', 'POST', '/api/cases', {
      line: 'policy',
      source: 'assigned',
      title: '科技型中小企业研发费用补助未兑现',
      facts: '2025年度研发补助已公示，未拨付。',
      instruction: '请核实。',
      enterprise: ENTERPRISE,
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 3_000_000,
      particulars: { contract: { deliveredOn: '2026-01-31' } },
    });
    expect(policy.statusCode, policy.body).toBe(409);
    expect(policy.json().error.code).toBe('ACTION_NOT_FOR_LINE');
    expect((await ledger('')).length).toBe(count);
  });

  it('floors an agreed rate at the LPR in force at signing, and classification asks for the contract', async () => {
    const registered = await register({});
    const classified = await act('hd-jiaoyu', registered.id, {
      action: 'classify',
      classification: {
        line: 'arrears',
        disputed: false,
        confirmedAmount: 40_000_000,
        confirmedOn: '2026-03-02',
        // Signed when the one-year LPR was 3.45% (from 2023-08-21): an agreed 3% is raised to it.
        contract: { debtorKind: 'organ', deliveredOn: '2026-01-20', signedOn: '2024-01-10', interestRateBp: 300 },
      },
    });
    expect(classified.statusCode, classified.body).toBe(200);
    t.clock.set('2026-03-12T09:00:00+08:00');
    const view = await getCase(registered.id);
    // Due 2026-02-19 + shifted past the Spring Festival: 2026-02-24; 16 days late on 2026-03-12.
    expect(view.paymentLaw).toMatchObject({ principal: 40_000_000, principalBasis: 'confirmed', daysOverdue: 16 });
    expect(view.paymentLaw!.interest!.rate).toEqual({ kind: 'agreed', annualBp: 345, lprBp: 345, floored: true });
    // 400,000.00 元 × 3.45% ÷ 365 × 16 = 604.931… 元 → 604.93 元.
    expect(view.paymentLaw!.interest!.total).toBe(60_493);
    expect(view.events.find((event) => event.type === 'classify')!.payload.contract).toMatchObject({ changed: ['signedOn', 'debtorKind', 'deliveredOn', 'interestRateBp'] });
    t.clock.set('2026-03-02T09:00:00+08:00');
  });

  it('records how money was paid and flags a commercial bill the contract does not provide for (Art. 11) to 营商办', async () => {
    const registered = await register({ claimedAmount: 40_000_000, particulars: { contract: { debtorKind: 'organ', deliveredOn: '2026-01-31' } } });
    const classified = await act('hd-jiaoyu', registered.id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 40_000_000 } });
    expect(classified.statusCode, classified.body).toBe(200);
    const paid = await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 10_000_000, voucher: 'HP-2026-0302-01', method: 'commercial_bill' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json<CaseBody>().events.at(-1)!.payload).toMatchObject({ method: 'commercial_bill', nonCashUnagreed: true });
    const notices = (await request('yingshangban', 'GET', '/api/notifications?limit=100')).json<{ items: { kind: string; title: string; body: string }[] }>().items;
    expect(notices.find((notice) => notice.kind === 'non_cash_payment' && notice.title.includes(registered.number))?.body).toBe(
      '以商业汇票支付¥100,000.00，合同未约定非现金支付方式。《保障中小企业款项支付条例》第十一条：使用商业汇票、应收账款电子凭证等非现金支付方式支付中小企业款项的，应当在合同中作出明确、合理约定，不得强制中小企业接受，不得利用其变相延长付款期限。',
    );
    // Paid by transfer, or by a bill the contract provides for, nothing is flagged.
    const agreed = await act('hd-jiaoyu', registered.id, { action: 'amend_particulars', particulars: { contract: { nonCashAgreed: true } } });
    expect(agreed.statusCode, agreed.body).toBe(200);
    const bill = await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 10_000_000, voucher: 'HP-2026-0302-02', method: 'commercial_bill' });
    expect(bill.json<CaseBody>().events.at(-1)!.payload).toMatchObject({ method: 'commercial_bill', nonCashUnagreed: false });
  });

  it('pays a partly disputed debt’s undisputed part first while the rest is negotiated, and settles when both parts are paid (Art. 15)', async () => {
    const registered = await register({ claimedAmount: 200_000_000, particulars: { contract: { debtorKind: 'organ', deliveredOn: '2026-01-31' } } });
    const classified = await act('hd-jiaoyu', registered.id, { action: 'classify', classification: { line: 'arrears', disputed: true, undisputedAmount: 80_000_000 } });
    expect(classified.statusCode, classified.body).toBe(200);
    const negotiating = classified.json<CaseBody & { state: string; undisputedPart: unknown; confirmedAmount: number; outstandingAmount: number }>();
    expect(negotiating).toMatchObject({ state: 'negotiating', confirmedAmount: 80_000_000, outstandingAmount: 80_000_000 });
    expect(negotiating.undisputedPart).toEqual({
      amount: 80_000_000,
      confirmedOn: '2026-03-02',
      plan: { kind: 'lump_sum', rule: 'A1', installments: [{ seq: 1, dueOn: '2026-12-31', amount: 80_000_000 }] },
    });
    expect(negotiating.availableActions.map((item) => item.action)).toContain('record_payment');
    // Late interest runs on what is confirmed: the undisputed part.
    expect(negotiating.paymentLaw).toMatchObject({ principal: 80_000_000, principalBasis: 'confirmed' });
    expect(negotiating.regulation.map((item) => item.article)).toEqual(['第九条', '第十五条', '第十七条']);

    // Two clerks record the same payment at once: one wins, the other is told the case changed.
    const version = negotiating.version;
    const payment = { action: 'record_payment', paidOn: '2026-03-02', amount: 30_000_000, voucher: 'HD-2026-0302-07', method: 'transfer', expectedVersion: version };
    const both = await Promise.all([0, 1].map(() => request('hd-jiaoyu', 'POST', `/api/cases/${registered.id}/actions`, payment)));
    expect(both.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const partPaid = await getCase(registered.id);
    expect(partPaid).toMatchObject({ state: 'negotiating', paidAmount: 30_000_000, version: version + 1 });

    // More than the undisputed part still owes is refused while the dispute runs, and nothing is written.
    const message = await expectRefused(
      await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 50_000_001, voucher: 'HD-2026-0302-08', method: 'transfer' }),
      422,
      'PAYMENT_EXCEEDS_OUTSTANDING',
      'amount',
      registered.id,
    );
    expect(message).toBe('争议部分确定前只能支付无争议部分：本次付款¥500,000.01超过无争议部分未付的¥500,000.00（条例第十五条）');
    expect(await getCase(registered.id)).toEqual(partPaid);

    const agreed = await act('hd-jiaoyu', registered.id, { action: 'agree', amount: 70_000_000, document: '汉东区教育局与鼎盛建材协商纪要（2026）3号' });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toMatchObject({ state: 'performing', confirmedAmount: 150_000_000, paidAmount: 30_000_000, deadline: '2026-12-31' });
    const rest = await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 120_000_000, voucher: 'HD-2026-0302-09', method: 'transfer' });
    expect(rest.json()).toMatchObject({ state: 'settled', paidAmount: 150_000_000 });
    const listed = (await request('yingshangban', 'GET', `/api/cases?line=arrears&limit=100`)).json<{ items: { id: string; outstandingAmount: number }[] }>().items;
    expect(listed.find((row) => row.id === registered.id)).toMatchObject({ outstandingAmount: 0 });
  });

  it('flags a progress report that gives a banned reason for late payment to 营商办 and the lead bureau, and only that one (Arts. 12, 14)', async () => {
    const registered = await register({ claimedAmount: 30_000_000 });
    expect((await act('hd-jiaoyu', registered.id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } })).statusCode).toBe(200);
    const flagged = async (username: TestUsername) =>
      (await request(username, 'GET', '/api/notifications?limit=100')).json<{ items: { kind: string; title: string; body: string }[] }>().items.filter(
        (notice) => notice.kind === 'banned_delay_reason' && notice.title.includes(registered.number),
      );
    const allowed = await act('hd-jiaoyu', registered.id, { action: 'report_progress', progress: '专项资金已申请，待上级下达后支付', delayReason: 'funds_in_batches' });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(await flagged('yingshangban')).toEqual([]);
    const banned = await act('hd-jiaoyu', registered.id, { action: 'report_progress', progress: '付款申请正在走局内审批流程', delayReason: 'internal_procedure' });
    expect(banned.statusCode, banned.body).toBe(200);
    const body = '进展报告称迟延支付的原因是“履行内部付款流程”，该理由不能作为迟延支付的理由。《保障中小企业款项支付条例》第十四条规定：不得以履行内部付款流程为由拒绝或者迟延支付中小企业款项。';
    expect((await flagged('yingshangban')).map((notice) => notice.body)).toEqual([body]);
    expect((await flagged('jingxinju')).map((notice) => notice.body)).toEqual([body]);
    expect(await flagged('hd-jiaoyu')).toEqual([]);
    // A reason not on the list is refused, and nothing is written.
    const before = await getCase(registered.id);
    await expectRefused(await act('hd-jiaoyu', registered.id, { action: 'report_progress', progress: '天气原因', delayReason: 'weather' }), 400, 'VALIDATION_FAILED', 'delayReason', registered.id);
    expect(await getCase(registered.id)).toEqual(before);
  });

  it('counts the late interest in what is owed until the enterprise waives it in the portal (Art. 17)', async () => {
    // Delivered 2026-01-16: due 2026-02-24 (the Spring Festival moves it), 6 days overdue on 2026-03-02.
    const registered = await register({ claimedAmount: 20_000_000, particulars: { contract: { debtorKind: 'organ', deliveredOn: '2026-01-16' } } });
    expect((await act('hd-jiaoyu', registered.id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 20_000_000 } })).statusCode).toBe(200);
    const owed = (await getCase(registered.id)).paymentLaw as PaymentLaw & { owedWithInterest: number; interestWaiver: unknown };
    // 200,000.00 元 × 0.05% × 6 days = 600.00 元.
    expect(owed).toMatchObject({ daysOverdue: 6, interest: { total: 60_000 }, owedWithInterest: 20_060_000, interestWaiver: null });

    await t.addEnterpriseAccount('qiye2', registered.enterprise.unitId);
    const firm = await t.signIn('qiye2');
    const view = (await t.server.inject({ method: 'GET', url: `/api/cases/${registered.id}`, headers: firm })).json<CaseBody>();
    expect(view.availableActions).toContainEqual({ action: 'waive_interest', label: '放弃逾期利息' });
    // The debtor cannot waive what it owes, and nothing is written.
    const before = await getCase(registered.id);
    await expectRefused(await act('hd-jiaoyu', registered.id, { action: 'waive_interest', document: '声明' }), 403, 'FORBIDDEN', null, registered.id);
    expect(await getCase(registered.id)).toEqual(before);

    const waived = await t.server.inject({
      method: 'POST',
      url: `/api/cases/${registered.id}/actions`,
      headers: firm,
      payload: { action: 'waive_interest', expectedVersion: view.version, note: '双方长期合作，自愿放弃逾期利息' },
    });
    expect(waived.statusCode, waived.body).toBe(200);
    const afterWaiver = (await t.server.inject({ method: 'GET', url: `/api/cases/${registered.id}`, headers: firm })).json<CaseBody>();
    expect(afterWaiver.paymentLaw).toMatchObject({
      interest: { total: 60_000 },
      interestWaiver: { by: 'enterprise', waivedOn: '2026-03-02', document: null, note: '双方长期合作，自愿放弃逾期利息' },
      owedWithInterest: 20_000_000,
    });
    expect(afterWaiver.availableActions.map((item) => item.action)).not.toContain('waive_interest');
  });

  it('records a deposit held beyond its return day as its own debt, overdue by law from that day', async () => {
    const registered = await register({
      title: '汉东区教育局未退还校舍维修工程质量保证金',
      claimedAmount: 12_000_000,
      particulars: { contract: { contractNo: 'HDJY-XS-2023-009', subject: 'works', debtorKind: 'organ', depositKind: 'quality', depositReturnOn: '2026-01-31' } },
    });
    expect(registered.paymentLaw).toMatchObject({
      contract: { depositKind: 'quality', depositReturnOn: '2026-01-31' },
      due: { status: 'due', dueOn: '2026-01-31', start: 'deposit_return', articles: [] },
      daysOverdue: 30,
    });
    expect((await ledger('overdueByLaw=true')).find((row) => row.id === registered.id)).toMatchObject({ statutoryDueOn: '2026-01-31', daysOverdueByLaw: 30 });
    const invalid = await request('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '保证金类型无效',
      facts: '无',
      instruction: '核实',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount: 1_000_000,
      particulars: { contract: { depositKind: 'cash' } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ error: { message: string } }>().error.message).toBe('保证金类型无效');
  });

  it('refuses "等待决算审计" as a payment difficulty with the article quoted, and writes nothing', async () => {
    const registered = await register({ claimedAmount: 80_000_000 });
    const before = await getCase(registered.id);
    const message = await expectRefused(
      await act('hd-jiaoyu', registered.id, {
        action: 'classify',
        classification: { line: 'arrears', disputed: false, confirmedAmount: 80_000_000, paymentDifficulty: '等待决算审计后支付' },
      }),
      422,
      'DELAY_REASON_BANNED',
      'paymentDifficulty',
      registered.id,
    );
    expect(message).toContain('《保障中小企业款项支付条例》第十四条规定：合同未作约定的，不得以等待竣工验收备案、决算审计等为由拒绝或者迟延支付中小企业款项');
    expect(await getCase(registered.id)).toEqual(before);
  });
});
