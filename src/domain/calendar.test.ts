import { isWorkday as packageSaysWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  assertLocalDate,
  compareLocalDates,
  daysBetween,
  holidayCalendar,
  isLocalDate,
  isoWeekStart,
  isWorkingDay,
  todayInShanghai,
  workingDaysBetween,
  yearEnd,
  yearOf,
  type HolidayCalendar,
  type LocalDate,
} from './calendar.ts';
import { AppError } from './errors.ts';
import { officialHolidayRows } from './holidays-official.ts';

const rows = officialHolidayRows([2025, 2026]);
const calendar = holidayCalendar(rows);

function datesFrom(first: LocalDate, last: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let day = first; compareLocalDates(day, last) <= 0; day = addCalendarDays(day, 1)) {
    dates.push(day);
  }
  return dates;
}

function rowOf(day: LocalDate) {
  return rows.find((row) => row.day === day);
}

function dateErrorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DATE_INVALID');
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** Any date from 1900 to 2100, drawn by day so every date is equally likely. */
const anyDate = fc
  .integer({ min: 0, max: daysBetween('1900-01-01', '2100-12-31') })
  .map((offset) => addCalendarDays('1900-01-01', offset));
/** Dates inside and just around the official 2025–2026 data. */
const officialEraDate = fc
  .integer({ min: 0, max: daysBetween('2024-12-01', '2026-12-31') })
  .map((offset) => addCalendarDays('2024-12-01', offset));

describe('isoWeekStart', () => {
  it('gives the Monday of the ISO week, across months and years', () => {
    expect(isoWeekStart('2026-03-02')).toBe('2026-03-02');
    expect(isoWeekStart('2026-03-08')).toBe('2026-03-02');
    expect(isoWeekStart('2026-01-01')).toBe('2025-12-29');
    expect(isoWeekStart('2024-03-03')).toBe('2024-02-26');
  });
});

describe('LocalDate', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    for (const date of ['2026-03-05', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      expect(isLocalDate(date)).toBe(true);
    }
    for (const value of [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '2026-1-05',
      '2026/01/05',
      ' 2026-01-05',
      '2026-01-05T00:00',
      20260105,
      null,
    ]) {
      expect(isLocalDate(value)).toBe(false);
    }
  });

  it('assertLocalDate names the field and the value in Chinese', () => {
    const error = dateErrorOf(() => assertLocalDate('2026-02-30', 'confirmedOn'));
    expect(error.message).toBe('日期格式不正确：“2026-02-30”。请输入如 2026-03-05 的日期');
    expect(error.details).toEqual({ field: 'confirmedOn', value: '2026-02-30' });
  });

  it('takes today from the Shanghai wall clock, which turns at 16:00 UTC', () => {
    expect(todayInShanghai(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(todayInShanghai(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
    expect(todayInShanghai(new Date('2026-03-05T08:00:00+08:00'))).toBe('2026-03-05');
    dateErrorOf(() => todayInShanghai(new Date(Number.NaN)));
  });

  it('takes today as the zone database does, the DST years of 1986–1991 included, at any instant', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2200, 0, 1) }), (time) => {
        expect(todayInShanghai(new Date(time))).toBe(zone.format(new Date(time)));
      }),
      { numRuns: 20_000 },
    );
    // The fixed offset's first instant.
    expect(todayInShanghai(new Date('1991-12-31T16:00:00Z'))).toBe('1992-01-01');
  });

  it('agrees with UTC midnight arithmetic on every date from 1900 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 47_846 }), (epochDay) => {
        const expected = new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
        return addCalendarDays('1970-01-01', epochDay) === expected;
      }),
    );
  });

  it('adds and counts calendar days across month, leap-day and year ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCalendarDays('2026-03-05', 0)).toBe('2026-03-05');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-05', '2026-03-01')).toBe(-4);
    dateErrorOf(() => addCalendarDays('9999-12-31', 1));
    dateErrorOf(() => addCalendarDays('2026-02-30', 1));
    expect(() => addCalendarDays('2026-03-05', 0.5)).toThrow(RangeError);
  });

  it('keeps daysBetween and addCalendarDays inverse to each other', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -20_000, max: 20_000 }), (date, days) => {
        const later = addCalendarDays(date, days);
        return (
          daysBetween(date, later) === days && compareLocalDates(later, date) === Math.sign(days)
        );
      }),
    );
  });

  it('compares dates', () => {
    expect(compareLocalDates('2025-12-31', '2026-01-01')).toBe(-1);
    expect(compareLocalDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(compareLocalDates('2026-01-02', '2026-01-01')).toBe(1);
  });

  it('puts the A2 deadline on 31 December of the year the amount was confirmed', () => {
    expect(yearEnd('2026-03-05')).toBe('2026-12-31');
    expect(yearEnd('2025-12-31')).toBe('2025-12-31');
    expect(yearEnd('2024-01-01')).toBe('2024-12-31');
    expect(yearOf('2026-03-05')).toBe(2026);
    dateErrorOf(() => yearEnd('2026-02-30'));
  });
});

