import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../app-context.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, isoWeekStart, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { LINES, type Line } from '../domain/lines/vocabulary.ts';
import { fenTotal, type FenTotal } from '../domain/money.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { caseEvents, cases, jurisdictions, units } from '../db/schema.ts';
import { caseScopeCondition, openCondition, overdueByLawCondition, overdueCondition, yearEndRiskCondition } from './case-conditions.ts';

/** Weeks of the cockpit's trend chart. */
export const STATISTICS_WEEKS = 26;
/** Responsible units in the ranking. */
export const STATISTICS_TOP_UNITS = 20;

const responsible = alias(units, 'responsible');

/** The exact sum (numeric, never `::bigint`, which overflows) of an amount in 分, read as a `FenTotal`. */
export const moneySum = (amount: SQL): SQL<FenTotal> => sql<FenTotal>`coalesce(sum(${amount}), 0)`.mapWith(fenTotal);

/**
 * The figures of a group of cases, each the aggregate of what the ledger lists for the same
 * filter: counts `::int`; money (分) summed exactly as numeric and read by `fenTotal`, so that no
 * total can overflow or fail the read (money.ts, FenTotal); the clearance rate paid ÷ confirmed
 * (null while nothing is confirmed).
 */
const figures = (today: LocalDate) => ({
  cases: sql<number>`count(*)::int`,
  open: sql<number>`(count(*) filter (where ${openCondition()}))::int`,
  closed: sql<number>`(count(*) filter (where ${cases.state} = 'closed'))::int`,
  dismissed: sql<number>`(count(*) filter (where ${cases.state} = 'dismissed'))::int`,
  overdue: sql<number>`(count(*) filter (where ${overdueCondition(today)}))::int`,
  overdueByLaw: sql<number>`(count(*) filter (where ${overdueByLawCondition(today)}))::int`,
  claimedAmount: moneySum(sql`${cases.claimedAmount}`),
  confirmedAmount: moneySum(sql`${cases.confirmedAmount}`),
  paidAmount: moneySum(sql`${cases.paidAmount}`),
  outstandingAmount: moneySum(sql`${cases.confirmedAmount} - ${cases.paidAmount}`),
  clearanceRate: sql<number | null>`(sum(${cases.paidAmount})::float8 / nullif(sum(${cases.confirmedAmount}), 0))::float8`,
});

// The ISO week (its Monday) of an instant in the city's time zone, or of a calendar date.
const weekOf = (instant: SQL) => sql<LocalDate>`(date_trunc('week', ${instant} at time zone 'Asia/Shanghai'))::date`;
const registeredWeek = weekOf(sql`${cases.registeredAt}`);
const closedWeek = weekOf(sql`${cases.closedAt}`);
const paidOn = sql`(${caseEvents.payload} ->> 'paidOn')::date`;
const paidWeek = sql<LocalDate>`(date_trunc('week', ${paidOn}::timestamp))::date`;

const emptyLine = (line: Line) => ({
  line,
  cases: 0,
  open: 0,
  closed: 0,
  dismissed: 0,
  overdue: 0,
  overdueByLaw: 0,
  claimedAmount: 0,
  confirmedAmount: 0,
  paidAmount: 0,
  outstandingAmount: 0,
  clearanceRate: null,
});

/**
 * The cockpit (驾驶舱, S5) over the cases the actor may read: per line, per jurisdiction and per
 * responsible unit; the last 26 weeks; and the year-end risk list (A2). Every figure is computed
 * in SQL with the ledger's own conditions, so the ledger filtered the same way lists exactly
 * the cases counted.
 */
