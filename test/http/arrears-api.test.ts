import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { pageAfterAction } from '../support/cases.ts';

const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;

interface CaseBody {
  id: string;
  number: string;
  state: string;
  version: number;
  rule: string | null;
  deadline: string | null;
  paidAmount: number;
  enterprise: { unitId: string };
  availableActions: { action: string }[];
  events: { type: string; rule: string | null }[];
}

describe(`the arrears API end to end (${backendName})`, () => {
  let t: TestApp;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    t.server.inject({ method, url, headers: { ...(await t.signIn(username)), ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });

  const getCase = async (username: TestUsername, id: string) => (await request(username, 'GET', `/api/cases/${id}`)).json<CaseBody>();

  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const current = await getCase('yingshangban', id);
    return pageAfterAction(await request(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: current.version, ...command }), () => request(username, 'GET', `/api/cases/${id}`));
  };

  /** A rejected command must leave the case exactly as it was. */
  const expectRejected = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, id: string, before: CaseBody) => {
    expect(response.statusCode).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await getCase('yingshangban', id)).toEqual(before);
  };

  const register = async (claimedAmount = 50_000_000, username: TestUsername = 'yingshangban', extra: Record<string, unknown> = {}) => {
    const response = await request(username, 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠第三中学校舍维修工程款',
      facts: '2025年8月竣工验收合格，合同价款已结算，尾款至今未付。',
      instruction: '请汉东区教育局于十个工作日内核实并制定清偿方案。',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount,
      ...extra,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('refuses a wrong password and an anonymous caller, in Chinese', async () => {
    const wrong = await t.server.inject({ method: 'POST', url: '/api/session', payload: { username: 'yingshangban', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', details: {} } });
    const anonymous = await t.server.inject({ method: 'GET', url: '/api/cases' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an invalid credit code and writes nothing', async () => {
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '测试',
      facts: '测试',
      enterprise: { name: '某公司', creditCode: `${ENTERPRISE.creditCode.slice(0, 17)}${ENTERPRISE.creditCode.endsWith('0') ? '1' : '0'}` },
      responsibleUnitId: DEBTOR,
      claimedAmount: 100,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('CREDIT_CODE_INVALID');
    expect((await request('yingshangban', 'GET', '/api/cases')).json().items).toEqual([]);
    const units = await request('yingshangban', 'GET', '/api/units?kind=enterprise');
    expect(units.json().items).toEqual([]);
  });

  it('carries a 500,000.00 元 arrear from registration to closure (A1, A2, G3)', async () => {
    const registered = await register();
    expect(registered).toMatchObject({ number: 'QK2026-00001', state: 'registered', version: 1 });
    expect(registered.availableActions.map((item) => item.action)).toContain('classify');

    const classified = await act('hd-jiaoyu', registered.id, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 50_000_000 },
    });
    expect(classified.statusCode, classified.body).toBe(200);
    expect(classified.json()).toMatchObject({ state: 'performing', rule: 'A1', deadline: '2026-12-31' });

    const before = await getCase('yingshangban', registered.id);
    await expectRejected(
      await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 50_000_001, voucher: 'HD-0302-1' }),
      422,
      'PAYMENT_EXCEEDS_OUTSTANDING',
      registered.id,
      before,
    );
    await expectRejected(
      await request('hd-jiaoyu', 'POST', `/api/cases/${registered.id}/actions`, { action: 'report_progress', progress: '已拨付', expectedVersion: 1 }),
      409,
      'VERSION_CONFLICT',
      registered.id,
      before,
    );

    const paid = await act('hd-jiaoyu', registered.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 50_000_000, voucher: 'HD-0302-1' });
    expect(paid.json()).toMatchObject({ state: 'settled', paidAmount: 50_000_000 });

    const settled = await getCase('yingshangban', registered.id);
    await expectRejected(await act('yingshangban', registered.id, { action: 'close' }), 409, 'CASE_NOT_IN_STATE', registered.id, settled);

    const feedback = await act('hd-jiaoyu', registered.id, {
      action: 'submit_feedback',
      summary: '已于2026年3月2日通过国库集中支付一次性付清。',
      documents: [{ title: '国库集中支付凭证', reference: 'GK-2026-0302-017' }],
    });
    expect(feedback.json().state).toBe('feedback_submitted');

    const submitted = await getCase('yingshangban', registered.id);
    await expectRejected(await act('hd-jiaoyu', registered.id, { action: 'close' }), 403, 'FORBIDDEN', registered.id, submitted);
    const closed = await act('yingshangban', registered.id, { action: 'close', opinion: '材料齐全，同意销号。' });
    expect(closed.json()).toMatchObject({ state: 'closed' });
    expect(closed.json<CaseBody>().events.map((event) => [event.type, event.rule])).toEqual([
      ['register', 'S3'],
      ['classify', 'A1'],
      ['record_payment', 'A1'],
      ['submit_feedback', 'G3'],
      ['close', 'G3'],
    ]);
  });

  it('puts 500,000.01 元 with a difficulty on an installment plan that waits for the enterprise (A3)', async () => {
    const registered = await register(50_000_001);
    await act('hd-jiaoyu', registered.id, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 50_000_001, paymentDifficulty: '年度预算已执行完毕' },
    });
    const proposed = await act('hd-jiaoyu', registered.id, {
      action: 'propose_plan',
      installments: [
        { dueOn: '2026-06-30', amount: 25_000_000 },
        { dueOn: '2026-12-31', amount: 25_000_001 },
      ],
    });
    expect(proposed.json()).toMatchObject({ state: 'awaiting_consent' });

    await t.addEnterpriseAccount('qiye1', registered.enterprise.unitId);
    const view = await getCase('qiye1', registered.id);
    expect(view.availableActions.map((item) => item.action).sort()).toEqual(['add_material', 'consent', 'object']);
    const consented = await act('qiye1', registered.id, { action: 'consent', note: '同意分两期支付' });
    expect(consented.json()).toMatchObject({ state: 'performing', deadline: '2026-06-30' });
  });

  it('hides a case from another county, in the list and by URL', async () => {
    const registered = await register(3_000_000);
    expect((await request('jiangbei', 'GET', `/api/cases/${registered.id}`)).statusCode).toBe(404);
    expect((await request('jb-jiaoyu', 'GET', `/api/cases/${registered.id}`)).statusCode).toBe(404);
    expect((await request('sysadmin', 'GET', `/api/cases/${registered.id}`)).statusCode).toBe(404);
    expect((await request('jiangbei', 'GET', '/api/cases')).json().items).toEqual([]);
    const ids = (await request('handong', 'GET', '/api/cases?limit=100')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ids).toContain(registered.id);
  });

  it('replays a retried registration with the same Idempotency-Key', async () => {
    const payload = {
      line: 'arrears',
      source: 'petition',
      title: '来信反映汉东区教育局拖欠课桌椅货款',
      facts: '企业来信称2025年供货的课桌椅货款未付。',
      enterprise: ENTERPRISE,
      responsibleUnitId: DEBTOR,
      claimedAmount: 1_234_500,
    };
    const first = await request('yingshangban', 'POST', '/api/cases', payload, { 'idempotency-key': 'retry-test-0001' });
    const second = await request('yingshangban', 'POST', '/api/cases', payload, { 'idempotency-key': 'retry-test-0001' });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const reused = await request('yingshangban', 'POST', '/api/cases', { ...payload, claimedAmount: 1 }, { 'idempotency-key': 'retry-test-0001' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('pages the ledger by keyset without gaps or repeats', async () => {
    const all = (await request('yingshangban', 'GET', '/api/cases?limit=100')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await request('yingshangban', 'GET', `/api/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all);
    const bad = await request('yingshangban', 'GET', '/api/cases?cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('validates commands with Chinese messages naming the field', async () => {
    const registered = await register(700_000);
    const before = await getCase('yingshangban', registered.id);
    const response = await request('hd-jiaoyu', 'POST', `/api/cases/${registered.id}/actions`, {
      action: 'record_payment',
      expectedVersion: 1,
      paidOn: '2026-02-30',
      amount: 1.5,
      voucher: '',
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['amount', 'paidOn', 'voucher']);
    expect(await getCase('yingshangban', registered.id)).toEqual(before);
  });

  it('documents every operation in OpenAPI 3.1 and serves the reference and health', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThanOrEqual(10);
    for (const operation of operations) expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    const docs = await t.server.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    const health = await t.server.inject({ method: 'GET', url: '/api/health' });
    // The test server runs in demo mode (test/support/app.ts), so its accounts sign in with the password alone.
    expect(health.json()).toMatchObject({ status: 'ok', demo: true });
  });
});
