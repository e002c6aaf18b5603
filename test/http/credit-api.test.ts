import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/roles.ts';
import { parseExportFile } from '../../src/domain/credit/export-file.ts';
import { creditProposals } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const debtor: Actor = { id: 'acc-hd-jiaoyu', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const soeHandler: Actor = { id: 'acc-hd-chengtou', name: '汉东城投', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.soe, jurisdictionScope: [] };

interface RecordBody {
  id: string;
  number: string;
  status: string;
  version: number;
  history: { type: string }[];
  availableActions: { action: string }[];
}

describe(`the credit API through 发改财金〔2023〕1103号 (${backendName}, S4)`, () => {
  let t: TestApp;
  let caseId: string;
  let soeCaseId: string;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    t.server.inject({ method, url, headers: { ...(await t.signIn(username)), ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });

  const expectError = (response: Awaited<ReturnType<typeof request>>, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  const list = async (username: TestUsername, query = '') => (await request(username, 'GET', `/api/credit/records${query}`)).json<{ items: RecordBody[] }>().items;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const registered = await registerTestArrear(t.app, office, {
      title: '区教育局拖欠食堂设备款',
      enterpriseName: '汉江市厨具设备有限公司',
      organisation: 'CRAP0001',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 12_000_000,
    });
    const classified = await runCommands(t.app, debtor, registered, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 12_000_000 },
    });
    caseId = classified.id;
    const soe = await registerTestArrear(t.app, office, {
      title: '城投公司拖欠道路养护款',
      enterpriseName: '汉江市路桥养护有限公司',
      organisation: 'CRAP0002',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.soe,
      claimedAmount: 12_000_000,
    });
    soeCaseId = (await runCommands(t.app, soeHandler, soe, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 12_000_000 } })).id;
    t.clock.set('2027-01-06T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const order = () => ({
    unitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    caseId,
    facts: '年底前应一次性支付的12万元设备款逾期未付',
    basis: '《保障中小企业款项支付条例》第九条、第二十六条',
    requirement: '请于整改期限内一次性付清设备款12万元',
    documentNumber: '汉信用责改〔2027〕1号',
  });
  let id: string;
  const url = () => `/api/credit/records/${id}/actions`;
  const get = async (username: TestUsername = 'xinyongban') => (await request(username, 'GET', `/api/credit/records/${id}`)).json<RecordBody>();

  it('validates the order form with Chinese field messages and writes nothing', async () => {
    const response = await request('xinyongban', 'POST', '/api/credit/records', { ...order(), requirement: ' ', deadline: '2027-02-30' });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.body).toContain('整改要求');
    expect(response.body).toContain('整改期限');
    expect(await list('xinyongban')).toEqual([]);
  });

  it('lets only 信用办 order rectification, and offers it the case with the default deadline', async () => {
    expectError(await request('yingshangban', 'POST', '/api/credit/records', order()), 403, 'FORBIDDEN');
    expectError(await request('hd-jiaoyu', 'GET', '/api/credit/candidates'), 403, 'FORBIDDEN');
    const candidates = (await request('xinyongban', 'GET', '/api/credit/candidates')).json<{ defaultDeadline: string; units: { id: string; cases: { id: string }[] }[] }>();
    expect(candidates.units.find((unit) => unit.id === LOCAL_UNIT_IDS.handong.jiaoyuju)?.cases.map((item) => item.id)).toEqual([caseId]);
    expect(candidates.defaultDeadline).toBe('2027-01-27');
    expect(await list('xinyongban')).toEqual([]);
  });

  it('refuses an SOE’s case, ordered or proposed, with a coded Chinese error, writing nothing', async () => {
    const response = await request('xinyongban', 'POST', '/api/credit/records', { ...order(), unitId: LOCAL_UNIT_IDS.handong.soe, caseId: soeCaseId });
    expectError(response, 422, 'CREDIT_UNIT_NOT_ELIGIBLE');
    expect(response.json<{ error: { message: string } }>().error.message).toContain('国有企业，不属于机关或事业单位');
    const proposed = await request('yingshangban', 'POST', `/api/cases/${soeCaseId}/credit-proposal`, { facts: '城投公司逾期未支付道路养护款' });
    expectError(proposed, 422, 'CREDIT_UNIT_NOT_ELIGIBLE');
    expect(proposed.json<{ error: { message: string } }>().error.message).toContain('责任单位“汉东区城市建设投资有限公司”是国有企业');
    const offered = (await request('yingshangban', 'GET', `/api/cases/${soeCaseId}/credit-proposal`)).json<{ canPropose: boolean; reason: string }>();
    expect(offered).toMatchObject({ canPropose: false, reason: expect.stringContaining('国有企业') });
    expect(await list('xinyongban')).toEqual([]);
    expect(await t.app.db.select().from(creditProposals)).toEqual([]);
  });

  it('orders rectification, replays a retried order by Idempotency-Key, and shows the record to its unit only', async () => {
    const key = { 'idempotency-key': 'credit-order-0001' };
    const created = await request('xinyongban', 'POST', '/api/credit/records', order(), key);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      number: 'XY2027-0001',
      status: 'ordered',
      version: 1,
      unitKind: 'department',
      orderedOn: '2027-01-06',
      rectificationDeadline: '2027-01-27',
      breachOn: null,
      availableActions: [{ action: 'record_rectified' }, { action: 'record_refusal' }],
    });
    const retried = await request('xinyongban', 'POST', '/api/credit/records', order(), key);
    expect(retried.json()).toEqual(created.json());
    expect(await list('xinyongban')).toHaveLength(1);
    expectError(await request('xinyongban', 'POST', '/api/credit/records', order()), 409, 'CREDIT_RECORD_DUPLICATE');

    id = created.json<RecordBody>().id;
    expect((await list('hd-jiaoyu')).map((item) => item.id)).toEqual([id]);
    expect((await list('handong')).map((item) => item.id)).toEqual([id]);
    expect((await list('yingshangban', '?status=ordered&q=XY2027')).map((item) => item.id)).toEqual([id]);
    expect(await list('jb-jiaoyu')).toEqual([]);
    expect(await list('jiangbei')).toEqual([]);
    expectError(await request('jb-jiaoyu', 'GET', `/api/credit/records/${id}`), 404, 'CREDIT_RECORD_NOT_FOUND');
    expect((await get('hd-jiaoyu')).availableActions).toEqual([]);
    expectError(await request('xinyongban', 'POST', '/api/credit/exports'), 409, 'CREDIT_EXPORT_NOTHING_NEW');
  });

  it('refuses the refusal for the lapse on the deadline, and the determination before a refusal, changing nothing', async () => {
    t.clock.set('2027-01-27T16:00:00+08:00');
    const before = await get();
    expectError(await request('xinyongban', 'POST', url(), { action: 'record_refusal', expectedVersion: 1, ground: 'lapse', facts: '期限届满未付款' }), 409, 'CREDIT_DEADLINE_NOT_PASSED');
    expectError(
      await request('xinyongban', 'POST', url(), { action: 'record', expectedVersion: 1, facts: '逾期未付', basis: '《保障中小企业款项支付条例》第九条', breachOn: '2027-01-27' }),
      409,
      'CREDIT_NOT_IN_STATUS',
    );
    expectError(await request('hd-jiaoyu', 'POST', url(), { action: 'record_refusal', expectedVersion: 1, ground: 'written', facts: '拒绝' }), 403, 'FORBIDDEN');
    expectError(await request('xinyongban', 'POST', url(), { action: 'record_refusal', expectedVersion: 1, ground: 'maybe', facts: '拒绝' }), 400, 'VALIDATION_FAILED');
    expect(await get()).toEqual(before);
  });

  it('records the refusal the day after the deadline, then determines the breach', async () => {
    t.clock.set('2027-01-28T10:00:00+08:00');
    const refused = await request('xinyongban', 'POST', url(), { action: 'record_refusal', expectedVersion: 1, ground: 'lapse', facts: '整改期限届满，仍未付款，也未说明理由' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', refusalGround: 'lapse', refusedOn: '2027-01-28', availableActions: [{ action: 'record' }] });
    const determined = await request('xinyongban', 'POST', url(), {
      action: 'record',
      expectedVersion: 2,
      facts: '年底前应一次性支付的12万元设备款逾期未付，经责令整改逾期仍未整改',
      basis: '《保障中小企业款项支付条例》第九条、第二十六条',
      breachOn: '2027-01-28',
    });
    expect(determined.statusCode, determined.body).toBe(200);
    expect(determined.json()).toMatchObject({ status: 'recorded', breachOn: '2027-01-28', version: 3 });
    expect((await get('hd-jiaoyu')).availableActions.map((item) => item.action)).toEqual(['object']);
  });

  it('runs objection → rejection through the actions endpoint; illegal steps answer coded errors and change nothing', async () => {
    const before = await get();
    expectError(await request('xinyongban', 'POST', url(), { action: 'decide_objection', expectedVersion: 3, decision: 'upheld', reason: '成立' }), 409, 'CREDIT_NOT_IN_STATUS');
    expectError(await request('hd-jiaoyu', 'POST', url(), { action: 'apply_repair', expectedVersion: 3, measures: '已整改' }), 422, 'CREDIT_REPAIR_NOT_ELIGIBLE');
    expectError(await request('hd-jiaoyu', 'POST', url(), { action: 'object', expectedVersion: 3, reason: '' }), 400, 'VALIDATION_FAILED');
    expect(await get()).toEqual(before);

    const objected = await request('hd-jiaoyu', 'POST', url(), { action: 'object', expectedVersion: 3, reason: '款项已申请预算，正在走支付流程' });
    expect(objected.statusCode, objected.body).toBe(200);
    expect(objected.json()).toMatchObject({ status: 'objected', version: 4, availableActions: [] });
    expectError(await request('hd-jiaoyu', 'POST', url(), { action: 'object', expectedVersion: 3, reason: '重复提交' }), 409, 'VERSION_CONFLICT');
    const decided = await request('xinyongban', 'POST', url(), { action: 'decide_objection', expectedVersion: 4, decision: 'rejected', reason: '逾期事实清楚，异议不成立' });
    expect(decided.json()).toMatchObject({ status: 'recorded', objectionDecision: 'rejected', version: 5 });
    expect(decided.json<RecordBody>().history.map((event) => event.type)).toEqual(['order_rectification', 'record_refusal', 'record', 'object', 'decide_objection']);
  });

  it('makes a batch whose file downloads byte-identical with its SHA-256, then refuses an empty batch', async () => {
    expectError(await request('yingshangban', 'POST', '/api/credit/exports'), 403, 'FORBIDDEN');
    const created = await request('xinyongban', 'POST', '/api/credit/exports');
    expect(created.statusCode, created.body).toBe(201);
    const batch = created.json<{ id: string; number: string; recordCount: number; sha256: string }>();
    expect(batch).toMatchObject({ number: 'BS2027-0001', recordCount: 1 });

    const first = await request('xinyongban', 'GET', `/api/credit/exports/${batch.id}/file`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/csv');
    expect(first.headers['content-disposition']).toContain('filename*=UTF-8');
    const again = await request('xinyongban', 'GET', `/api/credit/exports/${batch.id}/file`);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(createHash('sha256').update(first.rawPayload).digest('hex')).toBe(batch.sha256);
    expect(first.headers['x-content-sha256']).toBe(batch.sha256);
    expect(parseExportFile(first.rawPayload)).toEqual([
      expect.objectContaining({
        数据批次号: 'BS2027-0001',
        记录编号: 'XY2027-0001',
        主体类型: '政府部门',
        状态: '新增',
        认定日期: '2027-01-28',
        认定依据: '《保障中小企业款项支付条例》第九条、第二十六条',
      }),
    ]);

    expectError(await request('xinyongban', 'POST', '/api/credit/exports'), 409, 'CREDIT_EXPORT_NOTHING_NEW');
    const batches = (await request('xinyongban', 'GET', '/api/credit/exports')).json<{ items: { number: string }[] }>().items;
    expect(batches.map((item) => item.number)).toEqual(['BS2027-0001']);
    expectError(await request('hd-jiaoyu', 'GET', `/api/credit/exports/${batch.id}/file`), 403, 'FORBIDDEN');
    expectError(await request('xinyongban', 'GET', '/api/credit/exports/00000000-0000-4000-8000-000000000000/file'), 404, 'CREDIT_EXPORT_BATCH_NOT_FOUND');
  });

  it('names every operation in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/credit'))
      .flatMap(([, methods]) => Object.values(methods).map((operation) => operation.operationId));
    expect(operations.sort()).toEqual(
      ['createCreditExport', 'downloadCreditExport', 'exportCreditRecords', 'getCreditRecord', 'listBreachCandidates', 'listCreditExports', 'listCreditRecords', 'orderCreditRectification', 'performCreditAction'].sort(),
    );
  });
});
