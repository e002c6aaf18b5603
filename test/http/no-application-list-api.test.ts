import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { yuan } from '../../src/domain/money.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const FIRM = 'ent-hanshui-zhineng';

const clause = (article: string, title: string, noApplication: boolean) => ({
  article,
  title,
  class: 'subsidy',
  content: `${title}：符合条件的企业由政策部门依据共享数据直接兑付。`,
  amountRule: { kind: 'fixed', amount: wan(30) },
  conditions: [{ field: 'tag', op: 'has', value: '高新技术企业' }],
  materials: [],
  noApplication,
  fastTrack: false,
});

const CITY = {
  documentNo: '汉政发〔2026〕3号',
  title: '汉江市加快制造业高质量发展若干政策',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '30条',
  publishedOn: '2026-01-15',
  effectiveOn: '2026-02-01',
  expiresOn: '2028-12-31',
  clauses: [clause('第6条', '智能化技术改造奖补', false), clause('第9条', '首次认定高新技术企业奖励', true)],
};
const TRADE = {
  documentNo: '汉东政发〔2026〕2号',
  title: '汉东区商贸流通企业扶持办法',
  issuerUnitId: LOCAL_UNIT_IDS.handong.government,
  publishedOn: '2026-01-05',
  effectiveOn: '2026-01-10',
  clauses: [clause('第六条', '限上商贸企业入统奖励', true)],
};
const LOAN = {
  documentNo: '江北政发〔2025〕30号',
  title: '江北区小微企业创业担保贷款贴息办法',
  issuerUnitId: LOCAL_UNIT_IDS.jiangbei.government,
  publishedOn: '2025-06-18',
  effectiveOn: '2025-07-01',
  expiresOn: '2027-06-30',
  clauses: [clause('第四条', '创业担保贷款贴息', true)],
};
const EXPIRED = {
  documentNo: '汉政发〔2025〕1号',
  title: '汉江市2025年稳增长奖励办法',
  issuerUnitId: UNIT_IDS.cityGovernment,
  publishedOn: '2024-12-20',
  effectiveOn: '2025-01-01',
  expiresOn: '2025-12-31',
  clauses: [clause('第三条', '稳增长奖励', true)],
};

interface ListBody {
  asOf: string;
  current: { policyId: string; documentNo: string; clauseId: string; article: string; title: string; issuerName: string; amountText: string; conditionTexts: string[]; enteredOn: string; enteredBecauseLabel: string }[];
  history: { on: string; move: string; moveLabel: string; reason: string; reasonLabel: string; documentNo: string; policyTitle: string; clauseId: string; article: string; clauseTitle: string }[];
}

