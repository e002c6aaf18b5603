/**
 * Every time-limit rule against the official 2025 and 2026 holiday calendars (S1, S2, A2/I1).
 * Each expected date was counted by hand on the State Council's arrangement, written out in
 * the comment beside it (放 = day off, 班 = 调休 working weekend day).
 */
import { describe, expect, it } from 'vitest';
import { ACTORS, act, calendar, registered } from '../../../test/support/domain.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../calendar.ts';
import { undisputedPath } from '../lines/arrears/rules.ts';
import type { SupervisionLevel } from '../case/record.ts';
import { DEFAULT_LADDER_THRESHOLDS, dueSupervisionSteps, workingDaysOverdue, type LadderThresholds } from './ladder.ts';
import { DEFAULT_TIME_LIMITS, stateDeadline, type TimeLimits } from './time-limits.ts';

describe('the official calendar as the platform reads it', () => {
  it.each([
    ['2025-01-26', true, '春节 班 (Sunday)'],
    ['2025-01-28', false, '春节 放 (Tuesday)'],
    ['2025-02-04', false, '春节 last day off'],
    ['2025-02-08', true, '春节 班 (Saturday)'],
    ['2025-04-04', false, '清明 (Friday)'],
    ['2025-04-27', true, '劳动节 班 (Sunday)'],
    ['2025-05-05', false, '劳动节 last day off (Monday)'],
    ['2025-06-02', false, '端午 (Monday)'],
    ['2025-09-28', true, '国庆 班 (Sunday)'],
    ['2025-10-06', false, '中秋 within 国庆'],
    ['2025-10-08', false, '国庆 last day off (Wednesday)'],
    ['2025-10-11', true, '国庆 班 (Saturday)'],
    ['2026-01-04', true, '元旦 班 (Sunday)'],
    ['2026-02-14', true, '春节 班 (Saturday)'],
    ['2026-02-23', false, '春节 last day off (Monday)'],
    ['2026-02-28', true, '春节 班 (Saturday)'],
    ['2026-04-06', false, '清明 (Monday)'],
    ['2026-05-09', true, '劳动节 班 (Saturday)'],
    ['2026-06-19', false, '端午 (Friday)'],
    ['2026-09-20', true, '国庆 班 (Sunday)'],
    ['2026-09-25', false, '中秋 (Friday)'],
    ['2026-10-07', false, '国庆 last day off (Wednesday)'],
    ['2026-10-10', true, '国庆 班 (Saturday)'],
  ])('%s is a working day: %s (%s)', (day, working) => {
    expect(isWorkingDay(day, calendar)).toBe(working);
  });
});

