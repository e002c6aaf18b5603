import { and, eq, gte, inArray, isNotNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { CaseReadScope } from '../domain/access/case-policy.ts';
import { yearEndRiskHorizon } from '../domain/supervision/year-end-risk.ts';
import { addCalendarDays, type LocalDate } from '../domain/calendar.ts';
import { CASE_STATES, isCaseOpen, isClockStopped } from '../domain/case/states.ts';
import { caseEvents, cases } from '../db/schema.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';

/**
 * The SQL conditions on `cases` that the ledger filters by and the cockpit counts by: one
 * definition each, so that every figure of the cockpit is what the ledger lists.
 */

/** The end states (closed, dismissed, withdrawn), as `openCondition` excludes them. */
export const CLOSED_STATES = CASE_STATES.filter((state) => !isCaseOpen(state));
const CLOCK_STOPPED_STATES = CASE_STATES.filter(isClockStopped);
/** The states whose deadline `overdueCondition` never counts: the end states, and court, which stops the clock (S1). */
export const DEADLINE_UNCOUNTED_STATES = [...CLOSED_STATES, ...CLOCK_STOPPED_STATES];

/** The scopes that a case's key columns (jurisdiction, responsible and handling unit) decide alone. */
export type KeyScope = Extract<CaseReadScope, { kind: 'all' | 'none' | 'jurisdictions' | 'unit' }>;

export const isKeyScope = (scope: CaseReadScope): scope is KeyScope =>
  scope.kind === 'all' || scope.kind === 'none' || scope.kind === 'jurisdictions' || scope.kind === 'unit';

/** The key columns a `KeyScope` is decided on: those of `cases`, or of a rollup keyed by them (migration 0048). */
export interface ScopeKey {
  readonly jurisdictionId: PgColumn;
  readonly responsibleUnitId: PgColumn;
  readonly handlingUnitId: PgColumn;
}

/** A `KeyScope` as SQL over `key`'s columns. */
export const keyScopeCondition = (scope: KeyScope, key: ScopeKey): SQL | undefined => {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'none':
      return sql`false`;
    case 'unit':
      return or(eq(key.responsibleUnitId, scope.unitId), eq(key.handlingUnitId, scope.unitId));
    case 'jurisdictions':
      return scope.jurisdictionIds.length === 0 ? sql`false` : inArray(key.jurisdictionId, [...scope.jurisdictionIds]);
  }
};

/** The cases an actor may read: `caseReadScope` (the same rules as `can(actor, 'read', …)`) as SQL. */
export const caseScopeCondition = (scope: CaseReadScope): SQL | undefined => {
  if (isKeyScope(scope)) return keyScopeCondition(scope, cases);
  switch (scope.kind) {
    case 'enterprise':
      return eq(cases.enterpriseUnitId, scope.unitId);
    case 'supervising':
      return supervisingCondition(scope.unitId);
  }
};

/**
 * A lead bureau's cases: those its unit leads or cooperates on, and, a department too, those
 * against or handled by its own unit. `unit` is its id, or an expression giving one (the rollup
 * check asks it of every unit a case names).
 */
export const supervisingCondition = (unit: string | SQL): SQL =>
  or(
    eq(cases.leadUnitId, unit),
    sql`${cases.detail} -> 'cooperatingUnitIds' @> ${typeof unit === 'string' ? sql`${JSON.stringify([unit])}::jsonb` : sql`jsonb_build_array(${unit})`}`,
    eq(cases.responsibleUnitId, unit),
    eq(cases.handlingUnitId, unit),
  )!;

/** Open: neither closed (销号), dismissed nor withdrawn; on `cases`, or on a rollup's state. */
export const openCondition = (state: PgColumn = cases.state): SQL => notInArray(state, CLOSED_STATES);

/** The cases `overdueCondition` counts once their deadline is past (the rollups count them by deadline). */
export const deadlineCountedCondition = (): SQL =>
  and(isNotNull(cases.deadline), notInArray(cases.state, DEADLINE_UNCOUNTED_STATES))!;

/** S1: an open case past its deadline; the clock stops in court. */
export const overdueCondition = (today: LocalDate): SQL => and(deadlineCountedCondition(), lt(cases.deadline, today))!;

/** The cases `overdueByLawCondition` counts once their statutory due date is past. */
export const statutoryCountedCondition = (): SQL => and(isNotNull(cases.statutoryDueOn), notInArray(cases.state, [...NOTHING_OWED]))!;

/**
 * 保障中小企业款项支付条例 Arts. 9, 10: a case past the statutory due date its contract gives,
 * with money still owed (`paymentLawStatus` counts its days overdue on the same terms).
 */
export const overdueByLawCondition = (today: LocalDate): SQL => and(statutoryCountedCondition(), lt(cases.statutoryDueOn, today))!;

/** The cases `yearEndRiskCondition` counts once their year rule's day is within the horizon, or at once on an exception. */
export const yearRuleCountedCondition = (): SQL =>
  and(openCondition(), isNotNull(cases.yearRuleDueOn), isNotNull(cases.confirmedAmount), sql`${cases.confirmedAmount} > ${cases.paidAmount}`)!;

/**
 * A2, S5: open cases with something outstanding on a lump sum that their line's year rule wants
 * paid by `yearEndRiskHorizon(today)` (within 60 days and by 31 December, or already overdue),
 * and those paying across the year on an approved exception, which every report flags.
 */
export const yearEndRiskCondition = (today: LocalDate): SQL =>
  and(
    yearRuleCountedCondition(),
    or(eq(cases.yearException, true), sql`${cases.yearRuleDueOn} <= ${yearEndRiskHorizon(today)}::date`),
  )!;

/** Midnight starting `date` in the city; Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
export const shanghaiMidnight = (date: LocalDate): Date => new Date(`${date}T00:00:00+08:00`);

/**
 * An instant column within whole Asia/Shanghai days, `from` and `to` included, either open:
 * a half-open range of instants, which the column's index serves. The cockpit's weeks
 * (`date_trunc('week', … at time zone 'Asia/Shanghai')`) are such ranges.
 */
export const withinDays = (column: PgColumn, from: LocalDate | undefined, to: LocalDate | undefined): SQL | undefined =>
  and(
    from === undefined ? undefined : gte(column, shanghaiMidnight(from)),
    to === undefined ? undefined : lt(column, shanghaiMidnight(addCalendarDays(to, 1))),
  );

/**
 * A payment recorded on the case (a `record_payment` event) made from `from` to `to`
 * inclusive, by its `paidOn`, as the cockpit's weekly payments count it. `paidOn` is a
 * `YYYY-MM-DD` date, so its text in byte order is its date order; the comparison is written
 * as `case_events_tenant_paid_on_idx` indexes it (migration 0005).
 */
export const paidWithinDays = (tenantId: string, from: LocalDate | undefined, to: LocalDate | undefined): SQL => {
  const paidOn = sql`(${caseEvents.payload} ->> 'paidOn') collate "C"`;
  return sql`exists (select 1 from ${caseEvents} where ${and(
    eq(caseEvents.tenantId, tenantId),
    eq(caseEvents.caseId, cases.id),
    sql`${caseEvents.type} = 'record_payment'`,
    from === undefined ? undefined : sql`${paidOn} >= ${from}`,
    to === undefined ? undefined : sql`${paidOn} <= ${to}`,
  )})`;
};

/** `not coalesce(condition, false)`: the complement, with NULL counted as false. */
export const notTrue = (condition: SQL): SQL => sql`not coalesce(${condition}, false)`;
