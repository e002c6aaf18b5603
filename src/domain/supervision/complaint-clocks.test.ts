/**
 * The complaint clocks of 保障中小企业款项支付条例 第二十五条 on the official 2026 calendar. Each
 * expected date was counted by hand, written out beside it (放 = day off, 班 = 调休 working day):
 * 春节 2026 is 02-15 … 02-23 放, with Saturdays 02-14 and 02-28 班.
 */
import { describe, expect, it } from 'vitest';
import { ACTORS, act, calendar, context, expectError, place, registration, UNITS } from '../../../test/support/domain.ts';
import type { Actor } from '../access/roles.ts';
import { availableActions } from '../case/available-actions.ts';
import { decideRegistration } from '../case/decide.ts';
import { evolve } from '../case/evolve.ts';
import type { RegistrationPayload } from '../case/line-module.ts';
import type { CaseRecord } from '../case/record.ts';
import type { LocalDate } from '../calendar.ts';
import { complaintClocks, COMPLAINT_SOURCES, dueComplaintClockSteps, isComplaintSource, periodEnd } from './complaint-clocks.ts';

const ASSIGNMENT = {
  responsibleUnitId: UNITS.debtor,
  handlingUnitId: UNITS.debtor,
  jurisdictionId: 'handong',
  leadUnitId: UNITS.leadBureau,
  cooperatingUnitIds: ['u-caizhengju'],
};

const registerOn = (day: LocalDate, actor: Actor = ACTORS.enterprise, overrides: Partial<RegistrationPayload> = { source: 'enterprise' }): CaseRecord => {
  const draft = decideRegistration(registration(overrides), 'handong', context(actor, day));
  return evolve(null, place(null, draft, actor, `${day}T02:00:00.000Z`));
};

