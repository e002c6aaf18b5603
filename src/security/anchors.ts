/**
 * Anchors of the audit heads: daily (src/jobs/audit-maintenance.ts) and on
 * `chengxin verify-audit --anchor`, the head of the tenant's security log (seq and MAC) and a
 * digest over every case's version and head hash are MAC'd with the key and written both to the
 * table `audit_anchors` and to an append-only file outside the database
 * (`<data>/anchors/anchors.jsonl`, or `CHENGXIN_ANCHOR_DIR`). A chain stays consistent when its
 * tail is cut off; the anchors are what still remembers the tail: `verifyAnchors` checks that
 * every anchored head is still present and unchanged.
 *
 * The digest covers the rows of `audit_anchor_cases` (case id, version, head hash), which an
 * anchor only ever moves forward; the rows may be read by anyone, their digest is sealed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { canonicalJson, type SealKeys } from '../audit/chain.ts';
import type { Db } from '../db/connection.ts';
import { auditAnchorCases, auditAnchors, securityEvents } from '../db/schema.ts';
import { lockSecurityLogHead, recordSecurityEvent } from './audit-log.ts';

export const ANCHOR_FILE_NAME = 'anchors.jsonl';

/** The folder of the anchor file: `CHENGXIN_ANCHOR_DIR`, else `anchors` in the data folder. */
export const anchorDirectory = (dataDir: string): string => resolve(process.env.CHENGXIN_ANCHOR_DIR || join(dataDir, 'anchors'));

/** One anchor, as a row and as a line of the file. */
export interface Anchor {
  readonly id: string;
  readonly tenantId: string;
  /** ISO instant. */
  readonly at: string;
  readonly securitySeq: number;
  readonly securityMac: string;
  readonly caseCount: number;
  readonly caseDigest: string;
  readonly mac: string;
}

const anchorMac = (keys: SealKeys, anchor: Omit<Anchor, 'mac'>): string =>
  keys.mac(
    canonicalJson({
      id: anchor.id,
      tenantId: anchor.tenantId,
      at: anchor.at,
      securitySeq: anchor.securitySeq,
      securityMac: anchor.securityMac,
      caseCount: anchor.caseCount,
      caseDigest: anchor.caseDigest,
    }),
  );

const DIGEST_BATCH = 5_000;

/** SM3 over `caseId version headHash` lines of the anchored case heads, in case id order. */
export const anchoredCaseDigest = async (db: Db, tenantId: string): Promise<{ count: number; digest: string }> => {
  const hash = createHash('sm3');
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const rows: (typeof auditAnchorCases.$inferSelect)[] = await db
      .select()
      .from(auditAnchorCases)
      .where(after === null ? eq(auditAnchorCases.tenantId, tenantId) : and(eq(auditAnchorCases.tenantId, tenantId), gt(auditAnchorCases.caseId, after)))
      .orderBy(asc(auditAnchorCases.caseId))
      .limit(DIGEST_BATCH);
    for (const row of rows) hash.update(`${row.caseId} ${row.version} ${row.headHash}\n`, 'utf8');
    count += rows.length;
    if (rows.length < DIGEST_BATCH) break;
    after = rows.at(-1)!.caseId;
  }
  return { count, digest: hash.digest('hex') };
};

const rowToAnchor = (row: typeof auditAnchors.$inferSelect): Anchor => ({
  id: row.id,
  tenantId: row.tenantId,
  at: row.at.toISOString(),
  securitySeq: Number(row.securitySeq),
  securityMac: row.securityMac,
  caseCount: row.caseCount,
  caseDigest: row.caseDigest,
  mac: row.mac,
});

const latestAnchorRow = async (db: Db, tenantId: string): Promise<Anchor | null> => {
  const [row] = await db.select().from(auditAnchors).where(eq(auditAnchors.tenantId, tenantId)).orderBy(sql`${auditAnchors.at} desc, ${auditAnchors.id} desc`).limit(1);
  return row === undefined ? null : rowToAnchor(row);
};

