import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { ACTORS } from '../../test/support/domain.ts';
import { idempotencyKeys, jobRuns, notifications, webhookDeliveries, webhookSubscriptions, type WebhookDeliveryStatus } from '../db/schema.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { purgeExpiredRecords } from './retention-purge.ts';
import { RETENTION_PURGE_JOB, runDailyRetentionPurgeIfDue } from './scheduler.ts';

const DAY_MS = 86_400_000;
const NOW = new Date('2027-06-01T09:00:00+08:00');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const ACCOUNT = 'acc-yingshangban';

describe(`the retention purge of idempotency records, notifications and webhook deliveries (issue 11, ${backendName})`, () => {
  let t: TestApp;
  let caseId: string;
  let subscriptionId: string;
  let eventSeq = 100;

  const idempotencyKey = (key: string, usedDaysAgo: number) => ({
    tenantId: t.app.tenantId,
    accountId: ACCOUNT,
    key,
    requestHash: '0'.repeat(64),
    statusCode: 201,
    response: { id: key },
    createdAt: daysAgo(usedDaysAgo),
  });
  const notification = (title: string, createdDaysAgo: number, readDaysAgo: number | null) => ({
    id: randomUUID(),
    tenantId: t.app.tenantId,
    accountId: ACCOUNT,
    caseId,
    eventSeq: eventSeq++,
    kind: 'reminder',
    title,
    body: title,
    createdAt: daysAgo(createdDaysAgo),
    readAt: readDaysAgo === null ? null : daysAgo(readDaysAgo),
  });
  const delivery = (status: WebhookDeliveryStatus, createdDaysAgo: number) => ({
    id: randomUUID(),
    tenantId: t.app.tenantId,
    subscriptionId,
    caseId,
    eventSeq: eventSeq++,
    eventType: 'register',
    payload: { caseNumber: 'QK2026-00001' },
    status,
    attempts: status === 'pending' ? 3 : 1,
    nextAttemptAt: daysAgo(createdDaysAgo),
    createdAt: daysAgo(createdDaysAgo),
    deliveredAt: status === 'delivered' ? daysAgo(createdDaysAgo) : null,
  });

  const keys = async () =>
    (await t.app.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.tenantId, t.app.tenantId))).map((row) => row.key).sort();
  const notificationTitles = async () =>
    (await t.app.db.select({ title: notifications.title }).from(notifications).where(eq(notifications.caseId, caseId))).map((row) => row.title).sort();
  const deliveryRows = async () =>
    (await t.app.db.select({ status: webhookDeliveries.status, createdAt: webhookDeliveries.createdAt }).from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, subscriptionId)))
      .map((row) => `${row.status} ${Math.round((NOW.getTime() - row.createdAt.getTime()) / DAY_MS)}`)
      .sort();

  beforeAll(async () => {
    t = await createTestApp(daysAgo(500).toISOString());
    const arrear = await registerTestArrear(t.app, ACTORS.businessOffice, {
      title: '汉东区教育局拖欠食堂设备款',
      enterpriseName: '汉江市厨源设备有限公司',
      organisation: '4KR7T2',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 5_000_000,
    });
    caseId = arrear.id;
    // The registration's own notifications are not the test's: only the rows below are.
    await t.app.db.delete(notifications).where(eq(notifications.caseId, caseId));
    subscriptionId = randomUUID();
    await t.app.db.insert(webhookSubscriptions).values({
      id: subscriptionId,
      tenantId: t.app.tenantId,
      url: 'https://example.gov.cn/hook',
      secret: 'secret',
      createdBy: 'acc-sysadmin',
      createdAt: daysAgo(500),
    });

    // Five keys used over a week ago (more than one batch of two) and one used yesterday.
    await t.app.db.insert(idempotencyKeys).values([
      ...['old-1', 'old-2', 'old-3', 'old-4', 'old-5'].map((key, index) => idempotencyKey(key, 8 + index)),
      idempotencyKey('within-week', 6),
    ]);
    await t.app.db.insert(notifications).values([
      notification('read 181 days ago', 400, 181),
      notification('read 179 days ago, created long before', 400, 179),
      notification('unread for 366 days', 366, null),
      notification('unread for 364 days', 364, null),
    ]);
    await t.app.db.insert(webhookDeliveries).values([
      delivery('delivered', 31),
      delivery('delivered', 29),
      delivery('failed', 91),
      delivery('failed', 89),
      delivery('pending', 400),
    ]);
  });
  afterAll(() => t?.close());

  it('deletes what outlived its period, in batches, and keeps the newer and what is still needed', async () => {
    expect(await purgeExpiredRecords(t.app, { now: NOW, batchSize: 2 })).toEqual({
      idempotencyKeys: 5,
      readNotifications: 1,
      unreadNotifications: 1,
      deliveredWebhookDeliveries: 1,
      failedWebhookDeliveries: 1,
    });
    expect(await keys()).toEqual(['within-week']);
    expect(await notificationTitles()).toEqual(['read 179 days ago, created long before', 'unread for 364 days']);
    // A pending delivery is still owed to its receiver, however old.
    expect(await deliveryRows()).toEqual(['delivered 29', 'failed 89', 'pending 400']);
  });

  it('finds nothing more on a second run', async () => {
    expect(await purgeExpiredRecords(t.app, { now: NOW })).toEqual({
      idempotencyKeys: 0,
      readNotifications: 0,
      unreadNotifications: 0,
      deliveredWebhookDeliveries: 0,
      failedWebhookDeliveries: 0,
    });
    expect(await keys()).toEqual(['within-week']);
    expect(await notificationTitles()).toHaveLength(2);
    expect(await deliveryRows()).toHaveLength(3);
  });

  it('runs once a day from the scheduler and records its counts in job_runs', async () => {
    // Two days on, every record kept a moment ago is two days past its period; the pending delivery stays.
    const later = new Date(NOW.getTime() + 2 * DAY_MS);
    const sweepAt = { hour: 8, minute: 30 };
    expect(await runDailyRetentionPurgeIfDue(t.app, { now: later, atStart: true, sweepAt })).toBe(true);
    expect(await runDailyRetentionPurgeIfDue(t.app, { now: later, atStart: false, sweepAt })).toBe(false);
    const [run] = await t.app.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.tenantId, t.app.tenantId), eq(jobRuns.job, RETENTION_PURGE_JOB)));
    expect(run).toMatchObject({
      day: '2027-06-03',
      result: { idempotencyKeys: 1, readNotifications: 1, unreadNotifications: 1, deliveredWebhookDeliveries: 1, failedWebhookDeliveries: 1 },
    });
    expect(run!.finishedAt).not.toBeNull();
    expect(await keys()).toEqual([]);
    expect(await notificationTitles()).toEqual([]);
    expect(await deliveryRows()).toEqual(['pending 400']);
  });
});
