import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceChanges } from '../../src/db/schema.ts';
import { PUBLISHED_LPR } from '../../src/domain/reference/lpr-published.ts';
import { loadLprTable } from '../../src/reference/lpr-rates.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

/**
 * The one-year LPR table (保障中小企业款项支付条例 第十七条) through the API: every signed-in account
 * reads it, the 系统管理员 alone keeps it, each edit with its row in reference_changes, and a
 * refused edit changes nothing.
 */
describe(`the one-year LPR table through the API (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername | null, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: username === null ? {} : await t.signIn(username), ...(payload ? { payload } : {}) });

  /** The table and its edit log: what a refused request must leave as it was. */
  const state = async () => ({
    rates: await loadLprTable(t.app.db, t.app.tenantId),
    changes: await t.app.db.select().from(referenceChanges).where(eq(referenceChanges.entity, 'lpr')),
  });
  const logOf = (effectiveOn: string) =>
    t.app.db
      .select()
      .from(referenceChanges)
      .where(and(eq(referenceChanges.entity, 'lpr'), eq(referenceChanges.entityId, effectiveOn)))
      .orderBy(asc(referenceChanges.at));

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('lists the published rates, earliest first, to every signed-in account', async () => {
    for (const username of ['sysadmin', 'yingshangban', 'hd-jiaoyu', 'handong'] as const) {
      const response = await call(username, 'GET', '/api/lpr-rates');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().items).toEqual(PUBLISHED_LPR);
    }
    const anonymous = await call(null, 'GET', '/api/lpr-rates');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lets the system administrator add, correct and remove a rate, each with its record', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00');
    const added = await call('sysadmin', 'PUT', '/api/lpr-rates/2026-02-24', { oneYearBp: 290 });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ effectiveOn: '2026-02-24', oneYearBp: 290 });
    expect((await call('hd-jiaoyu', 'GET', '/api/lpr-rates')).json().items.at(-1)).toEqual({ effectiveOn: '2026-02-24', oneYearBp: 290 });

    t.clock.set('2026-03-02T10:05:00+08:00');
    const corrected = await call('sysadmin', 'PUT', '/api/lpr-rates/2026-02-24', { oneYearBp: 295 });
    expect(corrected.json()).toEqual({ effectiveOn: '2026-02-24', oneYearBp: 295 });

    t.clock.set('2026-03-02T10:10:00+08:00');
    expect((await call('sysadmin', 'DELETE', '/api/lpr-rates/2026-02-24')).statusCode).toBe(204);
    expect((await state()).rates).toEqual(PUBLISHED_LPR);

    const row = { tenantId: t.app.tenantId, effectiveOn: '2026-02-24' };
    expect(await logOf('2026-02-24')).toMatchObject([
      { actorId: 'acc-sysadmin', before: null, after: { ...row, oneYearBp: 290 } },
      { actorId: 'acc-sysadmin', before: { ...row, oneYearBp: 290 }, after: { ...row, oneYearBp: 295 } },
      { actorId: 'acc-sysadmin', before: { ...row, oneYearBp: 295 }, after: null },
    ]);
  });

  it('corrects a published rate in place', async () => {
    const corrected = await call('sysadmin', 'PUT', '/api/lpr-rates/2025-05-20', { oneYearBp: 305 });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await state()).rates.at(-1)).toEqual({ effectiveOn: '2025-05-20', oneYearBp: 305 });
    expect(await logOf('2025-05-20')).toMatchObject([{ before: { oneYearBp: 300 }, after: { oneYearBp: 305 } }]);
    await call('sysadmin', 'PUT', '/api/lpr-rates/2025-05-20', { oneYearBp: 300 });
  });

  it('refuses 营商办, a unit and a county their edits, and changes nothing', async () => {
    const before = await state();
    for (const username of ['yingshangban', 'hd-jiaoyu', 'handong'] as const) {
      for (const [method, payload] of [['PUT', { oneYearBp: 290 }], ['DELETE', undefined]] as const) {
        const response = await call(username, method, '/api/lpr-rates/2025-05-20', payload);
        expect(response.statusCode, `${username} ${method}`).toBe(403);
        expect(response.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
      }
    }
    expect(await state()).toEqual(before);
  });

  it('refuses a rate that is not a whole number of basis points from 1 to 10,000, and changes nothing', async () => {
    const before = await state();
    for (const oneYearBp of [0, -345, 10_001, 3.45, 345.5]) {
      const response = await call('sysadmin', 'PUT', '/api/lpr-rates/2025-05-20', { oneYearBp });
      expect(response.statusCode, String(oneYearBp)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'LPR_INVALID', message: expect.stringContaining('一年期LPR'), details: { field: 'oneYearBp' } });
    }
    for (const payload of [{ oneYearBp: '345' }, {}]) {
      const response = await call('sysadmin', 'PUT', '/api/lpr-rates/2025-05-20', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await state()).toEqual(before);
  });

  it('refuses a day that is no date, or more than 31 days ahead, and changes nothing', async () => {
    const before = await state();
    const notADay = await call('sysadmin', 'PUT', '/api/lpr-rates/2026-02-30', { oneYearBp: 290 });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().error.code).toBe('DATE_INVALID');
    expect((await call('sysadmin', 'DELETE', '/api/lpr-rates/20260220')).json().error.code).toBe('DATE_INVALID');

    const ahead = await call('sysadmin', 'PUT', '/api/lpr-rates/2026-04-03', { oneYearBp: 290 });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error).toMatchObject({ code: 'LPR_INVALID', message: '生效日期不能晚于2026-04-02（今天起31天内）', details: { field: 'effectiveOn' } });
    expect(await state()).toEqual(before);

    const lastDay = await call('sysadmin', 'PUT', '/api/lpr-rates/2026-04-02', { oneYearBp: 290 });
    expect(lastDay.statusCode, lastDay.body).toBe(200);
    expect((await call('sysadmin', 'DELETE', '/api/lpr-rates/2026-04-02')).statusCode).toBe(204);
  });

  it('answers 404 for a rate that is not in the table, and changes nothing', async () => {
    const before = await state();
    const response = await call('sysadmin', 'DELETE', '/api/lpr-rates/2025-06-20');
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'NOT_FOUND', message: '2025-06-20 起没有一年期LPR记录' });
    expect(await state()).toEqual(before);
  });
});