/** P2: the published 免申即享 list follows the library and its dated log (P7) through the real HTTP stack. */
describe(`the 免申即享 list API (${backendName})`, () => {
  let t: TestApp;
  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const list = async (username: TestUsername = 'qiye1') => {
    const response = await request(username, 'GET', '/api/no-application-list');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ListBody>();
  };
  const record = async (policy: object) => {
    const response = await request('yingshangban', 'POST', '/api/policies', policy);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; version: number; clauses: { id: string; article: string }[] }>();
  };
  const change = async (id: string, body: object) => {
    const response = await request('yingshangban', 'POST', `/api/policies/${id}/changes`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ id: string; clauses: { id: string; article: string }[] }>();
  };
  const moves = (body: ListBody, documentNo: string) =>
    body.history.filter((event) => event.documentNo === documentNo).map((event) => [event.on, event.moveLabel, event.reasonLabel, event.article]);

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Every change below is recorded today; the update is dated by it (P7).
    t = await createTestApp('2026-03-10T10:00:00+08:00');
    await t.app.db.insert(units).values({ id: FIRM, tenantId: t.app.tenantId, name: '湖北汉水智能装备有限公司', kind: 'enterprise', creditCode: '91422902MA49TQ2N0X', jurisdictionId: JURISDICTION_IDS.handong });
    await t.addEnterpriseAccount('qiye1', FIRM);
  });
  afterAll(async () => t?.close());

  it('lists the marked clause of a policy in force, from the day it took effect, for an enterprise too', async () => {
    const city = await record(CITY);
    ids.city = city.id;
    ids.trade = (await record(TRADE)).id;
    ids.loan = (await record(LOAN)).id;
    const body = await list('qiye1');
    expect(body.asOf).toBe('2026-03-10');
    const award = body.current.find((item) => item.documentNo === CITY.documentNo);
    expect(award).toMatchObject({
      clauseId: city.clauses.find((item) => item.article === '第9条')!.id,
      title: '首次认定高新技术企业奖励',
      issuerName: '汉江市经济和信息化局',
      amountText: '定额 30万元',
      conditionTexts: ['具有“高新技术企业”资质'],
      enteredOn: '2026-02-01',
      enteredBecauseLabel: '施行',
    });
    // The unmarked clause of the same policy is not on the list.
    expect(body.current.filter((item) => item.documentNo === CITY.documentNo)).toHaveLength(1);
    expect(body.current.map((item) => item.documentNo).sort()).toEqual([CITY.documentNo, TRADE.documentNo, LOAN.documentNo].sort());
    expect(moves(body, CITY.documentNo)).toEqual([['2026-02-01', '列入', '施行', '第9条']]);
    // Staff read the same list.
    expect((await list('xinyongban')).current).toEqual(body.current);
  });

  it('leaves an expired policy’s clause off the list, its expiry in the history', async () => {
    await record(EXPIRED);
    const body = await list();
    expect(body.current.map((item) => item.documentNo)).not.toContain(EXPIRED.documentNo);
    expect(moves(body, EXPIRED.documentNo)).toEqual([
      ['2026-01-01', '移出', '到期', '第三条'],
      ['2025-01-01', '列入', '施行', '第三条'],
    ]);
  });

  it('takes a clause off the day an update clears its mark (更新)', async () => {
    await change(ids.city!, {
      action: 'update',
      expectedVersion: 1,
      note: '第9条改为依申请兑现',
      policy: { ...CITY, clauses: [CITY.clauses[0], { ...CITY.clauses[1], noApplication: false }] },
    });
    const body = await list();
    expect(body.current.map((item) => item.documentNo)).not.toContain(CITY.documentNo);
    expect(moves(body, CITY.documentNo)).toEqual([
      ['2026-03-10', '移出', '更新', '第9条'],
      ['2026-02-01', '列入', '施行', '第9条'],
    ]);
  });

  it('takes an abolished policy’s clause off from the day of abolition (废止)', async () => {
    await change(ids.trade!, { action: 'abolish', expectedVersion: 1, on: '2026-03-05', note: '并入全区统一的商贸扶持政策' });
    const body = await list();
    expect(body.current.map((item) => item.documentNo)).not.toContain(TRADE.documentNo);
    expect(moves(body, TRADE.documentNo)).toEqual([
      ['2026-03-05', '移出', '废止', '第六条'],
      ['2026-01-10', '列入', '施行', '第六条'],
    ]);
  });

  it('replaces a revised policy’s clause by its successor’s when the new document keeps the mark (修订)', async () => {
    const successor = await change(ids.loan!, {
      action: 'revise',
      expectedVersion: 1,
      on: '2026-03-10',
      note: '贴息比例由50%提高至80%',
      policy: { ...LOAN, documentNo: '江北政发〔2026〕11号', title: '江北区小微企业创业担保贷款贴息办法（2026年修订）', publishedOn: '2026-03-01', effectiveOn: '2026-03-10', expiresOn: '2028-06-30' },
    });
    const body = await list();
    expect(body.current.map((item) => item.documentNo)).not.toContain(LOAN.documentNo);
    expect(body.current.find((item) => item.documentNo === '江北政发〔2026〕11号')).toMatchObject({
      clauseId: successor.clauses[0]!.id,
      enteredOn: '2026-03-10',
      enteredBecauseLabel: '施行',
    });
    expect(moves(body, LOAN.documentNo)).toEqual([
      ['2026-03-10', '移出', '修订', '第四条'],
      ['2025-07-01', '列入', '施行', '第四条'],
    ]);
    // Newest first; on the day of the revision the new clause stands above the one it replaces.
    expect(body.history.slice(0, 3).map((event) => [event.on, event.moveLabel, event.documentNo])).toEqual([
      ['2026-03-10', '列入', '江北政发〔2026〕11号'],
      ['2026-03-10', '移出', CITY.documentNo],
      ['2026-03-10', '移出', LOAN.documentNo],
    ]);
  });

  it('refuses the administrators and anyone signed out', async () => {
    const admin = await request('sysadmin', 'GET', '/api/no-application-list');
    expect(admin.statusCode, admin.body).toBe(403);
    expect(admin.json().error).toMatchObject({ code: 'FORBIDDEN' });
    expect(admin.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await t.server.inject({ method: 'GET', url: '/api/no-application-list' })).statusCode).toBe(401);
  });

  it('documents the operation in the OpenAPI document under 政策库', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string; tags: string[] }>> }>();
    expect(document.paths['/api/no-application-list']?.get).toMatchObject({ operationId: 'getNoApplicationList', tags: ['政策库'] });
  });
});
