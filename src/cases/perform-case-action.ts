import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { linkAttachments, usableAttachments } from '../attachments/attachment-store.ts';
import { can } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import { decide, type DecideContext } from '../domain/case/decide.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { cases } from '../db/schema.ts';
import { escalationTarget, getUnit, loadCalendar, loadTimeLimits, supervisorsFor } from '../reference/reference-data.ts';
import { appendEvent, loadCase } from './case-store.ts';

/** What some actions need from the reference data, resolved before the pure decision. */
const resolve = async (
  app: AppContext,
  actor: Actor,
  record: CaseRecord,
  command: CaseCommand,
): Promise<Partial<DecideContext>> => {
  // Nothing is looked up for someone `decide` will refuse anyway.
  if (!can(actor, command.action, record)) return {};
  switch (command.action) {
    case 'escalate':
      return { escalationTarget: await escalationTarget(app.db, app.tenantId, record.responsibleUnitId) };
    case 'assign':
    case 'accept': {
      const unit = await getUnit(app.db, app.tenantId, command.responsibleUnitId);
      if (unit.kind === 'enterprise') {
        throw new AppError('VALIDATION_FAILED', '不能交办给民营企业', { field: 'responsibleUnitId' });
      }
      const supervisors = await supervisorsFor(app.db, app.tenantId, record.line, unit);
      return {
        assignment: {
          responsibleUnitId: unit.id,
          handlingUnitId: unit.id,
          jurisdictionId: unit.jurisdictionId,
          ...supervisors,
        },
      };
    }
    case 'merge': {
      const target = await loadCase(app.db, app.tenantId, command.targetCaseId);
      if (target === null || !can(actor, 'read', target.record)) return { mergeTarget: null };
      const { id, number, state, enterprise } = target.record;
      return { mergeTarget: { id, number, state, enterpriseCreditCode: enterprise?.creditCode ?? null } };
    }
    case 'submit_feedback': {
      const ids = command.documents.flatMap((document) => (document.attachmentId === undefined ? [] : [document.attachmentId]));
      const refs = await usableAttachments(app.db, app.tenantId, actor, ids);
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
const lockMergeTarget = async (tx: Db, tenantId: string, targetId: string): Promise<void> => {
  const [row] = await tx
    .select({ state: cases.state, number: cases.number })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, targetId)))
    .for('update');
  if (row === undefined || row.state === 'dismissed') {
    throw new AppError('MERGE_TARGET_INVALID', `事项${row?.number ?? ''}已不予受理或已被合并，不能作为合并对象`, { field: 'targetCaseId' });
  }
};

/** The files an event records as its documents: they are linked to the case with it. */
const attachmentsOf = (draft: CaseEventDraft): AttachmentRef[] =>
  draft.type === 'submit_feedback' ? draft.payload.documents.flatMap((document) => (document.attachment ? [document.attachment] : [])) : [];

/**
 * Performs one action on a case: load → authorize and decide → one transaction that appends
 * the event, updates the projection and links the files the event names. A rejected command
 * writes nothing.
 * @throws AppError CASE_NOT_FOUND, VERSION_CONFLICT, ATTACHMENT_NOT_FOUND,
 *   ATTACHMENT_ALREADY_LINKED and every error of `decide`
 */
export const performCaseAction = async (
  app: AppContext,
  actor: Actor,
  caseId: string,
  command: CaseCommand,
): Promise<CaseRecord> => {
  const current = await loadCase(app.db, app.tenantId, caseId);
  if (current === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  const now = app.clock();
  const context: DecideContext = {
    actor,
    today: todayInShanghai(now),
    calendar: await loadCalendar(app.db, app.tenantId),
    timeLimits: await loadTimeLimits(app.db, app.tenantId),
    ...(await resolve(app, actor, current.record, command)),
  };
  const draft = decide(current.record, command, context);
  const stored = await app.db.transaction(async (tx) => {
    if (draft.type === 'merge') await lockMergeTarget(tx, app.tenantId, draft.payload.mergedInto.caseId);
    const appended = await appendEvent(tx, app.tenantId, current, draft, actor, now, caseId);
    await linkAttachments(tx, app.tenantId, attachmentsOf(draft), caseId);
    return appended;
  });
  return stored.record;
};
