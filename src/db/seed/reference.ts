/**
 * Reference data: what every city starts with (the official holidays and the default time
 * limits of S1, `seedCityDefaults`; the published one-year LPR, `seedLprRates`), and the demo
 * city's organisation — its jurisdictions, public units and responsibility matrix
 * (`seedReferenceData`, for `--demo` and the tests). Safe to run at every start.
 */
import { and, eq, ne } from 'drizzle-orm';
import { AppError } from '../../domain/errors.ts';
import { officialHolidayRows } from '../../domain/holidays-official.ts';
import { PUBLISHED_LPR } from '../../domain/reference/lpr-published.ts';
import { DEFAULT_TIME_LIMITS, TIMED_STATES } from '../../domain/supervision/time-limits.ts';
import type { Db } from '../connection.ts';
import { holidays, jurisdictions, lprRates, responsibilityMatrix, tenants, timeLimits, units } from '../schema.ts';
import { hanjiangJurisdictions, hanjiangUnits, JURISDICTION_IDS, UNIT_IDS } from './hanjiang.ts';
import { responsibilityMatrixRows } from './responsibility-matrix.ts';

/** Years whose State Council arrangement `chinese-days` is known to carry correctly. */
export const HOLIDAY_YEARS = [2025, 2026] as const;

/** The official holidays and the default time limits of a city; what it has already is left alone. */
export const seedCityDefaults = async (tx: Db, tenantId: string): Promise<void> => {
  const holidayRows = officialHolidayRows(HOLIDAY_YEARS).map((row) => ({ ...row, tenantId }));
  if (holidayRows.length > 0) {
    await tx.insert(holidays).values(holidayRows).onConflictDoNothing({ target: [holidays.tenantId, holidays.day] });
  }
  const limitRows = TIMED_STATES.map((state) => ({ tenantId, state, ...DEFAULT_TIME_LIMITS[state] }));
  await tx.insert(timeLimits).values(limitRows).onConflictDoNothing({ target: [timeLimits.tenantId, timeLimits.state] });
};

/**
 * A new city's one-year LPR table: the published rows (`PUBLISHED_LPR`, 保障中小企业款项支付条例
 * 第十七条). Run where a tenant is made, never at a later start as the holidays are, so that a row
 * the 系统管理员 removed stays removed; the cities of before are seeded by migration 0035.
 */
export const seedLprRates = async (tx: Db, tenantId: string): Promise<void> => {
  await tx
    .insert(lprRates)
    .values(PUBLISHED_LPR.map((row) => ({ tenantId, ...row })))
    .onConflictDoNothing({ target: [lprRates.tenantId, lprRates.effectiveOn] });
};

/**
 * The demo city 汉江市: inserts what is missing and leaves existing rows alone, edits included, in one
 * transaction. Only id conflicts are ignored: a clash on another unique key (a credit code)
 * still fails, rather than silently dropping a unit.
 * @throws AppError VALIDATION_FAILED when the demo rows already belong to another tenant
 *   (their ids are global keys).
 */
export const seedReferenceData = async (db: Db, tenantId: string): Promise<void> => {
  await db.transaction(async (tx) => {
    // The jurisdictions' FK to their government units is deferred to the commit.
    await tx.insert(jurisdictions).values(hanjiangJurisdictions(tenantId)).onConflictDoNothing({ target: [jurisdictions.tenantId, jurisdictions.id] });
    await tx.insert(units).values(hanjiangUnits(tenantId)).onConflictDoNothing({ target: [units.tenantId, units.id] });
    await tx
      .insert(responsibilityMatrix)
      .values(responsibilityMatrixRows(tenantId))
      .onConflictDoNothing({ target: [responsibilityMatrix.tenantId, responsibilityMatrix.id] });
    await seedCityDefaults(tx, tenantId);
    // Keys are per tenant, so the same ids could be written for a second tenant: the fixed
    // Hanjiang ids belong to one tenant of an installation (the one query over all tenants).
    const [city] = await tx
      .select({ tenantId: jurisdictions.tenantId })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, JURISDICTION_IDS.city), ne(jurisdictions.tenantId, tenantId)))
      .limit(1);
    if (city !== undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        `参考数据已属于租户“${city.tenantId}”，不能再为租户“${tenantId}”写入。`,
        { tenantId, existingTenantId: city.tenantId },
      );
    }
    const made = await tx
      .insert(tenants)
      .values({ id: tenantId, name: '汉江市', businessOfficeUnitId: UNIT_IDS.yingshangban, demo: true })
      .onConflictDoNothing({ target: tenants.id })
      .returning({ id: tenants.id });
    if (made.length > 0) await seedLprRates(tx, tenantId);
  });
};
