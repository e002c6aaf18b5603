import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, or, type SQL } from 'drizzle-orm';
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
import { accounts, notifications } from '../db/schema.ts';
import { listJurisdictions } from '../reference/reference-data.ts';

/** The jurisdiction and those above it: a coordinator whose subtree holds the case is among them. */
const jurisdictionAndAncestors = async (db: Db, tenantId: string, jurisdictionId: string): Promise<string[]> => {
  const all = await listJurisdictions(db, tenantId);
  const result: string[] = [];
  for (let id: string | null = jurisdictionId; id !== null && !result.includes(id); ) {
    result.push(id);
    id = all.find((jurisdiction) => jurisdiction.id === id)?.parentId ?? null;
  }
  return result;
};

const audienceCondition = async (db: Db, tenantId: string, audience: Audience): Promise<SQL> => {
  switch (audience.role) {
    case 'unit_handler':
    case 'lead_bureau':
    case 'enterprise':
      return and(eq(accounts.role, audience.role), eq(accounts.unitId, audience.unitId))!;
    case 'county_coordinator':
      return and(
        eq(accounts.role, 'county_coordinator'),
        inArray(accounts.jurisdictionId, await jurisdictionAndAncestors(db, tenantId, audience.jurisdictionId)),
      )!;
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
): Promise<WrittenNotice['recipients']> => {
  const conditions = await Promise.all(notification.audiences.map((audience) => audienceCondition(tx, tenantId, audience)));
  const recipients = await tx
    .select({ id: accounts.id, role: accounts.role, unitId: accounts.unitId })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.active, true), ne(accounts.id, cause.actorId), or(...conditions)))
    .orderBy(accounts.id);
  if (recipients.length === 0) return [];
  await tx.insert(notifications).values(
    recipients.map((recipient) => ({
      id: randomUUID(),
      tenantId,
      accountId: recipient.id,
      ...cause.subject,
      eventSeq: cause.seq,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      createdAt: cause.at,
    })),
  );
  return recipients;
};

/**
 * Writes the in-app notifications a case event causes (`notificationsFor`: the staff's and the
 * loop's with the enterprise). Runs inside the event's transaction, so a notification exists
 * exactly when its event does.
 * @returns each notice that reached someone, with its recipients (for the outbox)
 */
export const writeNotifications = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord): Promise<WrittenNotice[]> => {
  const written: WrittenNotice[] = [];
  for (const notification of notificationsFor(event, record)) {
    const recipients = await writeDraft(tx, tenantId, notification, { subject: { caseId: event.caseId }, seq: event.seq, actorId: event.actor.id, at: new Date(event.at) });
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
