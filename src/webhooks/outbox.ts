import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Db } from '../db/connection.ts';
import { insertMany } from '../db/insert-many.ts';
import { webhookDeliveries } from '../db/schema.ts';
import { notificationLink } from '../domain/supervision/case-notices.ts';
import type { NotificationKind } from '../domain/supervision/notification-rules.ts';
import type { WrittenNotice } from '../notifications/write-notifications.ts';
import type { ActiveSubscription, ReferenceData } from '../reference/reference-cache.ts';

/**
 * The webhook event type of a notice (an in-app notification a case event caused): a subscription
 * receives it only when it names it, since its text is meant to be sent on (an SMS gateway).
 */
export const NOTIFICATION_WEBHOOK_TYPE = 'notification';

/** The JSON body of a webhook delivery (docs/WEBHOOKS.md). */
export interface WebhookPayload {
  /** `<caseId>:<seq>`: the event's stable id; a receiver deduplicates by it. */
  readonly eventId: string;
  readonly type: string;
  readonly caseId: string;
  readonly caseNumber: string;
  /** The case's state after the event. */
  readonly state: string;
  /** The case's deadline after the event (YYYY-MM-DD), or null. */
  readonly deadline: string | null;
  /** For `supervise`: reminder | urging | supervision | notice; otherwise null. */
  readonly level: string | null;
  /** ISO 8601 instant of the event. */
  readonly at: string;
}

export const webhookPayload = (event: CaseEvent, record: CaseRecord): WebhookPayload => ({
  eventId: `${event.caseId}:${event.seq}`,
  type: event.type,
  caseId: event.caseId,
  caseNumber: record.number,
  state: event.stateAfter,
  deadline: event.deadline,
  level: event.type === 'supervise' ? event.payload.level : null,
  at: event.at,
});

/**
 * Puts the event in the outbox of every active subscription that wants its type, inside the
 * event's transaction: the delivery exists exactly when the event does, and the HTTP call
 * happens later (`deliverWebhooks`), never within the case's transaction.
 * @returns the number of deliveries queued
 */
export const enqueueWebhookDeliveries = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord, reference: ReferenceData): Promise<number> => {
  const rows = deliveryRows(tenantId, reference.webhookSubscriptions, event, record);
  if (rows.length === 0) return 0;
  await tx.insert(webhookDeliveries).values(rows);
  return rows.length;
};

/**
 * `enqueueWebhookDeliveries` for many events of one transaction (a batch of registrations): the
 * subscriptions from the reference data the caller read, the same rows a thousand a statement (`insertMany`).
 * @returns the number of deliveries queued
 */
export const enqueueWebhookDeliveriesOf = async (
  tx: Db,
  tenantId: string,
  items: readonly { event: CaseEvent; record: CaseRecord }[],
  reference: ReferenceData,
): Promise<number> => {
  const subscriptions = reference.webhookSubscriptions;
  if (subscriptions.length === 0) return 0;
  const rows = items.flatMap(({ event, record }) => deliveryRows(tenantId, subscriptions, event, record));
  await insertMany(tx, webhookDeliveries, rows);
  return rows.length;
};

/** One outbox row per active subscription that wants the event's type. */
const deliveryRows = (tenantId: string, subscriptions: readonly ActiveSubscription[], event: CaseEvent, record: CaseRecord) => {
  const wanted = subscriptions.filter((subscription) => subscription.eventTypes.length === 0 || subscription.eventTypes.includes(event.type));
  if (wanted.length === 0) return [];
  const at = new Date(event.at);
  const payload = webhookPayload(event, record);
  return wanted.map((subscription) => ({
    id: randomUUID(),
    tenantId,
    subscriptionId: subscription.id,
    caseId: event.caseId,
    eventSeq: event.seq,
    eventType: event.type,
    payload: payload as unknown as Record<string, unknown>,
    nextAttemptAt: at,
    createdAt: at,
  }));
};

/** The JSON body of a notice's delivery (docs/WEBHOOKS.md, "Notices"). */
export interface NoticeWebhookPayload {
  /** `<caseId>:<seq>:<kind>`: stable; a receiver deduplicates by it. */
  readonly eventId: string;
  readonly type: typeof NOTIFICATION_WEBHOOK_TYPE;
  readonly kind: NotificationKind;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly title: string;
  readonly body: string;
  /** The page of the platform the notice leads to, relative to its address. */
  readonly link: string;
  /** The accounts the notice went to; a gateway looks up how to reach each with its own account. */
  readonly recipients: readonly { readonly accountId: string; readonly role: string; readonly unitId: string | null }[];
  readonly at: string;
}

/**
 * Puts each notice a case event wrote in the outbox of every active subscription that names
 * `notification`, inside the event's transaction, like the event's own delivery.
 * @returns the number of deliveries queued
 */
export const enqueueNoticeDeliveries = async (
  tx: Db,
  tenantId: string,
  event: CaseEvent,
  record: CaseRecord,
  notices: readonly WrittenNotice[],
  reference: ReferenceData,
): Promise<number> => {
  if (notices.length === 0) return 0;
  const wanted = reference.webhookSubscriptions.filter((subscription) => subscription.eventTypes.includes(NOTIFICATION_WEBHOOK_TYPE));
  if (wanted.length === 0) return 0;
  const at = new Date(event.at);
  const rows = notices.flatMap(({ notification, recipients }) => {
    const payload: NoticeWebhookPayload = {
      eventId: `${event.caseId}:${event.seq}:${notification.kind}`,
      type: NOTIFICATION_WEBHOOK_TYPE,
      kind: notification.kind,
      caseId: event.caseId,
      caseNumber: record.number,
      title: notification.title,
      body: notification.body,
      link: notificationLink({ caseId: event.caseId, creditRecordId: null, disclosureYear: null }),
      recipients: recipients.map((recipient) => ({ accountId: recipient.id, role: recipient.role, unitId: recipient.unitId })),
      at: event.at,
    };
    return wanted.map((subscription) => ({
      id: randomUUID(),
      tenantId,
      subscriptionId: subscription.id,
      caseId: event.caseId,
      eventSeq: event.seq,
      eventType: NOTIFICATION_WEBHOOK_TYPE,
      payload: payload as unknown as Record<string, unknown>,
      nextAttemptAt: at,
      createdAt: at,
    }));
  });
  await tx.insert(webhookDeliveries).values(rows);
  return rows.length;
};
