/**
 * When each scripted step of the demo happens: on working days, in office hours, Asia/Shanghai.
 * Pure: the same cases, calendar and "now" give the same timeline.
 */
import { addCalendarDays, addWorkingDays, isWorkingDay, type HolidayCalendar, type LocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { DemoCase } from './script.ts';

export interface ScheduledCase {
  readonly script: DemoCase;
  readonly registeredAt: Date;
  /** One instant per step, strictly after the one before. */
  readonly stepTimes: readonly Date[];
}

export interface DemoTimeline {
  /** Cases in order of registration. */
  readonly cases: readonly ScheduledCase[];
  /** Weeks the script was moved back so that nothing happens after "now". */
  readonly shiftWeeks: number;
  readonly first: Date;
  readonly last: Date;
}

// Office hours: 09:00–11:45 and 14:00–17:15, in 15-minute slots.
const SLOTS = [
  ...Array.from({ length: 12 }, (_, index) => 9 * 60 + index * 15),
  ...Array.from({ length: 14 }, (_, index) => 14 * 60 + index * 15),
];

const instant = (date: LocalDate, minutes: number): Date => {
  const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mins = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hours}:${mins}:00+08:00`);
};

/** A stable spread of times of day, so the history does not look machine-made. */
const slot = (caseIndex: number, stepIndex: number): number => SLOTS[(caseIndex * 7 + stepIndex * 11 + 3) % SLOTS.length]!;

const onOrAfterWorkingDay = (date: LocalDate, calendar: HolidayCalendar): LocalDate =>
  isWorkingDay(date, calendar) ? date : addWorkingDays(date, 1, calendar);

const onOrBeforeWorkingDay = (date: LocalDate, calendar: HolidayCalendar): LocalDate => {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addCalendarDays(day, -1);
  return day;
};

const scheduleCase = (script: DemoCase, caseIndex: number, shiftWeeks: number, calendar: HolidayCalendar): ScheduledCase => {
  let date = onOrAfterWorkingDay(addCalendarDays(script.registeredOn, -7 * shiftWeeks), calendar);
  let previous = instant(date, slot(caseIndex, 0));
  const registeredAt = previous;
  let planDates: LocalDate[] = [];
  let paid = 0;
  const stepTimes: Date[] = [];
  script.steps.forEach((step, index) => {
    const stepDate: LocalDate =
      step.after === 'due'
        ? onOrBeforeWorkingDay(planDates[paid++] ?? date, calendar)
        : addWorkingDays(date, step.after, calendar);
    let at: Date;
    if (stepDate > date) {
      date = stepDate;
      at = instant(date, slot(caseIndex, index + 1));
    } else {
      // A due date already reached: the same day, a little later.
      at = new Date(previous.getTime() + 40 * 60 * 1000);
    }
    if (step.plan !== undefined) {
      planDates = step.plan.map((days) => addCalendarDays(date, days));
      paid = 0;
    }
    stepTimes.push(at);
    previous = at;
  });
  return { script, registeredAt, stepTimes };
};

const lastOf = (scheduled: ScheduledCase): Date => scheduled.stepTimes.at(-1) ?? scheduled.registeredAt;

/**
 * Lays the script on the calendar as written, or moved back by whole weeks when its last
 * step would fall after `now` (a demo seeded before the script's dates).
 * @throws AppError INTERNAL when no shift within two years fits
 */
export const scheduleDemo = (cases: readonly DemoCase[], calendar: HolidayCalendar, now: Date): DemoTimeline => {
  const DAY = 24 * 60 * 60 * 1000;
  for (let shiftWeeks = 0; shiftWeeks <= 104; ) {
    const scheduled = cases
      .map((script, index) => scheduleCase(script, index, shiftWeeks, calendar))
      .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    const last = new Date(Math.max(...scheduled.map((item) => lastOf(item).getTime())));
    if (last <= now) {
      return { cases: scheduled, shiftWeeks, first: scheduled[0]!.registeredAt, last };
    }
    shiftWeeks += Math.max(1, Math.ceil((last.getTime() - now.getTime()) / (7 * DAY)));
  }
  throw new AppError('INTERNAL', '演示数据的时间线无法安排在当前时间之前');
};
