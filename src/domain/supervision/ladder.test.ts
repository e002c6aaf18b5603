import { describe, expect, it } from 'vitest';
import { ACTORS, act, calendar, registered } from '../../../test/support/domain.ts';
import { addCalendarDays, type LocalDate } from '../calendar.ts';
import { caseCommandSchema } from '../case/commands.ts';
import type { SupervisionLevel } from '../case/record.ts';
import type { CaseState } from '../case/states.ts';
import { DEFAULT_LADDER_THRESHOLDS, dueSupervisionSteps, ladderHorizon, ladderThresholdsProblem } from './ladder.ts';

/** A Thursday before the 2026 May Day holiday (05-01 … 05-05 off, Saturday 05-09 worked). */
const DEADLINE = '2026-04-30';

const due = (today: LocalDate, raised: SupervisionLevel[] = [], state: CaseState = 'negotiating', deadline: LocalDate | null = DEADLINE) =>
  dueSupervisionSteps({ state, deadline, raised, today, calendar });

describe('the supervision ladder (S2)', () => {
  it('reminds when the deadline is within 3 working days ahead, not earlier', () => {
    expect(due('2026-04-24')).toEqual([]);
    expect(due('2026-04-27')).toEqual(['reminder']);
    expect(due(DEADLINE)).toEqual(['reminder']);
  });

  it('urges from the first day overdue, even on a holiday, without a late reminder', () => {
    expect(due('2026-05-01')).toEqual(['urging']);
    expect(due('2026-05-01', ['reminder'])).toEqual(['urging']);
  });

  it('raises formal supervision only when overdue by more than 5 working days, counting the official calendar', () => {
    // 05-06 … 05-11 are the 5 working days after the deadline (05-09 is a working Saturday).
    expect(due('2026-05-11', ['reminder', 'urging'])).toEqual([]);
    expect(due('2026-05-12', ['reminder', 'urging'])).toEqual(['supervision']);
  });

  it('raises the interview (约谈, Art. 23) only when overdue by more than 10 working days, after 督办', () => {
    // 05-18 is the 10th working day after the deadline, 05-19 the 11th.
    expect(due('2026-05-18', ['urging', 'supervision'])).toEqual([]);
    expect(due('2026-05-19', ['urging', 'supervision'])).toEqual(['interview']);
  });

  it('raises the public notice only when overdue by more than 15 working days, after 约谈', () => {
    expect(due('2026-05-25', ['urging', 'supervision', 'interview'])).toEqual([]);
    expect(due('2026-05-26', ['urging', 'supervision', 'interview'])).toEqual(['notice']);
  });

  it('after a clock jump raises every missed step at once, lowest first: 督办 → 约谈 → 通报', () => {
    expect(due('2026-06-30')).toEqual(['urging', 'supervision', 'interview', 'notice']);
    expect(due('2026-06-30', ['reminder', 'urging'])).toEqual(['supervision', 'interview', 'notice']);
  });

  it('raises each step at most once per deadline, and never below a step already raised', () => {
    expect(due('2026-06-30', ['urging', 'supervision', 'interview', 'notice'])).toEqual([]);
    // A manual 督办 already went out: the ladder goes on from there.
    expect(due('2026-05-12', ['supervision'])).toEqual([]);
    expect(due('2026-05-26', ['supervision'])).toEqual(['interview', 'notice']);
    // A manual 约谈 by 营商办: only 通报 is left.
    expect(due('2026-05-26', ['interview'])).toEqual(['notice']);
  });

  it('takes the tenant’s thresholds, 约谈 between 督办 and 通报', () => {
    const thresholds = { reminderDaysAhead: 0, supervisionAfterDays: 1, interviewAfterDays: 2, noticeAfterDays: 3 };
    const at = (today: LocalDate) => dueSupervisionSteps({ state: 'negotiating', deadline: DEADLINE, raised: ['urging'], today, calendar, thresholds });
    // 05-06, 05-07, 05-08 are the first three working days after the deadline, 05-09 (a working Saturday) the fourth.
    expect(at('2026-05-07')).toEqual(['supervision']);
    expect(at('2026-05-08')).toEqual(['supervision', 'interview']);
    expect(at('2026-05-09')).toEqual(['supervision', 'interview', 'notice']);
  });

  it('starts again for a new deadline: the caller passes only the steps raised for it', () => {
    expect(due('2026-06-01', [], 'performing', '2026-06-02')).toEqual(['reminder']);
  });

  it('has nothing due for a deadline on or after its horizon, and the reminder due the day before it', () => {
    // Every day of 2026 (the May Day and National Day holidays and their worked weekends
    // included), for the shortest, the default and the longest reminder.
    for (const reminderDaysAhead of [0, DEFAULT_LADDER_THRESHOLDS.reminderDaysAhead, 30]) {
      const thresholds = { ...DEFAULT_LADDER_THRESHOLDS, reminderDaysAhead };
      for (let today: LocalDate = '2026-01-01'; today < '2027-01-01'; today = addCalendarDays(today, 1)) {
        const horizon = ladderHorizon(today, calendar, thresholds);
        for (let offset = 0; offset < 10; offset += 1) {
          const deadline = addCalendarDays(horizon, offset);
          expect(dueSupervisionSteps({ state: 'negotiating', deadline, raised: [], today, calendar, thresholds }), `${today} → ${deadline}`).toEqual([]);
        }
        // The horizon is tight: the day before it still has its reminder due.
        const dayBefore = addCalendarDays(horizon, -1);
        expect(dueSupervisionSteps({ state: 'negotiating', deadline: dayBefore, raised: [], today, calendar, thresholds }), `${today} → ${dayBefore}`).toEqual(['reminder']);
      }
    }
  });

  it('leaves cases in court, closed, dismissed or without a deadline alone', () => {
    for (const state of ['litigating', 'closed', 'dismissed'] as const) expect(due('2026-06-30', [], state)).toEqual([]);
    expect(due('2026-06-30', [], 'negotiating', null)).toEqual([]);
  });
});

