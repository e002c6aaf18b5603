import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { accounts, referenceChanges, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { databaseFingerprint } from '../support/fingerprint.ts';

/** The other two of the 三员, made when the city was set up. */
const ADMINS = { secadmin: 'security_admin', auditadmin: 'audit_admin' } as const;
type Caller = TestUsername | keyof typeof ADMINS;

interface JurisdictionBody {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  governmentUnitId: string | null;
  divisionCode: string | null;
}
interface UnitBody {
  id: string;
  name: string;
  kind: string;
  jurisdictionId: string;
  parentUnitId: string | null;
}

describe(`the system administrator keeps the organisation after setup (issue 11, ${backendName})`, () => {
  let t: TestApp;
  const adminTokens = new Map<string, string>();
  const headers = async (caller: Caller) => {
    if (!(caller in ADMINS)) return t.signIn(caller as TestUsername);
    if (!adminTokens.has(caller)) {
      const response = await t.server.inject({ method: 'POST', url: '/api/session', payload: { username: caller, password: PASSWORD } });
      expect(response.statusCode, response.body).toBe(200);
      adminTokens.set(caller, response.json<{ token: string }>().token);
    }
    return { authorization: `Bearer ${adminTokens.get(caller)}` };
  };
  const call = async (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await headers(caller), ...(payload ? { payload } : {}) });
  const jurisdictionsOf = async () => (await call('sysadmin', 'GET', '/api/jurisdictions')).json<{ items: JurisdictionBody[] }>().items;
  const changesOf = (entityId: string) => t.app.db.select().from(referenceChanges).where(eq(referenceChanges.entityId, entityId));
  const errorOf = (response: { json: () => { error: { code: string; details: Record<string, unknown> } } }) => response.json().error;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const passwordHash = await hashPassword(PASSWORD);
    await t.app.db.insert(accounts).values(
      Object.entries(ADMINS).map(([username, role]) => ({ id: `acc-${username}`, tenantId: t.app.tenantId, username, displayName: username, passwordHash, role, unitId: null, demo: true })),
    );
    // Signed in before any snapshot: a first sign-in writes the account's last sign-in.
    for (const caller of ['sysadmin', 'yingshangban', 'hd-jiaoyu', 'handong', 'secadmin', 'auditadmin'] as const) await headers(caller);
  });
  afterAll(async () => t?.close());

  it('adds a 县市区 with its government under the city, logged, and the new county takes units', async () => {
    const created = await call('sysadmin', 'POST', '/api/jurisdictions', {
      name: '汉西区',
      level: 'county',
      divisionCode: '422905',
      government: { name: '汉西区人民政府', creditCode: makeCreditCode('11422905MB0000001') },
    });
    expect(created.statusCode, created.body).toBe(201);
    const county = created.json<JurisdictionBody>();
    expect(county).toMatchObject({ name: '汉西区', level: 'county', parentId: JURISDICTION_IDS.city, divisionCode: '422905' });
    expect(await jurisdictionsOf()).toContainEqual(county);

    const [government] = await t.app.db.select().from(units).where(eq(units.id, county.governmentUnitId!));
    // Its government answers to the city's, as every county government does (A5).
    expect(government).toMatchObject({ name: '汉西区人民政府', kind: 'government', jurisdictionId: county.id, parentUnitId: UNIT_IDS.cityGovernment });
    expect((await changesOf(county.id)).map((change) => [change.entity, change.actorId, change.before])).toEqual([['jurisdiction', 'acc-sysadmin', null]]);
    expect((await changesOf(government!.id)).map((change) => change.entity)).toEqual(['unit']);

    const bureau = await call('sysadmin', 'POST', '/api/units', { name: '汉西区教育局', kind: 'department', jurisdictionId: county.id, parentUnitId: government!.id });
    expect(bureau.statusCode, bureau.body).toBe(201);
    const listed = (await call('yingshangban', 'GET', `/api/units?jurisdiction=${county.id}`)).json<{ items: UnitBody[] }>().items;
    expect(listed.map((unit) => unit.name).sort()).toEqual(['汉西区人民政府', '汉西区教育局']);
  });

  it('adds one jurisdiction when the same one is sent four times at once: the others answer 409, never 500', async () => {
    const body = { name: '汉北区', level: 'county', divisionCode: '422907', government: { name: '汉北区人民政府' } };
    const responses = await Promise.all([1, 2, 3, 4].map(() => call('sysadmin', 'POST', '/api/jurisdictions', body)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    // Refused by the use case's own check, or, when two passed it at once, by the database's unique rule.
    for (const refused of responses.filter((response) => response.statusCode !== 201)) {
      expect([400, 409, 422], refused.body).toContain(refused.statusCode);
      expect(['DUPLICATE', 'VALIDATION_FAILED', 'RULE_VIOLATION'], refused.body).toContain(errorOf(refused).code);
    }
    expect((await jurisdictionsOf()).filter((jurisdiction) => jurisdiction.name === '汉北区')).toHaveLength(1);
    expect(await t.app.db.select().from(units).where(eq(units.name, '汉北区人民政府'))).toHaveLength(1);
  });

  it('refuses a jurisdiction that breaks the rules of setup, writing nothing', async () => {
    const before = await databaseFingerprint(t.app.db);
    const attempt = (body: Record<string, unknown>) =>
      call('sysadmin', 'POST', '/api/jurisdictions', { name: '汉南区', level: 'county', government: { name: '汉南区人民政府' }, ...body });
    const refusals: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ name: '汉东区' }, 400, 'VALIDATION_FAILED', 'name'],
      [{ divisionCode: '422902' }, 400, 'VALIDATION_FAILED', 'divisionCode'],
      [{ divisionCode: '42290A' }, 400, 'VALIDATION_FAILED', undefined],
      [{ level: 'city' }, 400, 'VALIDATION_FAILED', undefined],
      [{ government: { name: '汉东区人民政府' } }, 400, 'VALIDATION_FAILED', 'government.name'],
      [{ government: { name: '汉南区人民政府', creditCode: '11422906MB000000XX' } }, 400, 'CREDIT_CODE_INVALID', undefined],
      [{ name: '' }, 400, 'VALIDATION_FAILED', undefined],
    ];
    for (const [body, status, code, field] of refusals) {
      const refused = await attempt(body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(status);
      expect(errorOf(refused).code, JSON.stringify(body)).toBe(code);
      if (field !== undefined) expect(errorOf(refused).details.field).toBe(field);
      expect(refused.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  });

  it('renames, re-levels and codes a jurisdiction; the city keeps the name and level it was set up with', async () => {
    const renamed = await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.shimen}`, { name: '石门市', divisionCode: '422982' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: JURISDICTION_IDS.shimen, name: '石门市', level: 'county', divisionCode: '422982' });
    const [change] = await changesOf(JURISDICTION_IDS.shimen);
    expect(change).toMatchObject({ entity: 'jurisdiction', actorId: 'acc-sysadmin', before: { name: '石门县', divisionCode: '422922' }, after: { name: '石门市', divisionCode: '422982' } });

    expect((await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.gaoxin}`, { level: 'county' })).json()).toMatchObject({ level: 'county' });
    expect((await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.gaoxin}`, { level: 'zone', divisionCode: null })).json()).toMatchObject({ level: 'zone', divisionCode: null });
    expect((await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.city}`, { divisionCode: '422901' })).json()).toMatchObject({ name: '汉江市', divisionCode: '422901' });

    const before = await databaseFingerprint(t.app.db);
    const cityRenamed = await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.city}`, { name: '汉江新市' });
    expect(cityRenamed.statusCode).toBe(422);
    expect(errorOf(cityRenamed)).toMatchObject({ code: 'RULE_VIOLATION', details: { field: 'name' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.city}`, { level: 'county' }))).toMatchObject({ code: 'RULE_VIOLATION', details: { field: 'level' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.jiangbei}`, { name: '汉东区' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.jiangbei}`, { divisionCode: '422902' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'divisionCode' } });
    expect((await call('sysadmin', 'PATCH', '/api/jurisdictions/nowhere', { name: '无处' })).statusCode).toBe(404);
    expect((await call('sysadmin', 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.jiangbei}`, {})).statusCode).toBe(400);
    // No jurisdiction is removed: units, accounts and cases name theirs for good.
    expect((await call('sysadmin', 'DELETE', `/api/jurisdictions/${JURISDICTION_IDS.jiangbei}`)).statusCode).toBe(404);
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  });

  it('refuses every edit of the organisation to the security and audit administrators (三员分立), and jurisdictions to everyone but the system administrator, writing nothing', async () => {
    const before = await databaseFingerprint(t.app.db);
    const newCounty = { name: '汉北区', level: 'county', government: { name: '汉北区人民政府' } };
    for (const caller of ['yingshangban', 'handong', 'hd-jiaoyu', 'secadmin', 'auditadmin'] as const) {
      expect((await call(caller, 'POST', '/api/jurisdictions', newCounty)).statusCode, caller).toBe(403);
      expect((await call(caller, 'PATCH', `/api/jurisdictions/${JURISDICTION_IDS.linjiang}`, { name: '临江新区' })).statusCode, caller).toBe(403);
    }
    for (const caller of ['secadmin', 'auditadmin'] as const) {
      const edits = [
        call(caller, 'POST', '/api/units', { name: '汉江市某局', kind: 'department', jurisdictionId: JURISDICTION_IDS.city }),
        call(caller, 'PATCH', `/api/units/${UNIT_IDS.jiaoyuju}`, { name: '汉江市教育和体育局' }),
        call(caller, 'PATCH', '/api/responsibility-matrix/rm-arrears_payment_funds', { leadUnitId: UNIT_IDS.shenjiju }),
        call(caller, 'PUT', '/api/holidays/2026-03-04', { kind: 'holiday', name: '临时调整' }),
        call(caller, 'PUT', '/api/time-limits/planning', { unit: 'working_days', days: 3 }),
      ];
      for (const refused of await Promise.all(edits)) {
        expect(refused.statusCode, `${caller} ${refused.body}`).toBe(403);
        expect(errorOf(refused).code).toBe('FORBIDDEN');
      }
    }
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  });

  it('changes a unit\'s kind and jurisdiction, moving it under the new government; a government stays its jurisdiction\'s', async () => {
    const created = await call('sysadmin', 'POST', '/api/units', {
      name: '汉东区城市管理执法局',
      kind: 'department',
      jurisdictionId: JURISDICTION_IDS.handong,
      parentUnitId: LOCAL_UNIT_IDS.handong.government,
    });
    expect(created.statusCode, created.body).toBe(201);
    const unit = created.json<UnitBody>();
    const moved = await call('sysadmin', 'PATCH', `/api/units/${unit.id}`, { name: '江北区城市管理执法局', kind: 'institution', jurisdictionId: JURISDICTION_IDS.jiangbei });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: '江北区城市管理执法局', kind: 'institution', jurisdictionId: JURISDICTION_IDS.jiangbei, parentUnitId: LOCAL_UNIT_IDS.jiangbei.government });
    expect((await changesOf(unit.id)).map((change) => (change.after as UnitBody).jurisdictionId)).toEqual([JURISDICTION_IDS.handong, JURISDICTION_IDS.jiangbei]);

    const before = await databaseFingerprint(t.app.db);
    const government = LOCAL_UNIT_IDS.handong.government;
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/units/${government}`, { kind: 'department' }))).toMatchObject({ code: 'RULE_VIOLATION', details: { field: 'kind' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/units/${government}`, { jurisdictionId: JURISDICTION_IDS.jiangbei }))).toMatchObject({ code: 'RULE_VIOLATION', details: { field: 'jurisdictionId' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/units/${unit.id}`, { name: '汉东区教育局' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name' } });
    expect(errorOf(await call('sysadmin', 'PATCH', `/api/units/${unit.id}`, { jurisdictionId: 'nowhere' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'jurisdictionId' } });
    // A second government would break "one government each": it comes only with a new jurisdiction.
    const second = await call('sysadmin', 'POST', '/api/units', { name: '汉东区第二人民政府', kind: 'government', jurisdictionId: JURISDICTION_IDS.handong });
    expect(second.statusCode).toBe(400);
    expect(errorOf(await call('sysadmin', 'POST', '/api/units', { name: '汉江市教育局', kind: 'department', jurisdictionId: JURISDICTION_IDS.city }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'name' },
    });
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  });

  it('lists the city\'s organisation without enterprises', async () => {
    const enterprise = { id: 'u-test-enterprise', tenantId: t.app.tenantId, name: '汉江市组织测试科技有限公司', kind: 'enterprise' as const, jurisdictionId: JURISDICTION_IDS.handong };
    await t.app.db.insert(units).values(enterprise);
    const all = (await call('sysadmin', 'GET', `/api/units?jurisdiction=${JURISDICTION_IDS.handong}`)).json<{ items: UnitBody[] }>().items;
    const organisation = (await call('sysadmin', 'GET', `/api/units?jurisdiction=${JURISDICTION_IDS.handong}&publicOnly=true`)).json<{ items: UnitBody[] }>().items;
    expect(all.map((unit) => unit.id)).toContain(enterprise.id);
    expect(organisation.map((unit) => unit.id)).toEqual(all.filter((unit) => unit.kind !== 'enterprise').map((unit) => unit.id));
    expect((await call('sysadmin', 'GET', '/api/units?publicOnly=yes')).statusCode).toBe(400);
  });

  it('lets the system administrator keep the matrix and the time limits too, with the city\'s own units as leads', async () => {
    const row = 'rm-arrears_payment_funds';
    const before = await databaseFingerprint(t.app.db);
    const patch = (body: object) => call('sysadmin', 'PATCH', `/api/responsibility-matrix/${row}`, body);
    expect(errorOf(await patch({ leadUnitId: LOCAL_UNIT_IDS.handong.caizhengju }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'leadUnitId' } });
    expect(errorOf(await patch({ cooperatingUnitIds: [UNIT_IDS.shenjiju, 'u-test-enterprise'] }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'cooperatingUnitIds' } });
    expect((await patch({ cooperatingUnitIds: [UNIT_IDS.shenjiju, UNIT_IDS.shenjiju] })).statusCode).toBe(400);
    const countyLed = await call('sysadmin', 'PATCH', '/api/responsibility-matrix/rm-arrears_county_ledgers', { leadUnitId: UNIT_IDS.caizhengju });
    expect(errorOf(countyLed)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'leadUnitId' } });
    expect(await databaseFingerprint(t.app.db)).toEqual(before);

    const changed = await patch({ leadUnitId: UNIT_IDS.shenjiju, cooperatingUnitIds: [UNIT_IDS.caizhengju] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ leadUnitId: UNIT_IDS.shenjiju, cooperatingUnitIds: [UNIT_IDS.caizhengju] });
    expect(await changesOf(row)).toEqual([expect.objectContaining({ entity: 'responsibility_matrix', actorId: 'acc-sysadmin' })]);

    const limit = await call('sysadmin', 'PUT', '/api/time-limits/registered', { unit: 'working_days', days: 7 });
    expect(limit.statusCode, limit.body).toBe(200);
    const stored = await t.app.db.select().from(referenceChanges).where(and(eq(referenceChanges.entity, 'time_limit'), eq(referenceChanges.entityId, 'registered')));
    expect(stored).toEqual([expect.objectContaining({ actorId: 'acc-sysadmin', after: expect.objectContaining({ days: 7 }) })]);
  });
});
