/**
 * The supervision ladder (S2): reminder before a deadline, urging once it is overdue, formal
 * supervision (督办) by 营商办 after a delay, then an interview (约谈) and public notice (通报) in
 * the next report — 督办、约谈、通报 in the order of 保障中小企业款项支付条例 第二十三条. Pure: the
 * scheduled sweep passes the case, what was already raised and `today`.
 */
import { addWorkingDays, compareLocalDates, workingDaysBetween, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../case/record.ts';
import { isCaseOpen, isClockStopped, type CaseState } from '../case/states.ts';

/** S2: a reminder goes out when the deadline is at most this many working days ahead. */
export const REMINDER_WORKING_DAYS_AHEAD = 3;
/** S2: formal supervision (督办) when overdue by more than this many working days. */
export const SUPERVISION_AFTER_WORKING_DAYS = 5;
/** Art. 23: an interview (约谈) when overdue by more than this many working days. */
export const INTERVIEW_AFTER_WORKING_DAYS = 10;
/** S2: public notice (通报) when overdue by more than this many working days. */
export const NOTICE_AFTER_WORKING_DAYS = 15;

/** The ladder's thresholds in working days (S2: "after a configured delay"), per tenant. */
export interface LadderThresholds {
  /** A reminder when the deadline is at most this many working days ahead (0: on the day only). */
  readonly reminderDaysAhead: number;
  /** 督办 when overdue by more than this many working days. */
  readonly supervisionAfterDays: number;
  /** 约谈 when overdue by more than this many working days; more than `supervisionAfterDays`. */
  readonly interviewAfterDays: number;
  /** 通报 when overdue by more than this many working days; more than `interviewAfterDays`. */
  readonly noticeAfterDays: number;
}

export const DEFAULT_LADDER_THRESHOLDS: LadderThresholds = {
  reminderDaysAhead: REMINDER_WORKING_DAYS_AHEAD,
  supervisionAfterDays: SUPERVISION_AFTER_WORKING_DAYS,
  interviewAfterDays: INTERVIEW_AFTER_WORKING_DAYS,
  noticeAfterDays: NOTICE_AFTER_WORKING_DAYS,
};

/** Bounds of each threshold, the same as the table's checks (migrations 0008 and 0038). */
export const LADDER_THRESHOLD_BOUNDS = {
  reminderDaysAhead: { min: 0, max: 30 },
  supervisionAfterDays: { min: 1, max: 60 },
  interviewAfterDays: { min: 2, max: 90 },
  noticeAfterDays: { min: 3, max: 120 },
} as const satisfies Record<keyof LadderThresholds, { min: number; max: number }>;

export interface LadderInput {
  readonly state: CaseState;
  readonly deadline: LocalDate | null;
  /** The steps already raised for this same deadline (manual or automatic). */
  readonly raised: readonly SupervisionLevel[];
  readonly today: LocalDate;
  readonly calendar: HolidayCalendar;
  /** The tenant's thresholds; the defaults when not given. */
  readonly thresholds?: LadderThresholds;
}

/** Working days after the deadline up to and including `today`; 0 when not overdue. */
export const workingDaysOverdue = (deadline: LocalDate, today: LocalDate, calendar: HolidayCalendar): number =>
  workingDaysBetween(deadline, today, calendar);

const rank = (level: SupervisionLevel): number => SUPERVISION_LEVELS.indexOf(level);

/** Whether `level` is due on `today` for `deadline`, ignoring what was already raised. */
const isDue = (
  level: SupervisionLevel,
  deadline: LocalDate,
  today: LocalDate,
  calendar: HolidayCalendar,
  thresholds: LadderThresholds,
): boolean => {
  const overdue = compareLocalDates(today, deadline) > 0;
  switch (level) {
    case 'reminder':
      // A reminder about a deadline already passed says nothing the urging does not: once
      // overdue, the reminder is skipped, also after a clock jump.
      return !overdue && workingDaysBetween(today, deadline, calendar) <= thresholds.reminderDaysAhead;
    case 'urging':
      return overdue;
    case 'supervision':
      return overdue && workingDaysOverdue(deadline, today, calendar) > thresholds.supervisionAfterDays;
    case 'interview':
      return overdue && workingDaysOverdue(deadline, today, calendar) > thresholds.interviewAfterDays;
    case 'notice':
      return overdue && workingDaysOverdue(deadline, today, calendar) > thresholds.noticeAfterDays;
  }
};

/**
 * The first deadline for which no step of the ladder can be due on `today`: the working day
 * `reminderDaysAhead + 1` working days ahead. A deadline on or after it is more than
 * `reminderDaysAhead` working days away (no reminder) and not past (no other step), so the sweep
 * reads only cases whose deadline comes before it.
 */
export const ladderHorizon = (today: LocalDate, calendar: HolidayCalendar, thresholds: LadderThresholds = DEFAULT_LADDER_THRESHOLDS): LocalDate =>
  addWorkingDays(today, thresholds.reminderDaysAhead + 1, calendar);

/**
 * The steps of the ladder due on `today` and not yet raised for the case's current deadline,
 * lowest first. The ladder only climbs: a step at or below the highest one already raised for
 * this deadline (say a manual 督办) is not raised again, so each (deadline, level) is raised at
 * most once. A new deadline (next installment, extension) starts the ladder afresh because the
 * caller passes only the steps raised for that deadline. Cases in court (A6), closed, dismissed
 * or without a deadline get nothing.
 */
export const dueSupervisionSteps = (input: LadderInput): SupervisionLevel[] => {
  const { state, deadline, raised, today, calendar, thresholds = DEFAULT_LADDER_THRESHOLDS } = input;
  if (deadline === null || !isCaseOpen(state) || isClockStopped(state)) return [];
  const highest = raised.reduce((top, level) => Math.max(top, rank(level)), -1);
  return SUPERVISION_LEVELS.filter((level) => rank(level) > highest && isDue(level, deadline, today, calendar, thresholds));
};

/**
 * The problem with a set of thresholds, in Chinese, with the field it concerns; null when they
 * are valid (whole numbers within `LADDER_THRESHOLD_BOUNDS`, 约谈 later than 督办, 通报 later than 约谈).
 */
export const ladderThresholdsProblem = (thresholds: LadderThresholds): { field: keyof LadderThresholds; message: string } | null => {
  const labels = { reminderDaysAhead: '到期前提醒', supervisionAfterDays: '逾期转督办', interviewAfterDays: '逾期转约谈', noticeAfterDays: '逾期转通报' } as const;
  for (const field of Object.keys(LADDER_THRESHOLD_BOUNDS) as (keyof LadderThresholds)[]) {
    const { min, max } = LADDER_THRESHOLD_BOUNDS[field];
    const value = thresholds[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      return { field, message: `“${labels[field]}”应为${min}—${max}之间的整数（工作日）` };
    }
  }
  if (thresholds.interviewAfterDays <= thresholds.supervisionAfterDays) {
    return { field: 'interviewAfterDays', message: '逾期转约谈的工作日数应大于逾期转督办的工作日数' };
  }
  if (thresholds.noticeAfterDays <= thresholds.interviewAfterDays) {
    return { field: 'noticeAfterDays', message: '逾期转通报的工作日数应大于逾期转约谈的工作日数' };
  }
  return null;
};
