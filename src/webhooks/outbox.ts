import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Db } from '../db/connection.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';

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
export const enqueueWebhookDeliveries = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord): Promise<number> => {
  const subscriptions = await tx
    .select({ id: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.active, true)));
  const wanted = subscriptions.filter((subscription) => subscription.eventTypes.length === 0 || subscription.eventTypes.includes(event.type));
  if (wanted.length === 0) return 0;
  const at = new Date(event.at);
  const payload = webhookPayload(event, record);
  await tx.insert(webhookDeliveries).values(
    wanted.map((subscription) => ({
      id: randomUUID(),
      tenantId,
      subscriptionId: subscription.id,
      caseId: event.caseId,
      eventSeq: event.seq,
      eventType: event.type,
      payload: payload as unknown as Record<string, unknown>,
      nextAttemptAt: at,
      createdAt: at,
    })),
  );
  return wanted.length;
};
