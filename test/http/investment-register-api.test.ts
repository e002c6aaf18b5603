import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { accounts, idempotencyKeys, investmentProjects, investmentPromiseFulfilments, investmentPromiseReviews, investmentPromises, responsibilityMatrix, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { yuan } from '../../src/domain/money.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { addTestFirms, FIRM } from '../support/test-firms.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const FIRM_CODE = makeCreditCode('91422902MA49TQ2N0');

/** 市招商局's staff: a lead bureau, 招商局 because the matrix's row `investment_promises` names its unit. */
const ZHAOSHANGJU = 'zhaoshangju';
type Username = TestUsername | typeof ZHAOSHANGJU;

interface PromiseBody {
  id: string;
  version: number;
  clause: string;
  status: string;
  statusLabel: string;
  daysOverdue: number | null;
  keptOn: string | null;
  outstandingAmount: number | null;
  outstandingArea: number | null;
  delivered: { amount: number; area: number; records: number };
  legality: { legality: string; label: string; reason: string | null; reviewerName: string; reviewerUnitName: string | null } | null;
  mayEdit: boolean;
  mayFulfil: boolean;
  mayReview: boolean;
  fulfilments: { seq: number; amount: number | null; description: string }[];
  reviews: { seq: number; legality: string }[];
  case: { id: string; number: string } | null;
}

interface ProjectBody {
  id: string;
  version: number;
  status: string;
  enterprise: { unitId: string; name: string; creditCode: string };
  jurisdiction: { id: string; name: string };
  totals: Record<string, number>;
  promises: PromiseBody[];
  mayEdit: boolean;
}

/** S6: the promise register — projects, promises, deliveries, legality reviews — and who may see and keep it. */
describe(`the investment promise register (${backendName})`, () => {
  let t: TestApp;
  // The shared test accounts may already hold 招商局's; this file adds it when they do not.
  let zhaoshangjuName = '';
  const signedIn = new Map<string, Promise<{ authorization: string }>>();
  const headers = (username: Username) => {
    if (username !== ZHAOSHANGJU) return t.signIn(username);
    let signing = signedIn.get(username);
    if (signing === undefined) {
      signing = t.server.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } }).then((response) => {
        if (response.statusCode !== 200) throw new Error(response.body);
        return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
      });
      signedIn.set(username, signing);
    }
    return signing;
  };
  const call = async (username: Username, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, key?: string) =>
    t.server.inject({ method, url, ...(payload === undefined ? {} : { payload }), headers: { ...(await headers(username)), ...(key ? { 'idempotency-key': key } : {}) } });

  /** Every row the register's writes could touch. */
  const totals = async () => {
    const of = async (table: typeof investmentProjects | typeof investmentPromises | typeof investmentPromiseFulfilments | typeof investmentPromiseReviews | typeof units | typeof idempotencyKeys) =>
      Number((await t.app.db.select({ n: count() }).from(table))[0]!.n);
    return {
      projects: await of(investmentProjects),
      promises: await of(investmentPromises),
      fulfilments: await of(investmentPromiseFulfilments),
      reviews: await of(investmentPromiseReviews),
      units: await of(units),
      keys: await of(idempotencyKeys),
    };
  };
  const expectRefused = (response: { statusCode: number; body: string; json: () => { error: { code: string; message: string } } }, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  const project = (overrides: object = {}) => ({
    name: '年产5万吨新材料项目',
    enterprise: { name: '湖北汉水智能装备有限公司', creditCode: FIRM_CODE },
    agreementName: '年产5万吨新材料项目投资协议',
    agreementNo: 'HD-ZS-2026-001',
    signingUnitId: LOCAL_UNIT_IDS.handong.government,
    signedOn: '2026-01-15',
    investmentAmount: wan(50_000),
    milestones: [{ name: '开工', plannedOn: '2026-06-30' }],
    clauses: '第五条 供地；第六条 设备补助；第七条 税收优惠。',
    ...overrides,
  });
  const FUNDS = { type: 'funds', clause: '第六条', content: '项目投产后给予设备购置补助600万元', amount: wan(600), dueOn: '2026-06-30', conditions: '设备投资不低于2亿元', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju };
  const LAND = { type: 'land', clause: '第五条', content: '按工业用地出让最低价标准供地120.5亩', area: 12_050, dueOn: '2026-04-30', responsibleUnitId: LOCAL_UNIT_IDS.handong.government };
  const POLICY = { type: 'policy', clause: '第七条', content: '前三年城镇土地使用税地方留成部分全额奖励', dueOn: '2026-12-31', responsibleUnitId: LOCAL_UNIT_IDS.handong.caizhengju };

  let handongProject: ProjectBody;
  const promiseOf = (body: ProjectBody, clause: string) => body.promises.find((promise) => promise.clause === clause)!;
  const getProject = async (username: Username, id = handongProject.id) => (await call(username, 'GET', `/api/investment/projects/${id}`)).json<ProjectBody>();

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    await addTestFirms(t);
    await t.app.db.insert(accounts).values({
      id: 'acc-zhaoshangju',
      tenantId: t.app.tenantId,
      username: ZHAOSHANGJU,
      displayName: '招商局经办人',
      passwordHash: await hashPassword(PASSWORD),
      role: 'lead_bureau',
      unitId: UNIT_IDS.zhaoshangju,
    }).onConflictDoNothing();
    zhaoshangjuName = (await t.app.db.select().from(accounts).where(eq(accounts.username, ZHAOSHANGJU)))[0]!.displayName;
  });
  afterAll(() => t?.close());

  it('records a project with its enterprise found by credit code, and its promises; a retry replays, a second agreement is refused', async () => {
    const created = await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project(), 'inv-project-1');
    expect(created.statusCode, created.body).toBe(201);
    handongProject = created.json<ProjectBody>();
    expect(handongProject).toMatchObject({
      version: 1,
      status: 'due',
      enterprise: { unitId: FIRM, creditCode: FIRM_CODE },
      jurisdiction: { id: JURISDICTION_IDS.handong, name: '汉东区' },
      promises: [],
      mayEdit: true,
    });
    const before = await totals();
    const again = await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project(), 'inv-project-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(created.json());
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ name: '另一个名称' })), 409, 'PROJECT_DUPLICATE');
    expect(await totals()).toEqual(before);

    for (const [index, promise] of [FUNDS, LAND, POLICY].entries()) {
      const added = await call(ZHAOSHANGJU, 'POST', `/api/investment/projects/${handongProject.id}/promises`, promise, `inv-promise-${index}`);
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({ status: 'due', clause: promise.clause, responsibleUnit: { id: promise.responsibleUnitId }, legality: null, case: null, version: 1 });
    }
    expectRefused(await call(ZHAOSHANGJU, 'POST', `/api/investment/projects/${handongProject.id}/promises`, FUNDS), 409, 'PROMISE_DUPLICATE');
    handongProject = await getProject(ZHAOSHANGJU);
    expect(handongProject.promises.map((promise) => [promise.clause, promise.status])).toEqual([
      ['第五条', 'due'],
      ['第六条', 'due'],
      ['第七条', 'due'],
    ]);

    // An enterprise new to the platform is registered under its code, in the project's jurisdiction.
    const newCode = makeCreditCode('91422902MA4C8R7X0');
    const second = await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'HD-ZS-2026-002', enterprise: { name: '汉东新能源科技有限公司', creditCode: newCode } }));
    expect(second.statusCode, second.body).toBe(201);
    const [registered] = await t.app.db.select().from(units).where(eq(units.creditCode, newCode));
    expect(registered).toMatchObject({ kind: 'enterprise', name: '汉东新能源科技有限公司', jurisdictionId: JURISDICTION_IDS.handong });
  });

  it('refuses bad input with a coded Chinese message and writes nothing', async () => {
    const before = await totals();
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-1', enterprise: { name: '某企业', creditCode: '91422902MA49TQ2N0X' } })), 400, 'CREDIT_CODE_INVALID');
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-2', investmentAmount: Number.MAX_SAFE_INTEGER + 1 })), 400, 'VALIDATION_FAILED');
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-3', name: 'a\u0000b' })), 400, 'TEXT_INVALID');
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-4', signedOn: '2026-03-03' })), 400, 'VALIDATION_FAILED');
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-5', signingUnitId: LOCAL_UNIT_IDS.handong.soe })), 400, 'VALIDATION_FAILED');
    // A code that is a public unit's is no enterprise to register.
    const [soe] = await t.app.db.select().from(units).where(eq(units.id, LOCAL_UNIT_IDS.handong.soe));
    expectRefused(await call(ZHAOSHANGJU, 'POST', '/api/investment/projects', project({ agreementNo: 'X-6', enterprise: { name: '城投', creditCode: soe!.creditCode } })), 400, 'VALIDATION_FAILED');
    expectRefused(await call(ZHAOSHANGJU, 'POST', `/api/investment/projects/${handongProject.id}/promises`, { ...FUNDS, clause: '第九条', responsibleUnitId: FIRM }), 400, 'VALIDATION_FAILED');
    expectRefused(await call(ZHAOSHANGJU, 'POST', `/api/investment/projects/${handongProject.id}/promises`, { ...FUNDS, clause: '第九条', area: 50.5 }), 400, 'VALIDATION_FAILED');
    const stale = await call(ZHAOSHANGJU, 'PUT', `/api/investment/projects/${handongProject.id}`, { ...project({ name: '改名' }), expectedVersion: 7 });
    expectRefused(stale, 409, 'VERSION_CONFLICT');
    expect(await totals()).toEqual(before);
    expect((await getProject(ZHAOSHANGJU)).version).toBe(1);
  });

  it('derives each promise’s status from its deliveries and the day: partly kept, kept, overdue in calendar days (S6)', async () => {
    const funds = promiseOf(handongProject, '第六条');
    const land = promiseOf(handongProject, '第五条');
    const policy = promiseOf(handongProject, '第七条');
    const deliver = (id: string, body: object, username: Username = ZHAOSHANGJU) => call(username, 'POST', `/api/investment/promises/${id}/fulfilments`, { deliveredOn: '2026-03-01', description: '拨付', ...body });

    const first = await deliver(funds.id, { amount: wan(200), description: '拨付首期补助', voucher: '汉东财拨〔2026〕12号' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'partly_kept', statusLabel: '部分兑现', delivered: { amount: wan(200), records: 1 }, outstandingAmount: wan(400) });

    const before = await totals();
    expectRefused(await deliver(funds.id, { amount: wan(400) + 1 }), 422, 'FULFILMENT_EXCEEDS_PROMISE');
    expectRefused(await deliver(funds.id, { amount: wan(1), deliveredOn: '2026-03-03' }), 400, 'VALIDATION_FAILED');
    expectRefused(await deliver(funds.id, { area: 100 }), 400, 'VALIDATION_FAILED');
    expectRefused(await deliver(policy.id, { amount: wan(1) }), 400, 'VALIDATION_FAILED');
    expect(await totals()).toEqual(before);

    // Past the land's due date, undelivered: overdue, counted in calendar days (2026-04-30 → 2026-05-04).
    t.clock.set('2026-05-04T09:00:00+08:00');
    t.forgetSignIns();
    signedIn.clear();
    const kept = await deliver(funds.id, { amount: wan(400), deliveredOn: '2026-05-02', description: '拨付剩余补助' });
    expect(kept.json()).toMatchObject({ status: 'kept', keptOn: '2026-05-02', outstandingAmount: 0, mayFulfil: false });
    expectRefused(await deliver(funds.id, { amount: 1 }), 409, 'PROMISE_ALREADY_KEPT');
    expect((await deliver(policy.id, { description: '兑现2026年度奖励' })).json()).toMatchObject({ status: 'partly_kept' });
    expect((await deliver(policy.id, { description: '奖励政策已全部兑现', completes: true })).json()).toMatchObject({ status: 'kept', delivered: { records: 2 } });
    expect((await deliver(land.id, { area: 5_000, description: '首批土地挂牌出让' })).json()).toMatchObject({
      status: 'overdue',
      statusLabel: '逾期未兑现',
      daysOverdue: 4,
      outstandingArea: 7_050,
    });

    // The tracking list: the overdue first, then by due date; totals per status under the other filters.
    const tracking = await call(ZHAOSHANGJU, 'GET', `/api/investment/promises?projectId=${handongProject.id}`);
    expect(tracking.statusCode, tracking.body).toBe(200);
    const body = tracking.json<{ asOf: string; totals: Record<string, number>; items: PromiseBody[] }>();
    expect(body.asOf).toBe('2026-05-04');
    expect(body.items.map((item) => [item.clause, item.status])).toEqual([
      ['第五条', 'overdue'],
      ['第六条', 'kept'],
      ['第七条', 'kept'],
    ]);
    expect(body.totals).toEqual({ all: 3, overdue: 1, partly_kept: 0, due: 0, kept: 2, flawed: 0 });
    const overdueOnly = (await call(ZHAOSHANGJU, 'GET', `/api/investment/promises?projectId=${handongProject.id}&status=overdue`)).json<{ totals: Record<string, number>; items: PromiseBody[] }>();
    expect(overdueOnly.items.map((item) => item.clause)).toEqual(['第五条']);
    expect(overdueOnly.totals).toEqual(body.totals);
    const landDue = (await call(ZHAOSHANGJU, 'GET', `/api/investment/promises?projectId=${handongProject.id}&type=land&dueBefore=2026-04-30`)).json<{ items: PromiseBody[] }>();
    expect(landDue.items.map((item) => item.clause)).toEqual(['第五条']);

    handongProject = await getProject(ZHAOSHANGJU);
    expect(handongProject.status).toBe('overdue');
    expect(promiseOf(handongProject, '第六条').fulfilments.map((record) => [record.seq, record.amount, record.description])).toEqual([
      [1, wan(200), '拨付首期补助'],
      [2, wan(400), '拨付剩余补助'],
    ]);

    // An edit keeps the promise at least what was delivered.
    const landNow = promiseOf(handongProject, '第五条');
    const landFields = LAND;
    expectRefused(await call(ZHAOSHANGJU, 'PUT', `/api/investment/promises/${landNow.id}`, { ...landFields, area: 4_999, expectedVersion: landNow.version }), 422, 'FULFILMENT_EXCEEDS_PROMISE');
    const edited = await call(ZHAOSHANGJU, 'PUT', `/api/investment/promises/${landNow.id}`, { ...landFields, dueOn: '2026-05-31', expectedVersion: landNow.version });
    expect(edited.json()).toMatchObject({ status: 'partly_kept', version: 2, dueOn: '2026-05-31' });
    expectRefused(await call(ZHAOSHANGJU, 'PUT', `/api/investment/promises/${landNow.id}`, { ...landFields, expectedVersion: landNow.version }), 409, 'VERSION_CONFLICT');
  });

  it('reviews a promise’s legality, keeps every review, counts the latest and lists the flawed ones (S6)', async () => {
    const policy = promiseOf(handongProject, '第七条');
    const land = promiseOf(handongProject, '第五条');
    const review = (id: string, body: object, username: Username = ZHAOSHANGJU) => call(username, 'POST', `/api/investment/promises/${id}/reviews`, { reviewedOn: '2026-05-04', ...body });

    const before = await totals();
    expectRefused(await review(policy.id, { legality: 'flawed' }), 400, 'VALIDATION_FAILED');
    expectRefused(await review(policy.id, { legality: 'flawed', reason: '   ' }), 400, 'VALIDATION_FAILED');
    expectRefused(await review(policy.id, { legality: 'fine' }), 400, 'VALIDATION_FAILED');
    expectRefused(await review(policy.id, { legality: 'compliant', reviewedOn: '2026-05-05' }), 400, 'VALIDATION_FAILED');
    expect(await totals()).toEqual(before);

    expect((await review(policy.id, { legality: 'compliant' })).statusCode).toBe(201);
    const flawed = await review(policy.id, { legality: 'flawed', reason: '以税收返还形式兑现，违反《优化营商环境条例》和财政管理规定' });
    expect(flawed.statusCode, flawed.body).toBe(201);
    expect(flawed.json()).toMatchObject({
      legality: { legality: 'flawed', label: '有瑕疵', reason: '以税收返还形式兑现，违反《优化营商环境条例》和财政管理规定', reviewerName: zhaoshangjuName, reviewerUnitName: '汉江市招商局' },
      reviews: [
        { seq: 1, legality: 'compliant' },
        { seq: 2, legality: 'flawed' },
      ],
    });
    expect((await review(land.id, { legality: 'compliant' }, 'handong')).statusCode).toBe(201);

    const list = async (query: string) => (await call(ZHAOSHANGJU, 'GET', `/api/investment/promises?projectId=${handongProject.id}&${query}`)).json<{ totals: Record<string, number>; items: PromiseBody[] }>();
    const flawedOnly = await list('legality=flawed');
    expect(flawedOnly.items.map((item) => item.clause)).toEqual(['第七条']);
    expect(flawedOnly.totals).toMatchObject({ all: 1, kept: 1, flawed: 1 });
    expect((await list('legality=compliant')).items.map((item) => item.clause)).toEqual(['第五条']);
    expect((await list('legality=unreviewed')).items.map((item) => item.clause)).toEqual(['第六条']);
    expect((await list('')).totals.flawed).toBe(1);
  });

  it('lets a county keep its own jurisdiction only, and hides another county’s projects (404)', async () => {
    const own = await call('handong', 'POST', '/api/investment/projects', project({ agreementNo: 'HD-ZS-2026-010', name: '智能装备产业园' }));
    expect(own.statusCode, own.body).toBe(201);
    const before = await totals();
    expectRefused(await call('handong', 'POST', '/api/investment/projects', project({ agreementNo: 'JB-1', signingUnitId: LOCAL_UNIT_IDS.jiangbei.government })), 403, 'FORBIDDEN');

    const landId = promiseOf(handongProject, '第五条').id;
    expectRefused(await call('jiangbei', 'GET', `/api/investment/projects/${handongProject.id}`), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await call('jiangbei', 'GET', `/api/investment/promises/${landId}`), 404, 'PROMISE_NOT_FOUND');
    expectRefused(await call('jiangbei', 'POST', `/api/investment/promises/${landId}/fulfilments`, { deliveredOn: '2026-05-01', area: 10, description: '供地' }), 404, 'PROMISE_NOT_FOUND');
    expectRefused(await call('jiangbei', 'POST', `/api/investment/promises/${landId}/reviews`, { legality: 'compliant', reviewedOn: '2026-05-01' }), 404, 'PROMISE_NOT_FOUND');
    expectRefused(await call('jiangbei', 'POST', `/api/investment/projects/${handongProject.id}/promises`, { ...FUNDS, clause: '第十条' }), 404, 'PROJECT_NOT_FOUND');
    expect((await call('jiangbei', 'GET', '/api/investment/projects')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await call('jiangbei', 'GET', '/api/investment/promises')).json<{ totals: { all: number } }>().totals.all).toBe(0);
    expect((await call('handong', 'GET', '/api/investment/projects')).json<{ items: { id: string }[] }>().items).toHaveLength(3);

    // 营商办 and leaders read all, keep nothing; other bureaus, the credit office and administrators see nothing.
    expect((await getProject('yingshangban')).promises).toHaveLength(3);
    expect((await getProject('leader')).promises.every((promise) => !promise.mayEdit && !promise.mayFulfil && !promise.mayReview)).toBe(true);
    expectRefused(await call('yingshangban', 'POST', '/api/investment/projects', project({ agreementNo: 'YS-1' })), 403, 'FORBIDDEN');
    expectRefused(await call('yingshangban', 'POST', `/api/investment/promises/${landId}/fulfilments`, { deliveredOn: '2026-05-01', area: 10, description: '供地' }), 403, 'FORBIDDEN');
    for (const username of ['xinyongban', 'sysadmin'] as const) {
      expectRefused(await call(username, 'GET', '/api/investment/promises'), 403, 'FORBIDDEN');
      expectRefused(await call(username, 'GET', `/api/investment/projects/${handongProject.id}`), 403, 'FORBIDDEN');
    }
    // Another bureau sees only the promises its own unit must keep: none here.
    expect((await call('jingxinju', 'GET', '/api/investment/promises')).json<{ totals: { all: number } }>().totals.all).toBe(0);
    expectRefused(await call('jingxinju', 'GET', `/api/investment/projects/${handongProject.id}`), 404, 'PROJECT_NOT_FOUND');
    expect(await totals()).toEqual(before);
  });

  it('lets an enterprise read the promises made to it, without the legality review, and change nothing', async () => {
    const own = await getProject('qiye1');
    expect(own.promises).toHaveLength(3);
    expect(own.promises.every((promise) => promise.legality === null && promise.reviews.length === 0 && !promise.mayFulfil && !promise.mayEdit)).toBe(true);
    const before = await totals();
    const landId = promiseOf(handongProject, '第五条').id;
    expectRefused(await call('qiye1', 'POST', `/api/investment/promises/${landId}/fulfilments`, { deliveredOn: '2026-05-01', area: 10, description: '已收到土地' }), 403, 'FORBIDDEN');
    expectRefused(await call('qiye1', 'POST', `/api/investment/promises/${landId}/reviews`, { legality: 'compliant', reviewedOn: '2026-05-01' }), 403, 'FORBIDDEN');
    expectRefused(await call('qiye1', 'POST', '/api/investment/projects', project({ agreementNo: 'QY-1' })), 403, 'FORBIDDEN');
    expectRefused(await call('qiye2', 'GET', `/api/investment/projects/${handongProject.id}`), 404, 'PROJECT_NOT_FOUND');
    expect((await call('qiye2', 'GET', '/api/investment/projects')).json<{ items: unknown[] }>().items).toEqual([]);
    expect(await totals()).toEqual(before);
  });

  it('lets a responsible unit read and deliver on its own unit’s promises only', async () => {
    // 汉东区教育局 keeps no promise of this project yet: give it the land's sibling, a new funds promise.
    const added = await call(ZHAOSHANGJU, 'POST', `/api/investment/projects/${handongProject.id}/promises`, { ...FUNDS, clause: '第八条', content: '给予人才公寓租金补贴', amount: wan(30), dueOn: '2026-12-31' });
    expect(added.statusCode, added.body).toBe(201);
    const ownId = added.json<PromiseBody>().id;
    const session = (await call('hd-jiaoyu', 'GET', '/api/session')).json<{ user: { abilities: { investment: object } } }>();
    expect(session.user.abilities.investment).toEqual({ reads: false, keeps: false, fulfils: true });

    const seen = (await getProject('hd-jiaoyu')).promises.map((promise) => promise.clause);
    expect(seen).toEqual(['第六条', '第八条']);
    const delivered = await call('hd-jiaoyu', 'POST', `/api/investment/promises/${ownId}/fulfilments`, { deliveredOn: '2026-05-04', amount: wan(10), description: '拨付2026年上半年租金补贴' });
    expect(delivered.statusCode, delivered.body).toBe(201);
    expect(delivered.json()).toMatchObject({ status: 'partly_kept', mayFulfil: true, mayReview: false, mayEdit: false });

    const before = await totals();
    const landId = promiseOf(handongProject, '第五条').id;
    expectRefused(await call('hd-jiaoyu', 'POST', `/api/investment/promises/${landId}/fulfilments`, { deliveredOn: '2026-05-01', area: 10, description: '供地' }), 404, 'PROMISE_NOT_FOUND');
    expectRefused(await call('hd-jiaoyu', 'POST', `/api/investment/promises/${ownId}/reviews`, { legality: 'compliant', reviewedOn: '2026-05-01' }), 403, 'FORBIDDEN');
    expectRefused(await call('jb-jiaoyu', 'POST', `/api/investment/promises/${ownId}/fulfilments`, { deliveredOn: '2026-05-01', amount: 1, description: '补贴' }), 404, 'PROMISE_NOT_FOUND');
    expect(await totals()).toEqual(before);
  });

  it('finds 招商局 in the responsibility matrix, not by a fixed unit', async () => {
    const lead = async (unitId: string) => t.app.db.update(responsibilityMatrix).set({ leadUnitId: unitId }).where(eq(responsibilityMatrix.topic, 'investment_promises'));
    expectRefused(await call('jingxinju', 'GET', `/api/investment/projects/${handongProject.id}`), 404, 'PROJECT_NOT_FOUND');
    await lead(UNIT_IDS.jingxinju);
    try {
      expect((await call('jingxinju', 'GET', `/api/investment/projects/${handongProject.id}`)).json<ProjectBody>().mayEdit).toBe(true);
      expectRefused(await call(ZHAOSHANGJU, 'GET', `/api/investment/projects/${handongProject.id}`), 404, 'PROJECT_NOT_FOUND');
      const session = (await call('jingxinju', 'GET', '/api/session')).json<{ user: { abilities: { investment: object } } }>();
      expect(session.user.abilities.investment).toEqual({ reads: true, keeps: true, fulfils: false });
    } finally {
      await lead(UNIT_IDS.zhaoshangju);
    }
  });

  it('writes the tracking list as a workbook with the page’s filters and a sheet of totals', async () => {
    const response = await call(ZHAOSHANGJU, 'GET', `/api/investment/promises.xlsx?projectId=${handongProject.id}&legality=flawed`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('招商引资承诺兑现跟踪_2026-05-04.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['承诺兑现', '按状态']);
    const sheet = workbook.getWorksheet('承诺兑现')!;
    expect(String(sheet.getCell('A2').value)).toContain('合法性审查：有瑕疵');
    expect((sheet.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['状态', '逾期（天）', '项目']);
    expect((sheet.getRow(4).values as unknown[]).slice(1, 4)).toEqual(['已兑现', undefined, '年产5万吨新材料项目']);
    expect(sheet.getRow(5).values).toEqual([]);
    const byStatus = workbook.getWorksheet('按状态')!;
    expect([4, 5, 6, 7, 8, 9].map((row) => (byStatus.getRow(row).values as unknown[]).slice(1))).toEqual([
      ['逾期未兑现', 0],
      ['部分兑现', 0],
      ['待兑现', 0],
      ['已兑现', 1],
      ['合计', 1],
      ['其中有瑕疵', 1],
    ]);
  });

  it('documents every operation of the register in the OpenAPI document, under 招商引资承诺', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
    }>();
    const operations = new Map(Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => [operation.operationId, operation.tags] as const)));
    const ours = [
      'addInvestmentPromise',
      'downloadInvestmentImportTemplate',
      'downloadInvestmentPromises',
      'editInvestmentProject',
      'editInvestmentPromise',
      'getInvestmentProject',
      'getInvestmentPromise',
      'importInvestmentRegister',
      'listInvestmentProjects',
      'recordInvestmentFulfilment',
      'recordInvestmentProject',
      'reviewInvestmentPromise',
      'trackInvestmentPromises',
    ];
    for (const id of ours) expect(operations.get(id), id).toEqual(['招商引资承诺']);
  });
});
