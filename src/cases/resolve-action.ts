import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { usableAttachments } from '../attachments/attachment-store.ts';
import { can } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { DecideContext } from '../domain/case/decision.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { cases } from '../db/schema.ts';
import { escalationTarget, getUnit, supervisorsFor } from '../reference/reference-data.ts';
import { loadCase } from './case-store.ts';

/**
 * What some actions need from the reference data, resolved before the pure decision: the
 * next-higher government (escalate), the new unit and its supervisors (assign, accept), the
 * case a duplicate repeats (merge), the caller's files (submit_feedback, notify_result, and the
 * one file of consent, object, record_payment, waive_interest, agree, judge, fulfil, compensate; the files of add_material).
 * @throws AppError ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED for a file not the caller's own unlinked upload
 * @throws AppError UNIT_NOT_FOUND, VALIDATION_FAILED
 */
export const resolveAction = async (
  scope: AppContext,
  actor: Actor,
  record: CaseRecord,
  command: CaseCommand,
  linked = false,
): Promise<Partial<DecideContext>> => {
  const { db, tenantId } = scope;
  // Nothing is looked up for someone `decide` will refuse anyway; a linked write was authorized on its linked record.
  if (!linked && !can(actor, command.action, record)) return {};
  switch (command.action) {
    case 'escalate':
      return { escalationTarget: await escalationTarget(db, tenantId, record.responsibleUnitId) };
    case 'assign':
    case 'accept': {
      const unit = await getUnit(db, tenantId, command.responsibleUnitId);
      if (unit.kind === 'enterprise') {
        throw new AppError('VALIDATION_FAILED', '不能交办给民营企业', { field: 'responsibleUnitId' });
      }
      const supervisors = await supervisorsFor(db, tenantId, record.line, unit);
      return {
        assignment: { responsibleUnitId: unit.id, handlingUnitId: unit.id, jurisdictionId: unit.jurisdictionId, ...supervisors },
      };
    }
    case 'merge': {
      const target = await loadCase(db, tenantId, command.targetCaseId);
      if (target === null || !can(actor, 'read', target.record)) return { mergeTarget: null };
      const { id, number, state, enterprise } = target.record;
      return { mergeTarget: { id, number, state, enterpriseCreditCode: enterprise?.creditCode ?? null } };
    }
    case 'submit_feedback':
    case 'notify_result': {
      const ids = command.documents.flatMap((document) => (document.attachmentId === undefined ? [] : [document.attachmentId]));
      const refs = await usableAttachments(db, tenantId, actor, ids);
      return { attachments: new Map(refs.map((ref) => [ref.id, ref])) };
    }
    case 'consent':
    case 'object':
    case 'record_payment':
    case 'waive_interest':
    case 'agree':
    case 'judge':
    case 'fulfil':
    case 'compensate': {
      if (command.attachmentId === undefined) return {};
      const refs = await usableAttachments(db, tenantId, actor, [command.attachmentId], 'attachmentId');
      return { attachments: new Map(refs.map((ref) => [ref.id, ref])) };
    }
    case 'add_material': {
      const refs = await usableAttachments(db, tenantId, actor, command.attachmentIds ?? [], 'attachmentIds');
      return { attachments: new Map(refs.map((ref) => [ref.id, ref])) };
    }
    default:
      return {};
  }
};

/**
 * S3: the merge target stays as `decide` saw it until the duplicate is closed into it: its row
 * is locked, and a target dismissed (or itself merged) meanwhile refuses the merge.
 * @throws AppError MERGE_TARGET_INVALID
 */
export const lockMergeTarget = async (tx: Db, tenantId: string, targetId: string): Promise<void> => {
  const [row] = await tx
    .select({ state: cases.state, number: cases.number })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, targetId)))
    .for('update');
  if (row === undefined || row.state === 'dismissed' || row.state === 'withdrawn') {
    throw new AppError('MERGE_TARGET_INVALID', `事项${row?.number ?? ''}已不予受理、已撤回或已被合并，不能作为合并对象`, { field: 'targetCaseId' });
  }
};
