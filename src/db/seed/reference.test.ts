import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../../test/support/database.ts';
import { isValidCreditCode } from '../../domain/credit-code.ts';
import type { Database } from '../connection.ts';
import { holidays, jurisdictions, responsibilityMatrix, units } from '../schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from './hanjiang.ts';
import { seedReferenceData } from './reference.ts';

const REGISTRATION_PREFIX = { government: '11', department: '11', justice: '11', court: '11', institution: '12', soe: '91' };

describe(`reference data on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  const counts = async () => ({
    jurisdictions: (await database.db.select({ n: count() }).from(jurisdictions))[0]?.n,
    units: (await database.db.select({ n: count() }).from(units))[0]?.n,
    matrix: (await database.db.select({ n: count() }).from(responsibilityMatrix))[0]?.n,
    holidays: (await database.db.select({ n: count() }).from(holidays))[0]?.n,
  });

  it('gives the city, six county-level jurisdictions and two zones each their government unit', async () => {
    const rows = await database.db
      .select({ id: jurisdictions.id, level: jurisdictions.level, kind: units.kind, unitJurisdiction: units.jurisdictionId })
      .from(jurisdictions)
      .innerJoin(units, eq(units.id, jurisdictions.governmentUnitId))
      .orderBy(jurisdictions.sort);
    expect(rows.map((row) => row.id)).toEqual(Object.values(JURISDICTION_IDS));
    expect(rows.filter((row) => row.level === 'county')).toHaveLength(6);
    expect(rows.filter((row) => row.level === 'zone')).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ kind: 'government', unitJurisdiction: row.id });
  });

  it('gives every public unit a valid, unique credit code of its kind and division', async () => {
    const rows = await database.db
      .select({ id: units.id, kind: units.kind, creditCode: units.creditCode, jurisdiction: units.jurisdictionId })
      .from(units);
    expect(rows.length).toBeGreaterThan(70);
    for (const row of rows) {
      expect(row.kind).not.toBe('enterprise');
      expect(isValidCreditCode(row.creditCode ?? ''), `${row.id} ${row.creditCode}`).toBe(true);
      expect(row.creditCode?.slice(0, 2)).toBe(REGISTRATION_PREFIX[row.kind as keyof typeof REGISTRATION_PREFIX]);
      expect(row.creditCode?.slice(2, 6)).toBe('4229');
    }
    expect(new Set(rows.map((row) => row.creditCode)).size).toBe(rows.length);
  });

  it('seeds every exported unit id', async () => {
    const ids = [...Object.values(UNIT_IDS), ...Object.values(LOCAL_UNIT_IDS).flatMap((local) => Object.values(local))];
    const rows = await database.db.select({ id: units.id }).from(units);
    expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(ids));
  });

  it('holds the 13 rows of the responsibility matrix (SPEC §6)', async () => {
    const rows = await database.db.select().from(responsibilityMatrix).orderBy(responsibilityMatrix.sort);
    expect(rows).toHaveLength(13);
    expect(rows.find((row) => row.topic === 'arrears_public_bodies')).toMatchObject({
      line: 'arrears',
      debtorKinds: ['government', 'department', 'institution', 'justice', 'court'],
      leadUnitId: UNIT_IDS.jingxinju,
      cooperatingUnitIds: [UNIT_IDS.caizhengju, UNIT_IDS.shenjiju],
    });
    expect(rows.find((row) => row.topic === 'arrears_soe')).toMatchObject({
      debtorKinds: ['soe'],
      leadUnitId: UNIT_IDS.guoziwei,
      cooperatingUnitIds: [UNIT_IDS.zhujianju, UNIT_IDS.wenlvju],
    });
    expect(rows.filter((row) => row.leadIsJurisdiction).map((row) => row.leadUnitId)).toEqual([null, null]);
  });

  it('holds the official holidays and make-up workdays of 2025 and 2026', async () => {
    const rows = await database.db.select().from(holidays).where(sql`${holidays.day} in ('2025-10-01', '2026-01-04')`);
    expect(rows.sort((a, b) => a.day.localeCompare(b.day))).toMatchObject([
      { day: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { day: '2026-01-04', kind: 'workday', name: '元旦' },
    ]);
  });

  it('is idempotent and keeps edits made since', async () => {
    const before = await counts();
    await database.db.update(units).set({ name: '汉江市经济和信息化局（改）' }).where(eq(units.id, UNIT_IDS.jingxinju));
    await seedReferenceData(database.db, database.tenantId);
    expect(await counts()).toEqual(before);
    const [unit] = await database.db.select({ name: units.name }).from(units).where(eq(units.id, UNIT_IDS.jingxinju));
    expect(unit?.name).toBe('汉江市经济和信息化局（改）');
  });

  it('refuses to seed the same demo city for a second tenant', async () => {
    const before = await counts();
    await expect(seedReferenceData(database.db, 'another-city')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await counts()).toEqual(before);
  });
});
