/**
 * The one-time move of a tenant's case event chains from the bare SM3 seal of earlier versions
 * to the keyed seal (HMAC-SM3). Migration 0026 marks, in `audit_legacy_seals`, the tenants that
 * had case events before it; until their chains are re-sealed verify-audit accepts either seal
 * for them (their data could only ever carry the bare one). The daily audit job (and
 * `chengxin verify-audit --anchor`) re-seals them:
 *
 * 1. each case whose chain verifies — links, head, and every event sealed with bare SM3 or
 *    already with the key — gets every event re-sealed with the key, in batches, the case rows
 *    locked (a writer that read the old head meanwhile fails with VERSION_CONFLICT: appendEvent
 *    guards on the head hash); a chain that does not verify is left as it is, and will be
 *    reported by every later verification;
 * 2. then, in one transaction, the mark is removed and an anchor is written (table and external
 *    file), recorded as `anchor_written` with the upgrade's figures.
 *
 * Why this is sound: once the mark is gone only the keyed seal verifies, so an event edited and
 * re-sealed with bare SM3 (or with any other key) fails. The mark cannot usefully be put back:
 * verification accepts the bare seal only for a marked tenant that has never been anchored, and
 * the upgrade refuses to run for such a tenant; an anchor exists in the external file even if
 * every row of the database were rewritten.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { toChainedEvent } from '../cases/case-store.ts';
import type { Db } from '../db/connection.ts';
import { auditLegacySeals, caseEvents, cases } from '../db/schema.ts';
import { hasAnchors, writeAnchor, type WriteAnchorResult } from '../security/anchors.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { eventHash, GENESIS_HASH, verifyChain, type ChainedEvent } from './chain.ts';

/**
 * Whether the tenant's case chains may still carry the bare SM3 seal: marked by the migration
 * and never anchored. A mark on an anchored tenant is reported by verify-audit (`suspicious`).
 */
export const legacySealState = async (db: Db, tenantId: string, anchorDir: string | null): Promise<{ acceptLegacy: boolean; suspicious: boolean }> => {
  const [mark] = await db.select().from(auditLegacySeals).where(eq(auditLegacySeals.tenantId, tenantId));
  if (mark === undefined) return { acceptLegacy: false, suspicious: false };
  const anchored = await hasAnchors(db, tenantId, anchorDir);
  return { acceptLegacy: !anchored, suspicious: anchored };
};

export interface SealUpgradeResult {
  readonly cases: number;
  readonly events: number;
  /** Case numbers whose chain did not verify and kept their old seal. */
  readonly broken: string[];
  readonly anchor: WriteAnchorResult;
}

const BATCH_SIZE = 200;

/**
 * Re-seals a marked tenant's case chains with the key and anchors the result; null when the
 * tenant is not marked (nothing to do), or when it is marked but already anchored (refused:
 * verify-audit reports the mark).
 */
export const upgradeLegacySeals = async (app: AppContext, options: { readonly anchorDir: string | null }): Promise<SealUpgradeResult | null> => {
  const state = await legacySealState(app.db, app.tenantId, options.anchorDir);
  if (!state.acceptLegacy) return null;
  let resealedCases = 0;
  let resealedEvents = 0;
  const broken: string[] = [];
  let after: string | null = null;
  for (;;) {
    const batch = await app.db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: cases.id, number: cases.number, version: cases.version, headHash: cases.headHash })
        .from(cases)
        .where(after === null ? eq(cases.tenantId, app.tenantId) : and(eq(cases.tenantId, app.tenantId), gt(cases.id, after)))
        .orderBy(asc(cases.id))
        .limit(BATCH_SIZE)
        .for('update');
      if (rows.length === 0) return rows;
      const eventRows = await tx
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.tenantId, app.tenantId), inArray(caseEvents.caseId, rows.map((row) => row.id))))
        .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq));
      const byCase = new Map<string, ChainedEvent[]>();
      for (const row of eventRows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), toChainedEvent(row)]);
      const updates: { caseId: string; seq: number; prevHash: string; hash: string }[] = [];
      const heads: { caseId: string; headHash: string }[] = [];
      for (const row of rows) {
        const chained = byCase.get(row.id) ?? [];
        if (verifyChain(app.keys, chained, row.headHash, row.version, { acceptLegacy: true }) !== null) {
          broken.push(row.number);
          continue;
        }
        let prevHash = GENESIS_HASH;
        for (const { event } of chained) {
          const hash = eventHash(app.keys, event, prevHash);
          updates.push({ caseId: row.id, seq: event.seq, prevHash, hash });
          prevHash = hash;
        }
        heads.push({ caseId: row.id, headHash: prevHash });
        resealedCases += 1;
        resealedEvents += chained.length;
      }
      for (let start = 0; start < updates.length; start += 1_000) {
        const part = updates.slice(start, start + 1_000);
        await tx.execute(sql`
          update case_events e set prev_hash = v."prevHash", hash = v.hash
            from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as v("caseId" uuid, seq integer, "prevHash" text, hash text)
           where e.tenant_id = ${app.tenantId} and e.case_id = v."caseId" and e.seq = v.seq`);
      }
      for (const head of heads) {
        await tx.update(cases).set({ headHash: head.headHash }).where(and(eq(cases.tenantId, app.tenantId), eq(cases.id, head.caseId)));
      }
      return rows;
    });
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    if (batch.length < BATCH_SIZE) break;
  }
  let refused: string | null = null;
  try {
    const anchor = await app.db.transaction(async (tx) => {
      await tx.delete(auditLegacySeals).where(eq(auditLegacySeals.tenantId, app.tenantId));
      const written = await writeAnchor(app, {
        anchorDir: options.anchorDir,
        db: tx,
        details: { sealUpgrade: { from: 'sm3', to: 'hmac-sm3', cases: resealedCases, events: resealedEvents, broken: broken.slice(0, 100) } },
      });
      // Without its anchor the upgrade is not done: the mark stays.
      if (!written.written) {
        refused = written.problem;
        throw new Error(written.problem);
      }
      return written;
    });
    return { cases: resealedCases, events: resealedEvents, broken, anchor };
  } catch (error) {
    if (refused === null) throw error;
    await recordSecurityEvent(app, { kind: 'anchor_written', outcome: 'failure', accountId: null, address: null, object: 'anchor', details: { problem: refused, sealUpgrade: 'pending' } });
    return { cases: resealedCases, events: resealedEvents, broken, anchor: { written: false, problem: refused } };
  }
};
