import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, yearOf } from '../domain/calendar.ts';
import type { RecordBreachInput } from '../domain/credit/commands.ts';
import { decideBreachRecord } from '../domain/credit/decide.ts';
import { authorizeCreditManagement } from '../domain/credit/policy.ts';
import { AppError } from '../domain/errors.ts';
import { creditProposals, creditRecords, units } from '../db/schema.ts';
import { writeCreditNotifications } from '../notifications/write-notifications.ts';
import { getUnit } from '../reference/reference-data.ts';
import { appendCreditEvent, CREDIT_NUMBER_PREFIX, loadBreachCase, nextCreditNumber } from './credit-store.ts';

/** 认定单位 when the recording account has no unit of its own. */
const DEFAULT_RECORDING_UNIT = '市信用办';

/**
 * 市信用办 records a breach of trust (S4) of a government unit from one of its overdue or
 * supervised cases: the record, its first event, the unit's notifications and the link of the
 * case's pending proposal (提请认定) to the record, in one transaction.
 * @returns the new record's id
 * @throws AppError FORBIDDEN, UNIT_NOT_FOUND, CASE_NOT_FOUND, CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CODE_INVALID,
 *   CREDIT_CASE_NOT_ELIGIBLE, CREDIT_RECORD_DUPLICATE, DATE_INVALID
 */
export const recordBreach = async (app: AppContext, actor: Actor, input: RecordBreachInput): Promise<string> => {
  authorizeCreditManagement(actor);
  const now = app.clock();
  const today = todayInShanghai(now);
  const unit = await getUnit(app.db, app.tenantId, input.unitId);
  const breachCase = await loadBreachCase(app.db, app.tenantId, input.caseId);
  if (breachCase === null) throw new AppError('CASE_NOT_FOUND', '关联的问题事项不存在', { field: 'caseId' });
  const [inEffect] = await app.db
    .select({ number: creditRecords.number })
    .from(creditRecords)
    .where(
      and(eq(creditRecords.tenantId, app.tenantId), eq(creditRecords.caseId, breachCase.id), inArray(creditRecords.status, ['recorded', 'objected'])),
    );
  const draft = decideBreachRecord({ actor, today, input, unit, breachCase, recordInEffect: inEffect?.number ?? null });
  const recordingUnitName =
    actor.unitId === null
      ? DEFAULT_RECORDING_UNIT
      : ((await app.db.select({ name: units.name }).from(units).where(eq(units.id, actor.unitId)))[0]?.name ?? DEFAULT_RECORDING_UNIT);
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
        status: 'recorded',
        recordedBy: actor.id,
        recordedByName: actor.name,
        recordingUnitName,
        recordedAt: now,
        version: 1,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: creditRecords.id });
    // Another officer recorded the same case meanwhile (credit_records_case_in_effect_key).
    if (inserted.length === 0) {
      throw new AppError('CREDIT_RECORD_DUPLICATE', `事项${draft.caseNumber}已有生效的失信记录`, { field: 'caseId' });
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
      type: 'record',
      payload,
      statusBefore: null,
      statusAfter: 'recorded',
      actor,
      at: now,
    });
    await writeCreditNotifications(
      tx,
      app.tenantId,
      { recordId: id, seq: 1, type: 'record', payload, actorId: actor.id, at: now },
      { number, unitId: unit.id, unitName: draft.unitName, unitJurisdictionId: unit.jurisdictionId, caseNumber: draft.caseNumber },
    );
    return id;
  });
};
