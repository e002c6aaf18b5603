import { describe, expect, it } from 'vitest';
import { ACTORS, act, registered, expectError } from '../../../test/support/domain.ts';
import { availableActions } from '../case/available-actions.ts';
import { caseCommandSchema } from '../case/commands.ts';
import type { CaseRecord } from '../case/record.ts';

const TODAY = '2026-03-02';

// A3: 120万元 with a recorded difficulty goes to planning, 10 working days from 2026-03-02.
const planning = (): CaseRecord =>
  act(
    registered(TODAY),
    { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 120_000_000, paymentDifficulty: '专项债资金分批到位' } },
    ACTORS.debtor,
    TODAY,
  ).record;

const request = (record: CaseRecord, newDeadline: string, actor = ACTORS.debtor) =>
  act(record, { action: 'request_extension', newDeadline, reason: '分期方案需经区政府常务会议研究' }, actor, TODAY);

const decideOn = (record: CaseRecord, approved: boolean, actor = ACTORS.businessOffice) =>
  act(record, { action: 'approve_extension', approved, opinion: approved ? '同意延期' : '理由不充分' }, actor, TODAY);

describe('extensions of a deadline (延期, S1)', () => {
  it('moves the deadline to the requested date only once 营商办 approves', () => {
    const start = planning();
    expect(start.deadline).toBe('2026-03-16');
    const requested = request(start, '2026-03-31');
    expect(requested.event).toMatchObject({ type: 'request_extension', rule: 'S1', deadline: '2026-03-16' });
    expect(requested.record).toMatchObject({
      state: 'planning',
      rule: 'A3',
      deadline: '2026-03-16',
      extension: { status: 'requested', reason: '分期方案需经区政府常务会议研究', newDeadline: '2026-03-31', opinion: null },
    });
    expect(availableActions(requested.record, ACTORS.businessOffice)).toContain('approve_extension');
    expect(availableActions(requested.record, ACTORS.debtor)).not.toContain('approve_extension');

    const approved = decideOn(requested.record, true);
    expect(approved.event).toMatchObject({ type: 'approve_extension', rule: 'S1', deadline: '2026-03-31', payload: { approved: true, newDeadline: '2026-03-31' } });
    expect(approved.record).toMatchObject({ state: 'planning', rule: 'A3', deadline: '2026-03-31', extension: { status: 'approved', opinion: '同意延期' } });
  });

  it('keeps the deadline when 营商办 rejects the request', () => {
    const rejected = decideOn(request(planning(), '2026-03-31').record, false).record;
    expect(rejected).toMatchObject({ deadline: '2026-03-16', extension: { status: 'rejected', opinion: '理由不充分' } });
    expect(availableActions(rejected, ACTORS.debtor)).toContain('request_extension');
  });

  it('lets only those who report progress request, and only 营商办 decide', () => {
    const start = planning();
    expectError(() => request(start, '2026-03-31', ACTORS.enterprise), 'FORBIDDEN');
    expectError(() => request(start, '2026-03-31', ACTORS.leadBureau), 'FORBIDDEN');
    expect(availableActions(start, ACTORS.county)).toContain('request_extension');
    const requested = request(start, '2026-03-31').record;
    expectError(() => decideOn(requested, true, ACTORS.debtor), 'FORBIDDEN');
    expectError(() => decideOn(requested, true, ACTORS.leader), 'FORBIDDEN');
  });

  it('refuses a request in court, where the clock stops (A6)', () => {
    const negotiating = act(registered(TODAY), { action: 'classify', classification: { line: 'arrears', disputed: true } }, ACTORS.debtor, TODAY).record;
    const mediating = act(negotiating, { action: 'escalate', reason: '协商未果' }, ACTORS.debtor, TODAY).record;
    const litigating = act(mediating, { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' }, ACTORS.businessOffice, TODAY).record;
    expect(litigating.deadline).toBeNull();
    expect(availableActions(litigating, ACTORS.businessOffice)).not.toContain('request_extension');
    expectError(() => request(litigating, '2026-12-31', ACTORS.businessOffice), 'CASE_NOT_IN_STATE');
  });

  it('refuses a date not later than the current deadline, and a second request while one is pending', () => {
    const start = planning();
    expectError(() => request(start, '2026-03-16'), 'EXTENSION_NOT_APPLICABLE');
    expectError(() => request(start, '2026-03-10'), 'EXTENSION_NOT_APPLICABLE');
    const requested = request(start, '2026-03-31').record;
    expect(availableActions(requested, ACTORS.debtor)).not.toContain('request_extension');
    expectError(() => request(requested, '2026-04-15'), 'EXTENSION_NOT_APPLICABLE');
    expectError(() => decideOn(start, true), 'EXTENSION_NOT_APPLICABLE');
    expect(availableActions(start, ACTORS.businessOffice)).not.toContain('approve_extension');
  });

  it('drops a pending request when the case leaves the state whose deadline it would extend', () => {
    const requested = request(planning(), '2026-03-31').record;
    const proposed = act(
      requested,
      { action: 'propose_plan', installments: [{ dueOn: '2026-06-30', amount: 60_000_000 }, { dueOn: '2026-12-31', amount: 60_000_000 }] },
      ACTORS.debtor,
      TODAY,
    ).record;
    expect(proposed).toMatchObject({ state: 'awaiting_consent', deadline: '2026-03-16', extension: null });
    expectError(() => decideOn(proposed, true), 'EXTENSION_NOT_APPLICABLE');
  });

  it('validates the request and the decision', () => {
    const parse = (fields: Record<string, unknown>) => caseCommandSchema.safeParse({ expectedVersion: 2, ...fields });
    expect(parse({ action: 'request_extension', newDeadline: '2026-03-31', reason: '理由' }).success).toBe(true);
    expect(parse({ action: 'request_extension', newDeadline: '2026-02-30', reason: '理由' }).success).toBe(false);
    expect(parse({ action: 'request_extension', newDeadline: '2026-03-31', reason: ' ' }).success).toBe(false);
    expect(parse({ action: 'approve_extension', approved: 'yes', opinion: '同意' }).success).toBe(false);
    expect(parse({ action: 'approve_extension', approved: false }).success).toBe(false);
  });
});
