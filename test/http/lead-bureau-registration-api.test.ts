import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { caseEvents, cases } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };

interface CaseBody {
  id: string;
  number: string;
  line: string;
  source: string;
  state: string;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  responsibleUnitId: string;
  intake: { status: string } | null;
}

interface Ability {
  line: string;
  sources: string[];
  responsibleUnits: { kind: string; covers?: { unitKinds: string[]; level: string | null }[] };
}

/** S3: the lead bureaus register their own findings (排查) on the units their matrix rows cover. */
describe(`lead bureaus registering their findings (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const register = async (username: TestUsername, responsibleUnitId: string, body: Record<string, unknown> = {}) =>
    t.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await t.signIn(username),
      payload: {
        line: 'arrears',
        source: 'inspection',
        title: '排查发现：拖欠工程款',
        facts: '牵头部门排查发现，工程已竣工验收，结算款未付。',
        enterprise: ENTERPRISE,
        responsibleUnitId,
        claimedAmount: 45_000_000,
        ...body,
      },
    });
  /** Everything a registration writes. */
  const totals = async () => ({
    cases: (await t.app.db.select({ n: count() }).from(cases))[0]!.n,
    events: (await t.app.db.select({ n: count() }).from(caseEvents))[0]!.n,
  });
  const abilities = async (username: TestUsername) =>
    (await t.server.inject({ method: 'GET', url: '/api/session', headers: await t.signIn(username) })).json<{
      user: { abilities: { register: Ability[]; importIntake: boolean } };
    }>().user.abilities;

  it('lets 经信局 register an arrears finding against a public institution, led by itself (arrears_public_bodies)', async () => {
    const response = await register('jingxinju', UNIT_IDS.centralHospital);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<CaseBody>()).toMatchObject({
      line: 'arrears',
      source: 'inspection',
      state: 'registered',
      responsibleUnitId: UNIT_IDS.centralHospital,
      leadUnitId: UNIT_IDS.jingxinju,
      cooperatingUnitIds: [UNIT_IDS.caizhengju, UNIT_IDS.shenjiju],
      intake: { status: 'accepted' },
    });
    // The bureau reads and supervises what it registered.
    const page = await t.server.inject({ method: 'GET', url: `/api/cases/${response.json<CaseBody>().id}`, headers: await t.signIn('jingxinju') });
    expect(page.statusCode).toBe(200);
  });

  it('refuses 经信局 a finding against a city SOE, writing nothing', async () => {
    const before = await totals();
    const response = await register('jingxinju', UNIT_IDS.chengfaGroup);
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json().error).toMatchObject({ code: 'FORBIDDEN', details: { field: 'responsibleUnitId' } });
    expect(response.json().error.message).toContain('汉江城市发展投资集团有限公司');
    expect(await totals()).toEqual(before);
  });

  it('lets 国资委 register against a city SOE, led by itself (arrears_soe), and refuses it a department', async () => {
    const response = await register('guoziwei', UNIT_IDS.chengfaGroup);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<CaseBody>()).toMatchObject({ line: 'arrears', source: 'inspection', leadUnitId: UNIT_IDS.guoziwei, cooperatingUnitIds: [UNIT_IDS.zhujianju, UNIT_IDS.wenlvju] });

    const before = await totals();
    const refused = await register('guoziwei', UNIT_IDS.jiaoyuju);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(await totals()).toEqual(before);
  });

  it('refuses a lead bureau another source, and a line its rows do not lead', async () => {
    const before = await totals();
    const selfInspection = await register('jingxinju', UNIT_IDS.centralHospital, { source: 'self_inspection' });
    expect(selfInspection.statusCode, selfInspection.body).toBe(403);
    const policy = await register('jingxinju', UNIT_IDS.centralHospital, { line: 'policy', claimedAmount: null });
    expect(policy.statusCode, policy.body).toBe(403);
    const typedPlatformDemand = await register('jingxinju', LOCAL_UNIT_IDS.handong.jiaoyuju, { source: 'provincial_platform' });
    expect(typedPlatformDemand.statusCode, typedPlatformDemand.body).toBe(403);
    expect(await totals()).toEqual(before);
  });

  it('announces with the session exactly the lines and units the matrix rows reach, and who imports', async () => {
    const jingxinju = await abilities('jingxinju');
    expect(jingxinju.register).toEqual([
      {
        line: 'arrears',
        sources: ['inspection'],
        responsibleUnits: { kind: 'matrix', covers: [{ unitKinds: ['government', 'department', 'institution', 'justice', 'court'], level: null }] },
        ownEnterprise: false,
      },
    ]);
    expect(jingxinju.importIntake).toBe(true);
    const guoziwei = await abilities('guoziwei');
    expect(guoziwei.register).toEqual([
      { line: 'arrears', sources: ['inspection'], responsibleUnits: { kind: 'matrix', covers: [{ unitKinds: ['soe'], level: null }] }, ownEnterprise: false },
    ]);
    expect(guoziwei.importIntake).toBe(false);
    expect((await abilities('yingshangban')).importIntake).toBe(true);
    for (const username of ['hd-jiaoyu', 'handong', 'leader', 'caizhengju'] as const) expect((await abilities(username)).importIntake, username).toBe(false);
  });
});
