/**
 * The security audit log (GB/T 22239 安全审计): sign-ins and their failures, denials, server
 * errors, downloads and exports, reads of personal data, changes to accounts and policy. Each
 * event is sealed with the MAC key kept outside the database (HMAC-SM3) over its fields and the
 * MAC of the event before it, one chain per tenant; writers lock the tenant's head row, so two
 * writers at once never fork the chain. The table is append-only (a trigger refuses UPDATE,
 * DELETE and TRUNCATE) except for the retention purge below, which leaves the chain verifiable
 * from the first kept event.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { canonicalJson } from '../audit/chain.ts';
import type { Db } from '../db/connection.ts';
import { securityEvents, securityLogHeads } from '../db/schema.ts';
import type { SealKeys } from '../audit/chain.ts';
import type { SecurityEventKind } from './event-kinds.ts';

export { SECURITY_EVENT_KINDS, type SecurityEventKind } from './event-kinds.ts';

export interface SecurityEventInput {
  readonly kind: SecurityEventKind;
  readonly outcome: 'success' | 'failure';
  /** The account acting (or attempting); null when unknown (an unknown username). */
  readonly accountId: string | null;
  /** The username as typed or known, for failed sign-ins of unknown accounts. */
  readonly username?: string | null;
  /** The client address (request.ip). */
  readonly address: string | null;
  /** What was acted on: 'account:<id>', 'case:<id>', 'GET /api/…', 'security-policy', … */
  readonly object?: string | null;
  readonly details?: Record<string, unknown>;
}

/** A transaction is also a `Db` (src/db/connection.ts). */
type Tx = Db;

/** The `prev_mac` of a tenant's first event. */
export const SECURITY_GENESIS_MAC = '0'.repeat(64);

/** 等保 level 3 keeps audit records at least six months: the purge never keeps fewer days. */
export const MIN_RETENTION_DAYS = 180;

/** Set (for its own transaction only) by the purge: the append-only trigger then admits DELETE. */
const PURGE_SETTING = 'chengxin.security_log_purge';

/** One event as stored. */
export interface SecurityEventRecord {
  readonly tenantId: string;
  readonly seq: number;
  readonly at: Date;
  readonly kind: SecurityEventKind;
  readonly outcome: 'success' | 'failure';
  readonly accountId: string | null;
  readonly username: string | null;
  readonly address: string | null;
  readonly object: string | null;
  readonly details: Record<string, unknown>;
  readonly prevMac: string;
  readonly mac: string;
}

/** The MAC of an event: every field and the MAC of the event before it. */
export const securityEventMac = (keys: SealKeys, event: Omit<SecurityEventRecord, 'mac'>): string =>
  keys.mac(
    canonicalJson({
      tenantId: event.tenantId,
      seq: event.seq,
      at: event.at.toISOString(),
      kind: event.kind,
      outcome: event.outcome,
      accountId: event.accountId,
      username: event.username,
      address: event.address,
      object: event.object,
      details: event.details,
      prevMac: event.prevMac,
    }),
  );

/**
 * Takes the tenant's head row for the rest of `tx` (creating it at the genesis), so that events
 * are numbered and chained one after another, and returns it.
 */
export const lockSecurityLogHead = async (tx: Db, tenantId: string): Promise<{ seq: number; mac: string }> => {
  await tx.insert(securityLogHeads).values({ tenantId, seq: 0, mac: SECURITY_GENESIS_MAC }).onConflictDoNothing();
  const [head] = await tx.select().from(securityLogHeads).where(eq(securityLogHeads.tenantId, tenantId)).for('update');
  return { seq: Number(head!.seq), mac: head!.mac };
};

/** A jsonb round trip of the details, so that the MAC is over what the database keeps. */
const storedDetails = (details: Record<string, unknown> | undefined): Record<string, unknown> =>
  details === undefined ? {} : (JSON.parse(JSON.stringify(details)) as Record<string, unknown>);

/**
 * Appends one event to the chained security log; `db` may be a transaction (then it commits or rolls back with it).
 * On PGlite (one connection) a caller inside a transaction must pass it: the log waits for the
 * connection otherwise. An attempt that fails is recorded after its transaction has ended.
 */
