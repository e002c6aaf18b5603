import { AppError } from './errors.ts';

/**
 * A calendar date in Asia/Shanghai as `YYYY-MM-DD` (years 0001–9999). Deadlines in the platform
 * are whole Chinese calendar days, so dates never carry a time or a zone.
 */
export type LocalDate = string;

/**
 * Official days off and official working weekends for a span of years, as published each year
 * by the General Office of the State Council (国务院办公厅关于部分节假日安排的通知).
 */
export interface HolidayCalendar {
  /** 法定节假日 and the days bridged to them: days off, whatever the weekday. */
  readonly holidays: ReadonlySet<LocalDate>;
  /** 调休上班: Saturdays and Sundays that are official working days. */
  readonly workdays: ReadonlySet<LocalDate>;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Integer proleptic-Gregorian day arithmetic (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"), with years starting on 1 March so the leap day falls last; `Date.UTC` is avoided
// because it maps years 0–99 to 1900–1999.
const DAYS_PER_ERA = 146_097;
const EPOCH_SHIFT = 719_468;

function daysBeforeYearOfEra(yearOfEra: number): number {
  return yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
}

function dayNumberOf(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * DAYS_PER_ERA + daysBeforeYearOfEra(yearOfEra) + dayOfYear - EPOCH_SHIFT;
}

function dateOfDayNumber(dayNumber: number): LocalDate {
  const shifted = dayNumber + EPOCH_SHIFT;
  const era = Math.floor(shifted / DAYS_PER_ERA);
  const dayOfEra = shifted - era * DAYS_PER_ERA;
  const leapDays =
    Math.floor(dayOfEra / 1460) - Math.floor(dayOfEra / 36_524) + Math.floor(dayOfEra / 146_096);
  const yearOfEra = Math.floor((dayOfEra - leapDays) / 365);
  const dayOfYear = dayOfEra - daysBeforeYearOfEra(yearOfEra);
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${padDigits(year, 4)}-${padDigits(month, 2)}-${padDigits(day, 2)}`;
}

function padDigits(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** True when `value` is a `YYYY-MM-DD` string naming a real date (2026-02-30 is not). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') {
    return false;
  }
  const match = DATE_PATTERN.exec(value);
  if (match === null) {
    return false;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Narrows `value` to `LocalDate`.
 * @throws AppError DATE_INVALID when `value` is not a real `YYYY-MM-DD` date.
 */
export function assertLocalDate(value: unknown, field = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new AppError('DATE_INVALID', `日期格式不正确：“${String(value)}”。请输入如 2026-03-05 的日期`, {
      field,
      value,
    });
  }
}

function dayNumber(date: LocalDate, field: string): number {
  assertLocalDate(date, field);
  return dayNumberOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

const MIN_DAY_NUMBER = dayNumberOf(1, 1, 1);
const MAX_DAY_NUMBER = dayNumberOf(9999, 12, 31);

function fromDayNumber(value: number): LocalDate {
  if (value < MIN_DAY_NUMBER || value > MAX_DAY_NUMBER) {
    throw new AppError('DATE_INVALID', '日期超出可处理的范围（0001-01-01 至 9999-12-31）', {
      dayNumber: value,
    });
  }
  return dateOfDayNumber(value);
}

function assertCount(count: number, name: string): void {
  if (!Number.isSafeInteger(count)) {
    throw new RangeError(`${name} must be a safe integer, got ${count}`);
  }
}

// Asia/Shanghai has had no daylight saving since 1991: from 1992 on its offset is a fixed +08:00
// and the date is arithmetic (hot: every request asks for today, often several times). Earlier
// instants ask the zone database, the authority for the offsets of the DST years.
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const FIXED_OFFSET_FROM = Date.UTC(1991, 11, 31, 16); // 1992-01-01T00:00:00+08:00
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** The last instant of 9999-12-31 in Shanghai; later ones go to the zone database (and fail as the other dates do). */
const MAX_FIXED_OFFSET_INSTANT = (MAX_DAY_NUMBER + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;

/**
 * The calendar date in Asia/Shanghai at the instant `now`.
 * @throws AppError DATE_INVALID when `now` is an invalid Date.
 */
export function todayInShanghai(now: Date): LocalDate {
  const time = now.getTime();
  if (Number.isNaN(time)) {
    throw new AppError('DATE_INVALID', '当前时间无效', { value: String(now) });
  }
  if (time >= FIXED_OFFSET_FROM && time <= MAX_FIXED_OFFSET_INSTANT) {
    return dateOfDayNumber(Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS));
  }
  const parts = Object.fromEntries(
    SHANGHAI_DATE.formatToParts(now).map((part) => [part.type, part.value]),
  );
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/**
 * The date `days` calendar days after `date` (before it when negative).
 * @throws AppError DATE_INVALID when `date` is invalid or the result leaves years 0001–9999.
 * @throws RangeError when `days` is not a safe integer.
 */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  assertCount(days, 'days');
  return fromDayNumber(dayNumber(date, 'date') + days);
}

/**
 * −1, 0 or 1 as `a` is before, on or after `b`.
 * @throws AppError DATE_INVALID when either date is invalid.
 */
export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return Math.sign(dayNumber(a, 'a') - dayNumber(b, 'b')) as -1 | 0 | 1;
}

/**
 * Calendar days from `a` to `b` (b − a); negative when `b` is earlier.
 * @throws AppError DATE_INVALID when either date is invalid.
 */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b, 'b') - dayNumber(a, 'a');
}

/**
 * The Monday that starts the ISO week (Monday to Sunday) of `date`.
 * @throws AppError DATE_INVALID when `date` is invalid.
 */
export function isoWeekStart(date: LocalDate): LocalDate {
  const value = dayNumber(date, 'date');
  return fromDayNumber(value - weekdayOf(value));
}

/**
 * The calendar year of `date`.
 * @throws AppError DATE_INVALID when `date` is invalid.
 */
export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}

/**
 * 31 December of the year of `date`: the A2 deadline for an amount confirmed on `date`.
 * @throws AppError DATE_INVALID when `date` is invalid.
 */
export function yearEnd(date: LocalDate): LocalDate {
  assertLocalDate(date);
  return `${date.slice(0, 4)}-12-31`;
}

/** 0 = Monday … 6 = Sunday of a day number (day 0, 1970-01-01, was a Thursday). */
function weekdayOf(value: number): number {
  return (((value + 3) % 7) + 7) % 7;
}

/**
 * A calendar's exceptions as day numbers, so that counting working days needs no date string per
 * day: the supervision sweep counts them for every open case it reads.
 */
interface CalendarIndex {
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  /** Days off on a Monday to Friday that are not also listed as working days, ascending: each takes one working day from a range. */
  readonly weekdayHolidays: readonly number[];
  /** Saturdays and Sundays listed as working days, ascending: each adds one. */
  readonly weekendWorkdays: readonly number[];
}

/** Built once per calendar object (its sets are read-only: a calendar is replaced, never edited). */
const calendarIndexes = new WeakMap<HolidayCalendar, CalendarIndex>();

function calendarIndex(calendar: HolidayCalendar): CalendarIndex {
  let index = calendarIndexes.get(calendar);
  if (index === undefined) {
    const holidays = new Set([...calendar.holidays].map((day) => dayNumber(day, 'day')));
    const workdays = new Set([...calendar.workdays].map((day) => dayNumber(day, 'day')));
    const ascending = (days: Iterable<number>) => [...days].sort((a, b) => a - b);
    index = {
      holidays,
      workdays,
      weekdayHolidays: ascending([...holidays].filter((day) => weekdayOf(day) < 5 && !workdays.has(day))),
      weekendWorkdays: ascending([...workdays].filter((day) => weekdayOf(day) >= 5)),
    };
    calendarIndexes.set(calendar, index);
  }
  return index;
}

/** The one rule of a working day: a listed working day, or a Monday to Friday that is not a listed day off. */
function isWorkingDayNumber(value: number, index: CalendarIndex): boolean {
  return index.workdays.has(value) || (weekdayOf(value) < 5 && !index.holidays.has(value));
}

/** How many of the ascending `days` are ≤ `value`. */
function countUpTo(days: readonly number[], value: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The Mondays to Fridays d with `after` < d ≤ `until` (`after` < `until`). */
function weekdaysBetween(after: number, until: number): number {
  const weeks = Math.floor((until - after) / 7);
  let count = weeks * 5;
  for (let value = after + weeks * 7 + 1; value <= until; value += 1) {
    if (weekdayOf(value) < 5) count += 1;
  }
  return count;
}

/**
 * True for a Monday–Friday that is not an official day off, and for an official working weekend.
 * @throws AppError DATE_INVALID when `date` is invalid.
 */
export function isWorkingDay(date: LocalDate, calendar: HolidayCalendar): boolean {
  return isWorkingDayNumber(dayNumber(date, 'date'), calendarIndex(calendar));
}

/**
 * The `count`-th working day after `date`; `date` itself never counts, and a count of 0 returns
 * `date` unchanged.
 * @throws AppError DATE_INVALID when `date` is invalid or the search leaves years 0001–9999.
 * @throws RangeError when `count` is negative or not a safe integer.
 */
export function addWorkingDays(
  date: LocalDate,
  count: number,
  calendar: HolidayCalendar,
): LocalDate {
  assertCount(count, 'count');
  if (count < 0) {
    throw new RangeError(`count must not be negative, got ${count}`);
  }
  let current = dayNumber(date, 'date');
  if (count === 0) {
    return date;
  }
  const index = calendarIndex(calendar);
  for (let remaining = count; remaining > 0; ) {
    current += 1;
    if (current > MAX_DAY_NUMBER) {
      return fromDayNumber(current);
    }
    if (isWorkingDayNumber(current, index)) {
      remaining -= 1;
    }
  }
  return fromDayNumber(current);
}

/**
 * The number of working days d with `from` < d ≤ `to`; 0 when `to` is not after `from`. Counted
 * by whole weeks, less the weekday holidays and plus the working weekends in between.
 * @throws AppError DATE_INVALID when either date is invalid.
 */
export function workingDaysBetween(
  from: LocalDate,
  to: LocalDate,
  calendar: HolidayCalendar,
): number {
  const end = dayNumber(to, 'to');
  const start = dayNumber(from, 'from');
  if (end <= start) {
    return 0;
  }
  const index = calendarIndex(calendar);
  const inRange = (days: readonly number[]) => countUpTo(days, end) - countUpTo(days, start);
  return weekdaysBetween(start, end) - inRange(index.weekdayHolidays) + inRange(index.weekendWorkdays);
}

/**
 * Builds a calendar from rows such as those of `officialHolidayRows`.
 * @throws AppError DATE_INVALID when a day is not a real date, or one day is listed both as a
 *   day off and as a working day.
 */
export function holidayCalendar(
  entries: Iterable<{ readonly day: LocalDate; readonly kind: 'holiday' | 'workday' }>,
): HolidayCalendar {
  const holidays = new Set<LocalDate>();
  const workdays = new Set<LocalDate>();
  for (const { day, kind } of entries) {
    assertLocalDate(day, 'day');
    (kind === 'holiday' ? holidays : workdays).add(day);
  }
  for (const day of holidays) {
    if (workdays.has(day)) {
      throw new AppError('DATE_INVALID', `节假日安排有冲突：${day} 同时被列为放假日和调休上班日`, {
        day,
      });
    }
  }
  return { holidays, workdays };
}
