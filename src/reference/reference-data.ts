import { and, eq } from 'drizzle-orm';
import type { LedMatrixRow, MatrixLevel } from '../domain/access/case-policy.ts';
import type { HolidayCalendar } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import type { Db } from '../db/connection.ts';
import { units, type Jurisdiction, type Unit } from '../db/schema.ts';
import type { TimeLimits } from '../domain/supervision/time-limits.ts';
import { referenceData, type ReferenceData } from './reference-cache.ts';

/**
 * Reads of the reference data (SPEC §6): units, the jurisdiction tree, the responsibility
 * matrix, the holiday calendar and the time limits. Units are read per command; the rest comes
 * from the copy kept in process while its version stands (`reference-cache.ts`).
 */

/** @throws AppError UNIT_NOT_FOUND */
export const getUnit = async (db: Db, tenantId: string, unitId: string): Promise<Unit> => {
  const [unit] = await db.select().from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, unitId)));
  if (unit === undefined) throw new AppError('UNIT_NOT_FOUND', `单位不存在：${unitId}`, { unitId });
  return unit;
};

export const findUnitByCreditCode = async (db: Db, tenantId: string, creditCode: string): Promise<Unit | null> => {
  const [unit] = await db
    .select()
    .from(units)
    .where(and(eq(units.tenantId, tenantId), eq(units.creditCode, creditCode)));
  return unit ?? null;
};

/** The jurisdiction tree in its order; `knownVersion` as `referenceData` takes it. */
export const listJurisdictions = async (db: Db, tenantId: string, knownVersion?: string | null): Promise<Jurisdiction[]> => [
  ...(await referenceData(db, tenantId, knownVersion)).jurisdictions,
];

/** A jurisdiction and everything below it. */
export const jurisdictionSubtree = (all: readonly Jurisdiction[], rootId: string): string[] => {
  const result: string[] = [];
  const visit = (id: string) => {
    result.push(id);
    for (const child of all) if (child.parentId === id) visit(child.id);
  };
  if (all.some((jurisdiction) => jurisdiction.id === rootId)) visit(rootId);
  return result;
};

/** The root of the tree: the city. */
export const cityJurisdiction = (all: readonly Jurisdiction[]): Jurisdiction => {
  const city = all.find((jurisdiction) => jurisdiction.parentId === null);
  if (city === undefined) throw new AppError('INTERNAL', '缺少市级属地数据，请先运行 chengxin migrate 与参考数据初始化');
  return city;
};

/**
 * A5: the next-higher government of a unit. A county's unit (or the county government) goes
 * to the city government; a city unit goes to the city government; the city government has
 * none here.
 */
export const escalationTarget = async (db: Db, tenantId: string, unitId: string): Promise<string | null> => {
  const unit = await getUnit(db, tenantId, unitId);
  const all = await listJurisdictions(db, tenantId);
  const own = all.find((jurisdiction) => jurisdiction.id === unit.jurisdictionId);
  if (own === undefined) return null;
  const higher = own.parentId === null ? own : all.find((jurisdiction) => jurisdiction.id === own.parentId);
  const target = higher?.governmentUnitId ?? null;
  return target === unitId ? null : target;
};

/** The level the matrix reads a unit at: `city` for the city's own units, `county` for a county's or zone's. */
export const matrixLevelOf = (all: readonly Jurisdiction[], jurisdictionId: string): MatrixLevel =>
  all.find((jurisdiction) => jurisdiction.id === jurisdictionId)?.parentId === null ? 'city' : 'county';

/** The matrix rows a unit leads (SPEC §6), in the matrix's order: what a lead bureau may register and import (S3). */
export const ledMatrixRows = async (db: Db, tenantId: string, unitId: string | null): Promise<LedMatrixRow[]> =>
  unitId === null ? [] : ledMatrixRowsIn(await referenceData(db, tenantId), unitId);

/** `ledMatrixRows` in reference data the caller has read. */
export const ledMatrixRowsIn = (reference: ReferenceData, unitId: string | null): LedMatrixRow[] =>
  reference.matrix
    .filter((row) => unitId !== null && row.leadUnitId === unitId)
    .map((row) => ({ line: row.line, topic: row.topic, debtorKinds: row.debtorKinds, debtorLevel: row.debtorLevel ?? null }));

export interface Supervisors {
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: string[];
}

/**
 * The lead and cooperating bureaus of a case from the responsibility matrix (SPEC §6): the
 * first row of the line that covers the debtor's kind and level.
 */
export const supervisorsFor = async (db: Db, tenantId: string, line: Line, debtor: Unit): Promise<Supervisors> =>
  supervisorsIn(await referenceData(db, tenantId), line, debtor);

/** `supervisorsFor` in reference data the caller has read. */
export const supervisorsIn = (reference: ReferenceData, line: Line, debtor: Unit): Supervisors => {
  const level = matrixLevelOf(reference.jurisdictions, debtor.jurisdictionId);
  const row = reference.matrix.find(
    (candidate) =>
      candidate.line === line && candidate.debtorKinds.includes(debtor.kind) && (candidate.debtorLevel === null || candidate.debtorLevel === level),
  );
  return { leadUnitId: row?.leadUnitId ?? null, cooperatingUnitIds: [...(row?.cooperatingUnitIds ?? [])] };
};

/** S1: the official calendar with the tenant's edits. */
export const loadCalendar = async (db: Db, tenantId: string): Promise<HolidayCalendar> => (await referenceData(db, tenantId)).calendar;

/** S1: the tenant's time limits; a state without a stored row keeps its default. */
export const loadTimeLimits = async (db: Db, tenantId: string): Promise<TimeLimits> => (await referenceData(db, tenantId)).timeLimits;