describe('state time limits in working days across the holidays (S1)', () => {
  it.each([
    // state, entered on, expected deadline, the count by hand
    ['registered', '2025-01-24', '2025-02-07', '5: 01-26 班, 01-27, (01-28…02-04 放), 02-05, 02-06, 02-07'],
    ['registered', '2025-01-27', '2025-02-10', '5: 02-05, 02-06, 02-07, 02-08 班, 02-10'],
    ['registered', '2025-04-03', '2025-04-11', '5: (04-04…04-06 清明), 04-07 … 04-11'],
    ['registered', '2025-04-25', '2025-05-06', '5: 04-27 班, 04-28, 04-29, 04-30, (05-01…05-05 放), 05-06'],
    ['registered', '2025-05-30', '2025-06-09', '5: (05-31…06-02 端午), 06-03 … 06-06, 06-09'],
    ['registered', '2025-09-26', '2025-10-10', '5: 09-28 班, 09-29, 09-30, (10-01…10-08 放), 10-09, 10-10'],
    ['planning', '2025-09-26', '2025-10-16', '10: … 10-10, 10-11 班, 10-13 … 10-16'],
    ['negotiating', '2025-09-15', '2025-10-31', '30: 9 in Sep to 09-26, 09-28 班, 09-29, 09-30, 10-09, 10-10, 10-11 班, then 15 to 10-31'],
    ['registered', '2025-12-31', '2026-01-08', '5: (01-01…01-03 元旦), 01-04 班, 01-05 … 01-08'],
    ['registered', '2026-02-13', '2026-02-27', '5: 02-14 班, (02-15…02-23 放), 02-24 … 02-27'],
    ['planning', '2026-02-13', '2026-03-05', '10: … 02-27, 02-28 班, 03-02 … 03-05'],
    ['registered', '2026-04-03', '2026-04-13', '5: (04-04…04-06 清明), 04-07 … 04-10, 04-13'],
    ['registered', '2026-04-30', '2026-05-11', '5: (05-01…05-05 放), 05-06, 05-07, 05-08, 05-09 班, 05-11'],
    ['registered', '2026-06-18', '2026-06-26', '5: (06-19…06-21 端午), 06-22 … 06-26'],
    ['registered', '2026-09-18', '2026-09-24', '5: 09-20 班, 09-21 … 09-24'],
    ['planning', '2026-09-18', '2026-10-09', '10: … 09-24, (09-25…09-27 中秋), 09-28 … 09-30, (10-01…10-07 国庆), 10-08, 10-09'],
    ['awaiting_consent', '2026-09-30', '2026-10-20', '10: 10-08, 10-09, 10-10 班, 10-12 … 10-16, 10-19, 10-20'],
  ] as const)('%s entered on %s is due %s (%s)', (state, enteredOn, expected, _count) => {
    expect(stateDeadline(state, enteredOn, DEFAULT_TIME_LIMITS, calendar)).toBe(expected);
  });

  it('counts a limit in calendar days straight through a holiday', () => {
    const limits: TimeLimits = { ...DEFAULT_TIME_LIMITS, planning: { unit: 'calendar_days', days: 10 } };
    // 2026-02-13 + 10 calendar days, 春节 or not.
    expect(stateDeadline('planning', '2026-02-13', limits, calendar)).toBe('2026-02-23');
    expect(stateDeadline('planning', '2025-09-30', limits, calendar)).toBe('2025-10-10');
  });

  it('runs no clock in court (A6), while performing a plan, or once finished', () => {
    for (const state of ['litigating', 'performing', 'closed', 'dismissed'] as const) {
      expect(stateDeadline(state, '2026-03-02', DEFAULT_TIME_LIMITS, calendar)).toBeNull();
    }
  });

  it('agrees with counting the working days back', () => {
    for (const [from, days] of [['2025-09-26', 10], ['2026-02-13', 10], ['2025-09-15', 30]] as const) {
      expect(workingDaysBetween(from, addWorkingDays(from, days, calendar), calendar)).toBe(days);
    }
  });
});

describe('the year-end rule (A2, I1)', () => {
  it.each([
    ['2025-03-15', '2025-12-31'],
    ['2025-12-31', '2025-12-31'],
    ['2026-01-01', '2026-12-31'],
  ])('an undisputed sum confirmed on %s is due by %s', (confirmedOn, dueOn) => {
    const path = undisputedPath({ amount: 30_000_000, confirmedOn, paymentDifficulty: null });
    expect(path).toMatchObject({ kind: 'lump_sum', rule: 'A1', plan: { installments: [{ dueOn }] } });
  });

  it('sets the case deadline to 31 December of the confirmation year, holidays notwithstanding', () => {
    const classified = act(
      registered('2025-12-22'),
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000, confirmedOn: '2025-12-20' } },
      ACTORS.debtor,
      '2025-12-22',
    ).record;
    expect(classified).toMatchObject({ state: 'performing', rule: 'A1', deadline: '2025-12-31' });
  });
});