describe('the ladder thresholds', () => {
  const valid = { reminderDaysAhead: 3, supervisionAfterDays: 5, interviewAfterDays: 10, noticeAfterDays: 15 };
  it('accept 督办 < 约谈 < 通报 within their bounds', () => {
    expect(ladderThresholdsProblem(valid)).toBeNull();
    expect(ladderThresholdsProblem(DEFAULT_LADDER_THRESHOLDS)).toBeNull();
  });
  it('refuse 约谈 not after 督办, 通报 not after 约谈, and values out of bounds', () => {
    expect(ladderThresholdsProblem({ ...valid, interviewAfterDays: 5 })?.field).toBe('interviewAfterDays');
    expect(ladderThresholdsProblem({ ...valid, noticeAfterDays: 10 })?.field).toBe('noticeAfterDays');
    expect(ladderThresholdsProblem({ ...valid, interviewAfterDays: 91, noticeAfterDays: 100 })?.field).toBe('interviewAfterDays');
    expect(ladderThresholdsProblem({ ...valid, interviewAfterDays: 1.5 })?.message).toMatch(/逾期转约谈/);
  });
});

describe('the supervise event', () => {
  it('names the case’s deadline and is manual unless the sweep decides it', () => {
    const record = registered('2026-04-01');
    const manual = act(record, { action: 'supervise', level: 'urging', note: '请加快' }, ACTORS.businessOffice, '2026-04-02');
    expect(manual.event.payload).toEqual({ level: 'urging', note: '请加快', deadline: record.deadline, automatic: false });
    const swept = act(record, { action: 'supervise', level: 'urging', note: '系统催办' }, ACTORS.businessOffice, '2026-04-02', { sweep: true });
    expect(swept.event.payload).toMatchObject({ deadline: record.deadline, automatic: true });
  });

  it('cannot be made automatic by a caller: the command has no such field', () => {
    const parsed = caseCommandSchema.parse({ action: 'supervise', expectedVersion: 1, level: 'notice', note: '通报', automatic: true, deadline: '2030-01-01' });
    expect(parsed).not.toHaveProperty('automatic');
    expect(parsed).not.toHaveProperty('deadline');
  });
});
