import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, todayInShanghai } from '../domain/calendar.ts';
import { authorizeReportReading, dispatchUnitScope } from '../domain/dispatch/dispatch-policy.ts';
import { dispatchRoundItems, dispatchRounds, dispatchUnitReports, units } from '../db/schema.ts';
import { unitScopeCondition } from '../db/unit-scope-sql.ts';

/**
 * The dispatch rounds, newest first, each with the reporting tally of the units the actor
 * sees: units with cases in the snapshot, and how many of them have submitted. Enterprises and
 * the three administrators, who follow no unit, see no round (S5).
 * @throws AppError FORBIDDEN
 */
export const listDispatchRounds = async (app: AppContext, actor: Actor) => {
  authorizeReportReading(actor);
  const today = todayInShanghai(app.clock());
  const visibleUnits = app.db
    .select({
      roundId: dispatchRoundItems.roundId,
      unitId: dispatchRoundItems.unitId,
      submitted: sql<boolean>`bool_or(${dispatchUnitReports.unitId} is not null)`.as('submitted'),
    })
    .from(dispatchRoundItems)
    .innerJoin(units, and(eq(units.tenantId, dispatchRoundItems.tenantId), eq(units.id, dispatchRoundItems.unitId)))
    .leftJoin(dispatchUnitReports, and(eq(dispatchUnitReports.tenantId, dispatchRoundItems.tenantId), eq(dispatchUnitReports.roundId, dispatchRoundItems.roundId), eq(dispatchUnitReports.unitId, dispatchRoundItems.unitId)))
    .where(and(eq(dispatchRoundItems.tenantId, app.tenantId), unitScopeCondition(dispatchUnitScope(actor), { unitId: units.id, jurisdictionId: units.jurisdictionId })))
    .groupBy(dispatchRoundItems.roundId, dispatchRoundItems.unitId)
    .as('visible_units');
  const rows = await app.db
    .select({
      id: dispatchRounds.id,
      title: dispatchRounds.title,
      periodStart: dispatchRounds.periodStart,
      periodEnd: dispatchRounds.periodEnd,
      dueOn: dispatchRounds.dueOn,
      status: dispatchRounds.status,
      openedAt: dispatchRounds.openedAt,
      openedByName: dispatchRounds.openedByName,
      closedAt: dispatchRounds.closedAt,
      units: sql<number>`count(${visibleUnits.unitId})::int`,
      submittedUnits: sql<number>`(count(*) filter (where ${visibleUnits.submitted}))::int`,
    })
    .from(dispatchRounds)
    .leftJoin(visibleUnits, eq(visibleUnits.roundId, dispatchRounds.id))
    .where(eq(dispatchRounds.tenantId, app.tenantId))
    .groupBy(dispatchRounds.tenantId, dispatchRounds.id)
    .orderBy(desc(dispatchRounds.openedAt), desc(dispatchRounds.id));
  return rows.map((row) => ({
    ...row,
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    overdue: row.status === 'open' && compareLocalDates(today, row.dueOn) > 0 && row.submittedUnits < row.units,
  }));
};

export type DispatchRoundSummary = Awaited<ReturnType<typeof listDispatchRounds>>[number];
