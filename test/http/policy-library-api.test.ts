import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { benefitPolicies, benefitPolicyChanges } from '../../src/db/schema.ts';
import { yuan } from '../../src/domain/money.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const CLAUSES = [
  {
    article: '第6条',
    title: '智能化技术改造奖补',
    class: 'subsidy',
    content: '对设备投资额500万元以上的智能化技术改造项目，按设备投资额的10%给予奖补，最高200万元。',
    amountRule: { kind: 'rate', basisPoints: 1_000, base: '设备投资额', cap: wan(200) },
    conditions: [
      { field: 'industry', op: 'in', values: ['C'] },
      { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
    ],
    materials: ['项目验收报告', '设备购置发票', '上年度财务审计报告'],
    noApplication: false,
    fastTrack: true,
  },
  {
    article: '第9条',
    title: '首次认定高新技术企业奖励',
    class: 'subsidy',
    content: '对首次认定的高新技术企业给予一次性奖励30万元。',
    amountRule: { kind: 'fixed', amount: wan(30) },
    conditions: [{ field: 'tag', op: 'has', value: '高新技术企业' }],
    materials: [],
    noApplication: true,
    fastTrack: false,
  },
];

const CITY_POLICY = {
  documentNo: '汉政发〔2026〕3号',
  title: '汉江市加快制造业高质量发展若干政策',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '30条',
  publishedOn: '2026-01-15',
  effectiveOn: '2026-02-01',
  expiresOn: '2028-12-31',
  clauses: CLAUSES,
};

interface PolicyBody {
  id: string;
  status: string;
  version: number;
  inForce: boolean;
  level: string;
  issuerName: string;
  supersededBy: string | null;
  endedOn: string | null;
  canMaintain: boolean;
  clauses: { id: string; article: string; amountText: string; classLabel: string }[];
  changes: { seq: number; kind: string; kindLabel: string; effectiveOn: string; note: string | null }[];
}

