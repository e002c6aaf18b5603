import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { caseReadScope, type CaseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, isoWeekStart, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { LINES, type Line } from '../domain/lines/vocabulary.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import type { Db } from '../db/connection.ts';
import { cases, units } from '../db/schema.ts';
import { caseScopeCondition, yearEndRiskCondition } from './case-conditions.ts';
import { statisticsFromCases } from './statistics-from-cases.ts';
import { isRollupScope, statisticsFromRollups } from './statistics-from-rollups.ts';
import { STATISTICS_WEEKS, STATISTICS_YEAR_END_RISKS, type GroupedFigures } from './statistics-figures.ts';

export { moneySum, STATISTICS_TOP_UNITS, STATISTICS_WEEKS, STATISTICS_YEAR_END_RISKS } from './statistics-figures.ts';

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

/** Where the grouped figures come from: the rollups where they hold the reader's scope, else the cases. */
export type StatisticsSource = 'rollups' | 'cases';

/**
 * The first `STATISTICS_YEAR_END_RISKS` year-end risks (A2) by deadline, then number, through
 * `cases_tenant_year_end_risk_idx`; the ledger's yearEndRisk=true lists the rest.
 */
const firstYearEndRisks = (tx: Db, tenantId: string, scope: CaseReadScope, today: LocalDate) =>
  tx
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      responsibleUnitName: units.name,
      outstandingAmount: sql<number>`(${cases.confirmedAmount} - ${cases.paidAmount})::bigint`,
      deadline: cases.deadline,
      yearException: cases.yearException,
    })
    .from(cases)
    .innerJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.responsibleUnitId)))
    .where(and(eq(cases.tenantId, tenantId), caseScopeCondition(scope), yearEndRiskCondition(today)))
    .orderBy(sql`coalesce(${cases.deadline}, 'infinity'::date)`, asc(cases.number))
    .limit(STATISTICS_YEAR_END_RISKS);

/**
 * The cockpit (驾驶舱, S5) over the cases `actor` may read, with `source` (the rollups unless
 * told; a scope they do not hold always counts its cases): per line, per jurisdiction and per
 * responsible unit; the last 26 weeks; and the year-end risks (A2), their count and the first
 * by deadline. Every figure is the ledger's, filtered the same way (src/cases/case-conditions.ts).
 * @internal `source` is for the comparison of the two (verify-rollups.test.ts).
 */
export const caseStatisticsFrom = async (app: AppContext, actor: Actor, source: StatisticsSource) => {
  const today = todayInShanghai(app.clock());
  const scope = caseReadScope(actor);
  const firstWeek = addCalendarDays(isoWeekStart(today), -7 * (STATISTICS_WEEKS - 1));

  // One snapshot, so that the figures agree with each other.
  return app.db.transaction(
    async (tx) => {
      const grouped: GroupedFigures =
        source === 'rollups' && isRollupScope(scope)
          ? await statisticsFromRollups(tx, app.tenantId, scope, { today, firstWeek })
          : await statisticsFromCases(tx, app.tenantId, and(eq(cases.tenantId, app.tenantId), caseScopeCondition(scope))!, { today, firstWeek });
      const risks = await firstYearEndRisks(tx, app.tenantId, scope, today);

      const byLine = new Map(grouped.lines.map((row) => [row.line, row]));
      const registered = new Map(grouped.registered.map((row) => [row.weekStart, row.count]));
      const closed = new Map(grouped.closed.map((row) => [row.weekStart, row.count]));
      const paid = new Map(grouped.paid.map((row) => [row.weekStart, row.amount]));
      return {
        today,
        lines: LINES.map((line) => byLine.get(line) ?? emptyLine(line)),
        byJurisdiction: grouped.byJurisdiction,
        byUnit: grouped.byUnit,
        weekly: Array.from({ length: STATISTICS_WEEKS }, (_, index) => {
          const weekStart = addCalendarDays(firstWeek, 7 * index);
          return {
            weekStart,
            registered: registered.get(weekStart) ?? 0,
            closed: closed.get(weekStart) ?? 0,
            paidAmount: paid.get(weekStart) ?? 0,
          };
        }),
        yearEndRiskCount: grouped.yearEndRisks,
        yearEndRisk: risks.map((row) => ({ ...row, deadlineStatus: deadlineStatus(row.deadline, today) })),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
};

/**
 * The cockpit (驾驶舱, S5) over the cases `actor` may read: from the rollups for 营商办, leaders,
 * a county, a unit and a lead bureau; from its own few cases for an enterprise (@see caseStatisticsFrom).
 */
export const caseStatistics = (app: AppContext, actor: Actor) => caseStatisticsFrom(app, actor, 'rollups');

export type CaseStatistics = Awaited<ReturnType<typeof caseStatistics>>;
