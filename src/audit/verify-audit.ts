/**
 * The whole audit log checked at once (`chengxin verify-audit`): every case's keyed chain
 * (HMAC-SM3), its head on the case row, and the projection against a replay of its events ("the
 * case's state is what its events say", SPEC §7); the security audit log's chain; and the
 * anchors: every anchored head still present (src/security/anchors.ts).
 */
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { replay } from '../domain/case/evolve.ts';
import { upcastHistory } from '../domain/case/upcast.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { caseEvents, cases } from '../db/schema.ts';
import { projectionColumns, toChainedEvent } from '../cases/case-store.ts';
import { verifyAnchors, type AnchorReport } from '../security/anchors.ts';
import { verifySecurityLog, type SecurityLogReport } from '../security/audit-log.ts';
import { canonicalJson, CHAIN_BREAK_LABEL, verifyChain, type ChainBreak, type ChainedEvent, type SealKeys } from './chain.ts';
import { legacySealState } from './seal-upgrade.ts';

/** A chain break, a projection that is not its events' replay, events without their case, or a case behind its anchor. */
export type AuditBreakKind = ChainBreak['kind'] | 'projection' | 'orphan' | 'anchor';

export const AUDIT_BREAK_LABEL = {
  ...CHAIN_BREAK_LABEL,
  projection: '案件记录与事件回放结果不一致',
  orphan: '事件所属的案件记录缺失',
  anchor: '案件事件与锚点不符',
} satisfies Record<AuditBreakKind, string>;

export interface AuditBreak {
  readonly caseId: string;
  /** The case number, e.g. QK2026-00017; for orphaned events, the number their registration names. */
  readonly number: string;
  readonly seq: number;
  readonly kind: AuditBreakKind;
  /** Chinese, for the console and the audit administrator. */
  readonly message: string;
}

export interface AuditReport {
  readonly casesChecked: number;
  readonly eventsChecked: number;
  /** The cases' problems: chains, projections, orphans, and cases behind the latest anchor. */
  readonly broken: AuditBreak[];
  /**
   * The tenant's case chains may still carry the bare SM3 seal of earlier versions (marked by
   * migration 0026, never anchored): either seal was accepted. False once re-sealed.
   */
  readonly legacySeal: boolean;
  readonly securityLog: SecurityLogReport;
  readonly anchors: AnchorReport;
}

/** Whether the report found nothing wrong anywhere. */
export const auditIntact = (report: AuditReport): boolean =>
  report.broken.length === 0 && report.securityLog.broken.length === 0 && report.anchors.broken.length === 0;

/** Cases per round trip: enough to be quick, few enough that 100k cases never load at once. */
const BATCH_SIZE = 500;

// The projection as written, without what the database derives from it (the text search's grams).
const { searchGrams: _derived, ...projectionColumnsOfCases } = getTableColumns(cases);
type CaseRow = Omit<typeof cases.$inferSelect, 'searchGrams'>;

/** Dates as ISO text and everything else as canonical JSON, so stored and replayed rows compare. */
const comparable = (columns: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(columns).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : canonicalJson(value ?? null)]),
  );

/** The names of what differs between the case row and the replay of its events. */
const projectionDifferences = (row: CaseRow, record: CaseRecord): string[] => {
  const expected = comparable(projectionColumns(record, row.headHash));
  const stored = comparable(row as unknown as Record<string, unknown>);
  const differing = Object.keys(expected).filter((key) => key !== 'detail' && stored[key] !== expected[key]);
  const storedDetail = row.detail;
  const replayed = record as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(replayed), ...Object.keys(storedDetail)])) {
    if (canonicalJson(replayed[key] ?? null) !== canonicalJson(storedDetail[key] ?? null)) differing.push(`detail.${key}`);
  }
  return differing;
};

const chainMessage = (found: ChainBreak, eventCount: number, version: number): string => {
  const label = CHAIN_BREAK_LABEL[found.kind];
  switch (found.kind) {
    case 'gap':
      return `${label}：第${found.expectedSeq}个位置上是序号${found.seq}的事件`;
    case 'link':
    case 'hash':
      return `${label}：序号${found.seq}的事件`;
    case 'head':
      return `${label}：现存事件${eventCount}个，案件记录版本为${version}`;
  }
};

/** One case's problem, or null when its history is intact and its projection is its replay. */
const checkCase = (keys: SealKeys, acceptLegacy: boolean, row: CaseRow, chained: readonly ChainedEvent[]): AuditBreak | null => {
  const at = { caseId: row.id, number: row.number };
  const found = verifyChain(keys, chained, row.headHash, row.version, { acceptLegacy });
  if (found !== null) {
    return { ...at, seq: found.seq, kind: found.kind, message: chainMessage(found, chained.length, row.version) };
  }
  let record: CaseRecord | null;
  try {
    record = replay(upcastHistory(chained.map(({ event }) => event)));
  } catch (error) {
    // A chain re-sealed after tampering can still describe an impossible history.
    const reason = error instanceof Error ? error.message : String(error);
    return { ...at, seq: chained.length, kind: 'projection', message: `${AUDIT_BREAK_LABEL.projection}：事件无法回放（${reason}）` };
  }
  if (record === null) {
    return { ...at, seq: 0, kind: 'projection', message: `${AUDIT_BREAK_LABEL.projection}：案件没有任何事件` };
  }
  const differing = projectionDifferences(row, record);
  if (differing.length === 0) return null;
  return {
    ...at,
    seq: record.version,
    kind: 'projection',
    message: `${AUDIT_BREAK_LABEL.projection}（字段：${differing.join('、')}）`,
  };
};

