/**
 * The tenant's reference data kept in process (issue 14): the holiday calendar, the state time
 * limits, the responsibility matrix, the jurisdiction tree and the LPR table, which every case
 * action, every case view and every signed-in request read and which change a few times a year;
 * and, with them, which webhook subscriptions are active, which every case event reads to fill
 * the outbox (migration 0053).
 *
 * A copy is trusted only as long as the tenant's row of `reference_versions` names it: triggers
 * give that row a new random version whenever one of the tables changes (migration 0045), in the
 * writing transaction, whoever writes. Each read asks for the version — one indexed row, instead of
 * reading and rebuilding the tables — so an edit made by this process or by another server on the
 * same PostgreSQL is seen by the next read after it commits, never later. A read inside a
 * transaction sees that transaction's own edits (their version is new), and a version of a
 * rolled-back edit is never seen again.
 */
import { and, asc, eq } from 'drizzle-orm';
import { holidayCalendar, type HolidayCalendar } from '../domain/calendar.ts';
import type { LprRate } from '../domain/lines/arrears/late-interest.ts';
import { DEFAULT_TIME_LIMITS, isTimedState, type TimedState, type TimeLimit, type TimeLimits } from '../domain/supervision/time-limits.ts';
import type { Db } from '../db/connection.ts';
import { holidays, jurisdictions, lprRates, referenceVersions, responsibilityMatrix, timeLimits, webhookSubscriptions, type Jurisdiction } from '../db/schema.ts';

export type MatrixRow = typeof responsibilityMatrix.$inferSelect;

/** An active webhook subscription as the outbox needs it: which event types it takes (none named: every type). */
export interface ActiveSubscription {
  readonly id: string;
  readonly eventTypes: readonly string[];
}

/** One version of a tenant's reference data. Shared by every reader: never modify it. */
export interface ReferenceData {
  /** The version it was read at; null when the tenant has none yet (nothing is cached then). */
  readonly version: string | null;
  readonly calendar: HolidayCalendar;
  readonly timeLimits: TimeLimits;
  /** The responsibility matrix in its order (`sort`). */
  readonly matrix: readonly MatrixRow[];
  /** The jurisdiction tree in its order (`sort`). */
  readonly jurisdictions: readonly Jurisdiction[];
  /** The one-year LPR table, the earliest first. */
  readonly lpr: readonly LprRate[];
  /** The active webhook subscriptions, without their addresses and secrets. */
  readonly webhookSubscriptions: readonly ActiveSubscription[];
}

/** The latest copy read per tenant. */
const cached = new Map<string, ReferenceData>();

const readAll = async (db: Db, tenantId: string, version: string | null): Promise<ReferenceData> => {
  const holidayRows = await db.select({ day: holidays.day, kind: holidays.kind }).from(holidays).where(eq(holidays.tenantId, tenantId));
  const limitRows = await db.select().from(timeLimits).where(eq(timeLimits.tenantId, tenantId));
  const matrix = await db.select().from(responsibilityMatrix).where(eq(responsibilityMatrix.tenantId, tenantId)).orderBy(asc(responsibilityMatrix.sort));
  const tree = await db.select().from(jurisdictions).where(eq(jurisdictions.tenantId, tenantId)).orderBy(asc(jurisdictions.sort));
  const lpr = await db
    .select({ effectiveOn: lprRates.effectiveOn, oneYearBp: lprRates.oneYearBp })
    .from(lprRates)
    .where(eq(lprRates.tenantId, tenantId))
    .orderBy(asc(lprRates.effectiveOn));
  const subscriptions = await db
    .select({ id: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.active, true)))
    .orderBy(asc(webhookSubscriptions.id));
  const limits: Record<TimedState, TimeLimit> = { ...DEFAULT_TIME_LIMITS };
  for (const row of limitRows) if (isTimedState(row.state)) limits[row.state] = { unit: row.unit, days: row.days };
  return {
    version,
    calendar: holidayCalendar(holidayRows),
    timeLimits: Object.freeze(limits),
    matrix: Object.freeze(matrix),
    jurisdictions: Object.freeze(tree),
    lpr: Object.freeze(lpr),
    webhookSubscriptions: Object.freeze(subscriptions.map((subscription) => Object.freeze({ id: subscription.id, eventTypes: Object.freeze(subscription.eventTypes) }))),
  };
};

/** The tenant's reference version as `db` (a transaction, perhaps) sees it; null before any reference data. */
export const readReferenceVersion = async (db: Db, tenantId: string): Promise<string | null> => {
  const [row] = await db.select({ version: referenceVersions.version }).from(referenceVersions).where(eq(referenceVersions.tenantId, tenantId));
  return row?.version ?? null;
};

/**
 * The tenant's reference data as `db` sees it: the copy in memory when its version is the
 * stored one (one small read), otherwise read afresh and kept. `knownVersion` is a version the
 * caller has just read itself (the sign-in check reads it with the session), saving the read.
 */
export const referenceData = async (db: Db, tenantId: string, knownVersion?: string | null): Promise<ReferenceData> => {
  const version = knownVersion === undefined ? await readReferenceVersion(db, tenantId) : knownVersion;
  const copy = cached.get(tenantId);
  if (version !== null && copy?.version === version) return copy;
  const fresh = await readAll(db, tenantId, version);
  if (version !== null) cached.set(tenantId, fresh);
  return fresh;
};