export const recordSecurityEvent = async (app: AppContext, event: SecurityEventInput, db?: Db | Tx): Promise<void> => {
  await (db ?? app.db).transaction(async (tx) => {
    const head = await lockSecurityLogHead(tx, app.tenantId);
    const unsealed = {
      tenantId: app.tenantId,
      seq: head.seq + 1,
      // Read under the lock: the chain's times never go backwards.
      at: app.clock(),
      kind: event.kind,
      outcome: event.outcome,
      accountId: event.accountId,
      username: event.username ?? null,
      address: event.address,
      object: event.object ?? null,
      details: storedDetails(event.details),
      prevMac: head.mac,
    };
    const mac = securityEventMac(app.keys, unsealed);
    await tx.insert(securityEvents).values({ ...unsealed, mac });
    await tx.update(securityLogHeads).set({ seq: unsealed.seq, mac }).where(eq(securityLogHeads.tenantId, app.tenantId));
  });
};

const toRecord = (row: typeof securityEvents.$inferSelect): SecurityEventRecord => ({ ...row, seq: Number(row.seq) });

export type SecurityLogBreakKind = 'start' | 'gap' | 'link' | 'mac' | 'head';

export const SECURITY_LOG_BREAK_LABEL = {
  start: '日志开头的事件缺失（既不从第1条开始，也不接续最近一次按保存期限清理的位置）',
  gap: '事件序号不连续（有事件被删除）',
  link: '事件链接断裂（前序 MAC 不符）',
  mac: '事件内容被篡改（HMAC-SM3 密钥封印不符）',
  head: '日志末尾事件缺失或与日志链头不符',
} satisfies Record<SecurityLogBreakKind, string>;

export interface SecurityLogBreak {
  readonly seq: number;
  readonly kind: SecurityLogBreakKind;
  /** Chinese, for the console and the audit administrator. */
  readonly message: string;
}

export interface SecurityLogReport {
  readonly eventsChecked: number;
  /** The first and last kept events; null when the log is empty. */
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The last event removed by the retention purge, which the first kept event continues. */
  readonly purgedThrough: { readonly seq: number; readonly mac: string } | null;
  readonly broken: SecurityLogBreak[];
}

/** Problems reported at most, so that a log broken everywhere still gives a readable report. */
const MAX_BREAKS = 50;
const VERIFY_BATCH = 2_000;

/** Where the kept log must start: after the last purge it records, else at the genesis. */
const purgedThrough = async (db: Db, tenantId: string): Promise<{ seq: number; mac: string } | null> => {
  const [purge] = await db
    .select({ details: securityEvents.details })
    .from(securityEvents)
    .where(and(eq(securityEvents.tenantId, tenantId), eq(securityEvents.kind, 'audit_log_purged')))
    .orderBy(desc(securityEvents.seq))
    .limit(1);
  if (purge === undefined) return null;
  const { lastPurgedSeq, lastPurgedMac } = purge.details as { lastPurgedSeq?: unknown; lastPurgedMac?: unknown };
  return typeof lastPurgedSeq === 'number' && typeof lastPurgedMac === 'string' ? { seq: lastPurgedSeq, mac: lastPurgedMac } : null;
};

/**
 * Checks a tenant's security log: every MAC recomputed with the key, every event linked to the
 * one before, sequence numbers without gaps from the genesis or from the last purge the log
 * records, and the last event equal to the head row. The purge record itself is an event of the
 * chain, so it cannot be forged or altered without the key.
 */
