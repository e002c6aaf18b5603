import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { CREDIT_ACTION_LABEL, type CreditAction } from '../domain/credit/commands.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { availableCreditActions, isBreachRemedied, isRectificationOverdue, isRepairPending } from '../domain/credit/decide.ts';
import { canReadCredit } from '../domain/credit/policy.ts';
import { CREDIT_STATUS_LABEL, type CreditEventType, type CreditStatus } from '../domain/credit/states.ts';
import { AppError } from '../domain/errors.ts';
import { cases, creditRecordEvents } from '../db/schema.ts';
import { loadCreditRecord, type StoredCreditRecord } from './credit-store.ts';

const iso = (instant: Date | null): string | null => (instant === null ? null : instant.toISOString());

/** A record as lists and the record drawer show it; instants are ISO strings. */
export const creditRecordSummary = (record: StoredCreditRecord) => ({
  id: record.id,
  number: record.number,
  status: record.status,
  statusLabel: CREDIT_STATUS_LABEL[record.status],
  unitId: record.unitId,
  unitName: record.unitName,
  unitCreditCode: record.unitCreditCode,
  unitKind: record.unitKind,
  caseId: record.caseId,
  caseNumber: record.caseNumber,
  breachOn: record.breachOn,
  facts: record.facts,
  basis: record.basis,
  orderRequirement: record.orderRequirement,
  orderDocumentNumber: record.orderDocumentNumber,
  orderedOn: record.orderedOn,
  rectificationDeadline: record.rectificationDeadline,
  rectifiedOn: record.rectifiedOn,
  rectificationEvidence: record.rectificationEvidence,
  refusalGround: record.refusalGround,
  refusalFacts: record.refusalFacts,
  refusedOn: record.refusedOn,
  recordingUnitName: record.recordingUnitName,
  recordedByName: record.recordedByName,
  recordedAt: record.recordedAt.toISOString(),
  objectionReason: record.objectionReason,
  objectedAt: iso(record.objectedAt),
  objectionDecision: record.objectionDecision,
  objectionDecisionReason: record.objectionDecisionReason,
  objectionDecidedAt: iso(record.objectionDecidedAt),
  revokedOn: record.revokedOn,
  repairMeasures: record.repairMeasures,
  repairAppliedAt: iso(record.repairAppliedAt),
  repairPending: isRepairPending(record),
  repairDecision: record.repairDecision,
  repairDecisionReason: record.repairDecisionReason,
  repairDecidedAt: iso(record.repairDecidedAt),
  repairedOn: record.repairedOn,
  exportedChange: record.exportedChange,
  version: record.version,
  updatedAt: record.updatedAt.toISOString(),
});
export type CreditRecordSummary = ReturnType<typeof creditRecordSummary>;

export type CreditHistoryEntry = {
  readonly seq: number;
  readonly type: CreditEventType;
  readonly statusBefore: CreditStatus | null;
  readonly statusAfter: CreditStatus;
  readonly payload: Record<string, unknown>;
  readonly actorName: string;
  readonly actorRole: string;
  readonly at: string;
};

export type CreditRecordView = CreditRecordSummary & {
  readonly case: { readonly id: string; readonly number: string; readonly title: string; readonly state: string } | null;
  /** The case is settled, closed or paid: the unit may apply for repair. */
  readonly breachRemedied: boolean;
  /** The order's deadline has passed today: the refusal may be recorded for the lapse (逾期未整改). */
  readonly rectificationOverdue: boolean;
  readonly history: CreditHistoryEntry[];
  readonly availableActions: { readonly action: CreditAction; readonly label: string }[];
};

/**
 * One record with its history and the actions its reader may take.
 * @throws AppError CREDIT_RECORD_NOT_FOUND when there is none or the actor may not read it
 */
export const getCreditRecord = async (app: AppContext, actor: Actor, recordId: string): Promise<CreditRecordView> => {
  const record = await loadCreditRecord(app.db, app.tenantId, recordId);
  if (record === null || !canReadCredit(actor, record)) throw new AppError('CREDIT_RECORD_NOT_FOUND', '失信记录不存在或无权查看');
  const [caseRow] =
    record.caseId === null
      ? []
      : await app.db
          .select({ id: cases.id, number: cases.number, title: cases.title, state: cases.state, confirmedAmount: cases.confirmedAmount, paidAmount: cases.paidAmount })
          .from(cases)
          .where(and(eq(cases.tenantId, app.tenantId), eq(cases.id, record.caseId)));
  const events = await app.db
    .select()
    .from(creditRecordEvents)
    .where(and(eq(creditRecordEvents.tenantId, app.tenantId), eq(creditRecordEvents.recordId, recordId)))
    .orderBy(asc(creditRecordEvents.seq));
  const breachRemedied = caseRow !== undefined && isBreachRemedied(caseRow);
  return {
    ...creditRecordSummary(record),
    case: caseRow === undefined ? null : { id: caseRow.id, number: caseRow.number, title: caseRow.title, state: caseRow.state },
    breachRemedied,
    rectificationOverdue: record.status === 'ordered' && isRectificationOverdue(record, todayInShanghai(app.clock())),
    history: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      statusBefore: event.statusBefore,
      statusAfter: event.statusAfter,
      payload: event.payload,
      actorName: event.actorName,
      actorRole: event.actorRole,
      at: event.at.toISOString(),
    })),
    availableActions: availableCreditActions(actor, record, breachRemedied).map((action) => ({ action, label: CREDIT_ACTION_LABEL[action] })),
  };
};
