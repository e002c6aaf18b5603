import { addCalendarDays, addWorkingDays, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import type { CaseState } from '../case/states.ts';

/** A state's time limit (S1): a number of working days or calendar days from entry. */
export interface TimeLimit {
  readonly unit: 'working_days' | 'calendar_days';
  readonly days: number;
}

/** The states whose time limit counts from the day they are entered. */
export type TimedState = Extract<
  CaseState,
  'registered' | 'planning' | 'awaiting_consent' | 'negotiating' | 'mediating' | 'changing' | 'settled' | 'feedback_submitted'
>;

export type TimeLimits = Readonly<Record<TimedState, TimeLimit>>;

/**
 * Default limits until the configuration of S1 is edited: the working-day limits follow the
 * usual 交办 practice; `performing` runs to the plan's due date (A1/A2, A3), `litigating` has
 * no limit because the court's clock replaces ours.
 */
export const DEFAULT_TIME_LIMITS: TimeLimits = {
  registered: { unit: 'working_days', days: 5 },
  planning: { unit: 'working_days', days: 10 },
  awaiting_consent: { unit: 'working_days', days: 10 },
  negotiating: { unit: 'working_days', days: 30 },
  mediating: { unit: 'working_days', days: 40 },
  changing: { unit: 'working_days', days: 60 },
  settled: { unit: 'working_days', days: 5 },
  feedback_submitted: { unit: 'working_days', days: 5 },
};

export const TIMED_STATES = Object.keys(DEFAULT_TIME_LIMITS) as TimedState[];

export const isTimedState = (state: string): state is TimedState => Object.hasOwn(DEFAULT_TIME_LIMITS, state);

/**
 * 12345 practice: an enterprise that rated its closed case 不满意 may ask to have it handled again
 * (`request_reopen`) within this many calendar days of its rating, the day rated counting as day 0.
 */
export const REOPEN_REQUEST_DAYS = 15;

/** The deadline of a timed state entered on `enteredOn`, or null for an untimed state (S1). */
export const stateDeadline = (
  state: CaseState,
  enteredOn: LocalDate,
  limits: TimeLimits,
  calendar: HolidayCalendar,
): LocalDate | null => {
  if (!isTimedState(state)) return null;
  const limit = limits[state];
  return limit.unit === 'working_days'
    ? addWorkingDays(enteredOn, limit.days, calendar)
    : addCalendarDays(enteredOn, limit.days);
};

export const DEADLINE_STATUSES = ['none', 'on_track', 'due_soon', 'overdue'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DEADLINE_STATUS_LABEL = {
  none: '无期限',
  on_track: '正常',
  due_soon: '临期',
  overdue: '逾期',
} satisfies Record<DeadlineStatus, string>;

/** How many calendar days before a deadline a case counts as due soon (S2 reminder). */
export const DUE_SOON_DAYS = 7;

/** A deadline's status on `today`: overdue the day after the deadline passes. */
export const deadlineStatus = (deadline: LocalDate | null, today: LocalDate): DeadlineStatus => {
  if (deadline === null) return 'none';
  if (today > deadline) return 'overdue';
  return addCalendarDays(today, DUE_SOON_DAYS) >= deadline ? 'due_soon' : 'on_track';
};
