/**
 * The audit administrator's view of the security log: filtered, newest first, in pages (keyset
 * on seq); the same filters for the workbook (bounded); and the chain's status for the page.
 */
import { and, desc, eq, gte, ilike, like, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { mayReadSecurityLog } from '../domain/access/security-log-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, isLocalDate, type LocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { accounts, securityEvents } from '../db/schema.ts';
import { containsPattern } from '../db/like-pattern.ts';
import { verifyAnchors } from './anchors.ts';
import { verifySecurityLog } from './audit-log.ts';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from './event-kinds.ts';

const day = (label: string) =>
  z
    .string()
    .refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` })
    .optional();

/** The filters of the list and of the workbook. */
export const securityEventFiltersSchema = z.object({
  from: day('起始日期').describe('发生日期不早于（YYYY-MM-DD，北京时间，含当日）'),
  to: day('截止日期').describe('发生日期不晚于（YYYY-MM-DD，北京时间，含当日）'),
  kind: z.enum(SECURITY_EVENT_KINDS, { error: '事件类型无效' }).optional().describe('事件类型'),
  outcome: z.enum(['success', 'failure'], { error: '结果应为 success 或 failure' }).optional(),
  account: z.string().trim().max(100).optional().describe('账号：账号编号，或用户名、姓名中的文字'),
  address: z.string().trim().max(100).optional().describe('客户端地址（前缀匹配，如 10.2.）'),
  object: z.string().trim().max(200).optional().describe('操作对象中的文字，如 /api/cases 或 account:'),
});
export type SecurityEventFilters = z.infer<typeof securityEventFiltersSchema>;

export const listSecurityEventsQuerySchema = securityEventFiltersSchema.extend({
  before: z.coerce.number().int().min(1).optional().describe('翻页：只列出序号小于此值的事件（上一页返回的 nextBefore）'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListSecurityEventsQuery = z.infer<typeof listSecurityEventsQuerySchema>;

export interface SecurityEventView {
  readonly seq: number;
  readonly at: string;
  readonly kind: SecurityEventKind;
  readonly outcome: 'success' | 'failure';
  readonly account: { readonly id: string; readonly username: string | null; readonly displayName: string | null } | null;
  /** The username as typed (failed sign-ins of unknown accounts). */
  readonly username: string | null;
  readonly address: string | null;
  readonly object: string | null;
  readonly details: Record<string, unknown>;
}

/** @throws AppError FORBIDDEN for every role but the audit administrator */
const assertAuditAdmin = (actor: Actor): void => {
  if (!mayReadSecurityLog(actor)) throw new AppError('FORBIDDEN', '只有审计管理员可以查看安全审计日志');
};

const startOf = (date: LocalDate): Date => new Date(`${date}T00:00:00+08:00`);
const dayAfter = (date: LocalDate): Date => new Date(startOf(date).getTime() + 86_400_000);

/** @throws AppError VALIDATION_FAILED for a range that ends before it starts */
const conditions = (app: AppContext, filters: SecurityEventFilters): SQL[] => {
  if (filters.from !== undefined && filters.to !== undefined && compareLocalDates(filters.from, filters.to) > 0) {
    throw new AppError('VALIDATION_FAILED', '截止日期不能早于起始日期', { field: 'to' });
  }
  const where: SQL[] = [eq(securityEvents.tenantId, app.tenantId)];
  if (filters.from !== undefined) where.push(gte(securityEvents.at, startOf(filters.from)));
  if (filters.to !== undefined) where.push(lt(securityEvents.at, dayAfter(filters.to)));
  if (filters.kind !== undefined) where.push(eq(securityEvents.kind, filters.kind));
  if (filters.outcome !== undefined) where.push(eq(securityEvents.outcome, filters.outcome));
  if (filters.account) {
    const pattern = containsPattern(filters.account);
    where.push(
      or(
        eq(securityEvents.accountId, filters.account),
        ilike(securityEvents.username, pattern),
        ilike(accounts.username, pattern),
        ilike(accounts.displayName, pattern),
      )!,
    );
  }
  // A prefix: the contains pattern without its leading %.
  if (filters.address) where.push(like(securityEvents.address, containsPattern(filters.address).slice(1)));
  if (filters.object) where.push(ilike(securityEvents.object, containsPattern(filters.object)));
  return where;
};

const selection = {
  seq: securityEvents.seq,
  at: securityEvents.at,
  kind: securityEvents.kind,
  outcome: securityEvents.outcome,
  accountId: securityEvents.accountId,
  username: securityEvents.username,
  address: securityEvents.address,
  object: securityEvents.object,
  details: securityEvents.details,
  accountUsername: accounts.username,
  accountName: accounts.displayName,
};

type Row = {
  seq: number;
  at: Date;
  kind: SecurityEventKind;
  outcome: 'success' | 'failure';
  accountId: string | null;
  username: string | null;
  address: string | null;
  object: string | null;
  details: Record<string, unknown>;
  accountUsername: string | null;
  accountName: string | null;
};

const toView = (row: Row): SecurityEventView => ({
  seq: Number(row.seq),
  at: row.at.toISOString(),
  kind: row.kind,
  outcome: row.outcome,
  account: row.accountId === null ? null : { id: row.accountId, username: row.accountUsername, displayName: row.accountName },
  username: row.username,
  address: row.address,
  object: row.object,
  details: row.details,
});

const query = (app: AppContext, where: SQL[], limit: number) =>
  app.db
    .select(selection)
    .from(securityEvents)
    .leftJoin(accounts, and(eq(accounts.tenantId, securityEvents.tenantId), eq(accounts.id, securityEvents.accountId)))
    .where(and(...where))
    .orderBy(desc(securityEvents.seq))
    .limit(limit);

/**
 * A page of the log, newest first.
 * @throws AppError FORBIDDEN for every role but the audit administrator
 */
export const listSecurityEvents = async (
  app: AppContext,
  actor: Actor,
  request: ListSecurityEventsQuery,
): Promise<{ items: SecurityEventView[]; nextBefore: number | null }> => {
  assertAuditAdmin(actor);
  const where = conditions(app, request);
  if (request.before !== undefined) where.push(lt(securityEvents.seq, request.before));
  const rows = (await query(app, where, request.limit + 1)) as Row[];
  const items = rows.slice(0, request.limit).map(toView);
  return { items, nextBefore: rows.length > request.limit ? items.at(-1)!.seq : null };
};

/** The newest events a workbook holds at most; a wider selection is cut there and says so. */
export const EXPORT_MAX_ROWS = 50_000;

/**
 * The events of an export, newest first, at most EXPORT_MAX_ROWS.
 * @throws AppError FORBIDDEN for every role but the audit administrator
 */
export const exportSecurityEvents = async (
  app: AppContext,
  actor: Actor,
  filters: SecurityEventFilters,
): Promise<{ items: SecurityEventView[]; truncated: boolean }> => {
  assertAuditAdmin(actor);
  const rows = (await query(app, conditions(app, filters), EXPORT_MAX_ROWS + 1)) as Row[];
  return { items: rows.slice(0, EXPORT_MAX_ROWS).map(toView), truncated: rows.length > EXPORT_MAX_ROWS };
};

export interface SecurityLogStatus {
  readonly checkedAt: string;
  readonly intact: boolean;
  readonly events: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly purgedThroughSeq: number | null;
  readonly anchors: number;
  readonly latestAnchorAt: string | null;
  /** Whether the external anchor file was compared. */
  readonly anchorFileChecked: boolean;
  /** Chinese, at most 20. */
  readonly problems: string[];
}

/**
 * The chain status for the page: the security log's chain and the anchors (every anchored head
 * still present; the latest anchor's case heads). The case chains themselves are checked in full
 * by `chengxin verify-audit`.
 * @throws AppError FORBIDDEN for every role but the audit administrator
 */
export const securityLogStatus = async (app: AppContext, actor: Actor, options: { readonly anchorDir: string | null }): Promise<SecurityLogStatus> => {
  assertAuditAdmin(actor);
  const log = await verifySecurityLog(app);
  const anchors = await verifyAnchors(app, { anchorDir: options.anchorDir, purgedThrough: log.purgedThrough });
  const problems = [
    ...log.broken.map((item) => item.message),
    ...anchors.broken.map((item) => item.message),
    ...anchors.cases.map((item) => `案件 ${item.number}：${item.message}`),
  ];
  return {
    checkedAt: app.clock().toISOString(),
    intact: problems.length === 0,
    events: log.eventsChecked,
    firstSeq: log.firstSeq,
    lastSeq: log.lastSeq,
    purgedThroughSeq: log.purgedThrough?.seq ?? null,
    anchors: anchors.anchorsChecked,
    latestAnchorAt: anchors.latestAt,
    anchorFileChecked: anchors.fileChecked,
    problems: problems.slice(0, 20),
  };
};
