import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { loadCase } from '../cases/case-store.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import type { Actor } from '../domain/access/roles.ts';
import { isUnitInScope } from '../domain/access/unit-scope.ts';
import { canReportForUnit, dispatchUnitScope } from '../domain/dispatch/dispatch-policy.ts';
import { AppError } from '../domain/errors.ts';
import { dispatchRoundItems, dispatchUnitReports } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { assertRoundOpen, loadRound } from './round-store.ts';
import type { ReportProgressInput } from './round-schemas.ts';

/**
 * G1: a unit reports progress on one case of a dispatch round. The progress is the case's own
 * `report_progress` action (so it lands in the case's hash-chained history, with every check
 * of `decide`), and the round's line records it with the event's seq. Both are written in one
 * transaction; a unit may correct its report until it submits the round report.
 * @throws AppError DISPATCH_ROUND_NOT_FOUND, DISPATCH_ITEM_NOT_FOUND, FORBIDDEN,
 *   DISPATCH_ROUND_CLOSED, DISPATCH_ALREADY_SUBMITTED and the errors of `performCaseAction`
 */
export const reportDispatchProgress = async (app: AppContext, actor: Actor, roundId: string, input: ReportProgressInput) =>
  app.db.transaction(async (tx) => {
    const round = await loadRound(tx, app.tenantId, roundId, true);
    const [item] = await tx
      .select()
      .from(dispatchRoundItems)
      .where(
        and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRoundItems.roundId, roundId), eq(dispatchRoundItems.caseId, input.caseId)),
      );
    const unit = item === undefined ? null : await getUnit(tx, app.tenantId, item.unitId);
    // A line of a unit the actor does not see is not disclosed.
    if (item === undefined || unit === null || !isUnitInScope(dispatchUnitScope(actor), unit)) {
      throw new AppError('DISPATCH_ITEM_NOT_FOUND', '本轮调度中没有该案件', { caseId: input.caseId });
    }
    if (!canReportForUnit(actor, unit)) throw new AppError('FORBIDDEN', '只能报送本单位（或本辖区单位）的调度', { unitId: unit.id });
    assertRoundOpen(round);
    const [submitted] = await tx
      .select({ submittedAt: dispatchUnitReports.submittedAt })
      .from(dispatchUnitReports)
      .where(and(eq(dispatchUnitReports.tenantId, app.tenantId), eq(dispatchUnitReports.roundId, roundId), eq(dispatchUnitReports.unitId, unit.id)));
    if (submitted !== undefined) {
      throw new AppError('DISPATCH_ALREADY_SUBMITTED', `${unit.name}已提交本轮调度报告，不能再修改`, { unitId: unit.id });
    }
    // Progress does not depend on what the case holds, so it goes on the current version.
    const current = await loadCase(tx, app.tenantId, input.caseId);
    if (current === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
    const txApp: AppContext = { ...app, db: tx };
    const record = await performCaseAction(txApp, actor, input.caseId, {
      action: 'report_progress',
      expectedVersion: current.record.version,
      progress: input.progress,
    });
    const [updated] = await tx
      .update(dispatchRoundItems)
      .set({ progress: input.progress, eventSeq: record.version, reportedBy: actor.id, reportedByName: actor.name, reportedAt: app.clock() })
      .where(and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRoundItems.roundId, roundId), eq(dispatchRoundItems.caseId, input.caseId)))
      .returning();
    return updated!;
  });