interface OrphanRow extends Record<string, unknown> {
  case_id: string;
  events: number;
  first_seq: number;
  number: string | null;
}

/** Events whose case row is gone: the FK is deferred, so only a deliberate act removes one. */
const findOrphans = async (db: Db, tenantId: string): Promise<{ broken: AuditBreak[]; events: number }> => {
  const result = await db.execute<OrphanRow>(sql`
    select e.case_id::text as case_id,
           count(*)::int as events,
           min(e.seq)::int as first_seq,
           max(e.payload ->> 'number') filter (where e.seq = 1) as number
      from case_events e
     where e.tenant_id = ${tenantId}
       and not exists (select 1 from cases c where c.id = e.case_id and c.tenant_id = e.tenant_id)
     group by e.case_id
     order by e.case_id`);
  const broken = result.rows.map((row) => ({
    caseId: row.case_id,
    number: row.number ?? '（编号不明）',
    seq: row.first_seq,
    kind: 'orphan' as const,
    message: `${AUDIT_BREAK_LABEL.orphan}：存在${row.events}个事件，但案件记录已不存在`,
  }));
  return { broken, events: result.rows.reduce((sum, row) => sum + row.events, 0) };
};

export interface VerifyAuditOptions {
  readonly batchSize?: number;
  /** The folder of the external anchor file (anchors.ts `anchorDirectory`); null: the table only. */
  readonly anchorDir?: string | null;
}

/**
 * Verifies the audit log of a tenant: for every case, in batches ordered by id, its keyed chain
 * (`verifyChain`), and that the stored projection equals `replay` of its events; then looks
 * for events whose case row is missing; then the security log's chain and the anchors (every
 * anchored security-log head and case head still there). Reports the first problem of each case.
 */
export const verifyAudit = async (
  app: Pick<AppContext, 'db' | 'tenantId' | 'keys'>,
  options: VerifyAuditOptions = {},
): Promise<AuditReport> => {
  const { db, tenantId, keys } = app;
  const anchorDir = options.anchorDir ?? null;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const seal = await legacySealState(db, tenantId, anchorDir);
  const broken: AuditBreak[] = [];
  let casesChecked = 0;
  let eventsChecked = 0;
  let after: string | null = null;
  for (;;) {
    const rows: CaseRow[] = await db
      .select(projectionColumnsOfCases)
      .from(cases)
      .where(after === null ? eq(cases.tenantId, tenantId) : and(eq(cases.tenantId, tenantId), gt(cases.id, after)))
      .orderBy(asc(cases.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    const eventRows = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, tenantId), inArray(caseEvents.caseId, rows.map((row) => row.id))))
      .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq));
    const byCase = new Map<string, ChainedEvent[]>();
    for (const eventRow of eventRows) {
      const list = byCase.get(eventRow.caseId) ?? [];
      list.push(toChainedEvent(eventRow));
      byCase.set(eventRow.caseId, list);
    }
    for (const row of rows) {
      const problem = checkCase(keys, seal.acceptLegacy, row, byCase.get(row.id) ?? []);
      if (problem !== null) broken.push(problem);
    }
    casesChecked += rows.length;
    eventsChecked += eventRows.length;
    after = rows.at(-1)!.id;
    if (rows.length < batchSize) break;
  }
  const orphans = await findOrphans(db, tenantId);
  broken.push(...orphans.broken);
  eventsChecked += orphans.events;
  const securityLog = await verifySecurityLog(app);
  const anchors = await verifyAnchors(app, { anchorDir, purgedThrough: securityLog.purgedThrough });
  for (const item of anchors.cases) {
    // A case already reported keeps its first problem; a tail cut off cleanly shows only here.
    if (!broken.some((problem) => problem.caseId === item.caseId)) {
      broken.push({ caseId: item.caseId, number: item.number, seq: item.anchoredVersion, kind: 'anchor', message: `${AUDIT_BREAK_LABEL.anchor}：${item.message}` });
    }
  }
  const anchorBroken = seal.suspicious
    ? [...anchors.broken, { anchorId: null, message: '该租户已有锚点（已升级为密钥封印），却仍带有旧版 SM3 封印的升级标记（audit_legacy_seals 被改动）' }]
    : anchors.broken;
  return { casesChecked, eventsChecked, broken, legacySeal: seal.acceptLegacy, securityLog, anchors: { ...anchors, broken: anchorBroken } };
};
