import type { Actor } from '../access/roles.ts';
import type { AttachmentRef } from '../attachments.ts';
import type { HolidayCalendar, LocalDate } from '../calendar.ts';
import type { RuleId } from '../rules.ts';
import { stateDeadline, type TimeLimits } from '../supervision/time-limits.ts';
import type { CommonEventPayloads, Draft } from './events.ts';
import type { CaseState } from './states.ts';

/**
 * What a decision may know besides the case and the command: the actor, the day, the calendar
 * and time limits, and what the use case resolved from reference data beforehand, so that
 * every decider stays pure.
 */
export interface DecideContext {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly calendar: HolidayCalendar;
  readonly timeLimits: TimeLimits;
  /** For `escalate`: the next-higher government of the responsible unit, if there is one (A5). */
  readonly escalationTarget?: string | null;
  /** For `assign` and `accept`: the new responsible unit with its jurisdiction and lines of supervision. */
  readonly assignment?: Omit<CommonEventPayloads['assign'], 'instruction'>;
  /** For `submit_feedback`, `notify_result` and an action's one file (`attachmentId`): the files named, checked by the use case as the caller's and unlinked. */
  readonly attachments?: ReadonlyMap<string, AttachmentRef>;
  /**
   * For `supervise`: true only when the scheduled sweep (S2) decides; set by that use case,
   * never by a command, so an HTTP caller cannot forge an automatic step.
   */
  readonly sweep?: boolean;
  /**
   * For `merge`: the case the duplicate repeats, as the use case found it; null when there is
   * no such case or the actor may not read it.
   */
  readonly mergeTarget?: { readonly id: string; readonly number: string; readonly state: CaseState; readonly enterpriseCreditCode: string | null } | null;
  /**
   * The command repeats one the actor just made on a linked record (a payment at the window on
   * its 资金拨付缓慢 case), whose rules authorized it: the case's own access rules do not apply
   * (a county's finance bureau may pay an application whose case it cannot read). Set by that
   * use case, never by a command.
   */
  readonly linked?: boolean;
  /**
   * For a registration whose particulars name earlier cases by number (a complaint of
   * retaliation names the complaint it follows): those the use case found of the same
   * enterprise that the actor may read, by number.
   */
  readonly referencedCases?: ReadonlyMap<string, ReferencedCase>;
}

/** An earlier case a registration refers to, as the use case found it. */
export interface ReferencedCase {
  readonly id: string;
  readonly number: string;
  readonly title: string;
}

/** The event a decider returns, before the case's history places it. */
export const draft = <T extends string, P>(
  type: T,
  payload: P,
  rule: RuleId | null,
  stateAfter: CaseState,
  deadline: LocalDate | null,
): Draft<T, P> => ({ type, payload, rule, stateAfter, deadline });

/** The deadline of `state` entered today (S1), or null for a state without a time limit. */
export const timed = (state: CaseState, context: DecideContext): LocalDate | null =>
  stateDeadline(state, context.today, context.timeLimits, context.calendar);
