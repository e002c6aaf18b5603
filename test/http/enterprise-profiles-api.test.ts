import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseProfileChanges, enterpriseProfiles } from '../../src/db/schema.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { yuan } from '../../src/domain/money.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { addTestFirms, FIRM, OTHER_FIRM } from '../support/test-firms.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const POLICY = {
  documentNo: '汉政发〔2026〕3号',
  title: '汉江市加快制造业高质量发展若干政策',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '30条',
  publishedOn: '2026-01-15',
  effectiveOn: '2026-02-01',
  clauses: [
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
      materials: ['项目验收报告', '设备购置发票'],
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
  ],
};

/** A manufacturer of 汉东区 with 185 staff and 1,250万元 of revenue: 小型 by the 2017 standard. */
const PROFILE = {
  industryCode: 'C3491',
  employees: 185,
  annualRevenue: wan(1_250),
  totalAssets: wan(4_300),
  figuresYear: 2025,
  registeredOn: '2017-07-06',
  tags: ['科技型中小企业'],
};


interface EnterpriseBody {
  unitId: string;
  name: string;
  canEdit: boolean;
  profile: (typeof PROFILE & { version: number; sizeClass: string; sizeLabel: string; sectorLabel: string }) | null;
  changes: { seq: number; actorName: string }[];
}
interface MatchesBody {
  profiled: boolean;
  qualifying: number;
  items: { title: string; qualifies: boolean; noApplication: boolean; amountText: string; conditions: { met: boolean; text: string }[] }[];
}

