import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseNoApplicationItems } from '../../src/benefits/no-application-sweep.ts';
import { sweepSlowDisbursements } from '../../src/benefits/slow-disbursement-sweep.ts';
import { benefitApplicationEvents, benefitApplications, windowServices } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { yuan } from '../../src/domain/money.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { addTestFirms, FIRM, OTHER_FIRM } from '../support/test-firms.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const pdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`);

const clause = (title: string, extra: object) => ({
  article: '第一条',
  title,
  class: 'subsidy',
  content: `${title}的具体规定。`,
  amountRule: { kind: 'fixed', amount: wan(30) },
  conditions: [],
  materials: [],
  noApplication: false,
  fastTrack: false,
  ...extra,
});

const POLICY = {
  documentNo: '汉经信发〔2026〕9号',
  title: '汉江市支持制造业企业高质量发展若干措施',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '16条',
  publishedOn: '2026-01-10',
  effectiveOn: '2026-01-10',
  clauses: [
    clause('专精特新企业奖励', { conditions: [{ field: 'industry', op: 'in', values: ['C'] }], materials: ['营业执照', '认定证书'], fastTrack: true }),
    clause('高新技术企业认定奖励', { article: '第二条', amountRule: { kind: 'fixed', amount: wan(10) }, conditions: [{ field: 'tag', op: 'has', value: '高新技术企业' }], noApplication: true }),
    clause('智能化改造奖补', {
      article: '第三条',
      amountRule: { kind: 'rate', basisPoints: 1_000, base: '设备投资额', cap: wan(200) },
      conditions: [{ field: 'annualRevenue', op: 'gte', value: wan(2_000) }],
      materials: ['营业执照'],
    }),
    clause('质量品牌奖励', { article: '第四条', amountRule: { kind: 'fixed', amount: wan(5) }, materials: ['营业执照'] }),
  ],
};

const PROFILE = { industryCode: 'C3491', employees: 185, annualRevenue: wan(1_250), totalAssets: wan(4_300), figuresYear: 2025, registeredOn: '2017-07-06', tags: ['高新技术企业'] };

interface ApplicationBody {
  id: string;
  channel: string;
  state: string;
  statusText: string;
  version: number;
  approvedAmount: number | null;
  disbursedAmount: number;
  disbursedOn: string | null;
  missing: string[];
  materials: { name: string; attachment: { id: string } }[];
  actions: string[];
  events: { type: string; actorName: string; payload: Record<string, unknown> }[];
}

/** 兑现专窗 (P2, P5) through the real HTTP stack: apply once, 补正, approve, pay out; 免申即享 without applying. */
describe(`benefit applications (${backendName})`, () => {
  let t: TestApp;
  let clauses: { id: string; title: string }[];
  let policyId: string;
  const call = async (username: TestUsername, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const upload = async (username: TestUsername, name: string) => {
    const body = multipart(name, pdf(name));
    const response = await t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const clauseId = (title: string) => clauses.find((candidate) => candidate.title === title)!.id;
  const stored = async () => ({
    applications: await t.app.db.select().from(benefitApplications).where(eq(benefitApplications.tenantId, t.app.tenantId)),
    events: Number((await t.app.db.select({ n: count() }).from(benefitApplicationEvents).where(eq(benefitApplicationEvents.tenantId, t.app.tenantId)))[0]!.n),
  });
  const expectRefused = async (response: Awaited<ReturnType<typeof call>>, status: number, code: string, before: Awaited<ReturnType<typeof stored>>) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await stored()).toEqual(before);
  };
  const act = (username: TestUsername, application: ApplicationBody, command: object) =>
    call(username, 'POST', `/api/benefit-applications/${application.id}/actions`, { expectedVersion: application.version, ...command });

  beforeAll(async () => {
    t = await createTestApp();
    await addTestFirms(t);
    const recorded = await call('yingshangban', 'POST', '/api/policies', POLICY);
    expect(recorded.statusCode, recorded.body).toBe(201);
    policyId = recorded.json<{ id: string }>().id;
    clauses = recorded.json<{ clauses: { id: string; title: string }[] }>().clauses;
    for (const [username, unitId] of [
      ['qiye1', FIRM],
      ['qiye2', OTHER_FIRM],
    ] as const) {
      const saved = await call(username, 'PUT', `/api/enterprises/${unitId}/profile`, { profile: PROFILE, expectedVersion: null });
      expect(saved.statusCode, saved.body).toBe(200);
    }
  });
  afterAll(async () => t?.close());

  let application: ApplicationBody;
  let licence: string;

  it('takes an enterprise’s application with the clause’s materials and routes it to the clause’s department', async () => {
    licence = await upload('qiye1', '营业执照.pdf');
    const certificate = await upload('qiye1', '认定证书.pdf');
    const response = await call('qiye1', 'POST', '/api/benefit-applications', {
      enterpriseUnitId: FIRM,
      policyId,
      clauseId: clauseId('专精特新企业奖励'),
      materials: [
        { name: '营业执照', attachmentId: licence },
        { name: '认定证书', attachmentId: certificate },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    application = response.json<ApplicationBody>();
    expect(application).toMatchObject({ channel: 'portal', state: 'submitted', statusText: '申报已受理，政策部门正在审核。', actions: [] });
    // The department that made the policy reviews it; another department does not see it.
    const reviewer = (await call('jingxinju', 'GET', `/api/benefit-applications/${application.id}`)).json<ApplicationBody>();
    expect(reviewer.actions.sort()).toEqual(['approve', 'refuse', 'request_supplement']);
    expect((await call('hd-jiaoyu', 'GET', `/api/benefit-applications/${application.id}`)).statusCode).toBe(404);
    expect((await call('qiye2', 'GET', `/api/benefit-applications/${application.id}`)).statusCode).toBe(404);
    expect((await call('jingxinju', 'GET', '/api/benefit-applications')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([application.id]);
    expect((await call('hd-jiaoyu', 'GET', '/api/benefit-applications')).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('refuses an ineligible, a 免申即享, an incomplete, a foreign and a second application, writing nothing', async () => {
    const before = await stored();
    const apply = (username: TestUsername, title: string, materials: object[], unitId = FIRM) =>
      call(username, 'POST', '/api/benefit-applications', { enterpriseUnitId: unitId, policyId, clauseId: clauseId(title), materials });
    const notEligible = await apply('qiye1', '智能化改造奖补', [{ name: '营业执照', attachmentId: licence }]);
    await expectRefused(notEligible, 422, 'NOT_ELIGIBLE', before);
    expect(notEligible.json().error.message).toBe('不符合申报条件：上年度营业收入须 ≥ 2,000万元，当前 1,250万元');
    await expectRefused(await apply('qiye1', '高新技术企业认定奖励', []), 409, 'NO_APPLICATION_NEEDED', before);
    await expectRefused(await apply('qiye1', '质量品牌奖励', []), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await apply('qiye1', '专精特新企业奖励', [{ name: '营业执照', attachmentId: licence }, { name: '认定证书', attachmentId: licence }]), 409, 'APPLICATION_DUPLICATE', before);
    await expectRefused(await apply('qiye1', '质量品牌奖励', [{ name: '营业执照', attachmentId: licence }], OTHER_FIRM), 403, 'FORBIDDEN', before);
    // Another enterprise cannot use this one's material.
    await expectRefused(await apply('qiye2', '质量品牌奖励', [{ name: '营业执照', attachmentId: licence }], OTHER_FIRM), 404, 'ATTACHMENT_NOT_FOUND', before);
    // A department does not apply; the window of another county does not apply for this one.
    await expectRefused(await apply('jingxinju', '质量品牌奖励', [{ name: '营业执照', attachmentId: licence }]), 403, 'FORBIDDEN', before);
    await expectRefused(await apply('jiangbei', '质量品牌奖励', [{ name: '营业执照', attachmentId: licence }]), 403, 'FORBIDDEN', before);
    await expectRefused(
      await call('qiye1', 'POST', '/api/benefit-applications', { enterpriseUnitId: FIRM, policyId, clauseId: policyId, materials: [] }),
      404,
      'CLAUSE_NOT_FOUND',
      before,
    );
  });

  it('asks for what is missing, and the enterprise supplies it (补正)', async () => {
    const asked = await act('jingxinju', application, { action: 'request_supplement', missing: ['认定证书（加盖公章）'] });
    expect(asked.statusCode, asked.body).toBe(200);
    application = asked.json<ApplicationBody>();
    const seen = (await call('qiye1', 'GET', `/api/benefit-applications/${application.id}`)).json<ApplicationBody>();
    expect(seen).toMatchObject({ state: 'supplement_requested', statusText: '需要补正材料：认定证书（加盖公章）。补正后继续审核。', actions: ['supplement'] });
    const stamped = await upload('qiye1', '认定证书（盖章）.pdf');
    const supplied = await act('qiye1', application, { action: 'supplement', materials: [{ name: '认定证书（加盖公章）', attachmentId: stamped }] });
    expect(supplied.statusCode, supplied.body).toBe(200);
    application = supplied.json<ApplicationBody>();
    expect(application).toMatchObject({ state: 'submitted', missing: [] });
    expect(application.materials.map((material) => material.name)).toEqual(['营业执照', '认定证书', '认定证书（加盖公章）']);
    // The department opens the enterprise's material.
    expect((await call('jingxinju', 'GET', `/api/attachments/${stamped}`)).statusCode).toBe(200);
    expect((await call('qiye2', 'GET', `/api/attachments/${stamped}`)).statusCode).toBe(404);
  });

  it('approves the fixed amount only, and records each disbursement up to it (P5)', async () => {
    const before = await stored();
    await expectRefused(await act('jingxinju', application, { action: 'approve', amount: wan(20) }), 422, 'RULE_VIOLATION', before);
    await expectRefused(await act('qiye1', application, { action: 'approve', amount: wan(30) }), 403, 'FORBIDDEN', before);
    await expectRefused(await act('jingxinju', application, { action: 'disburse', paidOn: '2026-03-02', amount: wan(30) }), 409, 'CASE_NOT_IN_STATE', before);
    const approved = await act('jingxinju', application, { action: 'approve', amount: wan(30), budgetSource: '市级工业发展专项资金' });
    expect(approved.statusCode, approved.body).toBe(200);
    application = approved.json<ApplicationBody>();
    expect(application).toMatchObject({ state: 'approved', approvedAmount: wan(30), statusText: '已核准 30.00万元，已拨付 0.00万元，剩余资金等待拨付。' });

    const first = await act('jingxinju', application, { action: 'disburse', paidOn: '2026-03-02', amount: wan(10) });
    expect(first.statusCode, first.body).toBe(200);
    application = first.json<ApplicationBody>();
    expect(application).toMatchObject({ state: 'approved', disbursedAmount: wan(10) });
    const mid = await stored();
    await expectRefused(await act('jingxinju', application, { action: 'disburse', paidOn: '2026-03-02', amount: wan(25) }), 422, 'PAYMENT_EXCEEDS_OUTSTANDING', mid);
    await expectRefused(await act('jingxinju', application, { action: 'disburse', paidOn: '2026-03-03', amount: wan(20) }), 422, 'PAYMENT_DATE_IN_FUTURE', mid);
    await expectRefused(await act('jingxinju', { ...application, version: application.version - 1 }, { action: 'disburse', paidOn: '2026-03-02', amount: wan(20) }), 409, 'VERSION_CONFLICT', mid);
    const voucher = await upload('jingxinju', '拨付凭证.pdf');
    const last = await act('jingxinju', application, { action: 'disburse', paidOn: '2026-03-02', amount: wan(20), voucherAttachmentId: voucher });
    expect(last.statusCode, last.body).toBe(200);
    application = last.json<ApplicationBody>();
    expect(application).toMatchObject({ state: 'disbursed', disbursedAmount: wan(30), disbursedOn: '2026-03-02', statusText: '已全部兑现，共 30.00万元。' });
    expect(application.events.map((event) => event.type)).toEqual(['submit', 'request_supplement', 'supplement', 'approve', 'disburse', 'disburse']);
    // The enterprise sees the voucher of the money paid to it.
    expect((await call('qiye1', 'GET', `/api/attachments/${voucher}`)).statusCode).toBe(200);
  });

  it('offers the materials given once for the next application, and lets the county window apply on the enterprise’s behalf (代办)', async () => {
    const library = (await call('qiye1', 'GET', `/api/enterprises/${FIRM}/materials`)).json<{ items: { name: string; attachment: { id: string } }[] }>().items;
    expect(library.find((item) => item.name === '营业执照')!.attachment.id).toBe(licence);
    const onBehalf = await call('handong', 'POST', '/api/benefit-applications', {
      enterpriseUnitId: FIRM,
      policyId,
      clauseId: clauseId('质量品牌奖励'),
      materials: [{ name: '营业执照', attachmentId: licence }],
      note: '企业到政务服务中心窗口申报，窗口代办。',
    });
    expect(onBehalf.statusCode, onBehalf.body).toBe(201);
    expect(onBehalf.json<ApplicationBody>()).toMatchObject({ channel: 'window', state: 'submitted' });
    expect((await call('qiye1', 'GET', '/api/benefit-applications')).json<{ items: unknown[] }>().items).toHaveLength(2);
  });

  it('makes a 免申即享 item for each qualifying enterprise with no application, once, even when two runs race (P2)', async () => {
    const [one, two] = await Promise.all([raiseNoApplicationItems(t.app), raiseNoApplicationItems(t.app)]);
    expect(one + two).toBe(2);
    expect(await raiseNoApplicationItems(t.app)).toBe(0);
    const items = (await call('yingshangban', 'GET', '/api/benefit-applications?channel=automatic')).json<{ items: { enterpriseUnitId: string; statusText: string }[] }>().items;
    expect(items.map((item) => item.enterpriseUnitId).sort()).toEqual([FIRM, OTHER_FIRM]);
    expect(items[0]!.statusText).toBe('符合免申即享条件，政策部门正在核定兑现金额，无需提交申请。');
    // Refused by the department, the item is not made again.
    const item = (await call('yingshangban', 'GET', `/api/benefit-applications?channel=automatic&enterpriseUnitId=${OTHER_FIRM}`)).json<{ items: ApplicationBody[] }>().items[0]!;
    const refused = await act('jingxinju', item, { action: 'refuse', reason: '经核实，该企业高新技术企业资格已于2025年底到期。' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(await raiseNoApplicationItems(t.app)).toBe(0);
  });

  it('raises approved money unpaid past its limit as a case led by 财政局, once, which the engine carries to 销号 (P5)', async () => {
    expect((await call('jingxinju', 'GET', '/api/benefit-settings')).json()).toEqual({ fastTrackWorkingDays: 60, standardWorkingDays: 90 });
    expect((await call('jingxinju', 'PUT', '/api/benefit-settings', { fastTrackWorkingDays: 30, standardWorkingDays: 20 })).statusCode).toBe(403);
    expect((await call('yingshangban', 'PUT', '/api/benefit-settings', { fastTrackWorkingDays: 0, standardWorkingDays: 20 })).statusCode).toBe(400);
    const set = await call('yingshangban', 'PUT', '/api/benefit-settings', { fastTrackWorkingDays: 60, standardWorkingDays: 20 });
    expect(set.json()).toEqual({ fastTrackWorkingDays: 60, standardWorkingDays: 20 });

    // 汉东区教育局's own policy: the county window applies for the enterprise, the bureau approves 8万元 and leaves it unpaid.
    const local = await call('hd-jiaoyu', 'POST', '/api/policies', {
      documentNo: '汉东教发〔2026〕5号',
      title: '汉东区支持民办教育规范发展若干措施',
      issuerUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      publishedOn: '2026-02-10',
      effectiveOn: '2026-02-10',
      clauses: [clause('教学设备购置补助', { article: '第四条', amountRule: { kind: 'fixed', amount: wan(8) } })],
    });
    expect(local.statusCode, local.body).toBe(201);
    const localPolicy = local.json<{ id: string; clauses: { id: string }[] }>();
    const applied = await call('handong', 'POST', '/api/benefit-applications', { enterpriseUnitId: FIRM, policyId: localPolicy.id, clauseId: localPolicy.clauses[0]!.id, materials: [] });
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await act('hd-jiaoyu', applied.json<ApplicationBody>(), { action: 'approve', amount: wan(8), budgetSource: '区级教育发展专项资金' });
    expect(approved.json()).toMatchObject({ state: 'approved', dueOn: '2026-03-30', late: false, slowCase: null });
    const summary = approved.json<ApplicationBody>();
    expect((await sweepSlowDisbursements(t.app, { now: new Date('2026-03-30T09:00:00+08:00') })).raised).toEqual([]);

    t.clock.set('2026-03-31T09:00:00+08:00');
    t.forgetSignIns();
    const runs = await Promise.all([sweepSlowDisbursements(t.app, { now: t.clock.now() }), sweepSlowDisbursements(t.app, { now: t.clock.now() })]);
    expect(runs.map((run) => run.raised.length).sort()).toEqual([0, 1]);
    expect((await sweepSlowDisbursements(t.app, { now: t.clock.now() })).raised).toEqual([]);
    const late = (await call('qiye1', 'GET', `/api/benefit-applications/${summary!.id}`)).json<ApplicationBody & { late: boolean; slowCase: { id: string; number: string } }>();
    expect(late.late).toBe(true);
    const caseId = late.slowCase.id;
    const getCase = async (username: TestUsername) => (await call(username, 'GET', `/api/cases/${caseId}`)).json<{ version: number; state: string; line: string; title: string; leadUnitId: string; responsibleUnitId: string; claimedAmount: number; paidAmount: number }>();
    expect(await getCase('yingshangban')).toMatchObject({
      line: 'policy',
      state: 'registered',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      leadUnitId: UNIT_IDS.caizhengju,
      claimedAmount: wan(8),
      title: '惠企资金拨付缓慢：湖北汉水智能装备有限公司第四条“教学设备购置补助”尚有8.00万元未拨付',
    });
    // The enterprise follows it in its portal, as it follows its own complaints.
    expect((await call('qiye1', 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);

    const step = async (username: TestUsername, command: object) => {
      const response = await call(username, 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: (await getCase('yingshangban')).version, ...command });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ state: string }>();
    };
    await step('hd-jiaoyu', { action: 'classify', classification: { line: 'policy', category: 'fulfilment', cause: 'funds', policy: '汉东教发〔2026〕5号 第四条 教学设备购置补助', amount: wan(8), dueOn: '2026-04-10' } });
    // One sum, whichever side records it: 财政局 pays 3万元 at the window, and the case records it too.
    const unpaid = (await call('caizhengju', 'GET', `/api/benefit-applications/${summary!.id}`)).json<ApplicationBody>();
    expect(unpaid.actions).toEqual(['disburse']);
    // The window's voucher file goes on the case with the payment: in its 附件, for the case's readers and the application's.
    const windowVoucher = await upload('caizhengju', '国库集中支付凭证87号.pdf');
    const windowPaid = await act('caizhengju', unpaid, { action: 'disburse', paidOn: '2026-03-31', amount: wan(3), note: '汉东财拨〔2026〕87号', voucherAttachmentId: windowVoucher });
    expect(windowPaid.statusCode, windowPaid.body).toBe(200);
    const onCase = (await call('yingshangban', 'GET', `/api/cases/${caseId}`)).json<{ state: string; paidAmount: number; events: { type: string; actor: { name: string; role: string }; payload: Record<string, unknown> }[] }>();
    expect(onCase).toMatchObject({ state: 'performing', paidAmount: wan(3) });
    expect(onCase.events.at(-1)).toMatchObject({
      type: 'record_payment',
      actor: { name: 'caizhengju', role: 'lead_bureau' },
      payload: { paidOn: '2026-03-31', amount: wan(3), voucher: '兑现专窗登记（申报第3步）：国库集中支付凭证87号.pdf', attachment: { id: windowVoucher, fileName: '国库集中支付凭证87号.pdf' } },
    });
    for (const reader of ['yingshangban', 'hd-jiaoyu', 'qiye1', 'caizhengju'] as const) {
      const response = await call(reader, 'GET', `/api/attachments/${windowVoucher}`);
      expect(response.statusCode, reader).toBe(200);
      expect(response.rawPayload.equals(pdf('国库集中支付凭证87号.pdf'))).toBe(true);
    }
    expect((await call('qiye2', 'GET', `/api/attachments/${windowVoucher}`)).statusCode).toBe(404);
    // The bureau records 2万元 on the case with its voucher file: it is the application's disbursement too, by the same person, with that file.
    const caseVoucher = await upload('hd-jiaoyu', '国库集中支付凭证88号.pdf');
    await step('hd-jiaoyu', { action: 'record_payment', paidOn: '2026-03-31', amount: wan(2), voucher: '汉东财拨〔2026〕88号', attachmentId: caseVoucher });
    const part = (await call('caizhengju', 'GET', `/api/benefit-applications/${summary!.id}`)).json<ApplicationBody>();
    expect(part).toMatchObject({ state: 'approved', disbursedAmount: wan(5) });
    expect(part.events.at(-1)!.payload.voucher).toMatchObject({ id: caseVoucher, fileName: '国库集中支付凭证88号.pdf' });
    expect((await call('qiye1', 'GET', `/api/attachments/${caseVoucher}`)).statusCode).toBe(200);
    expect(part.events.slice(-2).map((event) => [event.type, event.actorName, event.payload.amount, event.payload.note])).toEqual([
      ['disburse', 'caizhengju', wan(3), '汉东财拨〔2026〕87号'],
      ['disburse', 'hd-jiaoyu', wan(2), `在案件${late.slowCase.number}登记，凭证：汉东财拨〔2026〕88号`],
    ]);
    // The last 3万元 entered on both sides at once: one is recorded on both, the other refused — never paid twice, never a 500.
    const caseVersion = (await getCase('yingshangban')).version;
    const race = await Promise.all([
      act('caizhengju', part, { action: 'disburse', paidOn: '2026-03-31', amount: wan(3), note: '汉东财拨〔2026〕89号' }),
      call('hd-jiaoyu', 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: caseVersion, action: 'record_payment', paidOn: '2026-03-31', amount: wan(3), voucher: '汉东财拨〔2026〕90号' }),
    ]);
    expect(race.map((response) => response.statusCode).sort(), race.map((response) => response.body).join('\n')).toEqual([200, 409]);
    const paid = (await call('qiye1', 'GET', `/api/benefit-applications/${summary!.id}`)).json<ApplicationBody>();
    expect(paid).toMatchObject({ state: 'disbursed', approvedAmount: wan(8), disbursedAmount: wan(8), disbursedOn: '2026-03-31' });
    expect(await getCase('yingshangban')).toMatchObject({ state: 'settled', paidAmount: wan(8) });
    // Nothing is left to pay; a further payment is refused and changes nothing.
    const before = await stored();
    await expectRefused(await act('caizhengju', paid, { action: 'disburse', paidOn: '2026-03-31', amount: wan(1) }), 409, 'CASE_NOT_IN_STATE', before);
    expect((await getCase('yingshangban')).state).toBe('settled');
    await step('hd-jiaoyu', { action: 'submit_feedback', summary: '教学设备购置补助8万元已于3月31日拨付到位。', documents: [{ title: '国库集中支付凭证', reference: '汉东财拨〔2026〕88号' }] });
    expect((await step('yingshangban', { action: 'close', opinion: '资金已拨付到位，同意销号。' })).state).toBe('closed');
  });

  it('evaluates the year’s policies and the focus package by department and county, and the workbook agrees (P5, P6)', async () => {
    for (const username of ['jingxinju', 'qiye1', 'handong'] as const) expect((await call(username, 'GET', '/api/benefit-evaluation')).statusCode, username).toBe(403);
    const response = await call('leader', 'GET', '/api/benefit-evaluation?year=2026');
    expect(response.statusCode, response.body).toBe(200);
    const evaluation = response.json<{ policies: Record<string, unknown>[]; departments: Record<string, unknown>[]; total: Record<string, unknown> }>();
    expect(evaluation.policies.map((row) => [row.documentNo, row.enterprises, row.applications, row.approved, row.refused, row.approvalRate, row.approvedAmount, row.disbursedAmount, row.late, row.medianWorkingDays, row.openProblems])).toEqual([
      // 专精特新 paid in full the day it was approved; 质量品牌 under review; two 免申即享 items, one refused.
      ['汉经信发〔2026〕9号', 2, 4, 1, 1, 0.5, wan(30), wan(30), 0, 0, 0],
      // 8万元 approved, paid past its limit in two parts (at the window and on its case): 21 working days from application to money.
      ['汉东教发〔2026〕5号', 1, 1, 1, 0, 1, wan(8), wan(8), 0, 21, 0],
    ]);
    expect(evaluation.departments.map((row) => [row.name, row.policies, row.approvedAmount])).toEqual([
      ['汉江市经济和信息化局', 1, wan(30)],
      ['汉东区教育局', 1, wan(8)],
    ]);
    expect(evaluation.total).toMatchObject({ policies: 2, applications: 5, enterprises: 2, approvedAmount: wan(38), disbursedAmount: wan(38), outstandingAmount: 0, lateAmount: 0 });

    const focus = (await call('yingshangban', 'GET', `/api/benefit-packages?packageTag=${encodeURIComponent('16条')}`)).json<{ byDepartment: Record<string, unknown>[]; byCounty: Record<string, unknown>[] }>();
    expect(focus.byDepartment.map((row) => [row.name, row.applications, row.approvedAmount])).toEqual([['汉江市经济和信息化局', 4, wan(30)]]);
    expect(focus.byCounty.map((row) => [row.name, row.applications, row.refused])).toEqual([
      ['汉东区', 3, 0],
      ['江北区', 1, 1],
    ]);

    const download = await call('yingshangban', 'GET', '/api/benefit-evaluation.xlsx?year=2026');
    expect(download.statusCode).toBe(200);
    expect(decodeURIComponent(download.headers['content-disposition'] as string)).toContain('政策兑现评估_2026年_2026-03-31.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['按政策', '按部门', '16条按部门', '16条按属地', '30条按部门', '30条按属地']);
    const sheet = workbook.getWorksheet('按政策')!;
    const header = (sheet.getRow(3).values as unknown[]).map(String);
    const totalRow = sheet.getRow(sheet.rowCount);
    expect(totalRow.getCell(1).value).toBe('合计');
    expect(totalRow.getCell(header.indexOf('核准金额（万元）')).value).toBe(38);
    expect(totalRow.getCell(header.indexOf('已拨付（万元）')).value).toBe(38);
    expect(totalRow.getCell(header.indexOf('逾期未拨付')).value).toBe(evaluation.total.late);
  });

  it('lets one of parallel steps on the same version win', async () => {
    const items = (await call('jingxinju', 'GET', '/api/benefit-applications?state=submitted')).json<{ items: ApplicationBody[] }>().items;
    const target = items[0]!;
    const before = await stored();
    const responses = await Promise.all(Array.from({ length: 6 }, () => act('jingxinju', target, { action: 'request_supplement', missing: ['法定代表人身份证明'] })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await stored()).events).toBe(before.events + 1);
  });

  it('records the window’s consultations and application coaching, for registered enterprises and walk-ins (P2)', async () => {
    const services = async () => Number((await t.app.db.select({ n: count() }).from(windowServices).where(eq(windowServices.tenantId, t.app.tenantId)))[0]!.n);
    const record = (username: TestUsername, body: object) => call(username, 'POST', '/api/window-services', body);
    const consulted = await record('handong', {
      kind: 'consultation',
      channel: 'counter',
      enterpriseUnitId: FIRM,
      policyId,
      clauseId: clauseId('智能化改造奖补'),
      question: '营业收入未达2000万元能否申报智能化改造奖补？',
      answer: '该条款要求上年度营业收入不低于2000万元，贵企业2025年为1250万元，暂不符合；可关注数字化改造奖补。',
    });
    expect(consulted.statusCode, consulted.body).toBe(201);
    // A little later (the list is newest first).
    t.clock.set('2026-03-31T09:20:00+08:00');
    const coached = await record('yingshangban', { kind: 'coaching', channel: 'phone', enterpriseName: '汉江市星火科技有限公司', question: '如何准备专精特新奖励的申报材料？', answer: '准备营业执照和认定证书扫描件，网上申报时上传。' });
    expect(coached.statusCode, coached.body).toBe(201);

    const before = await services();
    const refused = async (username: TestUsername, body: object, status: number, code: string) => {
      const response = await record(username, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(await services()).toBe(before);
    };
    const base = { kind: 'consultation', channel: 'counter', question: '咨询事项', answer: '答复内容' };
    await refused('yingshangban', base, 400, 'VALIDATION_FAILED');
    await refused('yingshangban', { ...base, enterpriseUnitId: FIRM, clauseId: clauseId('智能化改造奖补') }, 400, 'VALIDATION_FAILED');
    await refused('yingshangban', { ...base, enterpriseUnitId: FIRM, policyId, clauseId: policyId }, 404, 'CLAUSE_NOT_FOUND');
    await refused('yingshangban', { ...base, enterpriseUnitId: FIRM, question: '咨询\u0000事项' }, 400, 'TEXT_INVALID');
    await refused('yingshangban', { ...base, kind: 'chat', enterpriseUnitId: FIRM }, 400, 'VALIDATION_FAILED');
    await refused('jingxinju', { ...base, enterpriseUnitId: FIRM }, 403, 'FORBIDDEN');
    await refused('qiye1', { ...base, enterpriseUnitId: FIRM }, 403, 'FORBIDDEN');

    const seen = async (username: TestUsername) => (await call(username, 'GET', '/api/window-services')).json<{ items: { enterpriseName: string; kindLabel: string; policy: string | null }[] }>().items;
    expect((await seen('yingshangban')).map((item) => item.enterpriseName)).toEqual(['汉江市星火科技有限公司', '湖北汉水智能装备有限公司']);
    expect(await seen('handong')).toEqual([expect.objectContaining({ kindLabel: '政策咨询', policy: '《汉江市支持制造业企业高质量发展若干措施》汉经信发〔2026〕9号 第三条 智能化改造奖补' })]);
    expect((await seen('qiye1')).map((item) => item.kindLabel)).toEqual(['政策咨询']);
    expect(await seen('qiye2')).toEqual([]);
    expect((await call('xinyongban', 'GET', '/api/window-services')).statusCode).toBe(403);
  });

  it('documents the window in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/benefit-applications']!.post!.operationId).toBe('submitBenefitApplication');
    expect(document.paths['/api/benefit-applications/{id}/actions']!.post!.operationId).toBe('actOnBenefitApplication');
    expect(document.paths['/api/enterprises/{id}/materials']!.get!.operationId).toBe('getEnterpriseMaterials');
  });
});
