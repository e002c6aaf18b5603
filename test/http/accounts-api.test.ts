import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { accountContacts, accounts, sessions, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  unit: { id: string; name: string } | null;
  jurisdictionId: string | null;
  active: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  secondFactorEnrolled: boolean;
  lastSignInAt: string | null;
  phone: string | null;
  manageable: boolean;
}

const ENTERPRISE_UNIT = 'ent-test-accounts';

describe(`accounts are administered within 三员分立 (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });

  /** Every account as stored, with its phone: what a refused request must leave as it was. */
  const accountsTable = async () => ({
    accounts: await t.app.db
      .select({
        id: accounts.id,
        username: accounts.username,
        displayName: accounts.displayName,
        role: accounts.role,
        unitId: accounts.unitId,
        jurisdictionId: accounts.jurisdictionId,
        active: accounts.active,
        passwordHash: accounts.passwordHash,
      })
      .from(accounts)
      .orderBy(asc(accounts.id)),
    contacts: await t.app.db.select().from(accountContacts).orderBy(asc(accountContacts.accountId)),
  });

  const securityEvents = async (kind: string, object: string) =>
    (
      await t.app.db.execute<{ kind: string; account_id: string | null; details: Record<string, unknown> }>(
        sql`select kind, account_id, details from security_events where tenant_id = ${t.app.tenantId} and kind = ${kind} and object = ${object} order by seq`,
      )
    ).rows;

  // Each from its own address, clear of the sign-in limits per address.
  let signIns = 0;
  const signInAs = (username: string, password: string) =>
    t.server.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: `10.9.0.${(signIns += 1)}` });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    await t.app.db.insert(units).values({
      id: ENTERPRISE_UNIT,
      tenantId: t.app.tenantId,
      name: '汉江市账号测试科技有限公司',
      kind: 'enterprise',
      creditCode: makeCreditCode('91422900MA4ACC0T1'),
      jurisdictionId: JURISDICTION_IDS.handong,
    });
    // The other administrators of the city, made when it was set up (三员).
    const passwordHash = await hashPassword(PASSWORD);
    await t.app.db.insert(accounts).values(
      (
        [
          ['secadmin', 'security_admin'],
          ['auditadmin', 'audit_admin'],
          ['sysadmin2', 'system_admin'],
        ] as const
      ).map(([username, role]) => ({ id: `acc-${username}`, tenantId: t.app.tenantId, username, displayName: username, passwordHash, role, unitId: UNIT_IDS.zhengshuju })),
    );
    // Sign the actors in before any snapshot of the table is taken.
    for (const username of ['sysadmin', 'handong', 'jiangbei', 'yingshangban', 'leader', 'hd-jiaoyu', 'jb-jiaoyu'] as const) await t.signIn(username);
  });
  afterAll(async () => t?.close());

  const create = (actor: TestUsername, body: Record<string, unknown>) => call(actor, 'POST', '/api/accounts', body);

  it.each([
    ['enterprise', ENTERPRISE_UNIT, null, UNIT_IDS.jingxinju],
    ['unit_handler', LOCAL_UNIT_IDS.handong.zhujianju, null, ENTERPRISE_UNIT],
    ['lead_bureau', UNIT_IDS.caizhengju, null, UNIT_IDS.chengfaGroup],
    ['county_coordinator', LOCAL_UNIT_IDS.jiangbei.government, JURISDICTION_IDS.jiangbei, LOCAL_UNIT_IDS.handong.government],
    ['business_office', UNIT_IDS.yingshangban, null, LOCAL_UNIT_IDS.handong.jiaoyuju],
    ['leader', UNIT_IDS.cityGovernment, null, LOCAL_UNIT_IDS.jiangbei.government],
    ['credit_office', UNIT_IDS.xinyongban, null, ENTERPRISE_UNIT],
  ] as const)(
    'the system administrator creates a %s account on a unit that fits the role, with a temporary password to change at first sign-in',
    async (role, unitId, jurisdictionId, misfitUnitId) => {
      const username = `new-${role.replaceAll('_', '-')}`;
      const before = await accountsTable();
      const misfit = await create('sysadmin', { username, displayName: '新同事', role, unitId: misfitUnitId, jurisdictionId });
      expect(misfit.statusCode, misfit.body).toBe(422);
      expect(misfit.json().error.code).toBe('ACCOUNT_UNIT_MISMATCH');
      expect(misfit.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(await accountsTable()).toEqual(before);

      const created = await create('sysadmin', { username, displayName: '新同事', role, unitId, jurisdictionId, phone: '13800000000' });
      expect(created.statusCode, created.body).toBe(201);
      const { account, temporaryPassword } = created.json<{ account: AccountView; temporaryPassword: string }>();
      expect(account).toMatchObject({ username, role, unit: { id: unitId }, jurisdictionId, active: true, mustChangePassword: true, phone: '138****0000', manageable: true });
      expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
      const [stored] = await t.app.db.select().from(accounts).where(eq(accounts.id, account.id));
      expect(stored!.passwordHash).not.toContain(temporaryPassword);
      expect(stored!.mustChangePassword).toBe(true);
      expect(await securityEvents('account_created', `account:${account.id}`)).toEqual([
        expect.objectContaining({ account_id: 'acc-sysadmin', details: expect.objectContaining({ username, role, unitId }) }),
      ]);

      const signedIn = await signInAs(username, temporaryPassword);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json().user).toMatchObject({ role, mustChangePassword: true, restricted: 'change_password' });
    },
  );

  it('refuses a county coordinator without its jurisdiction, or with a jurisdiction that is not its government’s', async () => {
    const before = await accountsTable();
    for (const jurisdictionId of [null, JURISDICTION_IDS.handong, JURISDICTION_IDS.city]) {
      const refused = await create('sysadmin', { username: 'cc-wrong', displayName: '统筹人', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.jiangbei.government, jurisdictionId });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.code).toBe('ACCOUNT_UNIT_MISMATCH');
    }
    const handler = await create('sysadmin', { username: 'hd-x', displayName: '经办人', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionId: JURISDICTION_IDS.handong });
    expect(handler.json().error.code).toBe('ACCOUNT_UNIT_MISMATCH');
    expect(await accountsTable()).toEqual(before);
  });

  it('lets nobody create or change an administrator’s account, nor their own (三员分立)', async () => {
    const before = await accountsTable();
    for (const role of ['system_admin', 'security_admin', 'audit_admin']) {
      const refused = await create('sysadmin', { username: `x-${role.replaceAll('_', '-')}`, displayName: '管理员', role, unitId: UNIT_IDS.zhengshuju });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }
    for (const id of ['acc-secadmin', 'acc-auditadmin', 'acc-sysadmin2', 'acc-sysadmin']) {
      const refused = await call('sysadmin', 'PATCH', `/api/accounts/${id}`, { active: false });
      expect(refused.statusCode, `${id}: ${refused.body}`).toBe(403);
    }
    const own = await call('handong', 'PATCH', '/api/accounts/acc-handong', { displayName: '自己改名' });
    expect(own.statusCode).toBe(403);
    const toAdmin = await call('sysadmin', 'PATCH', '/api/accounts/acc-leader', { role: 'security_admin' });
    expect(toAdmin.statusCode, toAdmin.body).toBe(403);
    expect(await accountsTable()).toEqual(before);

    const list = await call('sysadmin', 'GET', '/api/accounts?pageSize=100');
    const items = list.json<{ items: AccountView[] }>().items;
    expect(items.find((item) => item.id === 'acc-secadmin')).toMatchObject({ role: 'security_admin', manageable: false });
    expect(items.find((item) => item.id === 'acc-sysadmin')).toMatchObject({ manageable: false });
    expect(items.find((item) => item.id === 'acc-leader')).toMatchObject({ manageable: true });
  });

  it('lets a county coordinator create and manage the handlers of its county’s units, and nothing else', async () => {
    const created = await create('handong', { username: 'hd-caizheng', displayName: '钱进', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.caizhengju });
    expect(created.statusCode, created.body).toBe(201);
    const { account } = created.json<{ account: AccountView }>();
    expect(account).toMatchObject({ role: 'unit_handler', unit: { id: LOCAL_UNIT_IDS.handong.caizhengju }, manageable: true });

    const before = await accountsTable();
    const elsewhere = await create('handong', { username: 'jb-caizheng', displayName: '孙出', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.caizhengju });
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    const cityUnit = await create('handong', { username: 'city-x', displayName: '孙出', role: 'unit_handler', unitId: UNIT_IDS.jiaoyuju });
    expect(cityUnit.statusCode, cityUnit.body).toBe(403);
    for (const role of ['lead_bureau', 'enterprise', 'county_coordinator', 'business_office']) {
      const refused = await create('handong', { username: 'hd-other', displayName: '孙出', role, unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionId: role === 'county_coordinator' ? JURISDICTION_IDS.handong : null });
      expect(refused.statusCode, `${role}: ${refused.body}`).toBe(403);
    }
    expect((await call('handong', 'PATCH', '/api/accounts/acc-jb-jiaoyu', { displayName: '改名' })).statusCode).toBe(403);
    expect((await call('handong', 'PATCH', '/api/accounts/acc-leader', { displayName: '改名' })).statusCode).toBe(403);
    // A handler of the county may not be moved out of it.
    expect((await call('handong', 'PATCH', `/api/accounts/${account.id}`, { unitId: LOCAL_UNIT_IDS.jiangbei.caizhengju })).statusCode).toBe(403);
    expect((await call('handong', 'PATCH', `/api/accounts/${account.id}`, { role: 'lead_bureau' })).statusCode).toBe(403);
    expect(await accountsTable()).toEqual(before);

    const moved = await call('handong', 'PATCH', `/api/accounts/${account.id}`, { unitId: LOCAL_UNIT_IDS.handong.zhujianju, displayName: '钱进进' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ displayName: '钱进进', unit: { id: LOCAL_UNIT_IDS.handong.zhujianju } });

    const list = await call('handong', 'GET', '/api/accounts?pageSize=100');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: AccountView[]; assignableRoles: { role: string }[] }>();
    expect(items.assignableRoles.map((entry) => entry.role)).toEqual(['unit_handler']);
    expect(items.items.length).toBeGreaterThan(1);
    expect(items.items.every((item) => item.role === 'unit_handler')).toBe(true);
    expect(items.items.map((item) => item.username)).toContain('hd-jiaoyu');
    expect(items.items.map((item) => item.username)).not.toContain('jb-jiaoyu');

    const options = await call('handong', 'GET', '/api/accounts/unit-options?role=unit_handler');
    const unitIds = options.json<{ items: { id: string; jurisdictionId: string }[] }>().items;
    expect(unitIds.map((unit) => unit.id)).toContain(LOCAL_UNIT_IDS.handong.caizhengju);
    expect(unitIds.every((unit) => unit.jurisdictionId === JURISDICTION_IDS.handong)).toBe(true);
    expect((await call('handong', 'GET', '/api/accounts/unit-options?role=lead_bureau')).statusCode).toBe(403);
  });

  it('offers, for each role, the units its account may belong to', async () => {
    const options = async (role: string) =>
      (await call('sysadmin', 'GET', `/api/accounts/unit-options?role=${role}`)).json<{ items: { id: string; kind: string; coordinates: string | null }[] }>().items;
    expect((await options('enterprise')).map((unit) => unit.id)).toEqual([ENTERPRISE_UNIT]);
    expect((await options('lead_bureau')).every((unit) => unit.kind === 'department')).toBe(true);
    const coordinators = await options('county_coordinator');
    expect(coordinators).toContainEqual(expect.objectContaining({ id: LOCAL_UNIT_IDS.handong.government, coordinates: JURISDICTION_IDS.handong }));
    expect(coordinators.map((unit) => unit.id)).not.toContain(UNIT_IDS.cityGovernment);
    expect((await options('leader')).map((unit) => unit.id)).not.toContain(LOCAL_UNIT_IDS.handong.government);
  });

  it('is read by the system administrator and county coordinators only, filtered and paged', async () => {
    for (const username of ['yingshangban', 'leader', 'hd-jiaoyu'] as const) expect((await call(username, 'GET', '/api/accounts')).statusCode).toBe(403);
    expect((await t.server.inject({ method: 'GET', url: '/api/accounts' })).statusCode).toBe(401);

    const page = async (query: string) => (await call('sysadmin', 'GET', `/api/accounts${query}`)).json<{ items: AccountView[]; total: number }>();
    const all = await page('?pageSize=100');
    expect(all.total).toBe(all.items.length);
    const first = await page('?pageSize=5&page=1');
    const second = await page('?pageSize=5&page=2');
    expect(first.total).toBe(all.total);
    expect(first.items.map((item) => item.username)).toEqual(all.items.slice(0, 5).map((item) => item.username));
    expect(second.items.map((item) => item.username)).toEqual(all.items.slice(5, 10).map((item) => item.username));
    expect((await page('?role=county_coordinator')).items.every((item) => item.role === 'county_coordinator')).toBe(true);
    expect((await page('?q=jiaoyu')).items.map((item) => item.username).sort()).toEqual(['hd-jiaoyu', 'jb-jiaoyu']);
    expect((await page(`?unitId=${UNIT_IDS.caizhengju}`)).items.map((item) => item.username)).toContain('caizhengju');
    expect((await page('?q=%25')).total).toBe(0);
    // The security log's newest successful sign-in.
    expect(all.items.find((item) => item.username === 'hd-jiaoyu')?.lastSignInAt).toBe(t.app.clock().toISOString());
    expect(all.items.find((item) => item.username === 'secadmin')?.lastSignInAt).toBeNull();
  });

  it('disabling an account or changing its rights ends its sessions: its next request is 401', async () => {
    const hd = await t.signIn('hd-jiaoyu');
    expect((await t.server.inject({ method: 'GET', url: '/api/session', headers: hd })).statusCode).toBe(200);
    const disabled = await call('sysadmin', 'PATCH', '/api/accounts/acc-hd-jiaoyu', { active: false });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ active: false });
    expect((await t.server.inject({ method: 'GET', url: '/api/session', headers: hd })).statusCode).toBe(401);
    expect(await t.app.db.select().from(sessions).where(eq(sessions.accountId, 'acc-hd-jiaoyu'))).toEqual([]);
    expect((await signInAs('hd-jiaoyu', PASSWORD)).statusCode).toBe(401);
    expect(await securityEvents('account_disabled', 'account:acc-hd-jiaoyu')).toHaveLength(1);

    const enabled = await call('sysadmin', 'PATCH', '/api/accounts/acc-hd-jiaoyu', { active: true });
    expect(enabled.json()).toMatchObject({ active: true });
    expect(await securityEvents('account_enabled', 'account:acc-hd-jiaoyu')).toHaveLength(1);
    expect((await signInAs('hd-jiaoyu', PASSWORD)).statusCode).toBe(200);

    const jb = await t.signIn('jb-jiaoyu');
    const renamed = await call('sysadmin', 'PATCH', '/api/accounts/acc-jb-jiaoyu', { displayName: '江北教育局王老师' });
    expect(renamed.statusCode).toBe(200);
    expect((await t.server.inject({ method: 'GET', url: '/api/session', headers: jb })).statusCode).toBe(200);
    const promoted = await call('sysadmin', 'PATCH', '/api/accounts/acc-jb-jiaoyu', { role: 'lead_bureau', unitId: UNIT_IDS.jiaotongju });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect((await t.server.inject({ method: 'GET', url: '/api/session', headers: jb })).statusCode).toBe(401);
    expect(await securityEvents('role_changed', 'account:acc-jb-jiaoyu')).toEqual([
      expect.objectContaining({ account_id: 'acc-sysadmin', details: expect.objectContaining({ before: 'unit_handler', after: 'lead_bureau' }) }),
    ]);
    expect(await securityEvents('account_changed', 'account:acc-jb-jiaoyu')).toHaveLength(2);
    t.forgetSignIns();
  });

  it('refuses a username already taken, changing nothing', async () => {
    const before = await accountsTable();
    const taken = await create('sysadmin', { username: 'hd-jiaoyu', displayName: '重名', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'USERNAME_TAKEN', details: { field: 'username' } });
    const badName = await create('sysadmin', { username: 'Wang Fang', displayName: '王芳', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju });
    expect(badName.statusCode).toBe(400);
    const unknownUnit = await create('sysadmin', { username: 'nobody-unit', displayName: '王芳', role: 'unit_handler', unitId: 'u-nowhere' });
    expect(unknownUnit.json().error.code).toBe('ACCOUNT_UNIT_MISMATCH');
    const missing = await call('sysadmin', 'PATCH', '/api/accounts/acc-nobody', { active: false });
    expect(missing.statusCode).toBe(404);
    expect(await accountsTable()).toEqual(before);
  });

  it('creates one account of many made at once under the same username', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        create('sysadmin', { username: 'twin', displayName: `同名${index + 1}`, role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaotongju }),
      ),
    );
    expect(attempts.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const rows = await t.app.db.select().from(accounts).where(and(eq(accounts.tenantId, t.app.tenantId), eq(accounts.username, 'twin')));
    expect(rows).toHaveLength(1);
  });
});
