import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { notificationLink } from '../domain/supervision/case-notices.ts';
import type { NotificationKind } from '../domain/supervision/notification-rules.ts';
import { notifications } from '../db/schema.ts';

export const NOTIFICATION_PAGE_DEFAULT = 20;
export const NOTIFICATION_PAGE_MAX = 100;

export interface NotificationItem {
  readonly id: string;
  /** The case it is about; null for a breach record's notification. */
  readonly caseId: string | null;
  /** The breach record it is about (S4); null for a case's notification. */
  readonly creditRecordId: string | null;
  /** The year of the disclosure it is about (保障中小企业款项支付条例 Art. 18); null otherwise. */
  readonly disclosureYear: number | null;
  readonly kind: NotificationKind;
  /** The page it leads to (`notificationLink`). */
  readonly link: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationPage {
  readonly items: NotificationItem[];
  /** The cursor of the next page; null on the last one. */
  readonly nextCursor: string | null;
  readonly unread: number;
}

type Cursor = readonly [unread: boolean, createdAt: string, eventSeq: number, id: string];

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const invalidCursor = () => new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', { field: 'cursor' });

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

/** @throws AppError VALIDATION_FAILED for a cursor this API did not issue */
const decodeCursor = (text: string): Cursor => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalidCursor();
  const [unread, createdAt, eventSeq, id] = parsed as unknown[];
  if (typeof unread !== 'boolean' || typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)) || !Number.isSafeInteger(eventSeq) || typeof id !== 'string' || !UUID_PATTERN.test(id)) {
    throw invalidCursor();
  }
  return [unread, createdAt, eventSeq as number, id];
};

const mine = (app: AppContext, actor: Actor) => and(eq(notifications.tenantId, app.tenantId), eq(notifications.accountId, actor.id));
const unreadFirst = sql`(${notifications.readAt} is null)`;

/** The actor's unread notifications. */
export const countUnreadNotifications = async (app: AppContext, actor: Actor): Promise<number> => {
  const [row] = await app.db.select({ total: count() }).from(notifications).where(and(mine(app, actor), isNull(notifications.readAt)));
  return Number(row?.total ?? 0);
};

/** The actor's unread notifications by kind (the 受理台's badge counts `new_complaint`); kinds with none are absent. */
export const countUnreadNotificationsByKind = async (app: AppContext, actor: Actor): Promise<Partial<Record<NotificationKind, number>>> => {
  const rows = await app.db
    .select({ kind: notifications.kind, total: count() })
    .from(notifications)
    .where(and(mine(app, actor), isNull(notifications.readAt)))
    .groupBy(notifications.kind);
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.total)]));
};

/**
 * The actor's own notifications, unread first, then newest first (of one case's events at one
 * instant, the later event first); paged by keyset on (unread, created_at, event_seq, id), the
 * order of `notifications_account_order_idx`.
 * @throws AppError VALIDATION_FAILED for an invalid cursor
 */
export const listNotifications = async (
  app: AppContext,
  actor: Actor,
  query: { cursor?: string; limit?: number },
): Promise<NotificationPage> => {
  const limit = Math.min(query.limit ?? NOTIFICATION_PAGE_DEFAULT, NOTIFICATION_PAGE_MAX);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await app.db
    .select()
    .from(notifications)
    .where(
      and(
        mine(app, actor),
        cursor === undefined
          ? undefined
          : sql`(${unreadFirst}, ${notifications.createdAt}, ${notifications.eventSeq}, ${notifications.id}) < (${cursor[0]}, ${cursor[1]}::timestamptz, ${cursor[2]}::int, ${cursor[3]}::uuid)`,
      ),
    )
    .orderBy(sql`${unreadFirst} desc`, sql`${notifications.createdAt} desc`, sql`${notifications.eventSeq} desc`, sql`${notifications.id} desc`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      creditRecordId: row.creditRecordId,
      disclosureYear: row.disclosureYear,
      kind: row.kind as NotificationKind,
      link: notificationLink(row),
      title: row.title,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.readAt === null, last.createdAt.toISOString(), last.eventSeq, last.id]) : null,
    unread: await countUnreadNotifications(app, actor),
  };
};

/**
 * Marks one of the actor's notifications read (again: a no-op). Someone else's is not found.
 * @throws AppError NOT_FOUND
 */
export const markNotificationRead = async (app: AppContext, actor: Actor, id: string): Promise<void> => {
  const [row] = await app.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${app.clock().toISOString()}::timestamptz)` })
    .where(and(mine(app, actor), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  if (row === undefined) throw new AppError('NOT_FOUND', '通知不存在');
};

/** Marks all the actor's unread notifications read. @returns how many were unread */
export const markAllNotificationsRead = async (app: AppContext, actor: Actor): Promise<number> => {
  const rows = await app.db
    .update(notifications)
    .set({ readAt: app.clock() })
    .where(and(mine(app, actor), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
};
