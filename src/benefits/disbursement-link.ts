import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { outstandingOf, recordDisbursement, type ApplicationEvent } from '../domain/benefits/application.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { Db } from '../db/connection.ts';
import { benefitDisbursementCases, cases } from '../db/schema.ts';
import { loadApplication, saveApplicationStep } from './application-store.ts';

/**
 * P5: the money of an application with a 资金拨付缓慢 case is one sum, whichever of the two it
 * is recorded on. A payment registered at the window (兑现专窗, 资金拨付) is recorded on the case
 * as it stands; a payment recorded on the case is a disbursement of the application. Each side
 * is written in the transaction of the other, so they cannot disagree.
 */

/**
 * The 资金拨付缓慢 case raised for an application, if any, its row locked for the transaction:
 * a payment takes the case before the application, as the case's own write path does, so the
 * two paths never wait on each other.
 */
export const lockCaseOfApplication = async (db: Db, tenantId: string, applicationId: string): Promise<string | null> => {
  const [row] = await db
    .select({ caseId: cases.id })
    .from(benefitDisbursementCases)
    .innerJoin(cases, and(eq(cases.tenantId, benefitDisbursementCases.tenantId), eq(cases.id, benefitDisbursementCases.caseId)))
    .where(and(eq(benefitDisbursementCases.tenantId, tenantId), eq(benefitDisbursementCases.applicationId, applicationId)))
    .for('update', { of: cases });
  return row?.caseId ?? null;
};

/** The application a 资金拨付缓慢 case was raised for, if the case is one. */
const applicationOfCase = async (db: Db, tenantId: string, caseId: string): Promise<string | null> => {
  const [row] = await db
    .select({ applicationId: benefitDisbursementCases.applicationId })
    .from(benefitDisbursementCases)
    .where(and(eq(benefitDisbursementCases.tenantId, tenantId), eq(benefitDisbursementCases.caseId, caseId)));
  return row?.applicationId ?? null;
};

/** The case's voucher field for a window payment: the voucher file or note, and the application step it came from. */
export const windowVoucherText = (payment: Extract<ApplicationEvent, { type: 'disburse' }>['payload'], seq: number): string => {
  const given = (payment.voucher?.fileName ?? payment.note ?? '').slice(0, 120);
  return `兑现专窗登记（申报第${seq}步）${given ? `：${given}` : ''}`;
};

/**
 * Case → window: a payment recorded on a 资金拨付缓慢 case is a disbursement of its
 * application, by the same person, up to what the application still owes, with the voucher
 * file the case's payment took. Runs in the case's transaction.
 */
export const followCasePayment = async (app: AppContext, actor: Actor, record: CaseRecord, draft: CaseEventDraft, now: Date): Promise<void> => {
  if (draft.type !== 'record_payment') return;
  const applicationId = await applicationOfCase(app.db, app.tenantId, record.id);
  if (applicationId === null) return;
  const stored = await loadApplication(app.db, app.tenantId, applicationId);
  const amount = Math.min(draft.payload.amount, outstandingOf(stored.record));
  if (stored.record.state !== 'approved' || amount <= 0) return;
  const today = todayInShanghai(now);
  const { event, next } = recordDisbursement(
    stored.record,
    { paidOn: draft.payload.paidOn, amount, voucher: draft.payload.attachment ?? null, note: `在案件${record.number}登记，凭证：${draft.payload.voucher}` },
    today,
  );
  await saveApplicationStep(app.db, { tenantId: app.tenantId, stored, event, next, actor, at: now, today });
};
