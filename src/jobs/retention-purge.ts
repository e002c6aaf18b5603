import { and, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { retentionCutoff, type RetainedRecord } from '../domain/retention.ts';
import { idempotencyKeys, notifications, webhookDeliveries } from '../db/schema.ts';

/**
 * Rows one statement deletes. A backlog (the first run on an installation that has kept
 * everything for years) goes in many short transactions instead of one that holds its locks
 * and its write-ahead log for minutes.
 */
export const RETENTION_BATCH_SIZE = 1_000;

/** How many records of each kind a run deleted. */
export type RetentionPurgeResult = Readonly<Record<RetainedRecord, number>>;

/** Deletes at most `limit` records of one kind that are older than `before`; returns how many it deleted. */
type PurgeBatch = (app: AppContext, before: Date, limit: number) => Promise<number>;

/**
 * One batch of each kind. Each deletes by the key of rows chosen in a subquery (PostgreSQL's
 * DELETE has no LIMIT), over the indexes of migration 0032 (idempotency keys: their
 * `created_at` index). What the record still serves is in its condition: a key within its
 * week, a delivery still pending, a notification under its period are never chosen.
 */
const PURGE_BATCH = {
  idempotencyKeys: async (app, before, limit) => {
    const expired = app.db
      .select({ accountId: idempotencyKeys.accountId, key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, app.tenantId), lt(idempotencyKeys.createdAt, before)))
      .limit(limit);
    const deleted = await app.db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, app.tenantId), sql`(${idempotencyKeys.accountId}, ${idempotencyKeys.key}) in ${expired}`))
      .returning({ key: idempotencyKeys.key });
    return deleted.length;
  },
  readNotifications: (app, before, limit) => deleteNotifications(app, [isNotNull(notifications.readAt), lt(notifications.readAt, before)], limit),
  unreadNotifications: (app, before, limit) => deleteNotifications(app, [isNull(notifications.readAt), lt(notifications.createdAt, before)], limit),
  deliveredWebhookDeliveries: (app, before, limit) => deleteDeliveries(app, 'delivered', before, limit),
  failedWebhookDeliveries: (app, before, limit) => deleteDeliveries(app, 'failed', before, limit),
} satisfies Record<RetainedRecord, PurgeBatch>;

/**
 * The condition is checked again on the row deleted, so a notification read while the batch
 * runs is judged as read (PostgreSQL re-evaluates a concurrently updated row's condition).
 */
const deleteNotifications = async (app: AppContext, expired: readonly SQL[], limit: number): Promise<number> => {
  const ids = app.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.tenantId, app.tenantId), ...expired))
    .limit(limit);
  const deleted = await app.db
    .delete(notifications)
    .where(and(eq(notifications.tenantId, app.tenantId), inArray(notifications.id, ids), ...expired))
    .returning({ id: notifications.id });
  return deleted.length;
};

/** A settled delivery (delivered or failed) only: a pending one is still owed to its receiver. */
const deleteDeliveries = async (app: AppContext, status: 'delivered' | 'failed', before: Date, limit: number): Promise<number> => {
  const ids = app.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, app.tenantId), eq(webhookDeliveries.status, status), lt(webhookDeliveries.createdAt, before)))
    .limit(limit);
  const deleted = await app.db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, app.tenantId), inArray(webhookDeliveries.id, ids))).returning({ id: webhookDeliveries.id });
  return deleted.length;
};

/** Runs batches of one kind until a batch comes back short: nothing of that kind is left to purge. */
const purgeKind = async (app: AppContext, record: RetainedRecord, now: Date, batchSize: number): Promise<number> => {
  const before = retentionCutoff(record, now);
  let purged = 0;
  for (;;) {
    const deleted = await PURGE_BATCH[record](app, before, batchSize);
    purged += deleted;
    if (deleted < batchSize) return purged;
  }
};

/**
 * Deletes the tenant's idempotency records, notifications and webhook deliveries that have
 * outlived their retention (`RETENTION_DAYS`, src/domain/retention.ts) as of `now`, each batch
 * in a statement of its own. Idempotent: a second run finds nothing more.
 */
export const purgeExpiredRecords = async (app: AppContext, options: { now: Date; batchSize?: number }): Promise<RetentionPurgeResult> => {
  const { now, batchSize = RETENTION_BATCH_SIZE } = options;
  return {
    idempotencyKeys: await purgeKind(app, 'idempotencyKeys', now, batchSize),
    readNotifications: await purgeKind(app, 'readNotifications', now, batchSize),
    unreadNotifications: await purgeKind(app, 'unreadNotifications', now, batchSize),
    deliveredWebhookDeliveries: await purgeKind(app, 'deliveredWebhookDeliveries', now, batchSize),
    failedWebhookDeliveries: await purgeKind(app, 'failedWebhookDeliveries', now, batchSize),
  };
};

