import type { AppContext } from '../app-context.ts';
import { attachmentRows } from '../attachments/attachment-store.ts';
import { loadCase } from '../cases/case-store.ts';
import { writeCase } from '../cases/write-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import { canReadApplication, decideApplication, type ApplicationCommand, type ApplicationEvent } from '../domain/benefits/application.ts';
import { outstandingAmount } from '../domain/case/record.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { loadPolicy } from '../policy-library/policy-store.ts';
import { loadApplication, saveApplicationStep } from './application-store.ts';
import { lockCaseOfApplication, windowVoucherText } from './disbursement-link.ts';
import { claimFiles, materialsOf } from './materials.ts';

/**
 * One step of an application (补正 requested or given, approval, refusal, a disbursement), in
 * one transaction with its numbered event; a refused step writes nothing. A disbursement is
 * also recorded on the application's 资金拨付缓慢 case, in the same transaction.
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
    const caseId = event.type === 'disburse' ? await lockCaseOfApplication(tx, app.tenantId, id) : null;
    await saveApplicationStep(tx, { tenantId: app.tenantId, stored, event, next, materials, actor, at: now, today });
    if (event.type === 'disburse' && caseId !== null) await recordOnCase({ ...app, db: tx }, actor, caseId, event.payload, stored.record.version + 1, now);
  });
};

/**
 * P5, one sum: the payment just recorded as step `seq` of the application goes on its
 * 资金拨付缓慢 case when the case is at the payment stage (`performing`), up to what the case
 * still owes, by the same person, whose authority the application's rules checked, with the
 * voucher file when that person uploaded it for this payment (it then shows in the case's 附件
 * too). A case not yet at that stage is not written: the amount its classification
 * confirms is what is owed then.
 */
const recordOnCase = async (app: AppContext, actor: Actor, caseId: string, payment: Extract<ApplicationEvent, { type: 'disburse' }>['payload'], seq: number, now: Date): Promise<void> => {
  const current = await loadCase(app.db, app.tenantId, caseId);
  if (current === null || current.record.state !== 'performing') return;
  const amount = Math.min(payment.amount, outstandingAmount(current.record));
  if (amount <= 0) return;
  // A material reused from the enterprise's library, or a file a case already has, stays where it is.
  const voucher = payment.voucher === null ? undefined : (await attachmentRows(app.db, app.tenantId, [payment.voucher.id])).get(payment.voucher.id);
  const attachmentId = voucher !== undefined && voucher.uploadedBy === actor.id && voucher.caseId === null ? voucher.id : undefined;
  await writeCase(
    app,
    actor,
    {
      caseId: current.record.id,
      command: { action: 'record_payment', expectedVersion: current.record.version, paidOn: payment.paidOn, amount, voucher: windowVoucherText(payment, seq), ...(attachmentId === undefined ? {} : { attachmentId }) },
    },
    { now, linked: true },
  );
};