/** The policy library (P1, P7) through the real HTTP stack: who keeps which policies, every change dated and logged. */
describe(`the policy library API (${backendName})`, () => {
  let t: TestApp;
  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const stored = async () => ({
    policies: Number((await t.app.db.select({ n: count() }).from(benefitPolicies).where(eq(benefitPolicies.tenantId, t.app.tenantId)))[0]!.n),
    changes: Number((await t.app.db.select({ n: count() }).from(benefitPolicyChanges).where(eq(benefitPolicyChanges.tenantId, t.app.tenantId)))[0]!.n),
  });
  const expectRefused = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, before: Awaited<ReturnType<typeof stored>>) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await stored()).toEqual(before);
  };

  let cityPolicy: PolicyBody;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('records a city policy with its clauses, in force from its effective date, its amount rules in words (P1, P7)', async () => {
    const response = await request('yingshangban', 'POST', '/api/policies', CITY_POLICY);
    expect(response.statusCode, response.body).toBe(201);
    cityPolicy = response.json<PolicyBody>();
    expect(cityPolicy).toMatchObject({ status: 'in_force', version: 1, inForce: true, level: 'city', issuerName: '汉江市经济和信息化局', canMaintain: true });
    expect(cityPolicy.clauses.map((clause) => [clause.article, clause.classLabel, clause.amountText])).toEqual([
      ['第6条', '奖补资金', '按设备投资额的10%，最高200万元'],
      ['第9条', '奖补资金', '定额 30万元'],
    ]);
    expect(cityPolicy.changes.map((change) => [change.kind, change.effectiveOn])).toEqual([['create', '2026-02-01']]);
  });

  it('refuses a policy without clauses, with dates out of order or a 文号 already recorded, writing nothing', async () => {
    const before = await stored();
    await expectRefused(await request('yingshangban', 'POST', '/api/policies', { ...CITY_POLICY, documentNo: '汉政发〔2026〕9号', clauses: [] }), 400, 'VALIDATION_FAILED', before);
    await expectRefused(
      await request('yingshangban', 'POST', '/api/policies', { ...CITY_POLICY, documentNo: '汉政发〔2026〕9号', effectiveOn: '2026-01-01' }),
      400,
      'VALIDATION_FAILED',
      before,
    );
    await expectRefused(await request('yingshangban', 'POST', '/api/policies', CITY_POLICY), 409, 'POLICY_DOCUMENT_DUPLICATE', before);
    const badCondition = { ...CLAUSES[0], conditions: [{ field: 'industry', op: 'in', values: ['制造业'] }] };
    await expectRefused(
      await request('yingshangban', 'POST', '/api/policies', { ...CITY_POLICY, documentNo: '汉政发〔2026〕9号', clauses: [badCondition] }),
      400,
      'VALIDATION_FAILED',
      before,
    );
  });

  it('lets a department keep only its own policies and a county those of its departments (P7)', async () => {
    const own = await request('hd-jiaoyu', 'POST', '/api/policies', {
      documentNo: '汉东教发〔2026〕5号',
      title: '汉东区支持民办教育规范发展若干措施',
      issuerUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      publishedOn: '2026-02-10',
      effectiveOn: '2026-02-10',
      clauses: [{ ...CLAUSES[1], article: '第四条', title: '设备购置补助', conditions: [{ field: 'jurisdiction', op: 'in', values: ['handong'] }] }],
    });
    expect(own.statusCode, own.body).toBe(201);
    const district = own.json<PolicyBody>();
    expect(district.level).toBe('county');

    const before = await stored();
    await expectRefused(await request('hd-jiaoyu', 'POST', '/api/policies', { ...CITY_POLICY, documentNo: '汉政发〔2026〕10号' }), 403, 'FORBIDDEN', before);
    await expectRefused(
      await request('jiangbei', 'POST', `/api/policies/${district.id}/changes`, { action: 'abolish', expectedVersion: 1, on: '2026-03-02', note: '政策到期' }),
      403,
      'FORBIDDEN',
      before,
    );
    expect((await request('jiangbei', 'GET', `/api/policies/${district.id}`)).json<PolicyBody>().canMaintain).toBe(false);

    const abolished = await request('handong', 'POST', `/api/policies/${district.id}/changes`, {
      action: 'abolish',
      expectedVersion: 1,
      on: '2026-03-01',
      note: '并入全区统一的教育扶持政策',
    });
    expect(abolished.statusCode, abolished.body).toBe(200);
    expect(abolished.json<PolicyBody>()).toMatchObject({ status: 'abolished', endedOn: '2026-03-01', inForce: false, version: 2 });
    const again = await stored();
    await expectRefused(
      await request('handong', 'POST', `/api/policies/${district.id}/changes`, { action: 'abolish', expectedVersion: 2, on: '2026-03-02', note: '重复废止' }),
      409,
      'POLICY_NOT_IN_FORCE',
      again,
    );
    // The abolished record stays as it ended: no correction rewrites it.
    const corrected = await request('handong', 'POST', `/api/policies/${district.id}/changes`, {
      action: 'update',
      expectedVersion: 2,
      note: '补录条款',
      policy: {
        documentNo: '汉东教发〔2026〕5号',
        title: '汉东区支持民办教育规范发展若干措施（更正）',
        issuerUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        publishedOn: '2026-02-10',
        effectiveOn: '2026-02-10',
        clauses: [{ ...CLAUSES[1], article: '第四条', title: '设备购置补助' }],
      },
    });
    await expectRefused(corrected, 409, 'POLICY_NOT_IN_FORCE', again);
    expect(corrected.json().error.message).toBe('《汉东区支持民办教育规范发展若干措施》已废止，其记录作为历史保留，不能再更新');
  });

  it('replaces a policy by its revision from a date, the old one pointing to the new, both logged (P7)', async () => {
    const before = await stored();
    await expectRefused(
      await request('yingshangban', 'POST', `/api/policies/${cityPolicy.id}/changes`, { action: 'abolish', expectedVersion: 7, on: '2026-03-01', note: '过期版本' }),
      409,
      'VERSION_CONFLICT',
      before,
    );
    const revised = await request('yingshangban', 'POST', `/api/policies/${cityPolicy.id}/changes`, {
      action: 'revise',
      expectedVersion: 1,
      on: '2026-03-01',
      note: '提高技改奖补上限',
      policy: { ...CITY_POLICY, documentNo: '汉政发〔2026〕8号', publishedOn: '2026-02-26', effectiveOn: '2026-03-01', clauses: [{ ...CLAUSES[0], amountRule: { kind: 'rate', basisPoints: 1_200, base: '设备投资额', cap: wan(300) } }, CLAUSES[1]] },
    });
    expect(revised.statusCode, revised.body).toBe(200);
    const successor = revised.json<PolicyBody>();
    expect(successor.id).not.toBe(cityPolicy.id);
    expect(successor).toMatchObject({ status: 'in_force', version: 1 });
    expect(successor.clauses[0]?.amountText).toBe('按设备投资额的12%，最高300万元');
    expect(successor.changes[0]?.note).toBe('修订《汉江市加快制造业高质量发展若干政策》（汉政发〔2026〕3号）');

    const old = (await request('yingshangban', 'GET', `/api/policies/${cityPolicy.id}`)).json<PolicyBody>();
    expect(old).toMatchObject({ status: 'revised', supersededBy: successor.id, endedOn: '2026-03-01', inForce: false, version: 2 });
    expect(old.changes.map((change) => [change.seq, change.kindLabel, change.effectiveOn, change.note])).toEqual([
      [2, '修订', '2026-03-01', '提高技改奖补上限'],
      [1, '新增', '2026-02-01', null],
    ]);
  });

  it('lists the library by status, package and word, and hides it from the administrators (三员分立)', async () => {
    const listed = async (query: string) => (await request('xinyongban', 'GET', `/api/policies${query}`)).json<{ items: { documentNo: string }[] }>().items.map((item) => item.documentNo);
    expect(await listed('?status=in_force')).toEqual(['汉政发〔2026〕8号']);
    expect((await listed('?packageTag=30条')).sort()).toEqual(['汉政发〔2026〕3号', '汉政发〔2026〕8号']);
    expect(await listed(`?q=${encodeURIComponent('民办教育')}`)).toEqual(['汉东教发〔2026〕5号']);
    expect(await listed(`?q=${encodeURIComponent('%')}`)).toEqual([]);
    const admin = await request('sysadmin', 'GET', '/api/policies');
    expect(admin.statusCode).toBe(403);
  });
});
