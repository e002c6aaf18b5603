import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { creditProposals, creditRecords } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

const WAN = 1_000_000;
const COUNTY = LOCAL_UNIT_IDS.handong.government;
const PROMISE = '《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第六条：投产后给予设备购置补助600万元';

interface CaseBody {
  id: string;
  number: string;
  version: number;
  state: string;
  leadUnitId: string | null;
  enterprise: { unitId: string };
}

interface ProposalBody {
  caseId: string;
  canPropose: boolean;
  reason: string | null;
  suggestedFacts: string | null;
  proposal: {
    id: string;
    facts: string;
    proposedBy: string;
    unitName: string;
    proposedAt: string;
    creditRecordId: string | null;
    creditRecordNumber: string | null;
    creditRecordStatus: string | null;
  } | null;
}

interface Candidates {
  units: { id: string; cases: { id: string; suggestedBasis: string; proposal: { facts: string; proposedBy: string; unitName: string; proposedAt: string } | null }[] }[];
}

/**
 * S4 and the investment line (I1–I6): 营商办 or 市招商局 puts a broken investment promise before
 * 市信用办 (提请认定失信); 信用办 finds it first among its candidates and, recording the breach,
 * takes the proposal up.
 */
describe(`proposing a broken investment promise to 信用办 (${backendName}, S4)`, () => {
  let t: TestApp;
  let performCase: CaseBody;
  let changeCase: CaseBody;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    t.server.inject({ method, url, headers: { ...(await t.signIn(username)), ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });

  const expectError = (response: Awaited<ReturnType<typeof request>>, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    return body.error;
  };

  const proposals = () => t.app.db.select().from(creditProposals).where(eq(creditProposals.tenantId, t.app.tenantId));
  const propose = (username: TestUsername, caseId: string, facts = '汉东区人民政府承诺的设备购置补助600万元逾期未兑现，经督促仍未履行。', extra: Record<string, string> = {}) =>
    request(username, 'POST', `/api/cases/${caseId}/credit-proposal`, { facts }, extra);

  const registerPromise = async (title: string, organisation: string): Promise<CaseBody> => {
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'investment',
      source: 'assigned',
      title,
      facts: '2024年签订的投资协议第六条约定，项目投产后给予设备购置补助600万元，至今未兑现。',
      instruction: '请汉东区人民政府按协议约定兑现。',
      enterprise: { name: `湖北汉水智能装备有限公司${organisation}`, creditCode: makeCreditCode(`91422900M${organisation.padEnd(8, '0')}`) },
      responsibleUnitId: COUNTY,
      claimedAmount: 600 * WAN,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };

  const act = async (username: TestUsername, record: CaseBody, command: Record<string, unknown>): Promise<CaseBody> => {
    const response = await request(username, 'POST', `/api/cases/${record.id}/actions`, { ...command, expectedVersion: record.version });
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => request(username, 'GET', `/api/cases/${record.id}`))).json<CaseBody>();
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    // I1: compliant, the county can perform, by 30 June.
    performCase = await registerPromise('汉东区政府未兑现招商协议约定的设备购置补助', 'PRQP0001');
    expect(performCase.leadUnitId).toBe(UNIT_IDS.zhaoshangju);
    performCase = await act('yingshangban', performCase, {
      action: 'classify',
      classification: { line: 'investment', legality: 'compliant', situation: 'perform', promise: PROMISE, amount: 600 * WAN, performBy: '2026-06-30' },
    });
    expect(performCase.state).toBe('performing');
    // I3: a lawful change (planning), urged for being overdue: a candidate of 信用办, but no broken promise.
    changeCase = await registerPromise('汉东区因规划调整未兑现招商协议约定的项目用地', 'PRQP0002');
    changeCase = await act('yingshangban', changeCase, {
      action: 'classify',
      classification: { line: 'investment', legality: 'compliant', situation: 'lawful_change', promise: PROMISE, changeReason: 'planning', changeAuthority: '汉东区人民政府常务会议' },
    });
    expect(changeCase.state).toBe('changing');
    await t.addEnterpriseAccount('qiye1', performCase.enterprise.unitId);
    // Past the date of the promise.
    t.clock.set('2026-07-02T10:00:00+08:00');
    t.forgetSignIns();
    changeCase = await act('yingshangban', changeCase, { action: 'supervise', level: 'urging', note: '变更补偿逾期未完成，请加快办理' });
  });
  afterAll(async () => t?.close());

  it('offers 招商局 the proposal with a sentence drawn from the case, and not the county or the enterprise', async () => {
    const offered = (await request('zhaoshangju', 'GET', `/api/cases/${performCase.id}/credit-proposal`)).json<ProposalBody>();
    expect(offered).toMatchObject({ canPropose: true, reason: null, proposal: null });
    expect(offered.suggestedFacts).toContain('汉东区人民政府对湖北汉水智能装备有限公司PRQP0001作出的招商引资承诺');
    expect(offered.suggestedFacts).toContain('应于2026-06-30前兑现，逾期至今未兑现');
    expect((await request('handong', 'GET', `/api/cases/${performCase.id}/credit-proposal`)).json<ProposalBody>()).toMatchObject({ canPropose: false, suggestedFacts: null, proposal: null });
    expect((await request('zhaoshangju', 'GET', `/api/cases/${changeCase.id}/credit-proposal`)).json<ProposalBody>()).toMatchObject({
      canPropose: false,
      reason: expect.stringContaining('I3'),
    });
    expectError(await request('hd-jiaoyu', 'GET', `/api/cases/${performCase.id}/credit-proposal`), 404, 'CASE_NOT_FOUND');
  });

  it('refuses the enterprise and the county (403), a unit that may not read the case (404) and empty facts (400), writing nothing', async () => {
    expectError(await propose('qiye1', performCase.id), 403, 'FORBIDDEN');
    expectError(await propose('handong', performCase.id), 403, 'FORBIDDEN');
    expectError(await propose('hd-jiaoyu', performCase.id), 404, 'CASE_NOT_FOUND');
    expectError(await propose('jingxinju', performCase.id), 404, 'CASE_NOT_FOUND');
    expectError(await propose('yingshangban', '00000000-0000-4000-8000-000000000000'), 404, 'CASE_NOT_FOUND');
    const empty = expectError(await propose('yingshangban', performCase.id, '  '), 400, 'VALIDATION_FAILED');
    expect(empty.message).toContain('失信事实');
    expect(await proposals()).toEqual([]);
  });

  it('refuses a lawful change (I3) with CREDIT_CASE_NOT_ELIGIBLE, writing nothing', async () => {
    const error = expectError(await propose('zhaoshangju', changeCase.id), 422, 'CREDIT_CASE_NOT_ELIGIBLE');
    expect(error.message).toMatch(/法定事由.*不能提请认定失信/);
    expect(await proposals()).toEqual([]);
  });

  it('takes 营商办\'s proposal once (201), replays it by Idempotency-Key, and refuses a second one (409)', async () => {
    const key = { 'idempotency-key': 'credit-proposal-0001' };
    const created = await propose('yingshangban', performCase.id, undefined, key);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<ProposalBody>();
    expect(body).toMatchObject({
      caseId: performCase.id,
      canPropose: false,
      reason: expect.stringContaining('已提请信用办认定'),
      proposal: { proposedBy: 'yingshangban', unitName: '汉江市优化营商环境领导小组办公室', proposedAt: '2026-07-02T02:00:00.000Z', creditRecordId: null },
    });
    expect((await propose('yingshangban', performCase.id, undefined, key)).json()).toEqual(body);

    const [stored] = await proposals();
    expect(stored).toMatchObject({ caseId: performCase.id, unitId: COUNTY, proposedBy: 'acc-yingshangban', creditRecordId: null });

    const again = expectError(await propose('zhaoshangju', performCase.id), 409, 'CREDIT_PROPOSAL_DUPLICATE');
    expect(again.message).toContain('已提请信用办认定');
    expect(await proposals()).toHaveLength(1);
    // 招商局 sees the proposal on the case page; the enterprise does not.
    expect((await request('zhaoshangju', 'GET', `/api/cases/${performCase.id}/credit-proposal`)).json<ProposalBody>().proposal?.id).toBe(stored!.id);
    expect((await request('qiye1', 'GET', `/api/cases/${performCase.id}/credit-proposal`)).json<ProposalBody>().proposal).toBeNull();
  });

  it('lists the proposed case first among 信用办\'s candidates, with the proposal', async () => {
    const candidates = (await request('xinyongban', 'GET', '/api/credit/candidates')).json<Candidates>();
    const [first] = candidates.units;
    expect(first?.id).toBe(COUNTY);
    // The I3 case's deadline is earlier; the proposal puts the proposed case before it.
    expect(first?.cases.map((item) => item.id)).toEqual([performCase.id, changeCase.id]);
    expect(first?.cases[0]?.proposal).toEqual({
      facts: '汉东区人民政府承诺的设备购置补助600万元逾期未兑现，经督促仍未履行。',
      proposedBy: 'yingshangban',
      unitName: '汉江市优化营商环境领导小组办公室',
      proposedAt: '2026-07-02T02:00:00.000Z',
    });
    expect(first?.cases[1]?.proposal).toBeNull();
    // A promise is kept by 优化营商环境条例 Art. 31, not by the payment regulation.
    expect(first?.cases[0]?.suggestedBasis).toBe('《优化营商环境条例》第三十一条');
  });

  it('links the proposal to the record 信用办 opens from the case by ordering rectification, in the same write', async () => {
    const ordered = await request('xinyongban', 'POST', '/api/credit/records', {
      unitId: COUNTY,
      caseId: performCase.id,
      facts: '汉东区人民政府承诺的设备购置补助600万元逾期未兑现，经督促仍未履行。',
      basis: '《优化营商环境条例》第三十一条',
      requirement: '请于整改期限内兑现设备购置补助600万元',
      documentNumber: '汉信用责改〔2026〕3号',
    });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const record = ordered.json<{ id: string; number: string; history: { payload: Record<string, unknown> }[] }>();
    const [stored] = await proposals();
    expect(stored?.creditRecordId).toBe(record.id);
    expect(record.history[0]?.payload).toMatchObject({ proposalId: stored!.id });

    const view = (await request('yingshangban', 'GET', `/api/cases/${performCase.id}/credit-proposal`)).json<ProposalBody>();
    expect(view).toMatchObject({ canPropose: false, proposal: { id: stored!.id, creditRecordId: record.id, creditRecordNumber: record.number, creditRecordStatus: 'ordered' } });
    expect(view.reason).toContain(`已有失信记录${record.number}（责令整改中）`);
    expectError(await propose('zhaoshangju', performCase.id), 409, 'CREDIT_RECORD_DUPLICATE');
    expect(await proposals()).toHaveLength(1);
    const candidates = (await request('xinyongban', 'GET', '/api/credit/candidates')).json<Candidates>();
    expect(candidates.units.flatMap((unit) => unit.cases.map((item) => item.id))).not.toContain(performCase.id);
    const open = await t.app.db.select().from(creditRecords).where(and(eq(creditRecords.caseId, performCase.id), eq(creditRecords.status, 'ordered')));
    expect(open).toHaveLength(1);
  });

  it('names both operations in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const path = document.paths['/api/cases/{id}/credit-proposal'];
    expect([path?.get?.operationId, path?.post?.operationId]).toEqual(['getCreditProposal', 'proposeCreditBreach']);
  });
});