describe('official holiday data (chinese-days)', () => {
  it('has no rows for a year not yet announced', () => {
    expect(officialHolidayRows([2027])).toEqual([]);
    expect(officialHolidayRows([])).toEqual([]);
  });

  it('returns only the years asked for, sorted by day, with Chinese names', () => {
    const only2025 = officialHolidayRows([2025]);
    expect(only2025.length).toBeGreaterThan(0);
    expect(only2025.every((row) => row.day.startsWith('2025-'))).toBe(true);
    expect(only2025.map((row) => row.day)).toEqual(only2025.map((row) => row.day).sort());
    expect(new Set(only2025.map((row) => row.name))).toEqual(
      new Set(['元旦', '春节', '清明', '劳动节', '端午', '国庆节', '中秋']),
    );
  });

  it('lists only weekend days as 调休 working days in 2025 and 2026', () => {
    const workdays = rows.filter((row) => row.kind === 'workday').map((row) => row.day);
    expect(workdays).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('matches the package’s own isWorkday on every day of 2025 and 2026', () => {
    for (const day of datesFrom('2025-01-01', '2026-12-31')) {
      expect(isWorkingDay(day, calendar), day).toBe(packageSaysWorkday(day));
    }
  });
});

describe('working days under the official 2025 and 2026 calendars', () => {
  const offAndWorking: [string, LocalDate, LocalDate, string, LocalDate[]][] = [
    ['春节 2025', '2025-01-28', '2025-02-04', '春节', ['2025-01-26', '2025-02-08']],
    ['劳动节 2025', '2025-05-01', '2025-05-05', '劳动节', ['2025-04-27']],
    ['国庆节 and 中秋 2025', '2025-10-01', '2025-10-08', '国庆节', ['2025-09-28', '2025-10-11']],
    ['元旦 2026', '2026-01-01', '2026-01-03', '元旦', ['2026-01-04']],
    ['春节 2026', '2026-02-15', '2026-02-23', '春节', ['2026-02-14', '2026-02-28']],
    ['国庆节 2026', '2026-10-01', '2026-10-07', '国庆节', ['2026-09-20', '2026-10-10']],
  ];

  it.each(offAndWorking)('%s: %s to %s are off and the 调休 weekends are worked', (
    _label,
    first,
    last,
    name,
    workdays,
  ) => {
    for (const day of datesFrom(first, last)) {
      expect(isWorkingDay(day, calendar), day).toBe(false);
      expect(rowOf(day)?.kind, day).toBe('holiday');
    }
    expect(isWorkingDay(addCalendarDays(first, -1), calendar)).toBe(true);
    expect(isWorkingDay(addCalendarDays(last, 1), calendar)).toBe(true);
    for (const day of workdays) {
      expect(isWorkingDay(day, calendar), day).toBe(true);
      expect(rowOf(day), day).toEqual({ day, kind: 'workday', name });
    }
  });

  it('names 2025-10-06 中秋 inside the 国庆节 break', () => {
    expect(rowOf('2025-10-06')?.name).toBe('中秋');
    expect(rowOf('2025-10-05')?.name).toBe('国庆节');
  });

  it('treats an ordinary weekend as off and an ordinary weekday as working', () => {
    expect(isWorkingDay('2025-03-08', calendar)).toBe(false);
    expect(isWorkingDay('2025-03-09', calendar)).toBe(false);
    expect(isWorkingDay('2025-03-10', calendar)).toBe(true);
  });

  it('counts from 30 September past the whole 国庆节 break to 9 October', () => {
    expect(addWorkingDays('2025-09-30', 1, calendar)).toBe('2025-10-09');
    expect(workingDaysBetween('2025-09-30', '2025-10-09', calendar)).toBe(1);
  });

  it('lands on the 调休 Sunday one working day after a Friday', () => {
    expect(addWorkingDays('2025-09-26', 1, calendar)).toBe('2025-09-28');
  });

  it('does not count the start day, and returns it unchanged for zero days', () => {
    expect(addWorkingDays('2025-03-10', 1, calendar)).toBe('2025-03-11');
    expect(addWorkingDays('2025-10-01', 0, calendar)).toBe('2025-10-01');
    expect(addWorkingDays('2025-03-07', 1, calendar)).toBe('2025-03-10');
    expect(addWorkingDays('2026-02-13', 1, calendar)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1, calendar)).toBe('2026-02-24');
  });

  it('counts working days in a half-open range (from, to]', () => {
    expect(workingDaysBetween('2025-03-10', '2025-03-10', calendar)).toBe(0);
    expect(workingDaysBetween('2025-03-14', '2025-03-10', calendar)).toBe(0);
    expect(workingDaysBetween('2025-03-07', '2025-03-14', calendar)).toBe(5);
    // 2025: 365 days, 104 weekend days, 18 weekdays off, 5 调休 weekends.
    expect(workingDaysBetween('2024-12-31', '2025-12-31', calendar)).toBe(365 - 104 - 18 + 5);
  });

  it('refuses a negative or fractional count of working days', () => {
    expect(() => addWorkingDays('2025-03-10', -1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-10', 1.5, calendar)).toThrow(RangeError);
  });

  it('always lands on a working day, exactly n working days later', () => {
    fc.assert(
      fc.property(officialEraDate, fc.integer({ min: 0, max: 80 }), (date, count) => {
        const due = addWorkingDays(date, count, calendar);
        return (
          (count === 0 || isWorkingDay(due, calendar)) &&
          workingDaysBetween(date, due, calendar) === count &&
          (count === 0 ||
            workingDaysBetween(date, addCalendarDays(due, -1), calendar) === count - 1)
        );
      }),
    );
  });

  it('keeps the same laws with no holidays at all, across two centuries', () => {
    const weekendsOnly = holidayCalendar([]);
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 30 }), (date, count) => {
        const due = addWorkingDays(date, count, weekendsOnly);
        return (
          (count === 0 || isWorkingDay(due, weekendsOnly)) &&
          workingDaysBetween(date, due, weekendsOnly) === count &&
          // Without holidays five working days always span exactly one week.
          workingDaysBetween(date, addCalendarDays(date, 7), weekendsOnly) === 5
        );
      }),
    );
  });
});

