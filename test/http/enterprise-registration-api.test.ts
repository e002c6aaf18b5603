import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { accounts, enterpriseRegistrations, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { REGISTRATION_SUBMISSIONS_PER_HOUR } from '../../src/http/routes/enterprise-registrations.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const CHOSEN_PASSWORD = 'Chufeng#Keji2026';

/** A valid code per test enterprise: 91422900MA4REG001… */
const code = (n: number) => makeCreditCode(`91422900MA4REG${String(n).padStart(3, '0')}`);

const registration = (n: number, overrides: Record<string, unknown> = {}) => ({
  creditCode: code(n),
  enterpriseName: `汉江市注册测试${n}号有限公司`,
  jurisdictionId: JURISDICTION_IDS.jiangbei,
  contactName: '黄海涛',
  contactPhone: '13912345678',
  username: `qiye-${n}`,
  password: CHOSEN_PASSWORD,
  ...overrides,
});

interface RegistrationView {
  id: string;
  status: 'pending' | 'confirmed' | 'rejected';
  contactPhone: string;
  existingUnit: { id: string } | null;
  accountId: string | null;
  rejectionReason: string | null;
}

describe(`enterprises register themselves, and staff confirm them (${backendName})`, () => {
  let t: TestApp;
  let addresses = 0;
  /** Each public request from its own address unless told, clear of the limit per address. */
  const submit = (body: object, remoteAddress = `10.20.0.${(addresses += 1)}`) =>
    t.server.inject({ method: 'POST', url: '/api/enterprise-registrations', payload: body, remoteAddress });
  const status = (username: string, creditCode: string) =>
    t.server.inject({ method: 'GET', url: `/api/enterprise-registrations/status?username=${username}&creditCode=${creditCode}`, remoteAddress: `10.21.0.${(addresses += 1)}` });
  const signIn = (username: string, password = CHOSEN_PASSWORD) =>
    t.server.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: `10.22.0.${(addresses += 1)}` });
  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });

  /** What a refused submission must leave as it was. */
  const tables = async () => ({
    registrations: await t.app.db.select().from(enterpriseRegistrations).orderBy(asc(enterpriseRegistrations.id)),
    accounts: await t.app.db.select({ id: accounts.id, username: accounts.username, active: accounts.active }).from(accounts).orderBy(asc(accounts.id)),
    units: (await t.app.db.select({ id: units.id }).from(units)).length,
  });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    for (const username of ['yingshangban', 'sysadmin', 'leader', 'handong', 'jingxinju'] as const) await t.signIn(username);
  });
  afterAll(async () => t?.close());

  it('takes a registration without sign-in, pending until staff confirm it; till then the enterprise cannot sign in', async () => {
    const options = await t.server.inject({ method: 'GET', url: '/api/enterprise-registrations/options' });
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({ passwordProfile: 'dengbao', passwordRule: expect.stringContaining('密码至少') });
    expect(options.json().jurisdictions).toContainEqual(expect.objectContaining({ id: JURISDICTION_IDS.jiangbei, name: '江北区' }));

    const submitted = await submit(registration(1));
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ status: 'pending', statusLabel: '已提交，待审核' });
    const [row] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.id, submitted.json().id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.creditCode).toBe(code(1));

    expect((await signIn('qiye-1')).statusCode).toBe(401);
    const looked = await status('qiye-1', code(1).toLowerCase());
    expect(looked.statusCode, looked.body).toBe(200);
    expect(looked.json()).toMatchObject({ status: 'pending', statusLabel: '已提交，待审核', enterpriseName: '汉江市注册测试1号有限公司' });
    expect((await status('qiye-1', code(2))).statusCode).toBe(404);

    const { rows } = await t.app.db.execute<{ kind: string; username: string }>(
      sql`select kind, username from security_events where tenant_id = ${t.app.tenantId} and object = ${`enterprise-registration:${submitted.json().id}`}`,
    );
    expect(rows).toEqual([expect.objectContaining({ kind: 'enterprise_registered', username: 'qiye-1' })]);
  });

  it('refuses a bad credit code, a weak password, a taken username or a second pending registration, writing nothing', async () => {
    const before = await tables();
    const badCode = await submit(registration(3, { creditCode: '91422900MA4REG0030' }));
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error).toMatchObject({ code: 'CREDIT_CODE_INVALID', details: { field: 'creditCode' } });
    const weak = await submit(registration(3, { password: 'password' }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { field: 'password' } });
    const takenByAccount = await submit(registration(3, { username: 'hd-jiaoyu' }));
    expect(takenByAccount.statusCode).toBe(409);
    expect(takenByAccount.json().error.code).toBe('USERNAME_TAKEN');
    const takenByRegistration = await submit(registration(3, { username: 'qiye-1' }));
    expect(takenByRegistration.json().error.code).toBe('USERNAME_TAKEN');
    const samePending = await submit(registration(1, { username: 'qiye-1b' }));
    expect(samePending.statusCode).toBe(409);
    expect(samePending.json().error.code).toBe('REGISTRATION_PENDING');
    const [publicUnit] = await t.app.db.select().from(units).where(eq(units.id, UNIT_IDS.jingxinju));
    const government = await submit(registration(3, { creditCode: publicUnit!.creditCode }));
    expect(government.statusCode).toBe(400);
    expect(government.json().error.details.field).toBe('creditCode');
    const badPhone = await submit(registration(3, { contactPhone: '12345' }));
    expect(badPhone.statusCode).toBe(400);
    expect(await tables()).toEqual(before);
  });

  it('is reviewed by 营商办 and the system administrator only', async () => {
    for (const username of ['leader', 'handong', 'jingxinju'] as const) {
      expect((await call(username, 'GET', '/api/enterprise-registrations')).statusCode).toBe(403);
    }
    expect((await t.server.inject({ method: 'GET', url: '/api/enterprise-registrations' })).statusCode).toBe(401);
    const [pending] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.username, 'qiye-1'));
    const before = await tables();
    expect((await call('leader', 'POST', `/api/enterprise-registrations/${pending!.id}/confirm`, {})).statusCode).toBe(403);
    expect((await call('handong', 'POST', `/api/enterprise-registrations/${pending!.id}/reject`, { reason: '材料不全' })).statusCode).toBe(403);
    expect(await tables()).toEqual(before);

    const list = await call('sysadmin', 'GET', '/api/enterprise-registrations?status=pending');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ username: 'qiye-1', contactPhone: '139****5678', status: 'pending', existingUnit: null })]);
  });

  it('confirming makes the enterprise and its account, which signs in with the password it chose', async () => {
    const [pending] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.username, 'qiye-1'));
    const confirmed = await call('yingshangban', 'POST', `/api/enterprise-registrations/${pending!.id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const view = confirmed.json<RegistrationView>();
    expect(view).toMatchObject({ status: 'confirmed', existingUnit: expect.objectContaining({ jurisdictionId: JURISDICTION_IDS.jiangbei }) });
    const [account] = await t.app.db.select().from(accounts).where(eq(accounts.id, view.accountId!));
    expect(account).toMatchObject({ username: 'qiye-1', role: 'enterprise', active: true, mustChangePassword: false, unitId: view.existingUnit!.id, displayName: '黄海涛' });
    const [unit] = await t.app.db.select().from(units).where(eq(units.id, view.existingUnit!.id));
    expect(unit).toMatchObject({ kind: 'enterprise', name: '汉江市注册测试1号有限公司', creditCode: code(1) });
    const [row] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.id, pending!.id));
    expect(row!.passwordHash).toBeNull();

    const signedIn = await signIn('qiye-1');
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user).toMatchObject({ role: 'enterprise', unit: { id: unit!.id }, mustChangePassword: false, restricted: null });
    expect((await status('qiye-1', code(1))).json()).toMatchObject({ status: 'confirmed', statusLabel: '已通过，可以登录' });

    const before = await tables();
    const again = await call('sysadmin', 'POST', `/api/enterprise-registrations/${pending!.id}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REGISTRATION_NOT_PENDING');
    const second = await submit(registration(1, { username: 'qiye-1-second' }));
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'ENTERPRISE_ACCOUNT_EXISTS', message: expect.stringContaining('已有平台账号') });
    expect(await tables()).toEqual(before);
  });

  it('confirming reuses the enterprise the platform knows by its credit code', async () => {
    await t.app.db.insert(units).values({ id: 'ent-known', tenantId: t.app.tenantId, name: '汉江市已登记企业有限公司', kind: 'enterprise', creditCode: code(4), jurisdictionId: JURISDICTION_IDS.handong });
    const submitted = await submit(registration(4, { enterpriseName: '汉江市已登记企业' }));
    expect(submitted.statusCode, submitted.body).toBe(201);
    const listed = (await call('yingshangban', 'GET', '/api/enterprise-registrations?status=pending')).json<{ items: RegistrationView[] }>().items;
    expect(listed.find((item) => item.id === submitted.json().id)?.existingUnit).toMatchObject({ id: 'ent-known' });
    const unitsBefore = (await tables()).units;
    const confirmed = await call('sysadmin', 'POST', `/api/enterprise-registrations/${submitted.json().id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const [account] = await t.app.db.select().from(accounts).where(eq(accounts.username, 'qiye-4'));
    expect(account!.unitId).toBe('ent-known');
    expect((await tables()).units).toBe(unitsBefore);
  });

  it('a rejected registrant cannot sign in, is told why, and may register again', async () => {
    const submitted = await submit(registration(5));
    const id = submitted.json().id as string;
    const noReason = await call('yingshangban', 'POST', `/api/enterprise-registrations/${id}/reject`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await call('yingshangban', 'POST', `/api/enterprise-registrations/${id}/reject`, { reason: '企业名称与营业执照不一致' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: '企业名称与营业执照不一致' });
    expect((await signIn('qiye-5')).statusCode).toBe(401);
    expect((await status('qiye-5', code(5))).json()).toMatchObject({ status: 'rejected', statusLabel: '未通过', rejectionReason: '企业名称与营业执照不一致' });
    const [row] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.id, id));
    expect(row!.passwordHash).toBeNull();
    expect((await call('yingshangban', 'POST', `/api/enterprise-registrations/${id}/confirm`, {})).json().error.code).toBe('REGISTRATION_NOT_PENDING');
    const { rows } = await t.app.db.execute<{ outcome: string }>(
      sql`select outcome from security_events where tenant_id = ${t.app.tenantId} and kind = 'enterprise_registered' and object = ${`enterprise-registration:${id}`} order by seq`,
    );
    expect(rows.map((event) => event.outcome)).toEqual(['success', 'failure']);

    const again = await submit(registration(5, { enterpriseName: '汉江市注册测试5号科技有限公司' }));
    expect(again.statusCode, again.body).toBe(201);
  });

  it('makes one registration of several submitted at once for one enterprise', async () => {
    const attempts = await Promise.all([0, 1, 2].map((index) => submit(registration(6, { username: `qiye-6-${index}` }))));
    expect(attempts.map((response) => response.statusCode).sort()).toEqual([201, 409, 409]);
    const rows = await t.app.db
      .select()
      .from(enterpriseRegistrations)
      .where(and(eq(enterpriseRegistrations.tenantId, t.app.tenantId), eq(enterpriseRegistrations.creditCode, code(6))));
    expect(rows).toHaveLength(1);
  });

  it('limits submissions from one address', async () => {
    const address = '10.30.0.1';
    for (let index = 0; index < REGISTRATION_SUBMISSIONS_PER_HOUR; index += 1) {
      const response = await submit(registration(100 + index, { password: 'short' }), address);
      expect(response.statusCode).toBe(400);
    }
    const limited = await submit(registration(200), address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.creditCode, code(200)))).toEqual([]);
    expect((await submit(registration(200))).statusCode).toBe(201);
  });
});
