/**
 * The deadline's story as the case page tells it (S1, S2): the deadline in force and its
 * status, the extension request waiting for 营商办 and the last decision on one, and the
 * supervision steps raised. Pure: read from the case and its events, as of `today`.
 */
import type { HolidayCalendar, LocalDate } from '../calendar.ts';
import { todayInShanghai } from '../calendar.ts';
import type { EventActor } from '../case/events.ts';
import { SUPERVISION_LEVELS, type CaseRecord, type SupervisionLevel } from '../case/record.ts';
import { isClockStopped } from '../case/states.ts';
import { upcastPayload } from '../case/upcast.ts';
import type { ComplaintClockKind } from './complaint-clocks.ts';
import { workingDaysOverdue } from './ladder.ts';
import { deadlineStatus, type DeadlineStatus } from './time-limits.ts';

/** A deadline's status, or `suspended` while the case is in court (A6: the court's clock replaces ours). */
export type DeadlineStoryStatus = DeadlineStatus | 'suspended';

export const DEADLINE_STORY_STATUS_LABEL = {
  none: '无期限',
  on_track: '正常',
  due_soon: '临期',
  overdue: '逾期',
  suspended: '诉讼中计时中止',
} satisfies Record<DeadlineStoryStatus, string>;

/** What the story needs of an event of the case's history, as stored (it reads older shapes through `upcastPayload`). */
export interface StoryEvent {
  readonly seq: number;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly actor: EventActor;
  /** ISO 8601 instant. */
  readonly at: string;
  /** The case's deadline after the event. */
  readonly deadline: LocalDate | null;
}

export interface ExtensionRequestStory {
  readonly seq: number;
  /** The complaint's written-result time limit (Art. 25) rather than the case's deadline. */
  readonly clock: 'complaint_result' | null;
  readonly newDeadline: LocalDate;
  readonly reason: string;
  readonly requestedBy: EventActor;
  readonly requestedAt: string;
}

export interface ExtensionDecisionStory {
  readonly seq: number;
  readonly clock: 'complaint_result' | null;
  readonly approved: boolean;
  readonly opinion: string;
  readonly newDeadline: LocalDate;
  readonly decidedBy: EventActor;
  readonly decidedAt: string;
}

export interface SupervisionStepStory {
  readonly seq: number;
  readonly level: SupervisionLevel;
  /** The day it was raised (Asia/Shanghai). */
  readonly raisedOn: LocalDate;
  /** The deadline it pressed on (the complaint clock's due day when `clock` is set). */
  readonly deadline: LocalDate | null;
  /** The complaint clock it pressed on (Art. 25); null for the case's deadline. */
  readonly clock: ComplaintClockKind | null;
  readonly note: string;
  /** Raised by the daily sweep rather than by a person. */
  readonly automatic: boolean;
  readonly by: EventActor;
}

export interface DeadlineStory {
  readonly deadline: LocalDate | null;
  readonly status: DeadlineStoryStatus;
  /** Working days past the deadline, 调休 included (S1); 0 unless overdue. */
  readonly overdueWorkingDays: number;
  /** The request still waiting for 营商办 (待审批); null when none is. */
  readonly pendingExtension: ExtensionRequestStory | null;
  /** 营商办's latest decision on an extension (批准 / 不予批准). */
  readonly lastExtensionDecision: ExtensionDecisionStory | null;
  /** The ladder's steps, oldest first. */
  readonly supervisionSteps: SupervisionStepStory[];
}

const field = (payload: unknown, name: string): unknown => (payload as Record<string, unknown> | null)?.[name];
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const clockOf = (payload: unknown): 'complaint_result' | null => (field(payload, 'clock') === 'complaint_result' ? 'complaint_result' : null);

const lastOf = (events: readonly StoryEvent[], type: string): StoryEvent | undefined => events.findLast((event) => event.type === type);

/**
 * The case's deadline story on `today`. A request counts as pending only while the case says so
 * (`record.extension`): one left behind by a change of state is gone with its deadline.
 */
export const deadlineStory = (
  record: Pick<CaseRecord, 'state' | 'deadline' | 'extension'>,
  stored: readonly StoryEvent[],
  today: LocalDate,
  calendar: HolidayCalendar,
): DeadlineStory => {
  const status: DeadlineStoryStatus = isClockStopped(record.state) ? 'suspended' : deadlineStatus(record.deadline, today);
  // The story reads only events every line records the same way.
  const events = stored.map((event) => ({ ...event, payload: upcastPayload(event.type, event.payload, event.deadline, '') }));
  const request = record.extension?.status === 'requested' ? lastOf(events, 'request_extension') : undefined;
  const decision = lastOf(events, 'approve_extension');
  return {
    deadline: record.deadline,
    status,
    overdueWorkingDays: status === 'overdue' && record.deadline !== null ? workingDaysOverdue(record.deadline, today, calendar) : 0,
    pendingExtension:
      request === undefined
        ? null
        : {
            seq: request.seq,
            clock: clockOf(request.payload),
            newDeadline: text(field(request.payload, 'newDeadline')),
            reason: text(field(request.payload, 'reason')),
            requestedBy: request.actor,
            requestedAt: request.at,
          },
    lastExtensionDecision:
      decision === undefined
        ? null
        : {
            seq: decision.seq,
            clock: clockOf(decision.payload),
            approved: field(decision.payload, 'approved') === true,
            opinion: text(field(decision.payload, 'opinion')),
            newDeadline: text(field(decision.payload, 'newDeadline')),
            decidedBy: decision.actor,
            decidedAt: decision.at,
          },
    supervisionSteps: events
      .filter((event) => event.type === 'supervise' && SUPERVISION_LEVELS.includes(field(event.payload, 'level') as SupervisionLevel))
      .map((event) => ({
        seq: event.seq,
        level: field(event.payload, 'level') as SupervisionLevel,
        raisedOn: todayInShanghai(new Date(event.at)),
        deadline: field(event.payload, 'deadline') as LocalDate | null,
        note: text(field(event.payload, 'note')),
        automatic: field(event.payload, 'automatic') === true,
        clock: (field(event.payload, 'clock') as ComplaintClockKind | undefined) ?? null,
        by: event.actor,
      })),
  };
};
