/**
 * The cockpit's grouped figures read from the rollups (migration 0048) instead of counted over
 * every case: some hundred rows per state and scope key, and the dated counts of the days ahead
 * of "today" and of the series' 26 weeks. An overdue figure is the cases with that due date less
 * those due today or later, so the rows read are bounded by the time limits, not by the past.
 * Only for a scope the rollups' key decides (`isKeyScope`).
 */
import { and, asc, desc, eq, gt, gte, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { LocalDate } from '../domain/calendar.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';
import { fenTotal } from '../domain/money.ts';
import { yearEndRiskHorizon } from '../domain/supervision/year-end-risk.ts';
import type { Db } from '../db/connection.ts';
import { caseDateRollups, caseRollups, jurisdictions, units, type CaseDateKind } from '../db/schema.ts';
import { CLOSED_STATES, DEADLINE_UNCOUNTED_STATES, keyScopeCondition, type KeyScope } from './case-conditions.ts';
import { moneySum, STATISTICS_TOP_UNITS, type GroupedFigures, type StatisticsPeriod } from './statistics-figures.ts';

type Rollup = typeof caseRollups | typeof caseDateRollups;

/** `caseScopeCondition` on a rollup's key, with the city. */
const rollupScopeCondition = (table: Rollup, tenantId: string, scope: KeyScope): SQL => and(eq(table.tenantId, tenantId), keyScopeCondition(scope, table))!;

const total = (column: PgColumn, condition?: SQL) =>
  sql<number>`coalesce(sum(${column})${condition === undefined ? sql`` : sql` filter (where ${condition})`}, 0)::int`;

const open = notInArray(caseRollups.state, CLOSED_STATES);

const figures = {
  cases: total(caseRollups.cases),
  open: total(caseRollups.cases, open),
  confirmedAmount: moneySum(sql`${caseRollups.confirmedAmount}`),
  paidAmount: moneySum(sql`${caseRollups.paidAmount}`),
  outstandingAmount: moneySum(sql`${caseRollups.outstandingAmount}`),
  // The same sums as the cases' own (numeric, exact), so the same float.
  clearanceRate: sql<number | null>`(sum(${caseRollups.paidAmount})::float8 / nullif(sum(${caseRollups.confirmedAmount}), 0))::float8`,
  // The cases each overdue figure counts once their day is past (the trigger's `deadline`, `statutory`).
  withDeadline: total(caseRollups.deadlineCases, notInArray(caseRollups.state, DEADLINE_UNCOUNTED_STATES)),
  withStatutoryDue: total(caseRollups.statutoryCases, notInArray(caseRollups.state, [...NOTHING_OWED])),
};

const lineFigures = {
  ...figures,
  closed: total(caseRollups.cases, eq(caseRollups.state, 'closed')),
  dismissed: total(caseRollups.cases, eq(caseRollups.state, 'dismissed')),
  claimedAmount: moneySum(sql`${caseRollups.claimedAmount}`),
};

type NotYetDue = { deadline: number; statutory: number };

/** Per value of `key`, the counted cases due today or later: not (yet) overdue. */
const notYetDueBy = async (tx: Db, where: SQL, key: PgColumn, today: LocalDate): Promise<Map<string, NotYetDue>> => {
  const dated = (kind: CaseDateKind) => total(caseDateRollups.cases, eq(caseDateRollups.kind, kind));
  const rows = await tx
    .select({ key: sql<string>`${key}`, deadline: dated('deadline'), statutory: dated('statutory') })
    .from(caseDateRollups)
    .where(and(where, inArray(caseDateRollups.kind, ['deadline', 'statutory']), gte(caseDateRollups.day, today)))
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
const yearEndRisks = async (tx: Db, scoped: SQL, dated: SQL, today: LocalDate): Promise<number> => {
  const [owed] = await tx
    .select({ count: sql<number>`${total(caseRollups.yearRuleCases, open)} + ${total(caseRollups.yearExceptionCases, open)}` })
    .from(caseRollups)
    .where(scoped);
  const [later] = await tx
    .select({ count: total(caseDateRollups.cases) })
    .from(caseDateRollups)
    .where(and(dated, eq(caseDateRollups.kind, 'year_rule'), gt(caseDateRollups.day, yearEndRiskHorizon(today))));
  return (owed?.count ?? 0) - (later?.count ?? 0);
};

/** The grouped figures of the cases in `scope` (@see GroupedFigures), from the rollups. */
export const statisticsFromRollups = async (tx: Db, tenantId: string, scope: KeyScope, { today, firstWeek }: StatisticsPeriod): Promise<GroupedFigures> => {
  const scoped = rollupScopeCondition(caseRollups, tenantId, scope);
  const dated = rollupScopeCondition(caseDateRollups, tenantId, scope);
  const byOutstanding = [desc(figures.outstandingAmount), desc(figures.cases)] as const;

  const lines = await tx.select({ line: caseRollups.line, ...lineFigures }).from(caseRollups).where(scoped).groupBy(caseRollups.line);
  const byJurisdiction = await tx
    .select({ id: jurisdictions.id, name: jurisdictions.name, ...figures })
    .from(caseRollups)
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, caseRollups.tenantId), eq(jurisdictions.id, caseRollups.jurisdictionId)))
    .where(scoped)
    .groupBy(jurisdictions.id, jurisdictions.name)
    .orderBy(...byOutstanding, asc(jurisdictions.id));
  const byUnit = await tx
    .select({ id: units.id, name: units.name, ...figures })
    .from(caseRollups)
    .innerJoin(units, and(eq(units.tenantId, caseRollups.tenantId), eq(units.id, caseRollups.responsibleUnitId)))
    .where(scoped)
    .groupBy(units.id, units.name)
    .orderBy(...byOutstanding, asc(units.id))
    .limit(STATISTICS_TOP_UNITS);
  const weeks = await tx
    .select({
      kind: caseDateRollups.kind,
      weekStart: caseDateRollups.day,
      count: total(caseDateRollups.cases),
      amount: sql<string>`sum(${caseDateRollups.amount})`,
    })
    .from(caseDateRollups)
    .where(and(dated, inArray(caseDateRollups.kind, ['registered', 'closed', 'paid']), gte(caseDateRollups.day, firstWeek)))
    .groupBy(caseDateRollups.kind, caseDateRollups.day);
  const counts = (kind: CaseDateKind) => weeks.filter((row) => row.kind === kind).map(({ weekStart, count }) => ({ weekStart, count }));
  const unitIds = byUnit.map((row) => row.id);

  return {
    lines: withOverdue(lines, (row) => row.line, await notYetDueBy(tx, dated, caseDateRollups.line, today)),
    byJurisdiction: withOverdue(byJurisdiction, (row) => row.id, await notYetDueBy(tx, dated, caseDateRollups.jurisdictionId, today)),
    byUnit: withOverdue(
      byUnit,
      (row) => row.id,
      unitIds.length === 0 ? new Map() : await notYetDueBy(tx, and(dated, inArray(caseDateRollups.responsibleUnitId, unitIds))!, caseDateRollups.responsibleUnitId, today),
    ),
    registered: counts('registered'),
    closed: counts('closed'),
    paid: weeks.filter((row) => row.kind === 'paid').map(({ weekStart, amount }) => ({ weekStart, amount: fenTotal(amount) })),
    yearEndRisks: await yearEndRisks(tx, scoped, dated, today),
  };
};
