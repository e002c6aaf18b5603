/**
 * The fixes proposed in docs/BENCHMARKS.md for the intake queue (受理台), tried in the bench
 * only (src/ is unchanged); used by `supervision.bench.ts`.
 *
 * `listIntakeQueue` lists up to 500 waiting complaints and, for each, its likely duplicates:
 * `loadCandidates` fetches every open or recently closed case of the same (enterprise, unit)
 * pairs with one statement whose WHERE is an OR of up to 500 `(code = $ and unit = $)` terms
 * (a BitmapOr of one index scan per pair, and ~100 ms of planning on PostgreSQL), and then
 * `scoreCandidates(row, candidates)` runs over all the candidates for every row, so the
 * scoring is rows × candidates.
 *
 * Proposed: (1) the same candidates with `(code, unit) in (select * from unnest($codes, $units))`,
 * one hash semi-join; (2) the candidates grouped by pair once, each row scored against its own
 * pair's group. The bench checks both give the same candidates and the same scores.
 */
import { sql } from 'drizzle-orm';
import { caseScopeCondition, shanghaiMidnight } from '../src/cases/case-conditions.ts';
import { loadCandidates, scoreCandidates, type CandidateRow } from '../src/cases/find-duplicates.ts';
import { caseReadScope } from '../src/domain/access/case-policy.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { addCalendarDays } from '../src/domain/calendar.ts';
import type { Db } from '../src/db/connection.ts';
import { time, type Timing } from './support.ts';

interface QueueRow {
  id: string;
  title: string;
  facts: string;
  enterpriseCreditCode: string | null;
  responsibleUnitId: string;
  claimedAmount: number | null;
}

const pairKey = (code: string | null, unitId: string) => `${code ?? ''}|${unitId}`;

export interface IntakeComparison {
  readonly rows: number;
  readonly pairs: number;
  readonly candidates: number;
  readonly loadAsIs: Timing;
  readonly loadUnnest: Timing;
  readonly scoreAsIs: Timing;
  readonly scoreGrouped: Timing;
}

export const compareIntake = async (db: Db, tenantId: string, actor: Actor, today: string, runs: number, warmup: number): Promise<IntakeComparison> => {
  const rows = (
    await db.execute<{ id: string; title: string; facts: string | null; code: string | null; unit: string; claimed: string | number | null }>(sql`
      select id, title, detail ->> 'facts' as facts, enterprise_credit_code as code, responsible_unit_id as unit, claimed_amount as claimed
      from cases
      where tenant_id = ${tenantId} and state = 'registered' and detail #>> '{intake,status}' = 'pending'
      order by registered_at, id limit 500`)
  ).rows.map(
    (row): QueueRow => ({
      id: row.id,
      title: row.title,
      facts: row.facts ?? '',
      enterpriseCreditCode: row.code,
      responsibleUnitId: row.unit,
      claimedAmount: row.claimed === null ? null : Number(row.claimed),
    }),
  );
  const pairs = rows.flatMap((row) => (row.enterpriseCreditCode === null ? [] : [{ creditCode: row.enterpriseCreditCode, responsibleUnitId: row.responsibleUnitId }]));
  const distinct = [...new Map(pairs.map((pair) => [pairKey(pair.creditCode, pair.responsibleUnitId), pair])).values()];

  const candidates = await loadCandidates(db, tenantId, actor, pairs, today);
  const since = shanghaiMidnight(addCalendarDays(today, -365));
  const scope = caseScopeCondition(caseReadScope(actor));
  const unnestSql = sql`
    select id, number, state, title, detail ->> 'facts' as facts, enterprise_credit_code, responsible_unit_id, claimed_amount, registered_at, closed_at
    from cases
    where tenant_id = ${tenantId}
      and (enterprise_credit_code, responsible_unit_id) in (
        select * from unnest(${`{${distinct.map((pair) => pair.creditCode).join(',')}}`}::text[], ${`{${distinct.map((pair) => pair.responsibleUnitId).join(',')}}`}::text[]))
      and state <> 'dismissed'
      and (state not in ('closed', 'dismissed') or closed_at >= ${since})
      ${scope === undefined ? sql`` : sql`and ${scope}`}`;
  const viaUnnest = (await db.execute<{ id: string }>(unnestSql)).rows.map((row) => row.id).sort();
  const asIsIds = candidates.map((row) => row.id).sort();
  if (JSON.stringify(viaUnnest) !== JSON.stringify(asIsIds)) throw new Error(`unnest candidates differ: ${viaUnnest.length} vs ${asIsIds.length}`);

  const scoreAll = () => rows.map((row) => scoreCandidates(row, candidates));
  const byPair = (list: readonly CandidateRow[]) => {
    const groups = new Map<string, CandidateRow[]>();
    for (const candidate of list) {
      const key = pairKey(candidate.enterpriseCreditCode, candidate.responsibleUnitId);
      const group = groups.get(key) ?? [];
      group.push(candidate);
      groups.set(key, group);
    }
    return groups;
  };
  const scoreGrouped = () => {
    const groups = byPair(candidates);
    return rows.map((row) => scoreCandidates(row, groups.get(pairKey(row.enterpriseCreditCode, row.responsibleUnitId)) ?? []));
  };
  if (JSON.stringify(scoreAll()) !== JSON.stringify(scoreGrouped())) throw new Error('grouped scoring differs');

  return {
    rows: rows.length,
    pairs: distinct.length,
    candidates: candidates.length,
    loadAsIs: await time(() => loadCandidates(db, tenantId, actor, pairs, today), runs, warmup),
    loadUnnest: await time(() => db.execute(unnestSql), runs, warmup),
    scoreAsIs: await time(async () => scoreAll(), runs, warmup),
    scoreGrouped: await time(async () => scoreGrouped(), runs, warmup),
  };
};
