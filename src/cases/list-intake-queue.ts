import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { CaseKind } from '../domain/lines/case-kinds.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, units } from '../db/schema.ts';
import { loadCandidates, scoreCandidates } from './find-duplicates.ts';

const responsible = alias(units, 'responsible');

/** The most a queue answer lists; the oldest complaints first, so none waits unseen. */
const QUEUE_LIMIT = 500;

/**
 * S3: the intake queue (受理台) of 营商办: complaints from outside that wait to be accepted and
 * assigned, or dismissed, oldest first, each with the number of likely duplicates on the ledger.
 * @throws AppError FORBIDDEN for anyone but 营商办
 */
export const listIntakeQueue = async (app: AppContext, actor: Actor, filter: { readonly kind?: CaseKind } = {}) => {
  if (actor.role !== 'business_office') throw new AppError('FORBIDDEN', '受理台仅供市营商办使用');
  const today = todayInShanghai(app.clock());
  const rows = await app.db
    .select({
      id: cases.id,
      number: cases.number,
      line: cases.line,
      kind: cases.caseKind,
      source: cases.source,
      /** The provincial platform's own id of an imported demand. */
      externalRef: sql<string | null>`${cases.detail} ->> 'externalRef'`,
      title: cases.title,
      facts: sql<string>`${cases.detail} ->> 'facts'`,
      enterpriseName: cases.enterpriseName,
      enterpriseCreditCode: cases.enterpriseCreditCode,
      responsibleUnitId: cases.responsibleUnitId,
      responsibleUnitName: responsible.name,
      claimedAmount: cases.claimedAmount,
      registeredAt: cases.registeredAt,
      deadline: cases.deadline,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(responsible, eq(responsible.id, cases.responsibleUnitId))
    .where(
      and(
        eq(cases.tenantId, app.tenantId),
        eq(cases.state, 'registered'),
        sql`${cases.detail} #>> '{intake,status}' = 'pending'`,
        filter.kind === undefined ? undefined : eq(cases.caseKind, filter.kind),
      ),
    )
    // One import registers its demands at one instant: they keep their numbers' (the file's) order.
    .orderBy(asc(cases.registeredAt), asc(cases.number), asc(cases.id))
    .limit(QUEUE_LIMIT);

  const pairs = rows.flatMap((row) =>
    row.enterpriseCreditCode === null ? [] : [{ creditCode: row.enterpriseCreditCode, responsibleUnitId: row.responsibleUnitId }],
  );
  const candidates = await loadCandidates(app.db, app.tenantId, actor, pairs, today);
  return {
    items: rows.map((row) => {
      const scored = scoreCandidates({ ...row, facts: row.facts ?? '' }, candidates);
      const { facts: _facts, ...shown } = row;
      return {
        ...shown,
        kind: row.kind as CaseKind | null,
        registeredAt: row.registeredAt.toISOString(),
        deadlineStatus: deadlineStatus(row.deadline, today),
        /** Candidates at or above the threshold (DUPLICATE_THRESHOLD). */
        likelyDuplicates: scored.filter((candidate) => candidate.likely).length,
        /** All open or recent cases of the same enterprise against the same unit. */
        duplicateCandidates: scored.length,
        topDuplicateScore: scored[0]?.score ?? null,
      };
    }),
  };
};

export type IntakeQueue = Awaited<ReturnType<typeof listIntakeQueue>>;