export const verifySecurityLog = async (app: Pick<AppContext, 'db' | 'tenantId' | 'keys'>): Promise<SecurityLogReport> => {
  const { db, tenantId, keys } = app;
  const purged = await purgedThrough(db, tenantId);
  const broken: SecurityLogBreak[] = [];
  const report = (seq: number, kind: SecurityLogBreakKind, detail: string) => {
    if (broken.length < MAX_BREAKS) broken.push({ seq, kind, message: `${SECURITY_LOG_BREAK_LABEL[kind]}：${detail}` });
  };
  let expectedSeq = (purged?.seq ?? 0) + 1;
  let previousMac = purged?.mac ?? SECURITY_GENESIS_MAC;
  let firstSeq: number | null = null;
  let last: SecurityEventRecord | null = null;
  let eventsChecked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(securityEvents)
      .where(last === null ? eq(securityEvents.tenantId, tenantId) : and(eq(securityEvents.tenantId, tenantId), gt(securityEvents.seq, last.seq)))
      .orderBy(asc(securityEvents.seq))
      .limit(VERIFY_BATCH);
    for (const row of rows.map(toRecord)) {
      if (firstSeq === null) {
        firstSeq = row.seq;
        if (row.seq !== expectedSeq || row.prevMac !== previousMac) {
          report(row.seq, 'start', purged === null ? `现存第一条事件的序号为${row.seq}` : `最近一次清理至序号${purged.seq}，现存第一条事件的序号为${row.seq}`);
          expectedSeq = row.seq;
          previousMac = row.prevMac;
        }
      }
      if (row.seq !== expectedSeq) {
        report(row.seq, 'gap', `序号${expectedSeq}至${row.seq - 1}的事件缺失`);
      } else if (row.prevMac !== previousMac) {
        report(row.seq, 'link', `序号${row.seq}的事件`);
      }
      if (securityEventMac(keys, row) !== row.mac) report(row.seq, 'mac', `序号${row.seq}的事件`);
      expectedSeq = row.seq + 1;
      previousMac = row.mac;
      last = row;
      eventsChecked += 1;
    }
    if (rows.length < VERIFY_BATCH) break;
  }
  const [head] = await db.select().from(securityLogHeads).where(eq(securityLogHeads.tenantId, tenantId));
  const headSeq = head === undefined ? 0 : Number(head.seq);
  const lastSeq = last?.seq ?? null;
  if (headSeq !== (lastSeq ?? purged?.seq ?? 0) || (last !== null && head?.mac !== last.mac)) {
    report(lastSeq ?? 0, 'head', `现存最后一条事件的序号为${lastSeq ?? '（无）'}，日志链头记录的序号为${headSeq}`);
  }
  return { eventsChecked, firstSeq, lastSeq, purgedThrough: purged, broken };
};

/** The retention in days: `CHENGXIN_AUDIT_RETENTION_DAYS` or `days`, never under 180. */
export const retentionDays = (days?: number): number => {
  const configured = days ?? Number(process.env.CHENGXIN_AUDIT_RETENTION_DAYS ?? MIN_RETENTION_DAYS);
  return Number.isFinite(configured) ? Math.max(MIN_RETENTION_DAYS, Math.floor(configured)) : MIN_RETENTION_DAYS;
};

export interface PurgeResult {
  readonly purged: number;
  readonly lastPurgedSeq: number | null;
  readonly retentionDays: number;
}

/**
 * Removes the events older than the retention (at least 180 days): the oldest part of the
 * chain, up to the newest event older than the cut-off, and records `audit_log_purged` with the
 * last removed event's seq and MAC, from which verification then starts. One transaction, under
 * the head's lock.
 */
export const purgeSecurityLog = async (app: AppContext, options: { readonly retentionDays?: number; readonly now?: Date } = {}): Promise<PurgeResult> => {
  const days = retentionDays(options.retentionDays);
  const cutoff = new Date((options.now ?? app.clock()).getTime() - days * 86_400_000);
  return app.db.transaction(async (tx) => {
    await lockSecurityLogHead(tx, app.tenantId);
    const [lastOld] = await tx
      .select({ seq: securityEvents.seq, mac: securityEvents.mac })
      .from(securityEvents)
      .where(and(eq(securityEvents.tenantId, app.tenantId), sql`${securityEvents.at} < ${cutoff}`))
      .orderBy(desc(securityEvents.seq))
      .limit(1);
    if (lastOld === undefined) return { purged: 0, lastPurgedSeq: null, retentionDays: days };
    const lastPurgedSeq = Number(lastOld.seq);
    await tx.execute(sql`select set_config(${PURGE_SETTING}, 'on', true)`);
    const removed = await tx
      .delete(securityEvents)
      .where(and(eq(securityEvents.tenantId, app.tenantId), sql`${securityEvents.seq} <= ${lastPurgedSeq}`))
      .returning({ seq: securityEvents.seq });
    await tx.execute(sql`select set_config(${PURGE_SETTING}, 'off', true)`);
    await recordSecurityEvent(
      app,
      {
        kind: 'audit_log_purged',
        outcome: 'success',
        accountId: null,
        address: null,
        object: 'security-log',
        details: { lastPurgedSeq, lastPurgedMac: lastOld.mac, purged: removed.length, before: cutoff.toISOString(), retentionDays: days },
      },
      tx,
    );
    return { purged: removed.length, lastPurgedSeq, retentionDays: days };
  });
};
