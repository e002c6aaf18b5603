import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Db } from '../db/connection.ts';
import { numberSupervisionOrder } from '../supervision/supervision-orders.ts';
import { enqueueNoticeDeliveries, enqueueWebhookDeliveries, enqueueWebhookDeliveriesOf } from '../webhooks/outbox.ts';
import { writeNotifications } from './write-notifications.ts';

/**
 * What every case event writes beside itself, in its own transaction (STYLE 4: events +
 * projection + outbox): the in-app notifications, the webhook outbox rows (the event's, and one per
 * notice for a subscription to `notification`) and, for a formal
 * supervision, the 督办单's number. Nothing here calls out of the database.
 */
export const writeCaseEventOutputs = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord): Promise<void> => {
  const notices = await writeNotifications(tx, tenantId, event, record);
  await enqueueWebhookDeliveries(tx, tenantId, event, record);
  await enqueueNoticeDeliveries(tx, tenantId, event, record, notices);
  await numberSupervisionOrder(tx, tenantId, event);
};

/**
 * `writeCaseEventOutputs` for many events of one transaction (a batch of registrations): the
 * webhook outbox in multi-row INSERTs; each event's notifications, notices and 督办单 number as for
 * one event (an event that causes none costs no query).
 */
export const writeCaseEventsOutputs = async (tx: Db, tenantId: string, items: readonly { event: CaseEvent; record: CaseRecord }[]): Promise<void> => {
  await enqueueWebhookDeliveriesOf(tx, tenantId, items);
  for (const { event, record } of items) {
    const notices = await writeNotifications(tx, tenantId, event, record);
    await enqueueNoticeDeliveries(tx, tenantId, event, record, notices);
    await numberSupervisionOrder(tx, tenantId, event);
  }
};
