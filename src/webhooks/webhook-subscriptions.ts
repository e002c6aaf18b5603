import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor, Role } from '../domain/access/roles.ts';
import { CASE_ACTIONS } from '../domain/case/actions.ts';
import { AppError } from '../domain/errors.ts';
import { webhookDeliveries, webhookSubscriptions, type WebhookDeliveryStatus } from '../db/schema.ts';
import { requireAllowedWebhookUrl } from './webhook-transport.ts';

/**
 * Case event types a subscription may ask for: `register` and every action (SPEC §7), and
 * `notification`, each notice a case event sends (named, never implied by an empty list).
 */
export const WEBHOOK_EVENT_TYPES = ['register', ...CASE_ACTIONS, 'notification'] as const;

/**
 * An outbound integration is system configuration, kept by the system administrator and by no
 * one who works on cases (三员分立): whoever could point a webhook at their own server would
 * read every case event.
 */
const WEBHOOK_ADMINS: readonly Role[] = ['system_admin'];

/** @throws AppError FORBIDDEN */
const authorizeWebhookAdmin = (actor: Actor): void => {
  if (!WEBHOOK_ADMINS.includes(actor.role)) throw new AppError('FORBIDDEN', '只有系统管理员可以管理 Webhook 订阅');
};

const urlSchema = z
  .url({ protocol: /^https?$/, error: '请填写 http:// 或 https:// 开头的完整地址' })
  .max(2000)
  .describe('接收推送的地址：须为 https（仅演示模式可用 http）');
const eventTypesSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: '事件类型无效' }))
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe('推送的案件事件类型；空数组表示全部案件事件；notification 为每条站内通知（须单独列出，供短信网关等转发）');

export const webhookSubscriptionInputSchema = z.object({ url: urlSchema, eventTypes: eventTypesSchema.default([]) });
export const webhookSubscriptionPatchSchema = z.object({
  url: urlSchema.optional(),
  eventTypes: eventTypesSchema.optional(),
  active: z.boolean().optional().describe('停用后不再产生新的推送，待推送的也不再发送'),
});

/** Whether the server runs as a demo (`serve --demo`), where webhooks may also go to `http://`. */
export interface WebhookTransportOptions {
  readonly demoMode: boolean;
}

export interface WebhookSubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly active: boolean;
  /** The last 4 characters of the secret, to tell secrets apart; the secret itself is shown once. */
  readonly secretHint: string;
  readonly createdAt: string;
}

const view = (row: typeof webhookSubscriptions.$inferSelect): WebhookSubscriptionView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.eventTypes,
  active: row.active,
  secretHint: `…${row.secret.slice(-4)}`,
  createdAt: row.createdAt.toISOString(),
});

/** @throws AppError FORBIDDEN */
export const listWebhookSubscriptions = async (app: AppContext, actor: Actor): Promise<WebhookSubscriptionView[]> => {
  authorizeWebhookAdmin(actor);
  const rows = await app.db
    .select()
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.tenantId, app.tenantId))
    .orderBy(desc(webhookSubscriptions.createdAt));
  return rows.map(view);
};

/**
 * Subscribes a URL to case events. The signing secret is generated here and returned only in
 * this answer, for the receiver to verify `X-Chengxin-Signature` (docs/WEBHOOKS.md).
 * @throws AppError FORBIDDEN; WEBHOOK_HTTPS_REQUIRED for an `http://` URL outside demo mode
 */
export const createWebhookSubscription = async (
  app: AppContext,
  actor: Actor,
  input: z.infer<typeof webhookSubscriptionInputSchema>,
  options: WebhookTransportOptions,
): Promise<WebhookSubscriptionView & { secret: string }> => {
  authorizeWebhookAdmin(actor);
  requireAllowedWebhookUrl(input.url, options.demoMode);
  const secret = randomBytes(32).toString('base64url');
  const [row] = await app.db
    .insert(webhookSubscriptions)
    .values({ id: randomUUID(), tenantId: app.tenantId, url: input.url, secret, eventTypes: [...new Set(input.eventTypes)], createdBy: actor.id, createdAt: app.clock() })
    .returning();
  return { ...view(row!), secret };
};

/**
 * Changes a subscription's URL, event types or state. Outside demo mode the URL it is given must
 * be `https://`, and so must the URL of a subscription left active: an `http://` one from before
 * may be deactivated, or given an `https://` URL, but not kept sending.
 * @throws AppError FORBIDDEN, NOT_FOUND; WEBHOOK_HTTPS_REQUIRED
 */
export const updateWebhookSubscription = async (
  app: AppContext,
  actor: Actor,
  id: string,
  patch: z.infer<typeof webhookSubscriptionPatchSchema>,
  options: WebhookTransportOptions,
): Promise<WebhookSubscriptionView> => {
  authorizeWebhookAdmin(actor);
  if (patch.url !== undefined) requireAllowedWebhookUrl(patch.url, options.demoMode);
  const where = and(eq(webhookSubscriptions.tenantId, app.tenantId), eq(webhookSubscriptions.id, id));
  return app.db.transaction(async (tx) => {
    const [current] = await tx.select().from(webhookSubscriptions).where(where).for('update');
    if (current === undefined) throw new AppError('NOT_FOUND', 'Webhook 订阅不存在');
    const next = {
      url: patch.url ?? current.url,
      eventTypes: patch.eventTypes === undefined ? current.eventTypes : [...new Set(patch.eventTypes)],
      active: patch.active ?? current.active,
    };
    if (next.active) requireAllowedWebhookUrl(next.url, options.demoMode);
    const [row] = await tx.update(webhookSubscriptions).set(next).where(where).returning();
    return view(row!);
  });
};

export interface WebhookDeliveryView {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** The latest deliveries of a subscription, newest first. @throws AppError FORBIDDEN, NOT_FOUND */
export const listWebhookDeliveries = async (app: AppContext, actor: Actor, subscriptionId: string, limit = 50): Promise<WebhookDeliveryView[]> => {
  authorizeWebhookAdmin(actor);
  const [subscription] = await app.db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.tenantId, app.tenantId), eq(webhookSubscriptions.id, subscriptionId)));
  if (subscription === undefined) throw new AppError('NOT_FOUND', 'Webhook 订阅不存在');
  const rows = await app.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, app.tenantId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    eventId: `${row.caseId}:${row.eventSeq}`,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  }));
};
