/**
 * The cockpit's grouped figures read from the rollups (migration 0048) instead of counted over
 * every case: some hundred rows per state and scope key, and the dated counts of the days ahead
 * of "today" and of the series' 26 weeks. An overdue figure is the cases with that due date less
 * those due today or later, so the rows read are bounded by the time limits, not by the past.
 * For a scope the rollups' key decides (`isKeyScope`), from `case_rollups` and `case_date_rollups`;
 * for a lead bureau (`supervising`), from the rows of its unit in their copies per member unit
 * (migration 0049), which hold exactly its cases: those it leads, cooperates on, or that are
 * against or handled by its own unit.
 */
import { and, asc, desc, eq, gt, gte, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { LocalDate } from '../domain/calendar.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';
import { fenTotal } from '../domain/money.ts';
import { yearEndRiskHorizon } from '../domain/supervision/year-end-risk.ts';
import type { CaseReadScope } from '../domain/access/case-policy.ts';
import type { Db } from '../db/connection.ts';
import { caseDateRollups, caseMemberDateRollups, caseMemberRollups, caseRollups, jurisdictions, units, type CaseDateKind } from '../db/schema.ts';
import { DEADLINE_UNCOUNTED_STATES, isKeyScope, keyScopeCondition, openCondition, type KeyScope } from './case-conditions.ts';
import { keyFilterConditions, type KeyFilter } from './ledger-filter.ts';
import { moneySum, STATISTICS_TOP_UNITS, type GroupedFigures, type StatisticsPeriod } from './statistics-figures.ts';

/** The scopes the rollups hold: those of the key, and a lead bureau's (its unit's member rows). */
export type RollupScope = KeyScope | Extract<CaseReadScope, { kind: 'supervising' }>;

export const isRollupScope = (scope: CaseReadScope): scope is RollupScope => isKeyScope(scope) || scope.kind === 'supervising';

type ByState = typeof caseRollups | typeof caseMemberRollups;
type ByDate = typeof caseDateRollups | typeof caseMemberDateRollups;

/** The two rollups a scope reads, each with the condition that holds its rows to the scope (and the city). */
const rollupsOf = (tenantId: string, scope: RollupScope): { byState: ByState; scoped: SQL; byDate: ByDate; dated: SQL } =>
  scope.kind === 'supervising'
    ? {
        byState: caseMemberRollups,
        scoped: and(eq(caseMemberRollups.tenantId, tenantId), eq(caseMemberRollups.memberUnitId, scope.unitId))!,
        byDate: caseMemberDateRollups,
        dated: and(eq(caseMemberDateRollups.tenantId, tenantId), eq(caseMemberDateRollups.memberUnitId, scope.unitId))!,
      }
    : {
        byState: caseRollups,
        scoped: and(eq(caseRollups.tenantId, tenantId), keyScopeCondition(scope, caseRollups))!,
        byDate: caseDateRollups,
        dated: and(eq(caseDateRollups.tenantId, tenantId), keyScopeCondition(scope, caseDateRollups))!,
      };

const total = (column: PgColumn, condition?: SQL) =>
  sql<number>`coalesce(sum(${column})${condition === undefined ? sql`` : sql` filter (where ${condition})`}, 0)::int`;

const figuresOf = (r: ByState) => {
  const open = openCondition(r.state);
  const figures = {
    cases: total(r.cases),
    open: total(r.cases, open),
    confirmedAmount: moneySum(sql`${r.confirmedAmount}`),
    paidAmount: moneySum(sql`${r.paidAmount}`),
    outstandingAmount: moneySum(sql`${r.outstandingAmount}`),
    // The same sums as the cases' own (numeric, exact), so the same float.
    clearanceRate: sql<number | null>`(sum(${r.paidAmount})::float8 / nullif(sum(${r.confirmedAmount}), 0))::float8`,
    // The cases each overdue figure counts once their day is past (the trigger's `deadline`, `statutory`).
    withDeadline: total(r.deadlineCases, notInArray(r.state, DEADLINE_UNCOUNTED_STATES)),
    withStatutoryDue: total(r.statutoryCases, notInArray(r.state, [...NOTHING_OWED])),
  };
  const lineFigures = {
    ...figures,
    closed: total(r.cases, eq(r.state, 'closed')),
    dismissed: total(r.cases, eq(r.state, 'dismissed')),
    claimedAmount: moneySum(sql`${r.claimedAmount}`),
  };
  // Owed under a year rule, with or without an exception (A2).
  const yearRuleOwed = sql<number>`${total(r.yearRuleCases, open)} + ${total(r.yearExceptionCases, open)}`;
  return { figures, lineFigures, yearRuleOwed };
};

type NotYetDue = { deadline: number; statutory: number };

/** Per value of `key`, the counted cases due today or later: not (yet) overdue. */
const notYetDueBy = async (tx: Db, d: ByDate, where: SQL, key: PgColumn, today: LocalDate): Promise<Map<string, NotYetDue>> => {
  const dated = (kind: CaseDateKind) => total(d.cases, eq(d.kind, kind));
  const rows = await tx
    .select({ key: sql<string>`${key}`, deadline: dated('deadline'), statutory: dated('statutory') })
    .from(d)
    .where(and(where, inArray(d.kind, ['deadline', 'statutory']), gte(d.day, today)))
    .groupBy(key);
  return new Map(rows.map(({ key: value, ...due }) => [value, due]));
};

type Counted = { withDeadline: number; withStatutoryDue: number };

/** The rows with their overdue figures, without the counts they come from. */
const withOverdue = <Row extends Counted>(rows: Row[], keyOf: (row: Row) => string, notYetDue: Map<string, NotYetDue>) =>
  rows.map(({ withDeadline, withStatutoryDue, ...row }) => {
    const ahead = notYetDue.get(keyOf(row as Row)) ?? { deadline: 0, statutory: 0 };
    return { ...row, overdue: withDeadline - ahead.deadline, overdueByLaw: withStatutoryDue - ahead.statutory };
  });

/** The year-end risks (A2): those owed under a year rule less those due after the horizon, and those on an exception. */
const yearEndRisks = async (tx: Db, { byState, scoped, byDate, dated }: ReturnType<typeof rollupsOf>, today: LocalDate): Promise<number> => {
  const [owed] = await tx.select({ count: figuresOf(byState).yearRuleOwed }).from(byState).where(scoped);
  const [later] = await tx
    .select({ count: total(byDate.cases) })
    .from(byDate)
    .where(and(dated, eq(byDate.kind, 'year_rule'), gt(byDate.day, yearEndRiskHorizon(today))));
  return (owed?.count ?? 0) - (later?.count ?? 0);
};

/** The grouped figures of the cases in `scope` (@see GroupedFigures), from the rollups. */
export const statisticsFromRollups = async (tx: Db, tenantId: string, scope: RollupScope, { today, firstWeek }: StatisticsPeriod): Promise<GroupedFigures> => {
  const rollups = rollupsOf(tenantId, scope);
  const { byState: r, scoped, byDate: d, dated } = rollups;
  const { figures, lineFigures } = figuresOf(r);
  const byOutstanding = [desc(figures.outstandingAmount), desc(figures.cases)] as const;

  const lines = await tx.select({ line: r.line, ...lineFigures }).from(r).where(scoped).groupBy(r.line);
  const byJurisdiction = await tx
    .select({ id: jurisdictions.id, name: jurisdictions.name, ...figures })
    .from(r)
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, r.tenantId), eq(jurisdictions.id, r.jurisdictionId)))
    .where(scoped)
    .groupBy(jurisdictions.id, jurisdictions.name)
    .orderBy(...byOutstanding, asc(jurisdictions.id));
  const byUnit = await tx
    .select({ id: units.id, name: units.name, ...figures })
    .from(r)
    .innerJoin(units, and(eq(units.tenantId, r.tenantId), eq(units.id, r.responsibleUnitId)))
    .where(scoped)
    .groupBy(units.id, units.name)
    .orderBy(...byOutstanding, asc(units.id))
    .limit(STATISTICS_TOP_UNITS);
  const weeks = await tx
    .select({
      kind: d.kind,
      weekStart: d.day,
      count: total(d.cases),
      amount: sql<string>`sum(${d.amount})`,
    })
    .from(d)
    .where(and(dated, inArray(d.kind, ['registered', 'closed', 'paid']), gte(d.day, firstWeek)))
    .groupBy(d.kind, d.day);
  const counts = (kind: CaseDateKind) => weeks.filter((row) => row.kind === kind).map(({ weekStart, count }) => ({ weekStart, count }));
  const unitIds = byUnit.map((row) => row.id);

  return {
    lines: withOverdue(lines, (row) => row.line, await notYetDueBy(tx, d, dated, d.line, today)),
    byJurisdiction: withOverdue(byJurisdiction, (row) => row.id, await notYetDueBy(tx, d, dated, d.jurisdictionId, today)),
    byUnit: withOverdue(
      byUnit,
      (row) => row.id,
      unitIds.length === 0 ? new Map() : await notYetDueBy(tx, d, and(dated, inArray(d.responsibleUnitId, unitIds))!, d.responsibleUnitId, today),
    ),
    registered: counts('registered'),
    closed: counts('closed'),
    paid: weeks.filter((row) => row.kind === 'paid').map(({ weekStart, amount }) => ({ weekStart, amount: fenTotal(amount) })),
    yearEndRisks: await yearEndRisks(tx, rollups, today),
  };
};

/**
 * The ledger's count (共N条) and money totals for a filter on the key alone (`isKeyFilter`), from
 * the rollups: the same figures as `ledgerSummary` counts over the cases the filter matches, in a
 * read of the scope's few hundred rows instead of every case (the state figures hold the same exact sums).
 */
export const ledgerSummaryFromRollups = async (tx: Db, tenantId: string, scope: RollupScope, filter: KeyFilter) => {
  const { byState: r, scoped } = rollupsOf(tenantId, scope);
  const [summary] = await tx
    .select({
      total: total(r.cases),
      claimedAmount: moneySum(sql`${r.claimedAmount}`),
      confirmedAmount: moneySum(sql`${r.confirmedAmount}`),
      paidAmount: moneySum(sql`${r.paidAmount}`),
      outstandingAmount: moneySum(sql`${r.outstandingAmount}`),
    })
    .from(r)
    .where(and(scoped, ...keyFilterConditions(filter, r)));
  return summary!;
};
