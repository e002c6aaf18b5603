import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { linkAttachments } from '../attachments/attachment-store.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CaseCommand, RegisterCaseInput } from '../domain/case/commands.ts';
import { decide, decideRegistration, type DecideContext } from '../domain/case/decide.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord, ImportedFrom } from '../domain/case/record.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { referenceData } from '../reference/reference-cache.ts';
import { appendEvent, loadCaseForWrite, type StoredCase } from './case-store.ts';
import { followLinkedRecords } from './linked-records.ts';
import { lockMergeTarget, resolveAction } from './resolve-action.ts';
import { liveReads, resolveRegistration, type ExternalOrigin } from './resolve-registration.ts';

/** A new case: the registration as the API takes it, and where an imported demand came from. */
export interface RegistrationWrite {
  readonly register: RegisterCaseInput;
  readonly origin?: ExternalOrigin;
  /** 台账导入: the ledger file and row the case is loaded from (recorded in its first event). */
  readonly importedFrom?: ImportedFrom;
}

/** One command on an existing case. */
export interface ActionWrite {
  readonly caseId: string;
  readonly command: CaseCommand;
}

export interface WriteOptions {
  /** The instant of the write; the app's clock unless the caller (the sweep) runs as of another. */
  readonly now?: Date;
  /** S2: the write is the scheduled sweep's, so a `supervise` it decides is automatic. Never set from a request. */
  readonly sweep?: boolean;
  /**
   * The write repeats one the actor just made on a linked record (a payment entered at the
   * window), authorized there: the case's access rules do not apply, and the linked records
   * are not followed back. Never set from a request.
   */
  readonly linked?: boolean;
  /**
   * `app.db` is a transaction that is rolled back whole if this write throws (an idempotency key's
   * claim, `idempotent`): the write runs in it, without a savepoint of its own. Never set by a
   * caller that catches the write's error and goes on in the same transaction.
   */
  readonly inTransaction?: boolean;
}

/** The files an event records, as its documents, its files (`add_material`) or its one file (`attachment`): they are linked to the case with it. */
const attachmentsOf = (draft: CaseEventDraft): AttachmentRef[] => {
  if (draft.type === 'submit_feedback' || draft.type === 'notify_result') {
    return draft.payload.documents.flatMap((document) => (document.attachment ? [document.attachment] : []));
  }
  if (draft.type === 'add_material') return draft.payload.attachments;
  const one = (draft.payload as { attachment?: AttachmentRef }).attachment;
  return one === undefined ? [] : [one];
};

/**
 * The one write path of every case, whoever writes (HTTP, the sweep, dispatch progress, the
 * import, the demo): in ONE transaction it loads the case, resolves what the decision needs,
 * decides, appends the event with the projection and its outputs (notifications, webhooks,
 * 督办单 numbers), links the files the event names, marks the actor's notices of the case read
 * and brings the records linked to the case along (see `linked-records.ts`). A rejected command
 * writes nothing.
 * Called inside a caller's transaction (an import, a dispatch report) it runs as a savepoint of
 * it, or in it directly when the caller says the transaction fails whole with it (`inTransaction`:
 * an idempotency key's claim).
 * @throws AppError CASE_NOT_FOUND, VERSION_CONFLICT, ACTION_NOT_FOR_LINE, FORBIDDEN and every
 *   error of the resolution and of `decide`/`decideRegistration`
 */
export const writeCase = async (app: AppContext, actor: Actor, write: RegistrationWrite | ActionWrite, options: WriteOptions = {}): Promise<CaseRecord> => {
  const now = options.now ?? app.clock();
  const today = todayInShanghai(now);
  const inTransaction = <T>(work: (tx: Db) => Promise<T>): Promise<T> => (options.inTransaction === true ? work(app.db) : app.db.transaction(work));
  return inTransaction(async (tx) => {
    const scope: AppContext = { ...app, db: tx };
    // An action's case comes with the reference version, in one statement, which also marks the
    // actor's notices of the case read: a person acting on a case has seen what it asked of them
    // (the sweep is nobody's inbox). A refused action is rolled back, and marks nothing.
    const reader = options.sweep === true ? undefined : { accountId: actor.id, at: now };
    const found = 'register' in write ? undefined : await loadCaseForWrite(tx, app.tenantId, write.caseId, reader);
    if (found === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
    // Read once, for the decision and for the event's outputs (who is told, which subscriptions take it).
    const reference = await referenceData(tx, app.tenantId, found?.referenceVersion);
    const context: DecideContext = {
      actor,
      today,
      calendar: reference.calendar,
      timeLimits: reference.timeLimits,
      ...(options.sweep === true ? { sweep: true } : {}),
      ...(options.linked === true ? { linked: true } : {}),
    };
    let current: StoredCase | null = null;
    let caseId: string;
    let draft: CaseEventDraft;
    let attachments: AttachmentRef[];
    if ('register' in write) {
      const resolved = await resolveRegistration(scope, actor, write.register, today, write.origin, write.importedFrom, liveReads(tx, app.tenantId, reference));
      caseId = randomUUID();
      draft = decideRegistration(resolved.payload, resolved.responsibleJurisdictionId, { ...context, referencedCases: resolved.referencedCases }, resolved.matrix);
      attachments = resolved.attachments;
    } else {
      current = found!.stored;
      caseId = write.caseId;
      draft = decide(current.record, write.command, { ...context, ...(await resolveAction(scope, actor, current.record, write.command, options.linked === true)) });
      if (draft.type === 'merge') await lockMergeTarget(tx, app.tenantId, draft.payload.mergedInto.caseId);
      attachments = attachmentsOf(draft);
    }
    const stored = await appendEvent(tx, app.tenantId, app.keys, current, draft, actor, now, caseId, reference);
    await linkAttachments(tx, app.tenantId, attachments, caseId);
    if (options.linked !== true) await followLinkedRecords(scope, actor, stored.record, draft, now);
    return stored.record;
  });
};