describe('the supervision ladder on the official calendar (S2)', () => {
  const steps = (deadline: string, today: string, raised: SupervisionLevel[] = [], thresholds: LadderThresholds = DEFAULT_LADDER_THRESHOLDS) =>
    dueSupervisionSteps({ state: 'planning', deadline, raised, today, calendar, thresholds });

  it.each([
    // deadline Tue 2025-09-30, the eve of 国庆 (10-01…10-08 放, 09-28 and 10-11 班)
    ['2025-09-25', [], [], '4 working days ahead (09-26, 09-28 班, 09-29, 09-30): no reminder yet'],
    ['2025-09-26', [], ['reminder'], '3 ahead: 09-28 班, 09-29, 09-30'],
    ['2025-10-01', ['reminder'], ['urging'], 'overdue on a holiday, 0 working days late'],
    ['2025-10-14', ['reminder', 'urging'], [], '5 late: 10-09, 10-10, 10-11 班, 10-13, 10-14; 督办 needs more than 5'],
    ['2025-10-15', ['reminder', 'urging'], ['supervision'], '6 late'],
    ['2025-10-21', ['supervision'], [], '10 late: 10-16, 10-17, 10-20, 10-21; 约谈 needs more than 10'],
    ['2025-10-22', ['supervision'], ['interview'], '11 late'],
    ['2025-10-28', ['supervision', 'interview'], [], '15 late: 10-22 … 10-24, 10-27, 10-28'],
    ['2025-10-29', ['supervision', 'interview'], ['notice'], '16 late'],
  ] as const)('deadline 2025-09-30, on %s after %j: raises %j (%s)', (today, raised, expected, _why) => {
    expect(steps('2025-09-30', today, [...raised])).toEqual(expected);
  });

  it('raises what a clock jump missed, lowest first, skipping the reminder once overdue', () => {
    expect(steps('2025-09-30', '2025-10-29')).toEqual(['urging', 'supervision', 'interview', 'notice']);
  });

  it('counts the delay across 元旦 and its 调休 Sunday for a year-end deadline (A2)', () => {
    // Wed 2025-12-31; (2026-01-01…01-03 放), 01-04 班 is the first working day late.
    expect(workingDaysOverdue('2025-12-31', '2026-01-04', calendar)).toBe(1);
    expect(steps('2025-12-31', '2025-12-26')).toEqual(['reminder']);
    expect(steps('2025-12-31', '2026-01-08', ['reminder', 'urging'])).toEqual([]);
    expect(steps('2025-12-31', '2026-01-09', ['reminder', 'urging'])).toEqual(['supervision']);
  });

  it('follows the configured thresholds, a 调休 Saturday counting as a working day', () => {
    const tight: LadderThresholds = { reminderDaysAhead: 0, supervisionAfterDays: 1, interviewAfterDays: 2, noticeAfterDays: 3 };
    expect(steps('2025-09-30', '2025-09-29', [], tight)).toEqual([]);
    expect(steps('2025-09-30', '2025-09-30', [], tight)).toEqual(['reminder']);
    expect(steps('2025-09-30', '2025-10-09', ['reminder'], tight)).toEqual(['urging']);
    expect(steps('2025-09-30', '2025-10-10', ['reminder', 'urging'], tight)).toEqual(['supervision']);
    expect(steps('2025-09-30', '2025-10-11', ['reminder', 'urging', 'supervision'], tight)).toEqual(['interview']);
    expect(steps('2025-09-30', '2025-10-13', ['reminder', 'urging', 'supervision', 'interview'], tight)).toEqual(['notice']);
  });

  it('stops in court (A6) and after closure, however late', () => {
    for (const state of ['litigating', 'closed', 'dismissed'] as const) {
      expect(dueSupervisionSteps({ state, deadline: '2025-09-30', raised: [], today: '2026-03-02', calendar })).toEqual([]);
    }
  });

  it('starts afresh on the deadline an approved extension sets (S1)', () => {
    const start = act(
      registered('2026-03-02'),
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 120_000_000, paymentDifficulty: '专项债资金分批到位' } },
      ACTORS.debtor,
      '2026-03-02',
    ).record;
    // planning: 10 working days from Mon 2026-03-02.
    expect(start.deadline).toBe('2026-03-16');
    expect(steps('2026-03-16', '2026-03-24')).toEqual(['urging', 'supervision']);
    const requested = act(start, { action: 'request_extension', newDeadline: '2026-04-07', reason: '分期方案需经区政府常务会议研究' }, ACTORS.debtor, '2026-03-10').record;
    const approved = act(requested, { action: 'approve_extension', approved: true, opinion: '同意延期' }, ACTORS.businessOffice, '2026-03-11').record;
    expect(approved.deadline).toBe('2026-04-07');
    // On 03-24 the new deadline is 9 working days ahead: nothing. On 04-02 it is 2 ahead
    // (04-03, then 04-04…04-06 清明, 04-07): a reminder, whatever the old deadline had raised.
    expect(steps(approved.deadline!, '2026-03-24')).toEqual([]);
    expect(workingDaysBetween('2026-04-02', '2026-04-07', calendar)).toBe(2);
    expect(steps(approved.deadline!, '2026-04-02')).toEqual(['reminder']);
  });
});
