import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { referenceChanges } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

describe(`reference data is editable, by the right people, with a record (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const register = async () => {
    const response = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      instruction: '请汉东区教育局核实办理。',
      title: '汉东区教育局拖欠食堂设备款',
      facts: '2025年食堂设备采购款未付。',
      enterprise: { name: '汉江市鼎盛厨具有限公司', creditCode: makeCreditCode('91422900MA49Q1W2E') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 8_800_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ deadline: string; leadUnit: { id: string } | null }>();
  };

  it('counts deadlines with a day the system administrator adds to the calendar (S1)', async () => {
    expect((await register()).deadline).toBe('2026-03-09');
    const refused = await call('yingshangban', 'PUT', '/api/holidays/2026-03-03', { kind: 'holiday', name: '临时调整' });
    expect(refused.statusCode).toBe(403);
    expect((await register()).deadline).toBe('2026-03-09');

    const set = await call('sysadmin', 'PUT', '/api/holidays/2026-03-03', { kind: 'holiday', name: '临时调整' });
    expect(set.statusCode, set.body).toBe(200);
    expect((await register()).deadline).toBe('2026-03-10');
    const year = await call('handong', 'GET', '/api/holidays?year=2026');
    expect(year.json().items).toContainEqual({ day: '2026-03-03', kind: 'holiday', name: '临时调整' });

    expect((await call('sysadmin', 'DELETE', '/api/holidays/2026-03-03')).statusCode).toBe(204);
    expect((await register()).deadline).toBe('2026-03-09');
    const bad = await call('sysadmin', 'PUT', '/api/holidays/2026-02-30', { kind: 'holiday', name: 'x' });
    expect(bad.json().error.code).toBe('DATE_INVALID');
  });

  it('lets 营商办 reassign a lead bureau in the matrix, which new cases then follow', async () => {
    const rows = (await call('yingshangban', 'GET', '/api/responsibility-matrix')).json<{ items: { id: string; topic: string; leadUnitId: string | null }[] }>().items;
    expect(rows).toHaveLength(13);
    const publicBodies = rows.find((row) => row.leadUnitId === UNIT_IDS.jingxinju && row.topic.startsWith('arrears'))!;
    expect((await register()).leadUnit?.id).toBe(UNIT_IDS.jingxinju);

    const refused = await call('hd-jiaoyu', 'PATCH', `/api/responsibility-matrix/${publicBodies.id}`, { leadUnitId: UNIT_IDS.caizhengju });
    expect(refused.statusCode).toBe(403);
    const unknownUnit = await call('yingshangban', 'PATCH', `/api/responsibility-matrix/${publicBodies.id}`, { leadUnitId: 'u-nowhere' });
    expect(unknownUnit.json().error.code).toBe('UNIT_NOT_FOUND');
    expect((await register()).leadUnit?.id).toBe(UNIT_IDS.jingxinju);

    const patched = await call('yingshangban', 'PATCH', `/api/responsibility-matrix/${publicBodies.id}`, { leadUnitId: UNIT_IDS.caizhengju });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await register()).leadUnit?.id).toBe(UNIT_IDS.caizhengju);
    const log = await t.app.db.select().from(referenceChanges).where(eq(referenceChanges.entityId, publicBodies.id));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ entity: 'responsibility_matrix', actorId: 'acc-yingshangban' });
  });

  it('adds a unit only with a valid, unused credit code', async () => {
    const before = (await call('yingshangban', 'GET', '/api/units?jurisdiction=handong')).json().items.length;
    const invalid = await call('yingshangban', 'POST', '/api/units', {
      name: '汉东区城市管理执法局',
      kind: 'department',
      creditCode: '11422902MB0000000X',
      jurisdictionId: 'handong',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('CREDIT_CODE_INVALID');
    expect((await call('yingshangban', 'GET', '/api/units?jurisdiction=handong')).json().items).toHaveLength(before);

    const creditCode = makeCreditCode('11422902MB0123456');
    const created = await call('yingshangban', 'POST', '/api/units', { name: '汉东区城市管理执法局', kind: 'department', creditCode, jurisdictionId: 'handong' });
    expect(created.statusCode, created.body).toBe(201);
    const duplicate = await call('sysadmin', 'POST', '/api/units', { name: '重复', kind: 'department', creditCode, jurisdictionId: 'handong' });
    expect(duplicate.statusCode).toBe(400);
    expect((await call('yingshangban', 'GET', '/api/units?jurisdiction=handong')).json().items).toHaveLength(before + 1);
    expect((await call('hd-jiaoyu', 'POST', '/api/units', { name: '某局', kind: 'department', jurisdictionId: 'handong' })).statusCode).toBe(403);
  });

  it('finds the unit of a credit code, whatever its kind, for the registration form', async () => {
    const lookup = async (creditCode: string) =>
      (await call('hd-jiaoyu', 'GET', `/api/units?creditCode=${encodeURIComponent(creditCode)}`)).json<{ items: { id: string; kind: string }[] }>().items;
    const units = (await call('yingshangban', 'GET', '/api/units?jurisdiction=handong&limit=500')).json<{ items: { id: string; creditCode: string | null }[] }>().items;
    const bureau = units.find((unit) => unit.id === LOCAL_UNIT_IDS.handong.jiaoyuju)!;
    expect(bureau.creditCode).toMatch(/^[0-9A-Z]{18}$/);
    // Typed in lower case with spaces (a full-width one too): the same code.
    const typed = `${bureau.creditCode!.slice(0, 6).toLowerCase()} ${bureau.creditCode!.slice(6, 12)}\u3000${bureau.creditCode!.slice(12)}`;
    expect(await lookup(typed)).toEqual([expect.objectContaining({ id: bureau.id, kind: 'department' })]);

    const enterprise = makeCreditCode('91422900MA49Q1W2E');
    await register();
    expect(await lookup(enterprise)).toEqual([expect.objectContaining({ kind: 'enterprise', name: '汉江市鼎盛厨具有限公司', creditCode: enterprise })]);
    expect(await lookup(makeCreditCode('91422900MA49Q1W3E'))).toEqual([]);
    expect(await lookup('')).toEqual([]);
    expect((await t.server.inject({ method: 'GET', url: `/api/units?creditCode=${enterprise}` })).statusCode).toBe(401);
  });

  it('shows an enterprise the public units and itself, never other enterprises (SPEC §5)', async () => {
    const other = makeCreditCode('91422900MA49Q1W2E');
    await register();
    const own = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      instruction: '请汉东区教育局核实办理。',
      title: '汉东区教育局拖欠桌椅款',
      facts: '测试',
      enterprise: { name: '汉江市木林家具有限公司', creditCode: makeCreditCode('91422900MA49Q1W4E') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 100_000,
    });
    await t.addEnterpriseAccount('qiye1', own.json<{ enterprise: { unitId: string } }>().enterprise.unitId);
    const seen = (await call('qiye1', 'GET', '/api/units?limit=500')).json<{ items: { id: string; kind: string }[] }>().items;
    expect(seen.filter((unit) => unit.kind === 'enterprise').map((unit) => unit.id)).toEqual([own.json().enterprise.unitId]);
    expect(seen.some((unit) => unit.id === LOCAL_UNIT_IDS.handong.jiaoyuju)).toBe(true);
    expect((await call('qiye1', 'GET', `/api/units?creditCode=${other}`)).json().items).toEqual([]);
    expect((await call('yingshangban', 'GET', `/api/units?creditCode=${other}`)).json().items).toHaveLength(1);
  });
});
