import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, sessions } from '../../src/db/schema.ts';
import { createTestApp, PASSWORD, type TestApp } from '../support/app.ts';
import { backendName } from '../support/database.ts';

describe(`sessions (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const signIn = (username: string, password = PASSWORD, remoteAddress = '127.0.0.1') =>
    t.server.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress });

  it('signs in with an httpOnly, SameSite cookie and keeps only a hash of the token', async () => {
    const response = await signIn('handong');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((item) => item.name === 'chengxin_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(response.json().user).toMatchObject({ role: 'county_coordinator', roleLabel: '县市区/管委会统筹人', jurisdictionScope: ['handong'] });
    const stored = await t.app.db.select({ id: sessions.id }).from(sessions);
    expect(stored.map((row) => row.id)).not.toContain(cookie.value);
    const me = await t.server.inject({ method: 'GET', url: '/api/session', cookies: { chengxin_session: cookie.value } });
    expect(me.json().user.name).toBe('handong');
  });

  it('tells the user what they may register: lines, sources and the units they reach (S3)', async () => {
    const abilitiesOf = async (username: string) => (await signIn(username)).json().user.abilities.register;
    expect(await abilitiesOf('handong')).toEqual([
      { line: 'arrears', sources: ['self_inspection', 'audit'], responsibleUnits: { kind: 'jurisdictions', jurisdictionIds: ['handong'] }, ownEnterprise: false },
      { line: 'policy', sources: ['self_inspection', 'audit'], responsibleUnits: { kind: 'jurisdictions', jurisdictionIds: ['handong'] }, ownEnterprise: false },
      { line: 'investment', sources: ['self_inspection', 'audit'], responsibleUnits: { kind: 'jurisdictions', jurisdictionIds: ['handong'] }, ownEnterprise: false },
      { line: 'integrity', sources: ['self_inspection', 'audit'], responsibleUnits: { kind: 'jurisdictions', jurisdictionIds: ['handong'] }, ownEnterprise: false },
    ]);
    const unit = await abilitiesOf('hd-jiaoyu');
    expect(unit.map((ability: { responsibleUnits: unknown }) => ability.responsibleUnits)).toEqual([
      { kind: 'own', unitId: 'u-handong-jiaoyuju' },
      { kind: 'own', unitId: 'u-handong-jiaoyuju' },
      { kind: 'own', unitId: 'u-handong-jiaoyuju' },
      { kind: 'own', unitId: 'u-handong-jiaoyuju' },
    ]);
    expect(await abilitiesOf('sysadmin')).toEqual([]);
    expect(await abilitiesOf('xinyongban')).toEqual([]);
  });

  it('expires a staff session after 30 idle minutes and ends it on sign-out', async () => {
    const token = (await signIn('jingxinju')).json().token as string;
    const me = () => t.server.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${token}` } });
    t.clock.set('2026-03-02T09:29:00+08:00');
    expect((await me()).statusCode).toBe(200);
    t.clock.set('2026-03-02T09:58:00+08:00');
    expect((await me()).statusCode).toBe(200);
    t.clock.set('2026-03-02T10:28:00+08:00');
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' });

    const fresh = (await signIn('jingxinju')).json().token as string;
    const out = await t.server.inject({ method: 'DELETE', url: '/api/session', headers: { authorization: `Bearer ${fresh}` } });
    expect(out.statusCode).toBe(204);
    expect((await t.server.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${fresh}` } })).statusCode).toBe(401);
  });

  it('refuses a disabled account with the same message as a wrong password', async () => {
    await t.app.db.update(accounts).set({ active: false }).where(eq(accounts.username, 'leader'));
    const response = await signIn('leader');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('用户名或密码错误');
    expect((await signIn('nobody')).json().error.message).toBe('用户名或密码错误');
  });

  it('does not limit a correct sign-in after failures of the same account from the same address', async () => {
    const codes: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) codes.push((await signIn('yingshangban', 'wrong', '127.0.0.9')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401]);
    expect((await signIn('yingshangban', PASSWORD, '127.0.0.9')).statusCode).toBe(200);
    // Another account from the same address signs in too.
    expect((await signIn('handong', PASSWORD, '127.0.0.9')).statusCode).toBe(200);
  });
});