/** 一企一档 (P2) through the real HTTP stack: who keeps a profile, who sees it, and what it qualifies for and why not. */
describe(`enterprise profiles and policy matching (${backendName})`, () => {
  let t: TestApp;
  const request = async (username: TestUsername, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const stored = async () => ({
    profiles: await t.app.db.select().from(enterpriseProfiles).where(eq(enterpriseProfiles.tenantId, t.app.tenantId)),
    changes: Number((await t.app.db.select({ n: count() }).from(enterpriseProfileChanges).where(eq(enterpriseProfileChanges.tenantId, t.app.tenantId)))[0]!.n),
  });
  const expectRefused = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, before: Awaited<ReturnType<typeof stored>>) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await stored()).toEqual(before);
  };
  const save = (username: TestUsername, unitId: string, profile: unknown, expectedVersion: number | null) =>
    request(username, 'PUT', `/api/enterprises/${unitId}/profile`, { profile, expectedVersion });

  beforeAll(async () => {
    t = await createTestApp();
    await addTestFirms(t);
    const recorded = await request('yingshangban', 'POST', '/api/policies', POLICY);
    expect(recorded.statusCode, recorded.body).toBe(201);
  });
  afterAll(async () => t?.close());

  it('has nothing to match before the enterprise is profiled', async () => {
    const response = await request('qiye1', 'GET', `/api/enterprises/${FIRM}/matches`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<MatchesBody>()).toMatchObject({ profiled: false, qualifying: 0, items: [] });
    expect((await request('qiye1', 'GET', `/api/enterprises/${FIRM}`)).json<EnterpriseBody>()).toMatchObject({ profile: null, canEdit: true });
  });

  it('lets the enterprise record its profile and classifies its size by the national standard', async () => {
    const response = await save('qiye1', FIRM, PROFILE, null);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<EnterpriseBody>();
    expect(body.profile).toMatchObject({ ...PROFILE, version: 1, sizeClass: 'small', sizeLabel: '小型', sectorLabel: '工业' });
    expect(body.changes.map((change) => change.seq)).toEqual([1]);
  });

  it('lists the clauses the enterprise qualifies for first and says exactly why not for the others', async () => {
    const matches = (await request('qiye1', 'GET', `/api/enterprises/${FIRM}/matches`)).json<MatchesBody>();
    expect(matches).toMatchObject({ profiled: true, qualifying: 0 });
    const byTitle = Object.fromEntries(matches.items.map((item) => [item.title, item]));
    expect(byTitle['智能化技术改造奖补']!.conditions).toEqual([
      { field: 'industry', met: true, text: '所属行业在 C 内（当前 C3491）' },
      { field: 'annualRevenue', met: false, text: '上年度营业收入须 ≥ 2,000万元，当前 1,250万元' },
    ]);
    expect(byTitle['首次认定高新技术企业奖励']!.conditions).toEqual([{ field: 'tag', met: false, text: '须具有“高新技术企业”资质，当前没有' }]);

    // Recognised as 高新技术企业: that clause moves to the top, qualified.
    const updated = await save('qiye1', FIRM, { ...PROFILE, tags: ['科技型中小企业', '高新技术企业'] }, 1);
    expect(updated.statusCode, updated.body).toBe(200);
    const after = (await request('qiye1', 'GET', `/api/enterprises/${FIRM}/matches`)).json<MatchesBody>();
    expect(after.qualifying).toBe(1);
    expect(after.items[0]).toMatchObject({ title: '首次认定高新技术企业奖励', qualifies: true, noApplication: true, amountText: '定额 30万元' });
    expect(after.items[1]).toMatchObject({ title: '智能化技术改造奖补', qualifies: false });
  });

  it('refuses bad figures, an outdated version and a profile of no enterprise, writing nothing', async () => {
    const before = await stored();
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, industryCode: 'Z99' }, 2), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, figuresYear: 2026 }, 2), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, registeredOn: '2026-01-05' }, 2), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, annualRevenue: -1 }, 2), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, tags: ['高新\u0000技术企业'] }, 2), 400, 'TEXT_INVALID', before);
    await expectRefused(await save('qiye1', FIRM, { ...PROFILE, tags: ['专精特新', '专精特新'] }, 2), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await save('qiye1', FIRM, PROFILE, 1), 409, 'VERSION_CONFLICT', before);
    await expectRefused(await save('qiye1', FIRM, PROFILE, null), 409, 'VERSION_CONFLICT', before);
    await expectRefused(await save('yingshangban', 'ent-no-such-firm', PROFILE, null), 404, 'ENTERPRISE_NOT_FOUND', before);
    await expectRefused(await save('yingshangban', UNIT_IDS.jingxinju, PROFILE, null), 404, 'ENTERPRISE_NOT_FOUND', before);
    await expectRefused(await save('yingshangban', 'ent a;b', PROFILE, null), 400, 'VALIDATION_FAILED', before);
  });

  it('keeps each profile to its enterprise and its jurisdiction', async () => {
    const before = await stored();
    // The service window of the enterprise's own county keeps it on its behalf (代办).
    const onBehalf = await save('handong', OTHER_FIRM, { ...PROFILE, industryCode: 'C3581' }, null);
    await expectRefused(onBehalf, 403, 'FORBIDDEN', before);
    await expectRefused(await save('jiangbei', FIRM, PROFILE, 2), 403, 'FORBIDDEN', before);
    await expectRefused(await save('hd-jiaoyu', FIRM, PROFILE, 2), 403, 'FORBIDDEN', before);
    await expectRefused(await save('qiye1', OTHER_FIRM, PROFILE, null), 403, 'FORBIDDEN', before);
    for (const [username, unitId] of [
      ['qiye1', OTHER_FIRM],
      ['jiangbei', FIRM],
      ['sysadmin', FIRM],
      ['xinyongban', FIRM],
    ] as const) {
      expect((await request(username, 'GET', `/api/enterprises/${unitId}`)).statusCode, `${username} reads ${unitId}`).toBe(403);
      expect((await request(username, 'GET', `/api/enterprises/${unitId}/matches`)).statusCode, `${username} matches ${unitId}`).toBe(403);
    }
    // A department assessing applications sees the profile, without keeping it.
    const read = await request('hd-jiaoyu', 'GET', `/api/enterprises/${FIRM}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<EnterpriseBody>().canEdit).toBe(false);

    const jiangbei = await save('jiangbei', OTHER_FIRM, { ...PROFILE, industryCode: 'C3581', employees: 35, annualRevenue: wan(1_450) }, null);
    expect(jiangbei.statusCode, jiangbei.body).toBe(200);
    expect(jiangbei.json<EnterpriseBody>().changes).toEqual([expect.objectContaining({ seq: 1, actorName: 'jiangbei' })]);
  });

  it('lists every enterprise for 营商办 and a county its own, with size and qualifying clauses', async () => {
    const all = await request('yingshangban', 'GET', '/api/enterprises');
    expect(all.statusCode, all.body).toBe(200);
    const rows = all.json<{ items: { unitId: string; sizeLabel: string | null; qualifyingClauses: number | null }[] }>().items;
    expect(rows.filter((row) => row.unitId.startsWith('ent-test-')).map((row) => [row.unitId, row.sizeLabel, row.qualifyingClauses])).toEqual([
      // 拼音 order: 湖北… (hú) before 江北… (jiāng).
      [FIRM, '小型', 1],
      [OTHER_FIRM, '小型', 0],
    ]);
    const county = (await request('handong', 'GET', '/api/enterprises')).json<{ items: { unitId: string }[] }>().items;
    expect(county.map((row) => row.unitId)).toEqual([FIRM]);
    const searched = (await request('leader', 'GET', `/api/enterprises?q=${encodeURIComponent('恒信')}`)).json<{ items: { unitId: string }[] }>().items;
    expect(searched.map((row) => row.unitId)).toEqual([OTHER_FIRM]);
    const micro = (await request('yingshangban', 'GET', '/api/enterprises?sizeClass=micro')).json<{ items: unknown[] }>().items;
    expect(micro).toEqual([]);
    for (const username of ['qiye1', 'xinyongban', 'sysadmin'] as const) expect((await request(username, 'GET', '/api/enterprises')).statusCode).toBe(403);
    expect((await request('yingshangban', 'GET', '/api/enterprises?sizeClass=huge')).statusCode).toBe(400);
  });

  it('documents the profile and matching endpoints in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/enterprises']!.get!.operationId).toBe('listEnterprises');
    expect(document.paths['/api/enterprises/{id}']!.get!.operationId).toBe('getEnterprise');
    expect(document.paths['/api/enterprises/{id}/profile']!.put!.operationId).toBe('saveEnterpriseProfile');
    expect(document.paths['/api/enterprises/{id}/matches']!.get!.operationId).toBe('matchEnterprise');
  });

  it('lets one of two parallel saves of the same version win', async () => {
    const before = await stored();
    const version = before.profiles.find((row) => row.unitId === FIRM)!.version;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => save('qiye1', FIRM, { ...PROFILE, employees: 200 + index }, version)),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, ...Array<number>(7).fill(409)]);
    const after = await stored();
    expect(after.changes).toBe(before.changes + 1);
    expect(after.profiles.find((row) => row.unitId === FIRM)!.version).toBe(version + 1);
  });
});
