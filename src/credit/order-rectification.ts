import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, yearOf } from '../domain/calendar.ts';
import type { OrderRectificationInput } from '../domain/credit/commands.ts';
import { decideRectificationOrder, openRecordRefusal } from '../domain/credit/decide.ts';
import { authorizeCreditManagement } from '../domain/credit/policy.ts';
import { AppError } from '../domain/errors.ts';
import { creditProposals, creditRecords } from '../db/schema.ts';
import { writeCreditNotifications } from '../notifications/write-notifications.ts';
import { getUnit, loadCalendar } from '../reference/reference-data.ts';
import { appendCreditEvent, CREDIT_NUMBER_PREFIX, loadBreachCase, nextCreditNumber, openRecordOf, unitNameOf } from './credit-store.ts';

/** 认定单位 when the ordering account has no unit of its own. */
const DEFAULT_RECORDING_UNIT = '市信用办';

/**
 * 市信用办 orders a government unit to rectify (责令整改, 发改财金〔2023〕1103号) from one of its
 * cases that confirms the breach, which opens the record: the record (ordered), its first event,
 * the notifications of the unit and its county, and the link of the case's pending proposal
 * (提请认定) to the record, in one transaction. The deadline defaults to 15 working days of the
 * tenant's calendar.
 * @returns the new record's id
 * @throws AppError FORBIDDEN, UNIT_NOT_FOUND, CASE_NOT_FOUND, CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CODE_INVALID,
 *   CREDIT_CASE_NOT_ELIGIBLE, CREDIT_RECORD_DUPLICATE, DATE_INVALID
 */
export const orderRectification = async (app: AppContext, actor: Actor, input: OrderRectificationInput): Promise<string> => {
  authorizeCreditManagement(actor);
  const now = app.clock();
  const today = todayInShanghai(now);
  const unit = await getUnit(app.db, app.tenantId, input.unitId);
  const breachCase = await loadBreachCase(app.db, app.tenantId, input.caseId);
  if (breachCase === null) throw new AppError('CASE_NOT_FOUND', '关联的问题事项不存在', { field: 'caseId' });
  const draft = decideRectificationOrder({
    actor,
    today,
    calendar: await loadCalendar(app.db, app.tenantId),
    input,
    unit,
    breachCase,
    openRecord: await openRecordOf(app.db, app.tenantId, breachCase.id),
  });
  const recordingUnitName = await unitNameOf(app.db, actor.unitId, DEFAULT_RECORDING_UNIT);
  return app.db.transaction(async (tx) => {
    const id = randomUUID();
    const number = await nextCreditNumber(tx, app.tenantId, CREDIT_NUMBER_PREFIX.record, yearOf(today));
    const inserted = await tx
      .insert(creditRecords)
      .values({
        id,
        tenantId: app.tenantId,
        number,
        ...draft,
        status: 'ordered',
        recordedBy: actor.id,
        recordedByName: actor.name,
        recordingUnitName,
        recordedAt: now,
        version: 1,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: creditRecords.id });
    // Another officer ordered the same case meanwhile (credit_records_case_open_key).
    if (inserted.length === 0) {
      const open = await openRecordOf(tx, app.tenantId, draft.caseId);
      throw open === null
        ? new AppError('CREDIT_RECORD_DUPLICATE', `事项${draft.caseNumber}已有失信记录`, { field: 'caseId' })
        : openRecordRefusal(draft.caseNumber, open);
    }
    // The proposal that put the case before 信用办, if any, is taken up by this record.
    const [proposal] = await tx
      .update(creditProposals)
      .set({ creditRecordId: id })
      .where(and(eq(creditProposals.tenantId, app.tenantId), eq(creditProposals.caseId, draft.caseId), isNull(creditProposals.creditRecordId)))
      .returning({ id: creditProposals.id });
    const payload = { number, ...draft, recordingUnitName, ...(proposal === undefined ? {} : { proposalId: proposal.id }) };
    await appendCreditEvent(tx, {
      tenantId: app.tenantId,
      recordId: id,
      seq: 1,
      type: 'order_rectification',
      payload,
      statusBefore: null,
      statusAfter: 'ordered',
      actor,
      at: now,
    });
    await writeCreditNotifications(
      tx,
      app.tenantId,
      { recordId: id, seq: 1, type: 'order_rectification', payload, actorId: actor.id, at: now },
      { number, unitId: unit.id, unitName: draft.unitName, unitJurisdictionId: unit.jurisdictionId, caseNumber: draft.caseNumber },
    );
    return id;
  });
};
