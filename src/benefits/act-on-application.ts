import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { canReadApplication, decideApplication, type ApplicationCommand } from '../domain/benefits/application.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { benefitApplications } from '../db/schema.ts';
import { loadPolicy } from '../policy-library/policy-store.ts';
import { appendApplicationEvent, loadApplication } from './application-store.ts';
import { claimFiles, materialsOf } from './materials.ts';

/**
 * One step of an application (补正 requested or given, approval, refusal, a disbursement), in
 * one transaction with its numbered event; a refused step writes nothing.
 * @throws AppError APPLICATION_NOT_FOUND, VERSION_CONFLICT, CASE_NOT_IN_STATE, FORBIDDEN, RULE_VIOLATION,
 *   PAYMENT_EXCEEDS_OUTSTANDING, PAYMENT_DATE_IN_FUTURE, ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED
 */
export const actOnApplication = async (app: AppContext, actor: Actor, id: string, command: ApplicationCommand): Promise<void> => {
  const now = app.clock();
  const today = todayInShanghai(now);
  await app.db.transaction(async (tx) => {
    const stored = await loadApplication(tx, app.tenantId, id);
    // An application the actor may not see does not exist for it.
    if (!canReadApplication(actor, stored.record)) throw new AppError('APPLICATION_NOT_FOUND', '申报不存在或无权查看', { id });
    const policy = await loadPolicy(tx, app.tenantId, stored.row.policyId);
    const clause = policy.clauses.find((candidate) => candidate.id === stored.row.clauseId);
    if (clause === undefined) throw new AppError('CLAUSE_NOT_FOUND', '该申报的条款已不在政策中');
    const fileIds = command.action === 'supplement' ? command.materials.map((material) => material.attachmentId) : command.action === 'disburse' && command.voucherAttachmentId ? [command.voucherAttachmentId] : [];
    // Decide first on no files, so that a refused step claims none.
    decideApplication(stored.record, command, { actor, today, clause, materials: [], voucher: null });
    const files = await claimFiles(tx, app.tenantId, actor, stored.record.enterpriseUnitId, fileIds);
    const materials = command.action === 'supplement' ? materialsOf(command.materials, files) : [];
    const voucher = command.action === 'disburse' && command.voucherAttachmentId ? files.get(command.voucherAttachmentId)! : null;
    const { event, next } = decideApplication(stored.record, command, { actor, today, clause, materials, voucher });
    const seq = stored.record.version + 1;
    const updated = await tx
      .update(benefitApplications)
      .set({
        state: next.state,
        approvedAmount: next.approvedAmount,
        disbursedAmount: next.disbursedAmount,
        ...(next.budgetSource === undefined ? {} : { budgetSource: next.budgetSource }),
        ...(event.type === 'supplement' ? { materials: [...stored.row.materials, ...materials], missing: [] } : {}),
        ...(event.type === 'request_supplement' ? { missing: event.payload.missing } : {}),
        ...(event.type === 'approve' || event.type === 'refuse' ? { decidedOn: today } : {}),
        ...(next.state === 'disbursed' && stored.record.state !== 'disbursed' ? { disbursedOn: event.type === 'disburse' ? event.payload.paidOn : today } : {}),
        version: seq,
        updatedAt: now,
      })
      .where(and(eq(benefitApplications.tenantId, app.tenantId), eq(benefitApplications.id, id), eq(benefitApplications.version, stored.record.version)))
      .returning({ id: benefitApplications.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT', '该申报已被他人处理，请刷新后重试');
    await appendApplicationEvent(tx, { tenantId: app.tenantId, applicationId: id, seq, event, actor, at: now });
  });
};
