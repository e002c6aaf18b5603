import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { CaseKind } from '../domain/lines/case-kinds.ts';
import { z } from 'zod';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, units } from '../db/schema.ts';
import { pagedRows } from '../io/official-list.ts';
import { CASE_KINDS } from '../domain/lines/case-kinds.ts';
import { loadCandidates, scoreCandidates } from './find-duplicates.ts';

const responsible = alias(units, 'responsible');

/** The most a queue answer lists; the oldest complaints first, so none waits unseen. */
const QUEUE_LIMIT = 500;

/** The queue's filters: GET /api/intake and its export take the same. */
export const intakeQueueQuerySchema = z.object({
  kind: z.enum(CASE_KINDS, { error: '案件类型无效' }).optional().describe('案件类型：retaliation 打击报复投诉'),
});
export type IntakeQueueQuery = z.infer<typeof intakeQueueQuerySchema>;

/**
 * The queue's rows: 营商办 only.
 * @throws AppError FORBIDDEN for anyone but 营商办
 */
const assertMayReadQueue = (actor: Actor) => {
  if (actor.role !== 'business_office') throw new AppError('FORBIDDEN', '受理台仅供市营商办使用');
};

/** Which cases wait in the queue: registered, intake pending, of the filter's kind. */
const queueCondition = (app: AppContext, filter: IntakeQueueQuery) =>
  and(
    eq(cases.tenantId, app.tenantId),
    eq(cases.state, 'registered'),
    sql`${cases.detail} #>> '{intake,status}' = 'pending'`,
    filter.kind === undefined ? undefined : eq(cases.caseKind, filter.kind),
  );

/**
 * Up to `limit` rows of the queue after the case `afterId` (its first rows when null), in the
 * queue's order, each with its likely duplicates.
 */
const readQueuePage = async (app: AppContext, actor: Actor, filter: IntakeQueueQuery, afterId: string | null, limit: number) => {
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
    .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
    .where(
      and(
        queueCondition(app, filter),
        // Keyset on the row itself, so the instant's microseconds never pass through a JS Date.
        afterId === null
          ? undefined
          : sql`(${cases.registeredAt}, ${cases.number}, ${cases.id}) > (select c.registered_at, c.number, c.id from cases c where c.id = ${afterId})`,
      ),
    )
    // One import registers its demands at one instant: they keep their numbers' (the file's) order.
    .orderBy(asc(cases.registeredAt), asc(cases.number), asc(cases.id))
    .limit(limit);

  const pairs = rows.flatMap((row) =>
    row.enterpriseCreditCode === null ? [] : [{ creditCode: row.enterpriseCreditCode, responsibleUnitId: row.responsibleUnitId }],
  );
  const candidates = await loadCandidates(app.db, app.tenantId, actor, pairs, today);
  return rows.map((row) => {
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
    });
};

/**
 * S3: the intake queue (受理台) of 营商办: complaints from outside that wait to be accepted and
 * assigned, or dismissed, oldest first, each with the number of likely duplicates on the ledger.
 * @throws AppError FORBIDDEN for anyone but 营商办
 */
export const listIntakeQueue = async (app: AppContext, actor: Actor, filter: IntakeQueueQuery = {}) => {
  assertMayReadQueue(actor);
  return { items: await readQueuePage(app, actor, filter, null, QUEUE_LIMIT) };
};

export type IntakeQueue = Awaited<ReturnType<typeof listIntakeQueue>>;
export type IntakeQueueItem = IntakeQueue['items'][number];

/**
 * The whole queue for its export, page by page, as the list shows it.
 * @throws AppError FORBIDDEN for anyone but 营商办 (at the call, before any row is read)
 */
export const readIntakeQueue = (app: AppContext, actor: Actor, filter: IntakeQueueQuery): AsyncIterable<IntakeQueueItem> => {
  assertMayReadQueue(actor);
  return pagedRows((after: IntakeQueueItem | null, size) => readQueuePage(app, actor, filter, after?.id ?? null, size));
};
