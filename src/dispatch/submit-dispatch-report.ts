import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { openCondition } from '../cases/case-conditions.ts';
import type { Actor } from '../domain/access/roles.ts';
import { isUnitInScope } from '../domain/access/unit-scope.ts';
import { canReportForUnit, dispatchUnitScope } from '../domain/dispatch/dispatch-policy.ts';
import { AppError } from '../domain/errors.ts';
import { cases, dispatchRoundItems, dispatchUnitReports } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { assertRoundOpen, loadRound } from './round-store.ts';
import type { SubmitUnitReportInput } from './round-schemas.ts';

/**
 * G1, G4: a unit submits its round report (a summary) once every case of its snapshot that is
 * still open has a progress report; cases closed or dismissed since the round opened need
 * none. After submission the unit's lines are final.
 * @throws AppError DISPATCH_ROUND_NOT_FOUND, DISPATCH_ITEM_NOT_FOUND (the unit has no case in
 *   the round, or the actor does not see it), FORBIDDEN, DISPATCH_ROUND_CLOSED,
 *   DISPATCH_ALREADY_SUBMITTED, DISPATCH_ITEMS_UNREPORTED
 */
export const submitDispatchReport = async (app: AppContext, actor: Actor, roundId: string, input: SubmitUnitReportInput) =>
  app.db.transaction(async (tx) => {
    const round = await loadRound(tx, app.tenantId, roundId, true);
    const inRound = and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRoundItems.roundId, roundId), eq(dispatchRoundItems.unitId, input.unitId));
    const [any] = await tx.select({ caseId: dispatchRoundItems.caseId }).from(dispatchRoundItems).where(inRound).limit(1);
    const unit = any === undefined ? null : await getUnit(tx, app.tenantId, input.unitId);
    if (unit === null || !isUnitInScope(dispatchUnitScope(actor), unit)) {
      throw new AppError('DISPATCH_ITEM_NOT_FOUND', '本轮调度中没有该单位的案件', { unitId: input.unitId });
    }
    if (!canReportForUnit(actor, unit)) throw new AppError('FORBIDDEN', '只能报送本单位（或本辖区单位）的调度', { unitId: unit.id });
    assertRoundOpen(round);
    const unreported = await tx
      .select({ number: cases.number })
      .from(dispatchRoundItems)
      .innerJoin(cases, and(eq(cases.tenantId, dispatchRoundItems.tenantId), eq(cases.id, dispatchRoundItems.caseId)))
      .where(and(inRound, isNull(dispatchRoundItems.progress), openCondition()))
      .orderBy(cases.number);
    if (unreported.length > 0) {
      throw new AppError('DISPATCH_ITEMS_UNREPORTED', `还有 ${unreported.length} 件在办案件未报送进展：${unreported.map((row) => row.number).join('、')}`, {
        caseNumbers: unreported.map((row) => row.number),
      });
    }
    const [report] = await tx
      .insert(dispatchUnitReports)
      .values({
        tenantId: app.tenantId,
        roundId,
        unitId: unit.id,
        summary: input.summary,
        submittedBy: actor.id,
        submittedByName: actor.name,
        submittedAt: app.clock(),
      })
      .onConflictDoNothing()
      .returning();
    if (report === undefined) {
      throw new AppError('DISPATCH_ALREADY_SUBMITTED', `${unit.name}已提交本轮调度报告`, { unitId: unit.id });
    }
    return report;
  });