describe('working days counted by weeks', () => {
  /** The definition, one day after another: what workingDaysBetween and addWorkingDays must agree with. */
  const countOneByOne = (from: LocalDate, to: LocalDate, days: HolidayCalendar) => {
    let count = 0;
    for (let day = addCalendarDays(from, 1); compareLocalDates(day, to) <= 0; day = addCalendarDays(day, 1)) {
      if (isWorkingDay(day, days)) count += 1;
    }
    return count;
  };
  const walkOneByOne = (from: LocalDate, count: number, days: HolidayCalendar) => {
    let day = from;
    for (let remaining = count; remaining > 0; ) {
      day = addCalendarDays(day, 1);
      if (isWorkingDay(day, days)) remaining -= 1;
    }
    return day;
  };
  /** A calendar of random days off and working days (weekdays and weekends alike) around 2025–2027, none both. */
  const randomCalendar = fc
    .uniqueArray(fc.integer({ min: 0, max: 3 * 366 }), { maxLength: 80 })
    .chain((offsets) => fc.tuple(fc.constant(offsets), fc.array(fc.boolean(), { minLength: offsets.length, maxLength: offsets.length })))
    .map(([offsets, off]) => holidayCalendar(offsets.map((offset, i) => ({ day: addCalendarDays('2024-12-01', offset), kind: off[i] ? ('holiday' as const) : ('workday' as const) }))));
  const around = fc.integer({ min: -40, max: 3 * 366 + 40 }).map((offset) => addCalendarDays('2024-12-01', offset));

  it('counts what a walk day by day counts, for any two days and any calendar', () => {
    fc.assert(
      fc.property(randomCalendar, around, around, (days, from, to) => workingDaysBetween(from, to, days) === countOneByOne(from, to, days)),
      { numRuns: 300 },
    );
    // The official calendar, over spans up to three years.
    fc.assert(fc.property(officialEraDate, fc.integer({ min: 0, max: 1100 }), (from, span) => {
      const to = addCalendarDays(from, span);
      return workingDaysBetween(from, to, calendar) === countOneByOne(from, to, calendar);
    }), { numRuns: 200 });
  });

  it('lands where a walk day by day lands, for any count and any calendar', () => {
    fc.assert(
      fc.property(randomCalendar, around, fc.integer({ min: 0, max: 60 }), (days, from, count) => addWorkingDays(from, count, days) === walkOneByOne(from, count, days)),
      { numRuns: 300 },
    );
  });

  it('reads a calendar built by hand, with a day both off and working, as isWorkingDay does', () => {
    // holidayCalendar refuses such a day; a literal calendar may still hold one, and the working day wins.
    const both: HolidayCalendar = { holidays: new Set(['2025-03-12', '2025-03-15']), workdays: new Set(['2025-03-12', '2025-03-16']) };
    expect(workingDaysBetween('2025-03-09', '2025-03-16', both)).toBe(countOneByOne('2025-03-09', '2025-03-16', both));
    expect(workingDaysBetween('2025-03-09', '2025-03-16', both)).toBe(6);
    expect(addWorkingDays('2025-03-14', 1, both)).toBe('2025-03-16');
  });

  it('refuses to leave the years 0001–9999', () => {
    expect(() => addWorkingDays('9999-12-30', 5, holidayCalendar([]))).toThrow(AppError);
  });
});

describe('holidayCalendar', () => {
  it('rejects a day listed both as off and as a working day', () => {
    const error = dateErrorOf(() =>
      holidayCalendar([
        { day: '2025-10-01', kind: 'holiday' },
        { day: '2025-10-01', kind: 'workday' },
      ]),
    );
    expect(error.message).toBe('节假日安排有冲突：2025-10-01 同时被列为放假日和调休上班日');
  });

  it('rejects a row whose day is not a real date', () => {
    dateErrorOf(() => holidayCalendar([{ day: '2025-02-29', kind: 'holiday' }]));
  });
});
