import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const OTHER_ENTERPRISE = { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91422971MA49TQ2N5') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;

interface CaseBody {
  id: string;
  number: string;
  state: string;
  version: number;
  enterprise: { name: string } | null;
  intake: { status: string; leadUnitId: string | null; cooperatingUnitIds: string[]; instruction: string | null } | null;
  mergedInto: { caseId: string; number: string } | null;
  mergedCases: { id: string; number: string }[];
  rectification: { measures: string[]; timeLimit: string; crossesYear: boolean } | null;
  deadline: string | null;
  rule: string | null;
  leadUnit: { name: string } | null;
  availableActions: { action: string }[];
  basis: { rule: string }[];
}

interface QueueBody {
  items: { id: string; number: string; source: string; likelyDuplicates: number; duplicateCandidates: number; responsibleUnitName: string }[];
}

describe(`the intake API (${backendName})`, () => {
  let t: TestApp;
  let original: CaseBody;
  let duplicate: CaseBody;
  let foreign: CaseBody;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const getCase = async (id: string) => (await request('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    pageAfterAction(await request(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command }), () => request(username, 'GET', `/api/cases/${id}`));

  /** A rejected command must leave the case exactly as it was. */
  const expectRejected = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, id: string, before: CaseBody) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await getCase(id)).toEqual(before);
  };

  const register = async (username: TestUsername, body: Record<string, unknown>) => {
    const response = await request(username, 'POST', '/api/cases', {
      line: 'arrears',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount: 68_000_000,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    original = await register('yingshangban', {
      source: 'assigned',
      title: '汉东区教育局拖欠第三中学校舍维修工程款',
      facts: '2025年8月校舍维修工程竣工验收合格，结算价款68万元经双方确认，尾款至今未付。',
      instruction: '请汉东区教育局于十个工作日内核实并制定清偿方案。',
    });
    t.clock.set('2026-03-02T09:10:00+08:00');
    duplicate = await register('yingshangban', {
      source: 'petition',
      title: '反映汉东区教育局拖欠校舍维修工程尾款',
      facts: '我公司承建的第三中学校舍维修工程2025年8月已竣工验收，结算68万元，教育局至今未支付尾款。',
    });
    t.clock.set('2026-03-02T09:20:00+08:00');
    foreign = await register('yingshangban', {
      source: 'complaint_platform',
      title: '汉东区教育局拖欠智能实训设备款',
      facts: '2025年交付的实训设备尾款未付。',
      enterprise: OTHER_ENTERPRISE,
      claimedAmount: 12_000_000,
    });
  });
  afterAll(async () => t?.close());

  it('accepts staff’s own assignments at once and keeps complaints from outside pending (S3)', () => {
    expect(original.intake).toMatchObject({ status: 'accepted', instruction: '请汉东区教育局于十个工作日内核实并制定清偿方案。' });
    expect(duplicate.intake).toMatchObject({ status: 'pending' });
    expect(duplicate.availableActions.map((item) => item.action)).toEqual(expect.arrayContaining(['accept', 'merge', 'dismiss']));
    expect(duplicate.availableActions.map((item) => item.action)).not.toContain('classify');
  });

  it('shows 营商办 the pending queue with the likely duplicate counted, and nobody else', async () => {
    const queue = await request('yingshangban', 'GET', '/api/intake');
    expect(queue.statusCode, queue.body).toBe(200);
    const items = queue.json<QueueBody>().items;
    expect(items.map((item) => item.id)).toEqual([duplicate.id, foreign.id]);
    expect(items[0]).toMatchObject({ source: 'petition', likelyDuplicates: 1, duplicateCandidates: 1, responsibleUnitName: '汉东区教育局' });
    expect(items[1]).toMatchObject({ likelyDuplicates: 0, duplicateCandidates: 0 });
    for (const username of ['leader', 'jingxinju', 'handong', 'hd-jiaoyu', 'sysadmin'] as const) {
      const refused = await request(username, 'GET', '/api/intake');
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }
    expect((await t.server.inject({ method: 'GET', url: '/api/intake' })).statusCode).toBe(401);
  });

  it('explains the duplicate candidates of a case to whoever may read it, and hides the case from others', async () => {
    const response = await request('yingshangban', 'GET', `/api/cases/${duplicate.id}/duplicates`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ threshold: number; items: { id: string; likely: boolean; reasons: string[]; score: number }[] }>();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: original.id, likely: true });
    expect(body.items[0]!.reasons).toEqual(expect.arrayContaining(['同一企业', '同一欠款单位', '金额相同']));
    expect(body.items[0]!.score).toBeGreaterThanOrEqual(body.threshold);
    expect((await request('jiangbei', 'GET', `/api/cases/${duplicate.id}/duplicates`)).statusCode).toBe(404);
    expect((await request('jb-jiaoyu', 'GET', `/api/cases/${duplicate.id}/duplicates`)).statusCode).toBe(404);
  });

  it('lets nobody handle a pending complaint, nor a county decide its intake, changing nothing', async () => {
    const before = await getCase(foreign.id);
    await expectRejected(await act('hd-jiaoyu', foreign.id, { action: 'classify', classification: { line: 'arrears', disputed: true } }), 409, 'INTAKE_PENDING', foreign.id, before);
    await expectRejected(await act('handong', foreign.id, { action: 'dismiss', reason: '不属实' }), 409, 'INTAKE_PENDING', foreign.id, before);
    await expectRejected(await act('handong', foreign.id, { action: 'accept', responsibleUnitId: DEBTOR, instruction: '请核实' }), 403, 'FORBIDDEN', foreign.id, before);
    await expectRejected(await act('leader', foreign.id, { action: 'accept', responsibleUnitId: DEBTOR, instruction: '请核实' }), 403, 'FORBIDDEN', foreign.id, before);
    await expectRejected(await act('yingshangban', foreign.id, { action: 'accept', responsibleUnitId: 'u-nowhere', instruction: '请核实' }), 404, 'UNIT_NOT_FOUND', foreign.id, before);
  });

  it('previews the matrix’s lead and cooperating units, then accepts and assigns with them', async () => {
    const preview = await request('yingshangban', 'GET', `/api/intake/supervisors?line=arrears&responsibleUnitId=${DEBTOR}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      leadUnit: { id: UNIT_IDS.jingxinju, name: '汉江市经济和信息化局' },
      cooperatingUnits: [
        { id: UNIT_IDS.caizhengju, name: '汉江市财政局' },
        { id: UNIT_IDS.shenjiju, name: '汉江市审计局' },
      ],
    });
    const accepted = await act('yingshangban', foreign.id, { action: 'accept', responsibleUnitId: DEBTOR, instruction: '请汉东区教育局5个工作日内核实。' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<CaseBody>()).toMatchObject({
      state: 'registered',
      rule: 'S3',
      intake: { status: 'accepted', leadUnitId: UNIT_IDS.jingxinju, cooperatingUnitIds: [UNIT_IDS.caizhengju, UNIT_IDS.shenjiju], instruction: '请汉东区教育局5个工作日内核实。' },
      leadUnit: { name: '汉江市经济和信息化局' },
    });
    const again = accepted.json<CaseBody>();
    await expectRejected(await act('yingshangban', foreign.id, { action: 'accept', responsibleUnitId: DEBTOR, instruction: '再次' }), 409, 'INTAKE_NOT_PENDING', foreign.id, again);
    expect((await act('hd-jiaoyu', foreign.id, { action: 'classify', classification: { line: 'arrears', disputed: true } })).json().state).toBe('negotiating');
    expect((await request('yingshangban', 'GET', '/api/intake')).json<QueueBody>().items.map((item) => item.id)).toEqual([duplicate.id]);
  });

  it('merges the duplicate into the case it repeats, only for 营商办 and only into a live case of the same enterprise', async () => {
    const before = await getCase(duplicate.id);
    await expectRejected(await act('leader', duplicate.id, { action: 'merge', targetCaseId: original.id }), 403, 'FORBIDDEN', duplicate.id, before);
    await expectRejected(await act('hd-jiaoyu', duplicate.id, { action: 'merge', targetCaseId: original.id }), 403, 'FORBIDDEN', duplicate.id, before);
    await expectRejected(await act('yingshangban', duplicate.id, { action: 'merge', targetCaseId: foreign.id }), 422, 'MERGE_TARGET_INVALID', duplicate.id, before);
    await expectRejected(
      await act('yingshangban', duplicate.id, { action: 'merge', targetCaseId: '00000000-0000-4000-8000-000000000000' }),
      404,
      'CASE_NOT_FOUND',
      duplicate.id,
      before,
    );
    const merged = await act('yingshangban', duplicate.id, { action: 'merge', targetCaseId: original.id, reason: '与原登记事项为同一笔欠款' });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json<CaseBody>()).toMatchObject({ state: 'dismissed', mergedInto: { caseId: original.id, number: original.number } });
    const target = await getCase(original.id);
    expect(target.mergedCases.map((item) => item.id)).toEqual([duplicate.id]);
    expect((await request('hd-jiaoyu', 'GET', `/api/cases/${original.id}`)).json<CaseBody>().mergedCases.map((item) => item.id)).toEqual([duplicate.id]);
    expect((await request('yingshangban', 'GET', '/api/intake')).json<QueueBody>().items).toEqual([]);

    // A case dismissed (here: merged) is no target.
    const third = await register('yingshangban', { source: 'petition', title: '再次反映校舍维修工程款', facts: '同上。' });
    const thirdBefore = await getCase(third.id);
    await expectRejected(await act('yingshangban', third.id, { action: 'merge', targetCaseId: duplicate.id }), 422, 'MERGE_TARGET_INVALID', third.id, thirdBefore);
  });

  it('registers an integrity item without an enterprise and takes it to performing with its plan (G2)', async () => {
    const missing = await request('handong', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'self_inspection',
      title: '无企业的欠款',
      facts: '测试',
      responsibleUnitId: DEBTOR,
      claimedAmount: 100,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'enterprise.creditCode' } });
    const noInstruction = await request('leader', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '领导交办',
      facts: '测试',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount: 100,
    });
    expect(noInstruction.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'instruction' } });

    const item = await register('handong', {
      line: 'integrity',
      source: 'self_inspection',
      title: '汉东区招商引资合同含“政策调整不予补偿”违法条款',
      facts: '自查发现4份招商引资合同含单方免责条款。',
      enterprise: undefined,
      claimedAmount: undefined,
      responsibleUnitId: LOCAL_UNIT_IDS.handong.government,
    });
    expect(item).toMatchObject({ number: 'SX2026-00001', enterprise: null, intake: { status: 'accepted' } });
    const planning = await act('handong', item.id, { action: 'classify', classification: { line: 'integrity' } });
    expect(planning.json()).toMatchObject({ state: 'planning', rule: 'G2' });
    const before = await getCase(item.id);
    const plan = {
      action: 'propose_plan',
      rectification: { measures: ['与企业签订补充协议删除免责条款'], timeLimit: '2026-02-27', responsiblePerson: { name: '李明', post: '汉东区司法局副局长' } },
    };
    await expectRejected(await act('handong', item.id, plan), 422, 'PLAN_DATES_INVALID', item.id, before);
    const performing = await act('handong', item.id, { ...plan, rectification: { ...plan.rectification, timeLimit: '2027-01-29' } });
    expect(performing.statusCode, performing.body).toBe(200);
    const body = performing.json<CaseBody>();
    expect(body).toMatchObject({ state: 'performing', deadline: '2027-01-29', rectification: { crossesYear: true } });
    expect(body.basis.map((rule) => rule.rule)).toEqual(expect.arrayContaining(['G2', 'A2']));
    const ledger = await request('handong', 'GET', '/api/cases?line=integrity');
    expect(ledger.json().items).toEqual([expect.objectContaining({ id: item.id, enterpriseName: null })]);
  });

  it('names every intake operation in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/intake']?.get?.operationId).toBe('listIntakeQueue');
    expect(document.paths['/api/intake/supervisors']?.get?.operationId).toBe('previewIntakeSupervisors');
    expect(document.paths['/api/cases/{id}/duplicates']?.get?.operationId).toBe('findDuplicates');
  });
});
