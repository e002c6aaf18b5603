import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { notificationsFor } from '../domain/supervision/case-notices.ts';
import {
  creditNotificationFor,
  type Audience,
  type NotifiableCreditRecord,
  type NotificationDraft,
} from '../domain/supervision/notification-rules.ts';
import type { Db } from '../db/connection.ts';
import { accounts, notifications, type Jurisdiction } from '../db/schema.ts';
import { referenceData, type ReferenceData } from '../reference/reference-cache.ts';

/** The jurisdiction and those above it in `tree`: a coordinator whose subtree holds the case is among them. */
const jurisdictionAndAncestors = (tree: readonly Jurisdiction[], jurisdictionId: string): string[] => {
  const result: string[] = [];
  for (let id: string | null = jurisdictionId; id !== null && !result.includes(id); ) {
    result.push(id);
    id = tree.find((jurisdiction) => jurisdiction.id === id)?.parentId ?? null;
  }
  return result;
};

const audienceCondition = (audience: Audience, tree: readonly Jurisdiction[]): SQL => {
  switch (audience.role) {
    case 'unit_handler':
    case 'lead_bureau':
    case 'enterprise':
      return and(eq(accounts.role, audience.role), eq(accounts.unitId, audience.unitId))!;
    case 'county_coordinator':
      return and(eq(accounts.role, 'county_coordinator'), inArray(accounts.jurisdictionId, jurisdictionAndAncestors(tree, audience.jurisdictionId)))!;
    case 'business_office':
    case 'credit_office':
      return eq(accounts.role, audience.role);
  }
};

/** What a notification is about: a case, a breach record (S4), or a year's disclosure (保障中小企业款项支付条例 Art. 18). */
type NotificationSubject = { readonly caseId: string } | { readonly creditRecordId: string } | { readonly disclosureYear: number };

/** A notice as written: its draft and the accounts it went to. */
export interface WrittenNotice {
  readonly notification: NotificationDraft;
  readonly recipients: readonly { readonly id: string; readonly role: string; readonly unitId: string | null }[];
}

/**
 * Writes one notification of `notification` per active account of its audiences, except the
 * account that acted, inside the caller's transaction.
 * @returns the accounts written to
 */
const writeDraft = async (
  tx: Db,
  tenantId: string,
  notification: NotificationDraft,
  cause: { readonly subject: NotificationSubject; readonly seq: number; readonly actorId: string; readonly at: Date },
  /** The tenant's reference data, when the caller has read it in this transaction. */
  reference?: ReferenceData,
): Promise<WrittenNotice['recipients']> => {
  // The jurisdiction tree only for a county audience, from the reference data read once.
  const tree = notification.audiences.some((audience) => audience.role === 'county_coordinator')
    ? (reference ?? (await referenceData(tx, tenantId))).jurisdictions
    : [];
  const conditions = notification.audiences.map((audience) => audienceCondition(audience, tree));
  const { subject } = cause;
  // The recipients found and their notifications written in one statement (a data-modifying WITH
  // runs once, to completion, whether or not the query reads it).
  const { rows } = await tx.execute<{ id: string; role: string; unit_id: string | null }>(sql`
    with recipients as (
      select ${accounts.id} as id, ${accounts.role} as role, ${accounts.unitId} as unit_id from ${accounts}
      where ${and(eq(accounts.tenantId, tenantId), eq(accounts.active, true), ne(accounts.id, cause.actorId), or(...conditions))}
    ), written as (
      insert into ${notifications} (id, tenant_id, account_id, case_id, credit_record_id, disclosure_year, event_seq, kind, title, body, created_at)
      select gen_random_uuid(), ${tenantId}::text, recipients.id, ${'caseId' in subject ? subject.caseId : null}::uuid,
             ${'creditRecordId' in subject ? subject.creditRecordId : null}::uuid, ${'disclosureYear' in subject ? subject.disclosureYear : null}::integer,
             ${cause.seq}::integer, ${notification.kind}::text, ${notification.title}::text, ${notification.body}::text, ${cause.at.toISOString()}::timestamptz
      from recipients
    )
    select id, role, unit_id from recipients order by id`);
  return rows.map((row) => ({ id: row.id, role: row.role, unitId: row.unit_id }));
};

/**
 * Writes the in-app notifications a case event causes (`notificationsFor`: the staff's and the
 * loop's with the enterprise). Runs inside the event's transaction, so a notification exists
 * exactly when its event does.
 * @returns each notice that reached someone, with its recipients (for the outbox)
 */
export const writeNotifications = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord, reference: ReferenceData): Promise<WrittenNotice[]> => {
  const written: WrittenNotice[] = [];
  for (const notification of notificationsFor(event, record)) {
    const recipients = await writeDraft(tx, tenantId, notification, { subject: { caseId: event.caseId }, seq: event.seq, actorId: event.actor.id, at: new Date(event.at) }, reference);
    if (recipients.length > 0) written.push({ notification, recipients });
  }
  return written;
};

/**
 * Writes the in-app notifications a breach record event causes (`creditNotificationFor`, S4),
 * inside the transaction of the credit event.
 * @returns the number of notifications written
 */
export const writeCreditNotifications = async (
  tx: Db,
  tenantId: string,
  event: { readonly recordId: string; readonly seq: number; readonly type: string; readonly payload: Readonly<Record<string, unknown>>; readonly actorId: string; readonly at: Date },
  record: NotifiableCreditRecord,
): Promise<number> => {
  const notification = creditNotificationFor(event, record);
  if (notification === null) return 0;
  return (await writeDraft(tx, tenantId, notification, { subject: { creditRecordId: event.recordId }, seq: event.seq, actorId: event.actorId, at: event.at })).length;
};

/**
 * Writes the notifications of the disclosure sweep (保障中小企业款项支付条例 Art. 18: a reminder to a
 * unit, the missed notice to 营商办) to every active account of the audiences, inside the caller's
 * transaction, which holds the sweep's claim. No event causes them: their seq is 0.
 * @returns the number of notifications written
 */
export const writeDisclosureNotifications = (
  tx: Db,
  tenantId: string,
  notification: NotificationDraft,
  cause: { readonly year: number; readonly actorId: string; readonly at: Date },
): Promise<number> =>
  writeDraft(tx, tenantId, notification, { subject: { disclosureYear: cause.year }, seq: 0, actorId: cause.actorId, at: cause.at }).then((recipients) => recipients.length);
