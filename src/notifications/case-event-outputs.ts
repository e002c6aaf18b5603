import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Db } from '../db/connection.ts';
import { referenceData, type ReferenceData } from '../reference/reference-cache.ts';
import { numberSupervisionOrder } from '../supervision/supervision-orders.ts';
import { enqueueNoticeDeliveries, enqueueWebhookDeliveries, enqueueWebhookDeliveriesOf } from '../webhooks/outbox.ts';
import { writeNotifications } from './write-notifications.ts';

/**
 * What every case event writes beside itself, in its own transaction (STYLE 4: events +
 * projection + outbox): the in-app notifications, the webhook outbox rows (the event's, and one per
 * notice for a subscription to `notification`) and, for a formal
 * supervision, the 督办单's number. Nothing here calls out of the database. `reference` is the
 * tenant's reference data when the caller has read it in this transaction.
 */
export const writeCaseEventOutputs = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord, reference?: ReferenceData): Promise<void> => {
  // Who is told and which subscriptions take the event come from the reference data (the
  // jurisdiction tree, the active subscriptions): read once here unless the caller already has.
  const data = reference ?? (await referenceData(tx, tenantId));
  const notices = await writeNotifications(tx, tenantId, event, record, data);
  await enqueueWebhookDeliveries(tx, tenantId, event, record, data);
  await enqueueNoticeDeliveries(tx, tenantId, event, record, notices, data);
  await numberSupervisionOrder(tx, tenantId, event);
};

/**
 * `writeCaseEventOutputs` for many events of one transaction (a batch of registrations): the
 * webhook outbox in multi-row INSERTs; each event's notifications, notices and 督办单 number as for
 * one event (an event that causes none costs no query).
 */
export const writeCaseEventsOutputs = async (tx: Db, tenantId: string, items: readonly { event: CaseEvent; record: CaseRecord }[]): Promise<void> => {
  const data = await referenceData(tx, tenantId);
  await enqueueWebhookDeliveriesOf(tx, tenantId, items, data);
  for (const { event, record } of items) {
    const notices = await writeNotifications(tx, tenantId, event, record, data);
    await enqueueNoticeDeliveries(tx, tenantId, event, record, notices, data);
    await numberSupervisionOrder(tx, tenantId, event);
  }
};
