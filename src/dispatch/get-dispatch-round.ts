import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { caseScopeCondition, openCondition } from '../cases/case-conditions.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, todayInShanghai } from '../domain/calendar.ts';
import { authorizeReportReading, canReportForUnit, dispatchUnitScope } from '../domain/dispatch/dispatch-policy.ts';
import { itemNeedsReport, unitReportStatus } from '../domain/dispatch/round-status.ts';
import { cases, dispatchRoundItems, dispatchUnitReports, jurisdictions, units } from '../db/schema.ts';
import { unitScopeCondition } from '../db/unit-scope-sql.ts';
import { loadRound } from './round-store.ts';

/** The calendar day (Asia/Shanghai) of an instant. */
const shanghaiDay = (instant: Date | null) => (instant === null ? null : todayInShanghai(instant));

/**
 * A round's reporting status, per responsible unit the actor sees (G1): cases in the snapshot,
 * how many are reported, how many were closed since, and the unit's report; units not yet
 * submitted first, so that "who has not reported" heads the list. `items` are the case lines
 * of `unitId` (or, without it, of the units the actor reports for), limited to the cases the
 * actor may read. Enterprises and the three administrators, who follow no unit, see no round (S5).
 * @throws AppError FORBIDDEN, DISPATCH_ROUND_NOT_FOUND
 */
export const getDispatchRound = async (app: AppContext, actor: Actor, roundId: string, options: { unitId?: string } = {}) => {
  authorizeReportReading(actor);
  const round = await loadRound(app.db, app.tenantId, roundId);
  const today = todayInShanghai(app.clock());
  const scope = dispatchUnitScope(actor);
  const inRound = and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRoundItems.roundId, roundId));
  const rows = await app.db
    .select({
      unitId: units.id,
      unitName: units.name,
      jurisdictionId: units.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      total: sql<number>`count(*)::int`,
      reported: sql<number>`(count(*) filter (where ${dispatchRoundItems.progress} is not null))::int`,
      closedSince: sql<number>`(count(*) filter (where ${dispatchRoundItems.progress} is null and not (${openCondition()})))::int`,
      summary: dispatchUnitReports.summary,
      submittedAt: dispatchUnitReports.submittedAt,
      submittedByName: dispatchUnitReports.submittedByName,
    })
    .from(dispatchRoundItems)
    .innerJoin(units, and(eq(units.tenantId, dispatchRoundItems.tenantId), eq(units.id, dispatchRoundItems.unitId)))
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, units.tenantId), eq(jurisdictions.id, units.jurisdictionId)))
    .innerJoin(cases, and(eq(cases.tenantId, dispatchRoundItems.tenantId), eq(cases.id, dispatchRoundItems.caseId)))
    .leftJoin(dispatchUnitReports, and(eq(dispatchUnitReports.tenantId, dispatchRoundItems.tenantId), eq(dispatchUnitReports.roundId, dispatchRoundItems.roundId), eq(dispatchUnitReports.unitId, dispatchRoundItems.unitId)))
    .where(and(inRound, unitScopeCondition(scope, { unitId: units.id, jurisdictionId: units.jurisdictionId })))
    .groupBy(
      units.id,
      units.name,
      units.jurisdictionId,
      jurisdictions.name,
      jurisdictions.sort,
      dispatchUnitReports.summary,
      dispatchUnitReports.submittedAt,
      dispatchUnitReports.submittedByName,
    )
    .orderBy(sql`${dispatchUnitReports.submittedAt} is not null`, asc(jurisdictions.sort), asc(units.name), asc(units.id));
  const unitRows = rows.map((row) => ({
    ...row,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    submittedOn: shanghaiDay(row.submittedAt),
    status: unitReportStatus({ submittedOn: shanghaiDay(row.submittedAt), dueOn: round.dueOn, today }),
    canReport: round.status === 'open' && row.submittedAt === null && canReportForUnit(actor, { id: row.unitId, jurisdictionId: row.jurisdictionId }),
  }));

  const itemUnits =
    options.unitId !== undefined
      ? unitRows.filter((row) => row.unitId === options.unitId)
      : unitRows.filter((row) => canReportForUnit(actor, { id: row.unitId, jurisdictionId: row.jurisdictionId }));
  const itemRows =
    itemUnits.length === 0
      ? []
      : await app.db
          .select({
            caseId: cases.id,
            unitId: dispatchRoundItems.unitId,
            number: cases.number,
            title: cases.title,
            state: cases.state,
            deadline: cases.deadline,
            progress: dispatchRoundItems.progress,
            eventSeq: dispatchRoundItems.eventSeq,
            reportedAt: dispatchRoundItems.reportedAt,
            reportedByName: dispatchRoundItems.reportedByName,
            caseOpen: sql<boolean>`${openCondition()}`,
          })
          .from(dispatchRoundItems)
          .innerJoin(cases, and(eq(cases.tenantId, dispatchRoundItems.tenantId), eq(cases.id, dispatchRoundItems.caseId)))
          .where(
            and(
              inRound,
              sql`${dispatchRoundItems.unitId} in (${sql.join(itemUnits.map((row) => sql`${row.unitId}`), sql`, `)})`,
              caseScopeCondition(caseReadScope(actor)),
            ),
          )
          .orderBy(asc(cases.number));
  return {
    round: {
      id: round.id,
      title: round.title,
      periodStart: round.periodStart,
      periodEnd: round.periodEnd,
      dueOn: round.dueOn,
      status: round.status,
      openedAt: round.openedAt.toISOString(),
      openedByName: round.openedByName,
      closedAt: round.closedAt?.toISOString() ?? null,
      closedByName: round.closedByName,
      overdue: round.status === 'open' && compareLocalDates(today, round.dueOn) > 0,
    },
    today,
    units: unitRows,
    items: itemRows.map((row) => ({ ...row, reportedAt: row.reportedAt?.toISOString() ?? null, needsReport: itemNeedsReport(row) })),
  };
};

export type DispatchRoundView = Awaited<ReturnType<typeof getDispatchRound>>;
