import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CreditCommand } from '../domain/credit/commands.ts';
import { decideCreditCommand, isBreachRemedied } from '../domain/credit/decide.ts';
import { AppError } from '../domain/errors.ts';
import { creditRecords } from '../db/schema.ts';
import { writeCreditNotifications } from '../notifications/write-notifications.ts';
import { appendCreditEvent, loadBreachCase, loadCreditRecord } from './credit-store.ts';

/**
 * One step on a breach record: 信用办's record of the rectification or of the refusal to
 * rectify, its determination (认定), the unit's objection or repair application, 信用办's decision
 * on either. Load → decide → one transaction (event + projection guarded by version + the
 * notifications of the other side).
 * @throws AppError CREDIT_RECORD_NOT_FOUND, VERSION_CONFLICT, FORBIDDEN, CREDIT_NOT_IN_STATUS, CREDIT_DEADLINE_NOT_PASSED,
 *   CREDIT_RECTIFICATION_LATE, DATE_INVALID, CREDIT_REPAIR_NOT_ELIGIBLE
 */
export const performCreditAction = async (app: AppContext, actor: Actor, recordId: string, command: CreditCommand): Promise<void> => {
  const record = await loadCreditRecord(app.db, app.tenantId, recordId);
  if (record === null) throw new AppError('CREDIT_RECORD_NOT_FOUND', '失信记录不存在或无权查看');
  const breachCase = record.caseId === null ? null : await loadBreachCase(app.db, app.tenantId, record.caseId);
  const now = app.clock();
  const decision = decideCreditCommand(record, command, {
    actor,
    now,
    today: todayInShanghai(now),
    breachRemedied: breachCase !== null && isBreachRemedied(breachCase),
  });
  await app.db.transaction(async (tx) => {
    const version = record.version + 1;
    await appendCreditEvent(tx, {
      tenantId: app.tenantId,
      recordId,
      seq: version,
      type: decision.type,
      payload: decision.payload,
      statusBefore: record.status,
      statusAfter: decision.statusAfter,
      actor,
      at: now,
    });
    const updated = await tx
      .update(creditRecords)
      .set({ ...decision.changes, version, updatedAt: now })
      .where(and(eq(creditRecords.tenantId, app.tenantId), eq(creditRecords.id, recordId), eq(creditRecords.version, record.version)))
      .returning({ id: creditRecords.id });
    if (updated.length === 0) throw new AppError('VERSION_CONFLICT', `记录${record.number}已被他人更新，请刷新后重试`);
    await writeCreditNotifications(
      tx,
      app.tenantId,
      { recordId, seq: version, type: decision.type, payload: decision.payload, actorId: actor.id, at: now },
      record,
    );
  });
};
