import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { pageAfterAction } from '../support/cases.ts';

const KINDERGARTEN = { name: '汉江市汉东区童乐幼儿园有限公司', creditCode: makeCreditCode('91422902MA4KD8N2X') };
const BUREAU = LOCAL_UNIT_IDS.handong.jiaoyuju;
const POLICY = '《汉江市促进民营经济高质量发展若干措施》（16条）第9条 普惠性民办幼儿园生均奖补';

interface CaseBody {
  id: string;
  number: string;
  line: string;
  state: string;
  version: number;
  rule: string | null;
  deadline: string | null;
  leadUnitId: string | null;
  confirmedAmount: number | null;
  paidAmount: number;
  outstandingAmount: number;
  enterprise: { unitId: string };
  policyProblem: { category: string; cause: string | null; policy: string; fundsDifficulty: string | null } | null;
  proposedDeferral: { newDate: string; reason: string } | null;
  deferral: { newDate: string; reason: string } | null;
  disbursements: { amount: number; voucher: string }[];
  availableActions: { action: string; label: string }[];
  events: { type: string; rule: string | null }[];
}

/** The policy line (惠企政策兑现, P1–P5) through the real HTTP stack: registration, classification, deferral with the enterprise's consent, disbursement and 销号. */
describe(`the policy line through the API (${backendName})`, () => {
  let t: TestApp;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });

  const getCase = async (username: TestUsername, id: string) => (await request(username, 'GET', `/api/cases/${id}`)).json<CaseBody>();

  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const current = await getCase('yingshangban', id);
    return pageAfterAction(await request(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: current.version, ...command }), () => request(username, 'GET', `/api/cases/${id}`));
  };

  /** A rejected command leaves the case exactly as it was. */
  const expectRejected = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, id: string) => {
    const before = await getCase('yingshangban', id);
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await getCase('yingshangban', id)).toEqual(before);
  };

  const register = async () => {
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'policy',
      source: 'assigned',
      title: '汉东区教育局未兑现2025年度普惠性民办幼儿园生均奖补',
      facts: '园所2025年9月通过普惠性认定，按“16条”第9条应获生均奖补36万元，至今未拨付。',
      instruction: '请汉东区教育局核实奖补资金落实情况，依规兑现。',
      enterprise: KINDERGARTEN,
      responsibleUnitId: BUREAU,
      claimedAmount: 36_000_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('registers a policy case numbered HQ, led by 市财政局 as the responsibility matrix says (P5, SPEC §6)', async () => {
    const session = (await request('yingshangban', 'GET', '/api/session')).json<{ user: { abilities: { register: { line: string }[] } } }>();
    expect(session.user.abilities.register.map((ability) => ability.line)).toContain('policy');
    const created = await register();
    expect(created.number).toMatch(/^HQ2026-\d{5}$/);
    expect(created).toMatchObject({ line: 'policy', state: 'registered', leadUnitId: UNIT_IDS.caizhengju, policyProblem: null, disbursements: [] });
    const listed = (await request('yingshangban', 'GET', '/api/cases?line=policy')).json<{ items: { id: string }[] }>();
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
  });

  it('refuses a policy case without an enterprise, and writes nothing', async () => {
    const before = (await request('yingshangban', 'GET', '/api/cases?line=policy')).json<{ items: unknown[] }>().items.length;
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'policy',
      source: 'assigned',
      title: '汉东区教育局政策解读未发布',
      facts: '部门网站首页未见政策解读。',
      responsibleUnitId: BUREAU,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
    expect((await request('yingshangban', 'GET', '/api/cases?line=policy')).json<{ items: unknown[] }>().items.length).toBe(before);
  });

  it('defers funds not in place only with the enterprise’s agreement, then pays, and closes on feedback (P3, P5, G3)', async () => {
    const created = await register();
    await expectRejected(
      await act('hd-jiaoyu', created.id, { action: 'classify', classification: { line: 'policy', category: 'fulfilment', cause: 'funds', policy: POLICY } }),
      400,
      'VALIDATION_FAILED',
      created.id,
    );
    const classified = await act('hd-jiaoyu', created.id, {
      action: 'classify',
      classification: { line: 'policy', category: 'fulfilment', cause: 'funds', policy: POLICY, amount: 36_000_000, fundsDifficulty: '区级配套资金未列入年初预算' },
    });
    expect(classified.json()).toMatchObject({ state: 'planning', rule: 'P3', confirmedAmount: 36_000_000, policyProblem: { category: 'fulfilment', cause: 'funds' } });

    const proposed = await act('hd-jiaoyu', created.id, { action: 'propose_plan', deferral: { newDate: '2026-06-30', reason: '区级配套资金二季度追加预算后拨付' } });
    expect(proposed.json()).toMatchObject({ state: 'awaiting_consent', proposedDeferral: { newDate: '2026-06-30' }, deferral: null });

    // P3: the department cannot agree for the enterprise; the enterprise answers in its portal.
    await expectRejected(await act('hd-jiaoyu', created.id, { action: 'consent' }), 403, 'FORBIDDEN', created.id);
    await t.addEnterpriseAccount('qiye1', created.enterprise.unitId);
    const seen = await getCase('qiye1', created.id);
    expect(seen.availableActions.map((item) => item.action).sort()).toEqual(['add_material', 'consent', 'object']);
    const consented = await act('qiye1', created.id, { action: 'consent', note: '同意延期至6月30日' });
    expect(consented.json()).toMatchObject({ state: 'performing', deadline: '2026-06-30', deferral: { newDate: '2026-06-30' }, proposedDeferral: null });

    const actions = (await getCase('hd-jiaoyu', created.id)).availableActions;
    expect(actions.find((item) => item.action === 'record_payment')?.label).toBe('登记资金拨付');
    expect(actions.map((item) => item.action)).not.toContain('fulfil');
    await act('hd-jiaoyu', created.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 16_000_000, voucher: '汉东财拨〔2026〕31号' });
    await expectRejected(
      await act('hd-jiaoyu', created.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 20_000_001, voucher: '汉东财拨〔2026〕32号' }),
      422,
      'PAYMENT_EXCEEDS_OUTSTANDING',
      created.id,
    );
    const paid = await act('hd-jiaoyu', created.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 20_000_000, voucher: '汉东财拨〔2026〕32号' });
    expect(paid.json()).toMatchObject({ state: 'settled', paidAmount: 36_000_000, outstandingAmount: 0 });

    await act('hd-jiaoyu', created.id, {
      action: 'submit_feedback',
      summary: '生均奖补36万元已分两笔拨付到位。',
      documents: [{ title: '国库集中支付凭证', reference: '汉东财拨〔2026〕31号、32号' }],
    });
    const closed = await act('yingshangban', created.id, { action: 'close', opinion: '资金已拨付到位，同意销号。' });
    expect(closed.json().state).toBe('closed');
    const history = (await getCase('qiye1', created.id)).events.map((event) => [event.type, event.rule]);
    expect(history).toEqual([
      ['register', 'S3'],
      ['classify', 'P3'],
      ['propose_plan', 'P3'],
      ['consent', 'P3'],
      ['record_payment', 'P3'],
      ['record_payment', 'P3'],
      ['submit_feedback', 'G3'],
      ['close', 'G3'],
    ]);
  });

  it('puts an awareness problem on the department’s rectification plan and a disputed term to negotiation (P1, P4)', async () => {
    const awareness = await register();
    const classified = await act('hd-jiaoyu', awareness.id, { action: 'classify', classification: { line: 'policy', category: 'awareness', policy: POLICY } });
    expect(classified.json()).toMatchObject({ state: 'planning', rule: 'P1' });
    const planned = await act('hd-jiaoyu', awareness.id, {
      action: 'propose_plan',
      rectification: { measures: ['在区教育局网站首页发布政策解读和申兑指南'], timeLimit: '2026-03-20', responsiblePerson: { name: '周丽', post: '学前教育科科长' } },
    });
    expect(planned.json()).toMatchObject({ state: 'performing', deadline: '2026-03-20', rule: 'P1' });
    expect((await getCase('hd-jiaoyu', awareness.id)).availableActions.find((item) => item.action === 'fulfil')).toBeDefined();

    const dispute = await register();
    const negotiating = await act('hd-jiaoyu', dispute.id, {
      action: 'classify',
      classification: { line: 'policy', category: 'fulfilment', cause: 'dispute', policy: POLICY, amount: 36_000_000 },
    });
    expect(negotiating.json()).toMatchObject({ state: 'negotiating', rule: 'P4', confirmedAmount: null });
  });

  it('lists the policy classification in the OpenAPI document', async () => {
    const document = JSON.stringify((await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json());
    for (const word of ['awareness', 'procedure', 'fulfilment', 'deferral', 'fundsDifficulty']) expect(document).toContain(word);
  });
});
