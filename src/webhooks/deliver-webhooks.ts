import { createHmac } from 'node:crypto';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { INSECURE_WEBHOOK_REFUSAL, isWebhookUrlAllowed } from './webhook-transport.ts';

/** Attempts before a delivery is given up as failed. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** The wait after the first failed attempt; it doubles after each further one (30 s, 1, 2, 4 … 32 min). */
export const WEBHOOK_BASE_DELAY_MS = 30_000;
/** A receiver that has not answered by then counts as failed for that attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays with its process: another one retries it only after this. */
const LEASE_MS = 60_000;
const BATCH_SIZE = 50;

export interface DeliveryOptions {
  readonly now: Date;
  /** The server runs as a demo (`serve --demo`): `http://` subscriptions are delivered too. */
  readonly demoMode?: boolean;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

export interface DeliveryResult {
  readonly delivered: number;
  readonly retrying: number;
  readonly failed: number;
}

/** `X-Chengxin-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body with the subscription's secret. */
export const webhookSignature = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** The wait before the next attempt after `failedAttempts` failures: base × 2^(n−1). */
export const retryDelayMs = (failedAttempts: number, baseDelayMs = WEBHOOK_BASE_DELAY_MS): number =>
  baseDelayMs * 2 ** Math.max(0, failedAttempts - 1);

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

const post = async (url: string, secret: string, deliveryId: string, eventType: string, body: string, timeoutMs: number): Promise<Outcome> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Chengxin-Webhook/1',
        'x-chengxin-delivery': deliveryId,
        'x-chengxin-event': eventType,
        'x-chengxin-signature': webhookSignature(secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500) };
  }
};

/** Claims the due deliveries: each is leased to this run, so a second process skips it. */
const claimDue = (app: AppContext, now: Date) =>
  app.db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: webhookDeliveries.id,
        eventType: webhookDeliveries.eventType,
        payload: webhookDeliveries.payload,
        attempts: webhookDeliveries.attempts,
        url: webhookSubscriptions.url,
        secret: webhookSubscriptions.secret,
        active: webhookSubscriptions.active,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, and(eq(webhookSubscriptions.tenantId, webhookDeliveries.tenantId), eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId)))
      .where(and(eq(webhookDeliveries.tenantId, app.tenantId), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(BATCH_SIZE)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (due.length > 0) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(and(eq(webhookDeliveries.tenantId, app.tenantId), inArray(webhookDeliveries.id, due.map((row) => row.id))));
    }
    return due;
  });

/** Why a due delivery is not sent at all, or null when it is. */
const refusal = (row: { active: boolean; url: string }, demoMode: boolean): string | null => {
  if (!row.active) return '订阅已停用';
  // An `http://` subscription from before the rule, or from a demo run of the same database.
  if (!isWebhookUrlAllowed(row.url, demoMode)) return INSECURE_WEBHOOK_REFUSAL;
  return null;
};

/**
 * Posts every due delivery of the outbox once: 2xx marks it delivered; anything else (an
 * error status, a refused connection, a timeout) schedules a retry with exponential backoff,
 * and after `maxAttempts` attempts marks it failed. A deactivated subscription's pending
 * deliveries fail without a call, and so do, outside demo mode, an `http://` one's, saying why.
 * Never runs inside a case's transaction.
 */
export const deliverWebhooks = async (app: AppContext, options: DeliveryOptions): Promise<DeliveryResult> => {
  const { now, demoMode = false, maxAttempts = WEBHOOK_MAX_ATTEMPTS, baseDelayMs = WEBHOOK_BASE_DELAY_MS, timeoutMs = WEBHOOK_TIMEOUT_MS } = options;
  const due = await claimDue(app, now);
  let delivered = 0;
  let retrying = 0;
  let failed = 0;
  await Promise.all(
    due.map(async (row) => {
      const attempts = row.attempts + 1;
      const refused = refusal(row, demoMode);
      const outcome: Outcome =
        refused === null ? await post(row.url, row.secret, row.id, row.eventType, JSON.stringify(row.payload), timeoutMs) : { ok: false, status: null, error: refused };
      const where = and(eq(webhookDeliveries.tenantId, app.tenantId), eq(webhookDeliveries.id, row.id));
      if (outcome.ok) {
        delivered += 1;
        await app.db.update(webhookDeliveries).set({ status: 'delivered', attempts, lastStatus: outcome.status, lastError: null, deliveredAt: now }).where(where);
      } else if (attempts >= maxAttempts || refused !== null) {
        failed += 1;
        await app.db.update(webhookDeliveries).set({ status: 'failed', attempts, lastStatus: outcome.status, lastError: outcome.error }).where(where);
      } else {
        retrying += 1;
        const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, baseDelayMs));
        await app.db.update(webhookDeliveries).set({ attempts, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt }).where(where);
      }
    }),
  );
  return { delivered, retrying, failed };
};
