import { asc, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { accounts, securityEvents, securityPolicies, sessions, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS } from '../../src/db/seed/hanjiang.ts';
import { buildServer } from '../../src/http/server.ts';
import { createTestApp, PASSWORD, type TestApp } from '../support/app.ts';
import { backendName } from '../support/database.ts';

/** The code an authenticator app shows at `at`, computed by the library the platform uses. */
const codeAt = (secret: string, at: Date): string => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

interface Call {
  readonly token?: string;
  readonly cookie?: string;
  readonly address?: string;
  readonly headers?: Record<string, string>;
  readonly payload?: object;
}

/** The HTTP helpers of one test app. */
const client = (t: TestApp) => {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: Call = {}) =>
    t.server.inject({
      method,
      url,
      remoteAddress: options.address ?? '127.0.0.1',
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.cookie ? { cookies: { chengxin_session: options.cookie } } : {}),
      ...(options.payload ? { payload: options.payload } : {}),
    });
  const signIn = (username: string, password = PASSWORD, options: { totp?: string; address?: string; device?: string; userAgent?: string } = {}) =>
    t.server.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress: options.address ?? '127.0.0.1',
      payload: { username, password, ...(options.totp ? { totp: options.totp } : {}) },
      headers: { 'user-agent': options.userAgent ?? 'vitest' },
      ...(options.device ? { cookies: { chengxin_device: options.device } } : {}),
    });
  const tokenOf = (response: Awaited<ReturnType<typeof signIn>>): string => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ token: string }>().token;
  };
  const later = (seconds: number) => t.clock.set(new Date(t.app.clock().getTime() + seconds * 1000).toISOString());
  /** The secrets the test enrolled accounts with, as the users' phones keep them. */
  const secrets = new Map<string, string>();
  /** Enrolls the account's second factor through the API and returns a full session and the secret. */
  const enrolled = async (username: string, address = '127.0.0.1'): Promise<{ token: string; secret: string }> => {
    const token = tokenOf(await signIn(username, PASSWORD, { address }));
    const begun = await call('POST', '/api/session/second-factor', { token, address });
    expect(begun.statusCode, begun.body).toBe(200);
    const { secret } = begun.json<{ secret: string }>();
    const confirmed = await call('POST', '/api/session/second-factor/confirm', { token, address, payload: { code: codeAt(secret, t.app.clock()) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    secrets.set(username, secret);
    return { token, secret };
  };
  /** Signs in with password and the code of the next time step (a code is accepted once). */
  const withCode = async (username: string, secret: string, address = '127.0.0.1') => {
    later(30);
    return tokenOf(await signIn(username, PASSWORD, { totp: codeAt(secret, t.app.clock()), address }));
  };
  /** A full session of a staff account: enrolled on first use, then signed in with a code. */
  const full = async (username: string, address = '127.0.0.1'): Promise<string> => {
    const secret = secrets.get(username);
    return secret === undefined ? (await enrolled(username, address)).token : withCode(username, secret, address);
  };
  const events = async (kind: string, accountId?: string) =>
    (await t.app.db.select().from(securityEvents).where(eq(securityEvents.kind, kind as never)).orderBy(asc(securityEvents.seq))).filter((row) => accountId === undefined || row.accountId === accountId);
  const account = async (id: string) => (await t.app.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
  return { call, signIn, tokenOf, later, enrolled, withCode, full, events, account };
};

/** A 安全管理员 and an enterprise account beside the test accounts, held to the policy (not demo accounts). */
const addAccounts = async (t: TestApp) => {
  const passwordHash = await hashPassword(PASSWORD);
  await t.app.db.insert(units).values({ id: 'ent-identity', tenantId: t.app.tenantId, name: '汉江精工机械有限公司', kind: 'enterprise', jurisdictionId: JURISDICTION_IDS.city });
  await t.app.db.insert(accounts).values([
    { id: 'acc-secadmin', tenantId: t.app.tenantId, username: 'secadmin', displayName: '安全管理员', passwordHash, role: 'security_admin', unitId: null },
    { id: 'acc-qiye', tenantId: t.app.tenantId, username: 'qiye', displayName: '企业用户', passwordHash, role: 'enterprise', unitId: 'ent-identity' },
  ]);
};

describe(`identity with demo mode off: every policy applies to the demo accounts too (${backendName})`, () => {
  let t: TestApp;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00', { demo: false });
    c = client(t);
    await addAccounts(t);
  });
  afterAll(async () => t?.close());

  it('opens a staff session restricted to enrolling a second factor, and an enterprise one in full', async () => {
    const signedIn = await c.signIn('leader');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user).toMatchObject({
      restricted: 'enroll_second_factor',
      mustChangePassword: false,
      secondFactor: { required: true, enrolled: false },
      passwordPolicy: { profile: 'dengbao' },
      demo: false,
    });
    const token = signedIn.json().token as string;
    const refused = await c.call('GET', '/api/cases', { token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('SECOND_FACTOR_ENROLLMENT_REQUIRED');
    expect((await c.call('GET', '/api/session', { token })).json().user.restricted).toBe('enroll_second_factor');

    const enterprise = await c.signIn('qiye');
    expect(enterprise.json().user).toMatchObject({ restricted: null, secondFactor: { required: false, enrolled: false } });
    expect((await c.call('GET', '/api/cases', { token: c.tokenOf(enterprise) })).statusCode).toBe(200);
  });

  it('enrolls a TOTP second factor, then signs in with a code computed by the same library, and refuses a replayed code', async () => {
    const token = c.tokenOf(await c.signIn('jingxinju'));
    const begun = await c.call('POST', '/api/session/second-factor', { token });
    expect(begun.statusCode, begun.body).toBe(200);
    const { secret, uri } = begun.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*jingxinju\?/);
    expect(uri).toContain(`secret=${secret}`);
    // Kept sealed with the key file's key, never as given.
    const stored = await c.account('acc-jingxinju');
    expect(stored.totpSecret).toMatch(/^v1:/);
    expect(stored.totpSecret).not.toContain(secret);
    expect(stored.totpEnrolledAt).toBeNull();

    const wrong = await c.call('POST', '/api/session/second-factor/confirm', { token, payload: { code: '000000' === codeAt(secret, t.app.clock()) ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect((await c.account('acc-jingxinju')).totpEnrolledAt).toBeNull();
    const confirmCode = codeAt(secret, t.app.clock());
    const confirmed = await c.call('POST', '/api/session/second-factor/confirm', { token, payload: { code: confirmCode } });
    expect(confirmed.json()).toEqual({ restricted: null });
    expect((await c.call('GET', '/api/cases', { token })).statusCode).toBe(200);
    expect(await c.events('second_factor_enrolled', 'acc-jingxinju')).toHaveLength(1);

    const without = await c.signIn('jingxinju');
    expect(without.statusCode).toBe(401);
    expect(without.json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    // The code that confirmed the enrollment was used: not again.
    const replayed = await c.signIn('jingxinju', PASSWORD, { totp: confirmCode });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.code).toBe('SECOND_FACTOR_INVALID');

    c.later(30);
    const code = codeAt(secret, t.app.clock());
    const full = await c.signIn('jingxinju', PASSWORD, { totp: code });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().user).toMatchObject({ restricted: null, secondFactor: { required: true, enrolled: true } });
    const again = await c.signIn('jingxinju', PASSWORD, { totp: code });
    expect(again.json().error.code).toBe('SECOND_FACTOR_INVALID');
    const failures = await c.events('sign_in_failed', 'acc-jingxinju');
    expect(failures.map((event) => event.details.reason)).toEqual(['wrong_code', 'wrong_code']);
    // A wrong code counts towards the lockout like a wrong password (the sign-in between cleared the first).
    expect((await c.account('acc-jingxinju')).failedSignIns).toBe(1);
    c.later(30);
    await c.signIn('jingxinju', PASSWORD, { totp: codeAt(secret, t.app.clock()) });
    expect((await c.account('acc-jingxinju')).failedSignIns).toBe(0);
    // Its manager resets it (a lost phone): the sessions end and the next sign-in enrolls anew.
    const sysadmin = await c.enrolled('sysadmin');
    const fullToken = full.json().token as string;
    expect((await c.call('POST', '/api/accounts/acc-jingxinju/second-factor-reset', { token: sysadmin.token })).statusCode).toBe(204);
    expect((await c.call('GET', '/api/session', { token: fullToken })).statusCode).toBe(401);
    expect((await c.signIn('jingxinju')).json().user.restricted).toBe('enroll_second_factor');
    expect(await c.events('second_factor_reset', 'acc-sysadmin')).toHaveLength(1);
  });

  it('locks an account after 5 consecutive failures for 30 minutes, until the system administrator unlocks it', async () => {
    const address = '10.1.0.1';
    const codes = [];
    for (let attempt = 0; attempt < 4; attempt += 1) codes.push((await c.signIn('caizhengju', 'wrong-password', { address })).json().error.code);
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    const fifth = await c.signIn('caizhengju', 'wrong-password', { address });
    expect(fifth.statusCode).toBe(423);
    const until = new Date(t.app.clock().getTime() + 30 * 60_000).toISOString();
    expect(fifth.json().error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { lockedUntil: until } });
    const correct = await c.signIn('caizhengju', PASSWORD, { address });
    expect(correct.statusCode).toBe(423);
    expect(correct.json().error.message).toContain('账号已锁定至');
    expect(await c.events('locked_out', 'acc-caizhengju')).toHaveLength(1);
    expect((await c.events('sign_in_failed', 'acc-caizhengju')).map((event) => event.details.reason)).toEqual([
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'locked',
    ]);

    // Nobody else unlocks it: not a leader, not another county's coordinator, and nothing changes.
    for (const token of [await c.full('leader'), await c.full('handong')]) {
      const refused = await c.call('POST', '/api/accounts/acc-caizhengju/unlock', { token });
      expect(refused.statusCode).toBe(403);
    }
    expect((await c.account('acc-caizhengju')).lockedUntil).not.toBeNull();
    const sysadmin = await c.full('sysadmin');
    expect((await c.call('POST', '/api/accounts/acc-caizhengju/unlock', { token: sysadmin })).statusCode).toBe(204);
    expect(await c.events('unlocked', 'acc-sysadmin')).toHaveLength(1);
    expect((await c.signIn('caizhengju', PASSWORD, { address })).statusCode).toBe(200);
    // The system administrator may not unlock their own account or another administrator's.
    expect((await c.call('POST', '/api/accounts/acc-sysadmin/unlock', { token: sysadmin })).statusCode).toBe(403);
    expect((await c.call('POST', '/api/accounts/acc-secadmin/unlock', { token: sysadmin })).statusCode).toBe(403);
    expect((await c.call('POST', '/api/accounts/acc-nobody/unlock', { token: sysadmin })).statusCode).toBe(404);

    // Locked again, it unlocks itself after 30 minutes.
    for (let attempt = 0; attempt < 5; attempt += 1) await c.signIn('caizhengju', 'wrong-password', { address });
    expect((await c.signIn('caizhengju', PASSWORD, { address })).statusCode).toBe(423);
    c.later(30 * 60);
    expect((await c.signIn('caizhengju', PASSWORD, { address })).statusCode).toBe(200);
  });

  it('does not let an attacker’s failures elsewhere keep the real user out of a known device', async () => {
    const home = '10.2.0.1';
    const first = await c.signIn('guoziwei', PASSWORD, { address: home });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((cookie) => cookie.name === 'chengxin_device')!;
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/session' });

    for (let attempt = 0; attempt < 5; attempt += 1) await c.signIn('guoziwei', 'guess-password', { address: '10.66.0.1' });
    expect((await c.signIn('guoziwei', PASSWORD, { address: '10.66.0.2' })).statusCode).toBe(423);
    // The real user, from the browser that signed in before, is let in despite the lock.
    const real = await c.signIn('guoziwei', PASSWORD, { address: home, device: device.value });
    expect(real.statusCode, real.body).toBe(200);
    // …which does not lift the lock for anyone else.
    expect((await c.signIn('guoziwei', PASSWORD, { address: '10.66.0.3' })).statusCode).toBe(423);
    // A forged or another account's device cookie is no exemption.
    expect((await c.signIn('guoziwei', PASSWORD, { address: home, device: device.value.replace(/.$/, (char) => (char === '0' ? '1' : '0')) })).statusCode).toBe(423);
    const other = (await c.signIn('zhaoshangju', PASSWORD, { address: home })).cookies.find((cookie) => cookie.name === 'chengxin_device')!;
    expect((await c.signIn('guoziwei', PASSWORD, { address: home, device: other.value })).statusCode).toBe(423);
    // A known device guessing wrong loses its exemption after the lockout's number of failures.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await c.signIn('guoziwei', 'wrong-again', { address: home, device: device.value })).statusCode).toBe(401);
    }
    expect((await c.signIn('guoziwei', PASSWORD, { address: home, device: device.value })).statusCode).toBe(423);
  });

  it('limits spraying per address across usernames, with parallel requests, but not the real user of a known device', async () => {
    const sprayer = '10.3.0.1';
    const known = (await c.signIn('xinyongban', PASSWORD, { address: sprayer })).cookies.find((cookie) => cookie.name === 'chengxin_device')!;
    const names = ['handong', 'jiangbei', 'jb-jiaoyu', ...Array.from({ length: 27 }, (_, index) => `user-${index}`)];
    const responses = await Promise.all(names.map((username) => c.signIn(username, 'Spring2026!', { address: sprayer })));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    const limited = responses.find((response) => response.statusCode === 429)!;
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A correct password from that address waits too, unless its browser signed in to that account before.
    expect((await c.signIn('xinyongban', PASSWORD, { address: sprayer })).statusCode).toBe(429);
    expect((await c.signIn('xinyongban', PASSWORD, { address: sprayer, device: known.value })).statusCode).toBe(200);
    // Other addresses are not affected, and no sprayed account got locked by 3 guesses of 30.
    expect((await c.signIn('jiangbei', PASSWORD, { address: '10.3.0.2' })).statusCode).toBe(200);
    expect((await c.account('acc-handong')).lockedUntil).toBeNull();
    // The flood is recorded once per window, with the unknown names as typed.
    expect((await c.events('sign_in_failed')).filter((event) => event.details.reason === 'rate_limited' && event.address === sprayer)).toHaveLength(1);
    const unknownTried = names.filter((name, index) => name.startsWith('user-') && statuses[index] === 401);
    const unknownRecorded = (await c.events('sign_in_failed')).filter((event) => event.details.reason === 'unknown_user' && event.address === sprayer);
    expect(unknownRecorded.map((event) => event.username).sort()).toEqual(unknownTried.sort());
    // The window passes.
    c.later(10 * 60);
    expect((await c.signIn('xinyongban', PASSWORD, { address: sprayer })).statusCode).toBe(200);
  });

  it('lists one’s sessions and ends another one; the administrator lists and ends an account’s sessions', async () => {
    await t.app.db.delete(sessions).where(eq(sessions.accountId, 'acc-qiye'));
    const first = c.tokenOf(await c.signIn('qiye', PASSWORD, { address: '10.4.0.1', userAgent: 'Firefox 140' }));
    const second = c.tokenOf(await c.signIn('qiye', PASSWORD, { address: '10.4.0.2', userAgent: 'Chrome 140' }));
    const listed = await c.call('GET', '/api/session/sessions', { token: first });
    const items = listed.json<{ items: { id: string; address: string; userAgent: string; current: boolean }[] }>().items;
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.current)).toMatchObject({ address: '10.4.0.1', userAgent: 'Firefox 140' });
    const other = items.find((item) => !item.current)!;
    expect(other).toMatchObject({ address: '10.4.0.2', userAgent: 'Chrome 140' });
    // The public id is not the token's hash.
    const rows = await t.app.db.select({ id: sessions.id, viewId: sessions.viewId }).from(sessions).where(eq(sessions.accountId, 'acc-qiye'));
    expect(rows.map((row) => row.id)).not.toContain(other.id);

    // Someone else's session id is unknown to this user: nothing ends.
    const stranger = c.tokenOf(await c.signIn('hd-jiaoyu'));
    expect((await c.call('DELETE', `/api/session/sessions/${other.id}`, { token: stranger })).statusCode).toBe(404);
    expect((await c.call('GET', '/api/session', { token: second })).statusCode).toBe(200);

    expect((await c.call('DELETE', `/api/session/sessions/${other.id}`, { token: first })).statusCode).toBe(204);
    expect((await c.call('GET', '/api/session', { token: second })).statusCode).toBe(401);
    expect((await c.call('GET', '/api/session/sessions', { token: first })).json().items).toHaveLength(1);
    expect((await c.events('session_revoked', 'acc-qiye'))[0]!.details).toMatchObject({ session: other.id, current: false });

    const sysadmin = await c.full('sysadmin');
    const byAdmin = await c.call('GET', '/api/accounts/acc-qiye/sessions', { token: sysadmin });
    expect(byAdmin.json().items).toHaveLength(1);
    expect(byAdmin.json().items[0]).toMatchObject({ current: false, address: '10.4.0.1' });
    const leader = await c.full('leader');
    expect((await c.call('DELETE', '/api/accounts/acc-qiye/sessions', { token: leader })).statusCode).toBe(403);
    expect((await c.call('GET', '/api/session', { token: first })).statusCode).toBe(200);
    expect((await c.call('DELETE', '/api/accounts/acc-qiye/sessions', { token: sysadmin })).statusCode).toBe(204);
    expect((await c.call('GET', '/api/session', { token: first })).statusCode).toBe(401);

    const out = c.tokenOf(await c.signIn('qiye'));
    expect((await c.call('DELETE', '/api/session', { token: out })).statusCode).toBe(204);
    expect((await c.events('sign_out', 'acc-qiye')).length).toBeGreaterThanOrEqual(1);
  });

  it('holds a new password to the dengbao profile and its history of 5, and ends the other sessions', async () => {
    const token = c.tokenOf(await c.signIn('hd-jiaoyu'));
    const elsewhere = c.tokenOf(await c.signIn('hd-jiaoyu', PASSWORD, { address: '10.5.0.2' }));
    const change = (currentPassword: string, newPassword: string) => c.call('POST', '/api/session/password', { token, payload: { currentPassword, newPassword } });

    const short = await change(PASSWORD, 'Ab1!');
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: '密码至少 8 位' });
    expect(short.json().error.details.rule).toContain('至少 3 类');
    expect((await change(PASSWORD, 'onlylower123')).json().error.code).toBe('PASSWORD_TOO_WEAK');
    const wrong = await change('not-my-password', 'Fresh-pass-1');
    expect(wrong.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '当前密码不正确' });
    expect((await c.account('acc-hd-jiaoyu')).failedSignIns).toBe(1);
    const before = (await c.account('acc-hd-jiaoyu')).passwordHash;
    expect((await change(PASSWORD, PASSWORD)).json().error.code).toBe('PASSWORD_REUSED');
    expect((await c.account('acc-hd-jiaoyu')).passwordHash).toBe(before);

    const passwords = [PASSWORD, 'Second-pass-2', 'Third-pass-3', 'Fourth-pass-4', 'Fifth-pass-5', 'Sixth-pass-6'];
    for (let index = 1; index <= 4; index += 1) {
      const changed = await change(passwords[index - 1]!, passwords[index]!);
      expect(changed.statusCode, changed.body).toBe(200);
    }
    expect((await c.call('GET', '/api/session', { token: elsewhere })).statusCode).toBe(401);
    expect((await c.call('GET', '/api/session', { token })).statusCode).toBe(200);
    // The first is one of the last 5 (the current one and the 4 before): refused.
    const reused = await change(passwords[4]!, PASSWORD);
    expect(reused.json().error).toMatchObject({ code: 'PASSWORD_REUSED', message: '新密码不能与最近 5 次使用过的密码相同' });
    expect((await change(passwords[4]!, passwords[5]!)).statusCode).toBe(200);
    expect((await change(passwords[5]!, PASSWORD)).statusCode).toBe(200);
    expect(await c.events('password_changed', 'acc-hd-jiaoyu')).toHaveLength(1 + 6);
    expect((await c.account('acc-hd-jiaoyu')).failedSignIns).toBe(0);
  });

  it('forces a change after an administrator’s reset and after 90 days, restricting the session to it', async () => {
    const sysadmin = await c.full('sysadmin');
    const before = c.tokenOf(await c.signIn('jb-jiaoyu'));
    const reset = await c.call('POST', '/api/accounts/acc-jb-jiaoyu/password-reset', { token: sysadmin });
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect((await c.call('GET', '/api/session', { token: before })).statusCode).toBe(401);
    expect((await c.signIn('jb-jiaoyu', PASSWORD)).statusCode).toBe(401);
    expect(await c.events('password_reset', 'acc-sysadmin')).toHaveLength(1);

    const signedIn = await c.signIn('jb-jiaoyu', temporaryPassword);
    expect(signedIn.json().user).toMatchObject({ mustChangePassword: true, restricted: 'change_password' });
    const token = signedIn.json().token as string;
    const refused = await c.call('GET', '/api/cases', { token });
    expect(refused.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await c.call('POST', '/api/session/password', { token, payload: { currentPassword: temporaryPassword, newPassword: 'Jiangbei-2026' } });
    expect(changed.json()).toEqual({ restricted: 'enroll_second_factor' });
    expect((await c.call('GET', '/api/session', { token })).json().user).toMatchObject({ mustChangePassword: false, restricted: 'enroll_second_factor' });

    // 90 days after the last change the dengbao profile asks for a new one.
    await t.app.db.update(accounts).set({ passwordChangedAt: new Date(t.app.clock().getTime() - 90 * 24 * 3600 * 1000) }).where(eq(accounts.id, 'acc-qiye'));
    expect((await c.signIn('qiye')).json().user).toMatchObject({ mustChangePassword: true, restricted: 'change_password' });
  });

  it('refuses cross-site state changes made with the session cookie, body-less ones included, and lets Bearer clients through', async () => {
    const sysadmin = await c.full('sysadmin');
    for (let attempt = 0; attempt < 5; attempt += 1) await c.signIn('zhaoshangju', 'wrong-password', { address: '10.7.0.1' });
    const locked = async () => (await c.account('acc-zhaoshangju')).lockedUntil !== null;
    expect(await locked()).toBe(true);
    const unlock = (headers: Record<string, string>, auth: 'cookie' | 'bearer' = 'cookie') =>
      c.call('POST', '/api/accounts/acc-zhaoshangju/unlock', { ...(auth === 'cookie' ? { cookie: sysadmin } : { token: sysadmin }), headers });

    const forged: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80.evil.example' },
      {},
    ];
    for (const headers of forged) {
      const response = await unlock(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe('CSRF_REJECTED');
    }
    expect(await locked()).toBe(true);
    // Sign-out and ending a session are state changes too.
    expect((await c.call('DELETE', '/api/session', { cookie: sysadmin, headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
    expect((await c.call('GET', '/api/session', { cookie: sysadmin })).statusCode).toBe(200);

    // The platform's own pages: same-origin, or an old browser with the client's header.
    expect((await unlock({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' })).statusCode).toBe(204);
    for (let attempt = 0; attempt < 5; attempt += 1) await c.signIn('zhaoshangju', 'wrong-password', { address: '10.7.0.1' });
    expect((await unlock({ 'x-requested-with': 'chengxin' })).statusCode).toBe(204);
    for (let attempt = 0; attempt < 5; attempt += 1) await c.signIn('zhaoshangju', 'wrong-password', { address: '10.7.0.1' });
    // An API client with its token and no browser headers.
    expect((await unlock({}, 'bearer')).statusCode).toBe(204);
    expect(await locked()).toBe(false);
  });

  it('lets only the 安全管理员 set the policy, validates it in Chinese and records every change with before and after', async () => {
    const secadmin = await c.enrolled('secadmin', '10.8.0.1');
    const sysadmin = await c.full('sysadmin');
    const current = await c.call('GET', '/api/security-policy', { token: secadmin.token, address: '10.8.0.1' });
    expect(current.json()).toMatchObject({
      passwordProfile: 'dengbao',
      lockout: { maxFailures: 5, minutes: 30 },
      sessions: { staffIdleMinutes: 30, enterpriseIdleMinutes: 120, absoluteHours: 12 },
      staffAllowedNetworks: [],
    });
    expect(current.json().secondFactorRoles).not.toContain('enterprise');
    expect((await c.call('GET', '/api/security-policy', { token: sysadmin })).statusCode).toBe(403);
    const policy = { ...current.json(), passwordProfile: 'asvs' };
    expect((await c.call('PUT', '/api/security-policy', { token: sysadmin, payload: policy })).statusCode).toBe(403);

    const invalid = await c.call('PUT', '/api/security-policy', {
      token: secadmin.token,
      address: '10.8.0.1',
      payload: { ...policy, lockout: { maxFailures: 0, minutes: 30 }, staffAllowedNetworks: ['10.0.0.0/33'] },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('连续失败锁定次数不能小于 3');
    expect(invalid.body).toContain('网段格式不正确');
    const shutsOut = await c.call('PUT', '/api/security-policy', { token: secadmin.token, address: '10.8.0.1', payload: { ...policy, staffAllowedNetworks: ['192.168.0.0/16'] } });
    expect(shutsOut.json().error.message).toContain('不包含您当前的地址 10.8.0.1');
    expect(await t.app.db.select().from(securityPolicies)).toHaveLength(0);

    const saved = await c.call('PUT', '/api/security-policy', { token: secadmin.token, address: '10.8.0.1', payload: policy });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().passwordProfile).toBe('asvs');
    const [changed] = await c.events('security_policy_changed', 'acc-secadmin');
    expect(changed!.details).toMatchObject({ before: { passwordProfile: 'dengbao' }, after: { passwordProfile: 'asvs' } });

    // Under asvs: 12 characters at least and no common password; no rotation.
    const token = c.tokenOf(await c.signIn('qiye'));
    const change = (newPassword: string) => c.call('POST', '/api/session/password', { token, payload: { currentPassword: PASSWORD, newPassword } });
    expect((await change('Short-pass1')).json().error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', message: '密码至少 12 位' });
    expect((await change('Password1234!')).json().error.message).toContain('过于常见');
    expect((await c.signIn('qiye')).json().user).toMatchObject({ mustChangePassword: false, restricted: null, passwordPolicy: { profile: 'asvs' } });
    expect((await change('梧桐树下 听雨 喝一壶茶')).statusCode).toBe(200);

    const back = await c.call('PUT', '/api/security-policy', { token: secadmin.token, address: '10.8.0.1', payload: current.json() });
    expect(back.statusCode).toBe(200);
    expect(await c.events('security_policy_changed', 'acc-secadmin')).toHaveLength(2);
  });

  it('keeps staff within the allowed networks, at sign-in and on every request, IPv4 and IPv6', async () => {
    const secadmin = await c.full('secadmin', '10.8.0.1');
    const policy = (await c.call('GET', '/api/security-policy', { token: secadmin, address: '10.8.0.1' })).json();
    const saved = await c.call('PUT', '/api/security-policy', {
      token: secadmin,
      address: '10.8.0.1',
      payload: { ...policy, staffAllowedNetworks: ['10.0.0.0/8', '2001:db8::/32'] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    try {
      const outside = await c.signIn('yingshangban', PASSWORD, { address: '192.168.1.5' });
      expect(outside.statusCode).toBe(403);
      expect(outside.json().error.code).toBe('NETWORK_NOT_ALLOWED');
      expect((await c.events('sign_in_failed', 'acc-yingshangban')).at(-1)!.details).toMatchObject({ reason: 'network' });
      // A wrong password from outside says nothing about the network.
      expect((await c.signIn('yingshangban', 'wrong-password', { address: '192.168.1.5' })).json().error.code).toBe('INVALID_CREDENTIALS');
      const inside = c.tokenOf(await c.signIn('yingshangban', PASSWORD, { address: '10.9.1.1' }));
      expect(c.tokenOf(await c.signIn('yingshangban', PASSWORD, { address: '2001:db8::5' }))).toBeTruthy();
      expect(c.tokenOf(await c.signIn('yingshangban', PASSWORD, { address: '::ffff:10.9.1.2' }))).toBeTruthy();
      const moved = await c.call('GET', '/api/session', { token: inside, address: '192.168.1.5' });
      expect(moved.statusCode).toBe(403);
      expect(moved.json().error.code).toBe('NETWORK_NOT_ALLOWED');
      expect((await c.call('GET', '/api/session', { token: inside, address: '10.9.1.1' })).statusCode).toBe(200);
      // Enterprises sign in from anywhere.
      expect((await c.signIn('qiye', '梧桐树下 听雨 喝一壶茶', { address: '192.168.1.5' })).statusCode).toBe(200);
    } finally {
      await c.call('PUT', '/api/security-policy', { token: secadmin, address: '10.8.0.1', payload: policy });
    }
    expect((await c.signIn('yingshangban', PASSWORD, { address: '192.168.1.5' })).statusCode).toBe(200);
  });

  it('refuses a disabled account as a wrong password, and records why', async () => {
    await t.app.db.update(accounts).set({ active: false }).where(eq(accounts.id, 'acc-jiangbei'));
    const refused = await c.signIn('jiangbei', PASSWORD, { address: '10.10.0.1' });
    expect(refused.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect((await c.events('sign_in_failed', 'acc-jiangbei')).at(-1)!.details).toMatchObject({ reason: 'disabled' });
    expect((await c.events('sign_in')).every((event) => event.outcome === 'success')).toBe(true);
  });
});

describe(`session lifetimes (${backendName})`, () => {
  let t: TestApp;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00', { demo: false });
    c = client(t);
    await addAccounts(t);
  });
  afterAll(async () => t?.close());

  it('ends a staff session after 30 idle minutes and an enterprise one after 120, writing the last request at most once a minute', async () => {
    const staff = c.tokenOf(await c.signIn('leader'));
    const enterprise = c.tokenOf(await c.signIn('qiye'));
    const lastSeen = async () => (await t.app.db.select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.accountId, 'acc-leader')))[0]!.at.toISOString();
    c.later(30);
    expect((await c.call('GET', '/api/session', { token: staff })).statusCode).toBe(200);
    expect(await lastSeen()).toBe('2026-03-02T01:00:00.000Z');
    c.later(40);
    expect((await c.call('GET', '/api/session', { token: staff })).statusCode).toBe(200);
    expect(await lastSeen()).toBe('2026-03-02T01:01:10.000Z');

    t.clock.set('2026-03-02T09:31:09+08:00');
    expect((await c.call('GET', '/api/session', { token: staff })).statusCode).toBe(200);
    t.clock.set('2026-03-02T10:01:10+08:00');
    expect((await c.call('GET', '/api/session', { token: staff })).statusCode).toBe(401);
    expect((await c.call('GET', '/api/session', { token: enterprise })).statusCode).toBe(200);
    t.clock.set('2026-03-02T12:01:10+08:00');
    expect((await c.call('GET', '/api/session', { token: enterprise })).statusCode).toBe(401);
  });

  it('ends a session at its absolute lifetime of 12 hours whatever the activity', async () => {
    t.clock.set('2026-03-03T08:00:00+08:00');
    const response = await c.signIn('qiye');
    const token = c.tokenOf(response);
    expect(response.json().absoluteExpiresAt).toBe('2026-03-03T12:00:00.000Z');
    const cookie = response.cookies.find((item) => item.name === 'chengxin_session')!;
    expect(cookie.expires?.toISOString()).toBe('2026-03-03T12:00:00.000Z');
    for (let minutes = 60; minutes < 12 * 60; minutes += 60) {
      t.clock.set(new Date(Date.parse('2026-03-03T08:00:00+08:00') + minutes * 60_000).toISOString());
      expect((await c.call('GET', '/api/session', { token })).statusCode, `${minutes} minutes`).toBe(200);
    }
    t.clock.set('2026-03-03T19:59:59+08:00');
    expect((await c.call('GET', '/api/session', { token })).statusCode).toBe(200);
    t.clock.set('2026-03-03T20:00:00+08:00');
    expect((await c.call('GET', '/api/session', { token })).statusCode).toBe(401);
    const rows = await t.app.db.select().from(sessions).where(eq(sessions.accountId, 'acc-qiye'));
    expect(rows.map((row) => row.absoluteExpiresAt.toISOString())).toEqual(['2026-03-03T12:00:00.000Z']);
  });
});

describe(`the client's address behind a reverse proxy (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00', { demo: false });
    await addAccounts(t);
  });
  afterAll(async () => t?.close());

  it('believes X-Forwarded-For only from the proxies given by --trust-proxy', async () => {
    const behindProxy = await buildServer({ app: t.app, demo: false, trustProxy: ['127.0.0.1/32'] });
    try {
      const forwarded = { 'x-forwarded-for': '10.20.0.1' };
      const direct = await t.server.inject({ method: 'POST', url: '/api/session', remoteAddress: '127.0.0.1', headers: forwarded, payload: { username: 'qiye', password: PASSWORD } });
      expect(direct.statusCode).toBe(200);
      const proxied = await behindProxy.inject({ method: 'POST', url: '/api/session', remoteAddress: '127.0.0.1', headers: forwarded, payload: { username: 'qiye', password: PASSWORD } });
      expect(proxied.statusCode).toBe(200);
      const signIns = await t.app.db.select().from(securityEvents).where(eq(securityEvents.kind, 'sign_in')).orderBy(asc(securityEvents.seq));
      expect(signIns.map((event) => event.address)).toEqual(['127.0.0.1', '10.20.0.1']);
      // An untrusted peer's header is ignored.
      const spoofed = await behindProxy.inject({ method: 'POST', url: '/api/session', remoteAddress: '192.0.2.7', headers: forwarded, payload: { username: 'qiye', password: PASSWORD } });
      expect(spoofed.statusCode).toBe(200);
      expect((await t.app.db.select().from(securityEvents).where(eq(securityEvents.kind, 'sign_in')).orderBy(asc(securityEvents.seq))).at(-1)!.address).toBe('192.0.2.7');
    } finally {
      await behindProxy.close();
    }
  });
});

describe(`the demo stays open to try (${backendName})`, () => {
  let t: TestApp;
  let c: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    c = client(t);
    await addAccounts(t);
  });
  afterAll(async () => t?.close());

  it('signs a demo account in with its password alone on a --demo server, and holds other accounts to the policy', async () => {
    await t.app.db.update(accounts).set({ mustChangePassword: true, passwordChangedAt: new Date('2025-01-01T00:00:00Z') }).where(eq(accounts.id, 'acc-leader'));
    const leader = await c.signIn('leader');
    expect(leader.json().user).toMatchObject({ restricted: null, mustChangePassword: false, secondFactor: { required: false }, demo: true });
    const token = leader.json().token as string;
    expect((await c.call('GET', '/api/cases', { token })).statusCode).toBe(200);
    // Its password is everyone's: it cannot be changed here, nor a second factor bound to it.
    const change = await c.call('POST', '/api/session/password', { token, payload: { currentPassword: PASSWORD, newPassword: 'Another-pass-1' } });
    expect(change.statusCode).toBe(403);
    expect((await c.call('POST', '/api/session/second-factor', { token })).statusCode).toBe(403);
    expect((await c.account('acc-leader')).totpSecret).toBeNull();
    // Sign-in events say it was a demo sign-in.
    expect((await c.events('sign_in', 'acc-leader')).at(-1)!.details).toMatchObject({ demo: true, secondFactor: false });

    // An account that is not a demo account gets no exemption from demo mode.
    expect((await c.signIn('secadmin')).json().user).toMatchObject({ restricted: 'enroll_second_factor', demo: false });
  });

  it('never locks a published demo account on the demo server, so a visitor cannot shut the next one out', async () => {
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await c.signIn('hd-jiaoyu', 'not-the-password', { address: '203.0.113.9' })).statusCode).toBe(401);
    }
    expect((await c.account('acc-hd-jiaoyu')).lockedUntil).toBeNull();
    expect((await c.signIn('hd-jiaoyu', PASSWORD, { address: '198.51.100.4' })).statusCode).toBe(200);
  });

  it('says it is a demo in the health check', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ demo: true });
  });
});