export const caseStatistics = async (app: AppContext, actor: Actor) => {
  const today = todayInShanghai(app.clock());
  const scoped = and(eq(cases.tenantId, app.tenantId), caseScopeCondition(caseReadScope(actor)));
  const all = figures(today);
  const ranked = {
    cases: all.cases,
    open: all.open,
    overdue: all.overdue,
    overdueByLaw: all.overdueByLaw,
    confirmedAmount: all.confirmedAmount,
    paidAmount: all.paidAmount,
    outstandingAmount: all.outstandingAmount,
    clearanceRate: all.clearanceRate,
  };
  const byOutstanding = [desc(all.outstandingAmount), desc(all.cases)] as const;
  const firstWeek = addCalendarDays(isoWeekStart(today), -7 * (STATISTICS_WEEKS - 1));
  // Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
  const firstInstant = new Date(`${firstWeek}T00:00:00+08:00`);

  // One snapshot, so that the figures agree with each other.
  return app.db.transaction(
    async (tx) => {
      const lineRows = await tx.select({ line: cases.line, ...all }).from(cases).where(scoped).groupBy(cases.line);
      const byJurisdiction = await tx
        .select({ id: jurisdictions.id, name: jurisdictions.name, ...ranked })
        .from(cases)
        .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, cases.tenantId), eq(jurisdictions.id, cases.jurisdictionId)))
        .where(scoped)
        .groupBy(jurisdictions.id, jurisdictions.name)
        .orderBy(...byOutstanding, asc(jurisdictions.id));
      const byUnit = await tx
        .select({ id: responsible.id, name: responsible.name, ...ranked })
        .from(cases)
        .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
        .where(scoped)
        .groupBy(responsible.id, responsible.name)
        .orderBy(...byOutstanding, asc(responsible.id))
        .limit(STATISTICS_TOP_UNITS);
      const registeredRows = await tx
        .select({ weekStart: registeredWeek, count: sql<number>`count(*)::int` })
        .from(cases)
        .where(and(scoped, gte(cases.registeredAt, firstInstant)))
        .groupBy(registeredWeek);
      const closedRows = await tx
        .select({ weekStart: closedWeek, count: sql<number>`count(*)::int` })
        .from(cases)
        .where(and(scoped, eq(cases.state, 'closed'), gte(cases.closedAt, firstInstant)))
        .groupBy(closedWeek);
      // A payment counts in the week it was made (its `paidOn`), whenever it was recorded.
      const paidRows = await tx
        .select({ weekStart: paidWeek, amount: moneySum(sql`(${caseEvents.payload} ->> 'amount')::numeric`) })
        .from(caseEvents)
        .innerJoin(cases, and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId)))
        .where(and(scoped, eq(caseEvents.tenantId, app.tenantId), eq(caseEvents.type, 'record_payment'), sql`${paidOn} >= ${firstWeek}::date`))
        .groupBy(paidWeek);
      const riskRows = await tx
        .select({
          id: cases.id,
          number: cases.number,
          title: cases.title,
          responsibleUnitName: responsible.name,
          outstandingAmount: sql<number>`(${cases.confirmedAmount} - ${cases.paidAmount})::bigint`,
          deadline: cases.deadline,
          yearException: cases.yearException,
        })
        .from(cases)
        .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
        .where(and(scoped, yearEndRiskCondition(today)))
        .orderBy(sql`${cases.deadline} asc nulls last`, asc(cases.number));

      const byLine = new Map(lineRows.map((row) => [row.line, row]));
      const registered = new Map(registeredRows.map((row) => [row.weekStart, row.count]));
      const closed = new Map(closedRows.map((row) => [row.weekStart, row.count]));
      const paid = new Map(paidRows.map((row) => [row.weekStart, row.amount]));
      return {
        today,
        lines: LINES.map((line) => byLine.get(line) ?? emptyLine(line)),
        byJurisdiction,
        byUnit,
        weekly: Array.from({ length: STATISTICS_WEEKS }, (_, index) => {
          const weekStart = addCalendarDays(firstWeek, 7 * index);
          return {
            weekStart,
            registered: registered.get(weekStart) ?? 0,
            closed: closed.get(weekStart) ?? 0,
            paidAmount: paid.get(weekStart) ?? 0,
          };
        }),
        yearEndRisk: riskRows.map((row) => ({ ...row, deadlineStatus: deadlineStatus(row.deadline, today) })),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
};

export type CaseStatistics = Awaited<ReturnType<typeof caseStatistics>>;