/** The anchor file's lines of `tenantId`; null when there is no file. Unreadable lines are kept as null. */
export const readAnchorFile = async (anchorDir: string, tenantId: string): Promise<(Anchor | null)[] | null> => {
  let text: string;
  try {
    text = await readFile(join(anchorDir, ANCHOR_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines: (Anchor | null)[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: Partial<Anchor> | null;
    try {
      parsed = JSON.parse(line) as Partial<Anchor>;
    } catch {
      lines.push(null);
      continue;
    }
    if (parsed?.tenantId === tenantId) lines.push(parsed as Anchor);
    else if (typeof parsed?.tenantId !== 'string') lines.push(null);
  }
  return lines;
};

export type WriteAnchorResult =
  | { readonly written: true; readonly anchor: Anchor; readonly file: string | null }
  | { readonly written: false; readonly problem: string };

/**
 * Writes an anchor of the tenant's audit heads: to the table, to the file in `anchorDir` (when
 * given) and as an `anchor_written` event. Refuses (recording the refusal) when the anchored case
 * heads no longer match the previous anchor, so that evidence of tampering is not anchored over.
 * `details` are added to the event (the seal upgrade reports itself there).
 */
export const writeAnchor = async (
  app: AppContext,
  options: { readonly anchorDir: string | null; readonly details?: Record<string, unknown>; readonly db?: Db },
): Promise<WriteAnchorResult> => {
  const outcome = await (options.db ?? app.db).transaction(async (tx): Promise<WriteAnchorResult> => {
    // The head's lock also keeps two anchor writers apart.
    const head = await lockSecurityLogHead(tx, app.tenantId);
    const previous = await latestAnchorRow(tx, app.tenantId);
    if (previous !== null) {
      const current = await anchoredCaseDigest(tx, app.tenantId);
      if (current.count !== previous.caseCount || current.digest !== previous.caseDigest) {
        return { written: false, problem: '锚定的案件链头清单与上一次锚点不一致（可能被改动），未写入新锚点，请运行 chengxin verify-audit 核查' };
      }
    }
    // Every case moves forward to its current head; a case behind its anchored version stays anchored where it was.
    await tx.execute(sql`
      insert into audit_anchor_cases (tenant_id, case_id, version, head_hash)
      select tenant_id, id, version, head_hash from cases where tenant_id = ${app.tenantId}
      on conflict (tenant_id, case_id) do update set version = excluded.version, head_hash = excluded.head_hash
        where audit_anchor_cases.version < excluded.version`);
    const cases = await anchoredCaseDigest(tx, app.tenantId);
    const unsealed = {
      id: randomUUID(),
      tenantId: app.tenantId,
      at: app.clock().toISOString(),
      securitySeq: head.seq,
      securityMac: head.mac,
      caseCount: cases.count,
      caseDigest: cases.digest,
    };
    const anchor: Anchor = { ...unsealed, mac: anchorMac(app.keys, unsealed) };
    await tx.insert(auditAnchors).values({ ...anchor, at: new Date(anchor.at) });
    const file = options.anchorDir === null ? null : join(options.anchorDir, ANCHOR_FILE_NAME);
    await recordSecurityEvent(
      app,
      {
        kind: 'anchor_written',
        outcome: 'success',
        accountId: null,
        address: null,
        object: `anchor:${anchor.id}`,
        details: { ...options.details, securitySeq: anchor.securitySeq, caseCount: anchor.caseCount, caseDigest: anchor.caseDigest, file },
      },
      tx,
    );
    // Last, so that a file that cannot be written rolls the anchor back.
    if (options.anchorDir !== null && file !== null) {
      await mkdir(options.anchorDir, { recursive: true, mode: 0o700 });
      await appendFile(file, `${JSON.stringify(anchor)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'a' });
    }
    return { written: true, anchor, file };
  });
  if (!outcome.written) {
    await recordSecurityEvent(app, { kind: 'anchor_written', outcome: 'failure', accountId: null, address: null, object: 'anchor', details: { problem: outcome.problem } }, options.db);
  }
  return outcome;
};

export interface AnchorBreak {
  /** The anchor concerned; null for a problem of the file itself. */
  readonly anchorId: string | null;
  readonly message: string;
}

export interface CaseAnchorBreak {
  readonly caseId: string;
  readonly number: string;
  readonly anchoredVersion: number;
  readonly message: string;
}

export interface AnchorReport {
  readonly anchorsChecked: number;
  /** The latest valid anchor's time; null without any. */
  readonly latestAt: string | null;
  /** Whether the anchor file was read (an anchor folder given and the file present). */
  readonly fileChecked: boolean;
  readonly broken: AnchorBreak[];
  readonly cases: CaseAnchorBreak[];
}

const MAX_CASE_BREAKS = 200;

/**
 * Checks the anchors of a tenant: each anchor's MAC, the table against the file (when
 * `anchorDir` is given: a line without its row means a removed anchor, a row without its line an
 * anchor the file never got), every anchored security-log head still present with its MAC (unless
 * purged for retention: `purgedThrough`), and, for the latest anchor, the case heads it covers —
 * their digest, and every case still having the anchored event at the anchored version.
 */
export const verifyAnchors = async (
  app: Pick<AppContext, 'db' | 'tenantId' | 'keys'>,
  options: { readonly anchorDir: string | null; readonly purgedThrough: { readonly seq: number; readonly mac: string } | null },
): Promise<AnchorReport> => {
  const { db, tenantId, keys } = app;
  const broken: AnchorBreak[] = [];
  const rows = (await db.select().from(auditAnchors).where(eq(auditAnchors.tenantId, tenantId)).orderBy(asc(auditAnchors.at))).map(rowToAnchor);
  const valid = new Map<string, Anchor>();
  for (const row of rows) {
    if (anchorMac(keys, row) === row.mac) valid.set(row.id, row);
    else broken.push({ anchorId: row.id, message: `锚点记录被篡改（${row.at} 的锚点密钥封印不符）` });
  }
  let fileChecked = false;
  if (options.anchorDir !== null) {
    const lines = await readAnchorFile(options.anchorDir, tenantId);
    if (lines === null) {
      if (rows.length > 0) {
        broken.push({ anchorId: null, message: `外部锚点文件 ${join(options.anchorDir, ANCHOR_FILE_NAME)} 不存在，但数据库中有${rows.length}个锚点（若文件在别处，请设置 CHENGXIN_ANCHOR_DIR）` });
      }
    } else {
      fileChecked = true;
      const inFile = new Set<string>();
      for (const line of lines) {
        if (line === null || typeof line.id !== 'string' || anchorMac(keys, line) !== line.mac) {
          broken.push({ anchorId: line?.id ?? null, message: '外部锚点文件中有一行无效（密钥封印不符或格式错误）' });
          continue;
        }
        inFile.add(line.id);
        const row = rows.find((candidate) => candidate.id === line.id);
        if (row === undefined) broken.push({ anchorId: line.id, message: `${line.at} 的锚点在数据库中已不存在（锚点记录被删除）` });
        else if (row.mac !== line.mac) broken.push({ anchorId: line.id, message: `${line.at} 的锚点在数据库中与外部文件不一致` });
        valid.set(line.id, line);
      }
      for (const row of rows) {
        if (!inFile.has(row.id)) broken.push({ anchorId: row.id, message: `${row.at} 的锚点不在外部锚点文件中（文件被改动，或写入时中断）` });
      }
    }
  }
  const anchors = [...valid.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  // Every anchored head of the security log is still there, unless purged for retention.
  const purgedSeq = options.purgedThrough?.seq ?? 0;
  const kept = anchors.filter((anchor) => anchor.securitySeq > purgedSeq);
  const seqs = [...new Set(kept.map((anchor) => anchor.securitySeq))];
  const present = new Map<number, string>();
  for (let start = 0; start < seqs.length; start += 1_000) {
    const found = await db
      .select({ seq: securityEvents.seq, mac: securityEvents.mac })
      .from(securityEvents)
      .where(and(eq(securityEvents.tenantId, tenantId), inArray(securityEvents.seq, seqs.slice(start, start + 1_000))));
    for (const row of found) present.set(Number(row.seq), row.mac);
  }
  for (const anchor of kept) {
    const mac = present.get(anchor.securitySeq);
    if (mac === undefined) broken.push({ anchorId: anchor.id, message: `${anchor.at} 锚定的安全审计日志事件（序号${anchor.securitySeq}）已不存在（日志被截断或删除）` });
    else if (mac !== anchor.securityMac) broken.push({ anchorId: anchor.id, message: `${anchor.at} 锚定的安全审计日志事件（序号${anchor.securitySeq}）已被改动` });
  }
  for (const anchor of anchors) {
    if (anchor.securitySeq > 0 && anchor.securitySeq === purgedSeq && anchor.securityMac !== options.purgedThrough?.mac) {
      broken.push({ anchorId: anchor.id, message: `${anchor.at} 锚定的安全审计日志事件（序号${anchor.securitySeq}）与清理记录不符` });
    }
  }

  // The latest anchor's case heads: the list is the one it sealed, and every case still reaches it.
  const latest = anchors.at(-1) ?? null;
  const cases: CaseAnchorBreak[] = [];
  if (latest !== null) {
    const current = await anchoredCaseDigest(db, tenantId);
    if (current.count !== latest.caseCount || current.digest !== latest.caseDigest) {
      broken.push({ anchorId: latest.id, message: `${latest.at} 锚定的案件链头清单已被改动（锚定${latest.caseCount}件，现存清单${current.count}件）` });
    }
    const missing = await db.execute<{ case_id: string; number: string | null; version: number; current_version: number | null; hash: string | null }>(sql`
      select a.case_id::text as case_id, c.number, a.version, c.version as current_version, e.hash
        from audit_anchor_cases a
        left join cases c on c.tenant_id = a.tenant_id and c.id = a.case_id
        left join case_events e on e.tenant_id = a.tenant_id and e.case_id = a.case_id and e.seq = a.version
       where a.tenant_id = ${tenantId}
         and (c.id is null or e.hash is null or e.hash <> a.head_hash or c.version < a.version)
       order by a.case_id
       limit ${MAX_CASE_BREAKS}`);
    for (const row of missing.rows) {
      const reason =
        row.current_version === null
          ? '案件记录已不存在'
          : row.hash === null
            ? `现存事件少于锚定时的${row.version}个（末尾事件被删除）`
            : row.current_version < row.version
              ? `案件记录版本${row.current_version}低于锚定时的${row.version}`
              : `序号${row.version}的事件与锚定时的链头不符`;
      cases.push({
        caseId: row.case_id,
        number: row.number ?? '（编号不明）',
        anchoredVersion: row.version,
        message: `与${latest.at}的锚点不符：${reason}`,
      });
    }
  }
  return { anchorsChecked: anchors.length, latestAt: latest?.at ?? null, fileChecked, broken, cases };
};

/** Whether the tenant has ever been anchored: in the table or in the file. */
export const hasAnchors = async (db: Db, tenantId: string, anchorDir: string | null): Promise<boolean> => {
  const [row] = await db.select({ id: auditAnchors.id }).from(auditAnchors).where(eq(auditAnchors.tenantId, tenantId)).limit(1);
  if (row !== undefined) return true;
  if (anchorDir === null) return false;
  return ((await readAnchorFile(anchorDir, tenantId)) ?? []).length > 0;
};
