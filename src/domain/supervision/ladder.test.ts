import { describe, expect, it } from 'vitest';
import { ACTORS, act, calendar, registered } from '../../../test/support/domain.ts';
import type { LocalDate } from '../calendar.ts';
import { caseCommandSchema } from '../case/commands.ts';
import type { SupervisionLevel } from '../case/record.ts';
import type { CaseState } from '../case/states.ts';
import { dueSupervisionSteps } from './ladder.ts';

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

  it('raises the public notice only when overdue by more than 15 working days', () => {
    expect(due('2026-05-25', ['urging', 'supervision'])).toEqual([]);
    expect(due('2026-05-26', ['urging', 'supervision'])).toEqual(['notice']);
  });

  it('after a clock jump raises every missed step at once, lowest first', () => {
    expect(due('2026-06-30')).toEqual(['urging', 'supervision', 'notice']);
    expect(due('2026-06-30', ['reminder', 'urging'])).toEqual(['supervision', 'notice']);
  });

  it('raises each step at most once per deadline, and never below a step already raised', () => {
    expect(due('2026-06-30', ['urging', 'supervision', 'notice'])).toEqual([]);
    // A manual 督办 already went out: the ladder goes on from there.
    expect(due('2026-05-12', ['supervision'])).toEqual([]);
    expect(due('2026-05-26', ['supervision'])).toEqual(['notice']);
  });

  it('starts again for a new deadline: the caller passes only the steps raised for it', () => {
    expect(due('2026-06-01', [], 'performing', '2026-06-02')).toEqual(['reminder']);
  });

  it('leaves cases in court, closed, dismissed or without a deadline alone', () => {
    for (const state of ['litigating', 'closed', 'dismissed'] as const) expect(due('2026-06-30', [], state)).toEqual([]);
    expect(due('2026-06-30', [], 'negotiating', null)).toEqual([]);
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
