import { addCalendarDays, type LocalDate } from '../calendar.ts';
import type { Clause, Policy, PolicyChangeKind, PolicyStatus } from './library.ts';

/**
 * P2: the published 免申即享 list (清单) is derived, never kept by hand: it is always the clauses
 * so marked of the policies in force, and its history is read from each policy's dated change
 * log (P7), so the list and the library cannot disagree.
 */

/** Why a clause entered or left the list. */
export const LIST_CHANGE_REASONS = ['effective', 'update', 'revise', 'abolish', 'expire'] as const;
export type ListChangeReason = (typeof LIST_CHANGE_REASONS)[number];

export const LIST_CHANGE_REASON_LABEL = {
  effective: '施行',
  update: '更新',
  revise: '修订',
  abolish: '废止',
  expire: '到期',
} satisfies Record<ListChangeReason, string>;

export const LIST_MOVES = ['entered', 'left'] as const;
export type ListMove = (typeof LIST_MOVES)[number];

export const LIST_MOVE_LABEL = { entered: '列入', left: '移出' } satisfies Record<ListMove, string>;

/** The clause fields the list needs. */
export type ListedClause = Pick<Clause, 'id' | 'article' | 'title' | 'noApplication'>;

/** One row of a policy's change log (`benefit_policy_changes`): its kind, the day it takes effect, and the clauses after it. */
export interface LoggedPolicyChange {
  readonly kind: PolicyChangeKind;
  readonly effectiveOn: LocalDate;
  readonly clauses: readonly ListedClause[];
}

/** The policy as it stands now: its dates and status bound every period of its clauses. */
export type ListedPolicy = Pick<Policy, 'id' | 'documentNo' | 'title' | 'effectiveOn' | 'expiresOn' | 'status' | 'endedOn'>;

/** A stretch of days a clause was on the list: from `enteredOn`, up to but not including `leftOn` (null: still on it). */
export interface ListPeriod {
  readonly policyId: string;
  readonly documentNo: string;
  readonly policyTitle: string;
  readonly clauseId: string;
  readonly article: string;
  readonly clauseTitle: string;
  readonly enteredOn: LocalDate;
  readonly enteredBecause: Extract<ListChangeReason, 'effective' | 'update'>;
  readonly leftOn: LocalDate | null;
  readonly leftBecause: Exclude<ListChangeReason, 'effective'> | null;
}

/** An entering or a leaving of the list, as its history shows it. */
export interface ListEvent {
  readonly on: LocalDate;
  readonly move: ListMove;
  readonly reason: ListChangeReason;
  readonly policyId: string;
  readonly documentNo: string;
  readonly policyTitle: string;
  readonly clauseId: string;
  readonly article: string;
  readonly clauseTitle: string;
}

/** The days the record marked a clause 免申即享: from (null: since the policy was recorded) until (null: still). */
interface Marking {
  clause: ListedClause;
  readonly from: LocalDate | null;
  until: LocalDate | null;
}

const ENDING_REASON = { revised: 'revise', abolished: 'abolish' } as const satisfies Record<Exclude<PolicyStatus, 'in_force'>, ListChangeReason>;

/** Where the policy's own life ends the list: its revision or abolition, or the day after it expires. */
const policyEnd = (policy: ListedPolicy): { on: LocalDate; because: 'revise' | 'abolish' | 'expire' } | null => {
  const ended = policy.endedOn !== null && policy.status !== 'in_force' ? { on: policy.endedOn, because: ENDING_REASON[policy.status] } : null;
  // 有效期至 is the last day in force (as `inForceOn` reads it): the clause leaves the next day.
  const expired = policy.expiresOn === null ? null : { on: addCalendarDays(policy.expiresOn, 1), because: 'expire' as const };
  if (ended === null) return expired;
  // A policy revised or abolished on the day after it expired: the recorded act names the reason.
  return expired !== null && expired.on < ended.on ? expired : ended;
};

/**
 * P2, P7: the periods during which each clause of `policy` was on the 免申即享 list, from its
 * change log in order. A clause enters when the policy takes effect with the flag set, or when an
 * update sets the flag (dated by the update); it leaves when an update clears the flag or drops the
 * clause, when the policy is revised or abolished (from that day), or after it expires. The
 * policy's dates and status are its latest record's: an update corrects them for the whole log.
 * Clauses are the same clause across updates by their id (`storedClauses` keeps it by article).
 */
export const listPeriods = (policy: ListedPolicy, log: readonly LoggedPolicyChange[]): ListPeriod[] => {
  const marked: Marking[] = [];
  const open = new Map<string, Marking>();
  for (const change of log) {
    const flagged = new Map(change.clauses.filter((clause) => clause.noApplication).map((clause) => [clause.id, clause]));
    for (const [id, stretch] of open) {
      const clause = flagged.get(id);
      if (clause === undefined) {
        stretch.until = change.effectiveOn;
        open.delete(id);
      } else {
        stretch.clause = clause;
      }
    }
    for (const [id, clause] of flagged) {
      if (open.has(id)) continue;
      const stretch: Marking = { clause, from: change.kind === 'create' ? null : change.effectiveOn, until: null };
      marked.push(stretch);
      open.set(id, stretch);
    }
  }

  const end = policyEnd(policy);
  return marked.flatMap(({ clause, from, until }) => {
    // On the effective day itself an update that sets the flag is what lists the clause.
    const [enteredOn, enteredBecause] = from === null || from < policy.effectiveOn ? [policy.effectiveOn, 'effective' as const] : [from, 'update' as const];
    // On a tie the policy's own end is the truer reason than a correction of that day.
    const [leftOn, leftBecause] =
      end !== null && (until === null || end.on <= until) ? [end.on, end.because] : until === null ? [null, null] : [until, 'update' as const];
    if (leftOn !== null && leftOn <= enteredOn) return [];
    return [
      {
        policyId: policy.id,
        documentNo: policy.documentNo,
        policyTitle: policy.title,
        clauseId: clause.id,
        article: clause.article,
        clauseTitle: clause.title,
        enteredOn,
        enteredBecause,
        leftOn,
        leftBecause,
      },
    ];
  });
};

/** Whether the period's clause is on the list on `day`. */
export const isListedOn = (period: Pick<ListPeriod, 'enteredOn' | 'leftOn'>, day: LocalDate): boolean =>
  period.enteredOn <= day && (period.leftOn === null || day < period.leftOn);

/** P2: the list on `day`: the periods open that day, at most one per clause. */
export const listOn = (periods: readonly ListPeriod[], day: LocalDate): ListPeriod[] => periods.filter((period) => isListedOn(period, day));

/**
 * P2: what has happened to the list up to and including `day`, newest first; on one day what
 * entered comes above what left (a revision's new clause takes the old one's place).
 */
export const listHistory = (periods: readonly ListPeriod[], day: LocalDate): ListEvent[] => {
  const events = periods.flatMap((period): ListEvent[] => {
    const { enteredOn, enteredBecause, leftOn, leftBecause, ...clause } = period;
    const entered: ListEvent = { on: enteredOn, move: 'entered', reason: enteredBecause, ...clause };
    return leftOn === null || leftBecause === null ? [entered] : [entered, { on: leftOn, move: 'left', reason: leftBecause, ...clause }];
  });
  return events
    .filter((event) => event.on <= day)
    .sort((a, b) => (a.on === b.on ? LIST_MOVES.indexOf(a.move) - LIST_MOVES.indexOf(b.move) : a.on < b.on ? 1 : -1));
};