const acceptOn = (record: CaseRecord, day: LocalDate): CaseRecord =>
  act(record, { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请核实并书面答复企业' }, ACTORS.businessOffice, day, { assignment: ASSIGNMENT }).record;

const NOTICE = { summary: '经核实，欠款将于4月底前付清', documents: [{ title: '投诉处理结果告知书', reference: '汉教函〔2026〕12号' }] };

/** A command refused with `code` leaves the case as it was. */
const rejects = (record: CaseRecord, run: () => unknown, code: string) => {
  const before = structuredClone(record);
  expectError(run, code);
  expect(record).toEqual(before);
};

describe('which cases are complaints (Art. 25)', () => {
  it('counts the enterprise’s own complaint, the complaint platform and the provincial SME platform, not a petition or staff’s own finding', () => {
    expect([...COMPLAINT_SOURCES]).toEqual(['enterprise', 'complaint_platform', 'provincial_platform']);
    expect(isComplaintSource('petition')).toBe(false);
    expect(isComplaintSource('self_inspection')).toBe(false);
    const own = registerOn('2026-03-02', ACTORS.debtor, { source: 'self_inspection' });
    expect(complaintClocks(own, '2026-03-02', calendar)).toBeNull();
    const petition = registerOn('2026-03-02', ACTORS.businessOffice, { source: 'petition' });
    expect(complaintClocks(petition, '2026-03-02', calendar)).toBeNull();
  });
});

describe('the transfer clock: 10 working days from receipt to 交办', () => {
  // Received Tue 02-10: 02-11 (1), 02-12 (2), 02-13 (3), 02-14 班 (4), 02-15…02-23 放,
  // 02-24 (5), 02-25 (6), 02-26 (7), 02-27 (8), 02-28 班 (9), 03-02 (10).
  const received = registerOn('2026-02-10');

  it('runs across 春节 and counts both of its working Saturdays', () => {
    const clocks = complaintClocks(received, '2026-02-20', calendar)!;
    expect(clocks.receivedOn).toBe('2026-02-10');
    expect(clocks.transfer).toMatchObject({ startedOn: '2026-02-10', dueOn: '2026-03-02', doneOn: null, status: 'on_track' });
    expect(clocks.result).toMatchObject({ status: 'waiting', startedOn: null, dueOn: null });
    expect(complaintClocks(received, '2026-02-23', calendar)!.transfer.status).toBe('due_soon');
    expect(complaintClocks(received, '2026-03-02', calendar)!.transfer.status).toBe('due_soon');
    expect(complaintClocks(received, '2026-03-03', calendar)!.transfer).toMatchObject({ status: 'overdue', overdueWorkingDays: 1 });
  });

  it('stops at the `accept` that hands the complaint to its unit, on time or late', () => {
    expect(complaintClocks(acceptOn(received, '2026-03-02'), '2026-03-10', calendar)!.transfer).toMatchObject({ doneOn: '2026-03-02', status: 'met', overdueWorkingDays: 0 });
    // 03-03, 03-04: two working days late.
    expect(complaintClocks(acceptOn(received, '2026-03-04'), '2026-03-10', calendar)!.transfer).toMatchObject({ doneOn: '2026-03-04', status: 'late', overdueWorkingDays: 2 });
  });

  it('is not moved by a hand-over (`assign`) while the complaint still waits for intake', () => {
    const assigned = act(received, { action: 'assign', responsibleUnitId: UNITS.debtor, instruction: '先转区教育局' }, ACTORS.businessOffice, '2026-02-12', { assignment: ASSIGNMENT }).record;
    expect(complaintClocks(assigned, '2026-02-12', calendar)!.transfer).toMatchObject({ doneOn: null, status: 'on_track' });
  });

  it('ends without a hand-over when the complaint is dismissed', () => {
    const dismissed = act(received, { action: 'dismiss', reason: '不属于受理范围' }, ACTORS.businessOffice, '2026-02-12').record;
    const clocks = complaintClocks(dismissed, '2026-04-01', calendar)!;
    expect(clocks.transfer.status).toBe('ended');
    expect(clocks.result.status).toBe('ended');
  });
});

describe('the written-result clock: 30 days from 交办, extendable to 90', () => {
  it('counts 30 calendar days from the day after the hand-over; a last day off moves to the next working day', () => {
    // 03-02 + 30 = Wed 04-01; + 90 = Sun 05-31 → Mon 06-01.
    const accepted = acceptOn(registerOn('2026-02-24'), '2026-03-02');
    expect(complaintClocks(accepted, '2026-03-10', calendar)!.result).toMatchObject({
      startedOn: '2026-03-02',
      baseDueOn: '2026-04-01',
      dueOn: '2026-04-01',
      maxDueOn: '2026-06-01',
      extendedTo: null,
      status: 'on_track',
    });
    // Handed over Fri 01-16: + 30 = Sun 02-15, in 春节 (02-15 … 02-23 放) → Tue 02-24.
    expect(periodEnd('2026-01-16', 30, calendar)).toBe('2026-02-24');
    const beforeFestival = acceptOn(registerOn('2026-01-14'), '2026-01-16');
    expect(complaintClocks(beforeFestival, '2026-02-24', calendar)!.result).toMatchObject({ dueOn: '2026-02-24', status: 'due_soon' });
    // Working days late counted after the holiday: 02-25 is the first.
    expect(complaintClocks(beforeFestival, '2026-02-25', calendar)!.result).toMatchObject({ status: 'overdue', overdueWorkingDays: 1 });
  });

  it('stops when the unit tells the complainant in writing, once', () => {
    const accepted = acceptOn(registerOn('2026-02-24'), '2026-03-02');
    rejects(accepted, () => act(accepted, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-01' }, ACTORS.debtor, '2026-03-20'), 'VALIDATION_FAILED');
    rejects(accepted, () => act(accepted, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-21' }, ACTORS.debtor, '2026-03-20'), 'VALIDATION_FAILED');
    expect(availableActions(accepted, ACTORS.debtor)).toContain('notify_result');
    const { record: told, event } = act(accepted, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-19' }, ACTORS.debtor, '2026-03-20');
    expect(event).toMatchObject({ type: 'notify_result', stateAfter: 'registered', deadline: accepted.deadline, payload: { ...NOTICE, notifiedOn: '2026-03-19' } });
    expect(told.resultNotice).toMatchObject({ notifiedOn: '2026-03-19', summary: NOTICE.summary });
    expect(complaintClocks(told, '2026-05-01', calendar)!.result).toMatchObject({ doneOn: '2026-03-19', status: 'met' });
    expect(availableActions(told, ACTORS.debtor)).not.toContain('notify_result');
    rejects(told, () => act(told, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-20' }, ACTORS.debtor, '2026-03-20'), 'COMPLAINT_CLOCK_NOT_APPLICABLE');
  });

  it('is no duty of a case that is no complaint, nor of one still waiting for 交办', () => {
    const own = registerOn('2026-03-02', ACTORS.debtor, { source: 'self_inspection' });
    expect(availableActions(own, ACTORS.debtor)).not.toContain('notify_result');
    rejects(own, () => act(own, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-02' }, ACTORS.debtor, '2026-03-02'), 'COMPLAINT_CLOCK_NOT_APPLICABLE');
    const pending = registerOn('2026-03-02');
    rejects(pending, () => act(pending, { action: 'notify_result', ...NOTICE, notifiedOn: '2026-03-02' }, ACTORS.businessOffice, '2026-03-02'), 'INTAKE_PENDING');
  });

  it('is extended with 营商办’s approval up to 90 days after the hand-over, never beyond, without touching the case’s deadline', () => {
    const accepted = acceptOn(registerOn('2026-02-24'), '2026-03-02');
    const ask = (record: CaseRecord, newDeadline: LocalDate) =>
      act(record, { action: 'request_extension', clock: 'complaint_result', newDeadline, reason: '涉及多部门核实，情况复杂' }, ACTORS.debtor, '2026-03-25');
    rejects(accepted, () => ask(accepted, '2026-06-02'), 'COMPLAINT_EXTENSION_TOO_LONG');
    rejects(accepted, () => ask(accepted, '2026-04-01'), 'EXTENSION_NOT_APPLICABLE');
    const { record: asked, event } = ask(accepted, '2026-06-01');
    expect(event).toMatchObject({ deadline: accepted.deadline, payload: { clock: 'complaint_result', newDeadline: '2026-06-01' } });
    expect(asked.extension).toMatchObject({ status: 'requested', clock: 'complaint_result' });
    const approved = act(asked, { action: 'approve_extension', approved: true, opinion: '同意延长' }, ACTORS.businessOffice, '2026-03-26');
    expect(approved.event).toMatchObject({ deadline: accepted.deadline, payload: { approved: true, clock: 'complaint_result', newDeadline: '2026-06-01' } });
    expect(approved.record.deadline).toBe(accepted.deadline);
    expect(complaintClocks(approved.record, '2026-04-10', calendar)!.result).toMatchObject({ baseDueOn: '2026-04-01', extendedTo: '2026-06-01', dueOn: '2026-06-01', status: 'on_track' });
    // Nothing more can be asked: 06-01 is the 90-day limit.
    rejects(approved.record, () => ask(approved.record, '2026-06-02'), 'COMPLAINT_EXTENSION_TOO_LONG');
  });

  it('is extended only for a complaint handed over and not yet answered', () => {
    const own = registerOn('2026-03-02', ACTORS.debtor, { source: 'self_inspection' });
    rejects(own, () => act(own, { action: 'request_extension', clock: 'complaint_result', newDeadline: '2026-04-20', reason: '复杂' }, ACTORS.debtor, '2026-03-03'), 'COMPLAINT_CLOCK_NOT_APPLICABLE');
  });
});

describe('complaint clocks on the supervision ladder', () => {
  it('presses on the transfer clock up to 催办 only: the hand-over is 营商办’s own duty', () => {
    const received = registerOn('2026-02-10');
    expect(dueComplaintClockSteps({ record: received, raised: [], today: '2026-02-26', calendar })).toEqual([
      { clock: 'complaint_transfer', dueOn: '2026-03-02', level: 'reminder' },
    ]);
    expect(dueComplaintClockSteps({ record: received, raised: [], today: '2026-04-30', calendar })).toEqual([
      { clock: 'complaint_transfer', dueOn: '2026-03-02', level: 'urging' },
    ]);
    expect(dueComplaintClockSteps({ record: received, raised: [{ clock: 'complaint_transfer', deadline: '2026-03-02', level: 'urging' }], today: '2026-04-30', calendar })).toEqual([]);
  });

  it('climbs 催办 → 督办 → 约谈 → 通报 on an unanswered written result, counted apart from the case’s deadline', () => {
    const accepted = acceptOn(registerOn('2026-02-24'), '2026-03-02');
    // Due 04-01; 04-02 is the first working day late (清明 04-04 … 04-06 放): 04-16 is the 10th,
    // 04-17 the 11th, 04-28 the 18th.
    const raisedForDeadline = [{ clock: null, deadline: '2026-04-01', level: 'notice' as const }];
    expect(dueComplaintClockSteps({ record: accepted, raised: raisedForDeadline, today: '2026-04-28', calendar }).map((step) => step.level)).toEqual([
      'urging',
      'supervision',
      'interview',
      'notice',
    ]);
    const raised = [
      { clock: 'complaint_result' as const, deadline: '2026-04-01', level: 'urging' as const },
      { clock: 'complaint_result' as const, deadline: '2026-04-01', level: 'supervision' as const },
    ];
    expect(dueComplaintClockSteps({ record: accepted, raised, today: '2026-04-16', calendar })).toEqual([]);
    expect(dueComplaintClockSteps({ record: accepted, raised, today: '2026-04-17', calendar })).toEqual([{ clock: 'complaint_result', dueOn: '2026-04-01', level: 'interview' }]);
  });

  it('lets 营商办 raise a step on a running clock by hand, the step naming the clock and its due day', () => {
    const accepted = acceptOn(registerOn('2026-02-24'), '2026-03-02');
    const { event, record } = act(accepted, { action: 'supervise', level: 'interview', note: '约谈区教育局负责人', clock: 'complaint_result' }, ACTORS.businessOffice, '2026-04-20');
    expect(event.payload).toEqual({ level: 'interview', note: '约谈区教育局负责人', deadline: '2026-04-01', automatic: false, clock: 'complaint_result' });
    expect(record.supervisionLevel).toBe('interview');
    rejects(accepted, () => act(accepted, { action: 'supervise', level: 'urging', note: '催办', clock: 'complaint_transfer' }, ACTORS.businessOffice, '2026-04-20'), 'COMPLAINT_CLOCK_NOT_APPLICABLE');
  });
});
