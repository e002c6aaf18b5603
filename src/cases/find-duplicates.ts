import { and, eq, gte, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { authorizeCase, caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, todayInShanghai } from '../domain/calendar.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { DUPLICATE_THRESHOLD, duplicateScore, type DuplicateScore, type DuplicateSubject } from '../domain/intake/duplicates.ts';
import type { Db } from '../db/connection.ts';
import { cases } from '../db/schema.ts';
import { caseScopeCondition, openCondition, shanghaiMidnight } from './case-conditions.ts';
import { loadCase } from './case-store.ts';

/** A case of the same enterprise against the same unit, as a duplicate candidate. */
export interface CandidateRow extends DuplicateSubject {
  readonly id: string;
  readonly number: string;
  readonly state: CaseRecord['state'];
  readonly registeredAt: Date;
  readonly closedAt: Date | null;
}

/** S3: how far back a closed case still counts as the one a complaint repeats. */
const CLOSED_WITHIN_DAYS = 365;

/**
 * The cases of the given (credit code, responsible unit) pairs that a complaint may repeat:
 * open ones, and those closed (销号) in the last 12 months; never dismissed ones, which no
 * duplicate may be merged into. Only cases `actor` may read.
 */
export const loadCandidates = async (
  db: Db,
  tenantId: string,
  actor: Actor,
  pairs: readonly { creditCode: string; responsibleUnitId: string }[],
  today: string,
): Promise<CandidateRow[]> => {
  if (pairs.length === 0) return [];
  const since = shanghaiMidnight(addCalendarDays(today, -CLOSED_WITHIN_DAYS));
  const pairConditions: SQL[] = pairs.map(
    (pair) => and(eq(cases.enterpriseCreditCode, pair.creditCode), eq(cases.responsibleUnitId, pair.responsibleUnitId))!,
  );
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      state: cases.state,
      title: cases.title,
      facts: sql<string>`${cases.detail} ->> 'facts'`,
      enterpriseCreditCode: cases.enterpriseCreditCode,
      responsibleUnitId: cases.responsibleUnitId,
      claimedAmount: cases.claimedAmount,
      registeredAt: cases.registeredAt,
      closedAt: cases.closedAt,
    })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, tenantId),
        inArray(cases.enterpriseCreditCode, [...new Set(pairs.map((pair) => pair.creditCode))]),
        or(...pairConditions),
        notInArray(cases.state, ['dismissed', 'withdrawn']),
        or(openCondition(), gte(cases.closedAt, since)),
        caseScopeCondition(caseReadScope(actor)),
      ),
    );
  return rows.map((row) => ({ ...row, facts: row.facts ?? '' }));
};

export interface DuplicateCandidate extends DuplicateScore {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly state: CaseRecord['state'];
  readonly stateLabel: string;
  readonly claimedAmount: number | null;
  readonly registeredAt: string;
  readonly closedAt: string | null;
}

/** Scores the candidates of `subject`, most likely first; the subject itself is never its own candidate. */
export const scoreCandidates = (subject: DuplicateSubject & { id: string }, candidates: readonly CandidateRow[]): DuplicateCandidate[] =>
  candidates
    .filter((candidate) => candidate.id !== subject.id)
    .flatMap((candidate) => {
      const scored = duplicateScore(subject, candidate);
      if (scored === null) return [];
      return [
        {
          ...scored,
          id: candidate.id,
          number: candidate.number,
          title: candidate.title,
          state: candidate.state,
          stateLabel: CASE_STATE_LABEL[candidate.state],
          claimedAmount: candidate.claimedAmount,
          registeredAt: candidate.registeredAt.toISOString(),
          closedAt: candidate.closedAt?.toISOString() ?? null,
        },
      ];
    })
    .sort((left, right) => right.score - left.score || right.registeredAt.localeCompare(left.registeredAt));

/** The duplicate subject a case is. */
export const subjectOf = (record: CaseRecord): DuplicateSubject & { id: string } => ({
  id: record.id,
  enterpriseCreditCode: record.enterprise?.creditCode ?? null,
  responsibleUnitId: record.responsibleUnitId,
  title: record.title,
  facts: record.facts,
  claimedAmount: record.claimedAmount,
});

/**
 * S3: the cases a complaint may repeat — same enterprise, same responsible unit, open or closed
 * within 12 months — scored and explained, for 营商办 to merge. Lists only cases the actor may read.
 * @throws AppError CASE_NOT_FOUND when there is no such case or the actor may not read it
 */
export const findDuplicates = async (app: AppContext, actor: Actor, caseId: string): Promise<{ threshold: number; items: DuplicateCandidate[] }> => {
  const stored = await loadCase(app.db, app.tenantId, caseId);
  if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  authorizeCase(actor, 'read', stored.record);
  const subject = subjectOf(stored.record);
  if (subject.enterpriseCreditCode === null) return { threshold: DUPLICATE_THRESHOLD, items: [] };
  const today = todayInShanghai(app.clock());
  const candidates = await loadCandidates(
    app.db,
    app.tenantId,
    actor,
    [{ creditCode: subject.enterpriseCreditCode, responsibleUnitId: subject.responsibleUnitId }],
    today,
  );
  return { threshold: DUPLICATE_THRESHOLD, items: scoreCandidates(subject, candidates) };
};
