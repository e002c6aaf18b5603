import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTORS, context, place, registeredWithEvent, registration, UNITS, type DistributiveOmit } from '../../../test/support/domain.ts';
import { addCalendarDays } from '../calendar.ts';
import { isAppError } from '../errors.ts';
import { can } from '../access/case-policy.ts';
import { intakeAllows } from '../intake/intake.ts';
import type { Actor } from '../access/roles.ts';
import { CASE_ACTIONS, flowAllows, flowTargets, type CaseAction } from './actions.ts';
import type { CaseCommand } from './commands.ts';
import { decide, decideRegistration } from './decide.ts';
import type { CaseEvent } from './events.ts';
import { evolve, replay } from './evolve.ts';
import { outstandingAmount, type CaseRecord } from './record.ts';
import { CASE_STATES, type CaseState } from './states.ts';

const TODAY = '2026-03-02';

/** What the use case would resolve: the unit `accept` hands the case to, and two merge targets. */
const MERGE_TARGET = { id: '7c1d2e3f-0000-4000-8000-000000000001', number: 'QK2026-00002', state: 'performing' as const, enterpriseCreditCode: '91420100MA4K0000X1' };
const OTHER_ENTERPRISE_TARGET = { id: '7c1d2e3f-0000-4000-8000-000000000002', number: 'QK2026-00003', state: 'performing' as const, enterpriseCreditCode: '91420100MA4K0001X1' };
const RESOLVED = {
  assignment: { responsibleUnitId: UNITS.debtor, handlingUnitId: UNITS.debtor, jurisdictionId: 'handong', leadUnitId: UNITS.leadBureau, cooperatingUnitIds: [] },
};
const resolvedFor = (command: CaseCommand) =>
  command.action === 'merge'
    ? { mergeTarget: [MERGE_TARGET, OTHER_ENTERPRISE_TARGET].find((target) => target.id === command.targetCaseId) ?? null }
    : RESOLVED;
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseRecord) => Command;

/** Amounts chosen against the case as it stands: what is outstanding, part of it, or arbitrary. */
const amountSpec = fc.oneof(
  fc.constant((record: CaseRecord) => outstandingAmount(record)),
  fc.constant((record: CaseRecord) => Math.max(1, Math.floor(outstandingAmount(record) / 2))),
  fc.constantFrom(0, 1, 50_000_000, 50_000_001, 120_000_000).map((value) => () => value),
  fc.integer({ min: 1, max: 200_000_000 }).map((value) => () => value),
);
const difficulty = fc.option(fc.constant('预算不足'), { nil: undefined });

const builders = {
  classify: fc.tuple(fc.boolean(), amountSpec, difficulty).map(([disputed, amount, paymentDifficulty]): Build => (record) => ({
    action: 'classify',
    classification: { line: 'arrears', disputed, confirmedAmount: amount(record) || (record.claimedAmount ?? 1), paymentDifficulty },
  })),
  propose_plan: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -1, max: 1 })).map(([parts, skew]): Build => (record) => {
    const total = outstandingAmount(record);
    const each = Math.floor(total / parts);
    return {
      action: 'propose_plan',
      installments: Array.from({ length: parts }, (_, index) => ({
        dueOn: `${2026 + index}-12-31`,
        amount: index === parts - 1 ? total - each * (parts - 1) + skew : each,
      })),
    };
  }),
  consent: fc.constant((): Command => ({ action: 'consent' })),
  object: fc.constant((): Command => ({ action: 'object', reason: '首期金额过低' })),
  agree: fc.tuple(amountSpec, difficulty).map(([amount, paymentDifficulty]): Build => () => ({
    action: 'agree',
    amount: amount({ confirmedAmount: 80_000_000, paidAmount: 0 } as CaseRecord),
    document: '协商纪要',
    paymentDifficulty,
  })),
  escalate: fc.constant((): Command => ({ action: 'escalate', reason: '协商未果' })),
  litigate: fc.constant((): Command => ({ action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' })),
  judge: amountSpec.map((amount): Build => () => ({
    action: 'judge',
    amount: amount({ confirmedAmount: 60_000_000, paidAmount: 0 } as CaseRecord),
    judgmentNo: '（2026）鄂06民初1号',
    court: '汉江市中级人民法院',
    judgedOn: TODAY,
  })),
  record_payment: fc.tuple(amountSpec, fc.uuid()).map(([amount, voucher]): Build => (record) => ({
    action: 'record_payment',
    paidOn: TODAY,
    amount: amount(record),
    voucher,
  })),
  fulfil: fc.constant((): Command => ({ action: 'fulfil', evidence: '兑现凭证' })),
  compensate: fc.constant((): Command => ({ action: 'compensate', legalBasis: '规划调整', procedure: '市政府常务会议', amount: 1 })),
  submit_feedback: fc.constant((): Command => ({ action: 'submit_feedback', summary: '已清偿', documents: [{ title: '回单', reference: 'HD-1' }] })),
  close: fc.constant((): Command => ({ action: 'close' })),
  return: fc.constant((): Command => ({ action: 'return', reason: '材料不全' })),
  dismiss: fc.constant((): Command => ({ action: 'dismiss', reason: '重复登记' })),
  assign: fc.constant((): Command => ({ action: 'assign', responsibleUnitId: 'u-city-chengfa', instruction: '改由市城发集团办理' })),
  supervise: fc.constant((): Command => ({ action: 'supervise', level: 'urging', note: '请加快' })),
  report_progress: fc.constant((): Command => ({ action: 'report_progress', progress: '正在筹措资金' })),
  request_year_exception: fc.constant((): Command => ({ action: 'request_year_exception', reason: '资金次年到位', newDueOn: '2027-03-31' })),
  approve_year_exception: fc.boolean().map((approved): Build => () => ({ action: 'approve_year_exception', approved, opinion: '意见' })),
  request_extension: fc.integer({ min: -5, max: 60 }).map((days): Build => (record) => ({
    action: 'request_extension',
    // Sometimes not later than the deadline, so refused requests are exercised too.
    newDeadline: addCalendarDays(record.deadline ?? TODAY, days),
    reason: '资金审批流程未完成',
  })),
  approve_extension: fc.boolean().map((approved): Build => () => ({ action: 'approve_extension', approved, opinion: '意见' })),
  rate: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.option(fc.constant('处理及时'), { nil: undefined })).map(
    ([score, comment]): Build => () => ({ action: 'rate', score, comment }),
  ),
  accept: fc.constant((): Command => ({ action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请汉东区教育局核实办理' })),
  merge: fc.constantFrom(MERGE_TARGET.id, OTHER_ENTERPRISE_TARGET.id).map((targetCaseId): Build => () => ({ action: 'merge', targetCaseId })),
} satisfies Record<CaseAction, fc.Arbitrary<Build>>;

/**
 * One step: usually an action the flow allows now (so random runs travel the whole machine),
 * sometimes any action at all (so wrong-state commands are exercised too), by a random actor.
 */
const step = fc.record({
  steered: fc.integer({ min: 0, max: 9 }).map((value) => value < 8),
  choice: fc.nat(),
  builds: fc.record(builders),
  actor: fc.constantFrom(...Object.values(ACTORS)),
  rightActor: fc.boolean(),
});

const commandOf = (record: CaseRecord, drawn: StepValue): { actor: Actor; command: CaseCommand } => {
  // Steered steps follow the flow and the intake step (S3), so runs get past intake and travel on.
  const allowed = CASE_ACTIONS.filter((action) => flowAllows(action, record.state, record.line) && intakeAllows(record, action, ACTORS.businessOffice));
  // Two steered steps in three move the case on (an action that changes its state), so that even
  // with the many actions that leave the state alone (督办, 交办, 延期…) runs reach 销号 reliably.
  const moving = allowed.filter((action) => flowTargets(action, record.line).length > 0);
  const pool = moving.length > 0 && drawn.choice % 3 !== 0 ? moving : allowed;
  const action = drawn.steered && pool.length > 0 ? pool[Math.floor(drawn.choice / 3) % pool.length]! : CASE_ACTIONS[drawn.choice % CASE_ACTIONS.length]!;
  const permitted = Object.values(ACTORS).filter((actor) => can(actor, action, record));
  const actor = drawn.rightActor && permitted.length > 0 ? permitted[drawn.choice % permitted.length]! : drawn.actor;
  return { actor, command: { ...drawn.builds[action](record), expectedVersion: record.version } as CaseCommand };
};
type StepValue = typeof step extends fc.Arbitrary<infer T> ? T : never;

const checkInvariants = (record: CaseRecord, events: readonly CaseEvent[]) => {
  expect(CASE_STATES).toContain(record.state);
  expect(record.paidAmount).toBeGreaterThanOrEqual(0);
  if (record.confirmedAmount !== null) expect(record.paidAmount).toBeLessThanOrEqual(record.confirmedAmount);
  expect(record.payments.reduce((sum, payment) => sum + payment.amount, 0)).toBe(record.paidAmount);
  if (record.proposedPlan !== null) {
    expect(record.proposedPlan.installments.reduce((sum, item) => sum + item.amount, 0)).toBe(outstandingAmount(record));
  }
  if (record.plan !== null && record.state === 'performing') {
    expect(record.plan.installments.reduce((sum, item) => sum + item.amount, 0)).toBe(record.confirmedAmount);
  }
  if (['settled', 'feedback_submitted', 'closed'].includes(record.state)) expect(outstandingAmount(record)).toBe(0);
  if (record.state === 'closed') expect(events.some((event) => event.type === 'submit_feedback')).toBe(true);
  // SPEC §5: only a closed case is rated, only by its enterprise, and only once.
  const ratings = events.filter((event) => event.type === 'rate');
  expect(ratings.length).toBeLessThanOrEqual(1);
  if (record.rating !== null) expect(record.state).toBe('closed');
  for (const rating of ratings) expect(rating.actor.role).toBe('enterprise');
  // S1: a deadline moves only when an event sets it; an approved extension sets the requested date.
  for (const event of events) {
    if (event.type === 'approve_extension' && event.payload.approved) expect(event.deadline).toBe(event.payload.newDeadline);
    if (event.type === 'litigate') expect(event.deadline).toBeNull();
  }
  // S3: nothing is handled before intake; a merged duplicate is closed, into another case.
  if (record.intake?.status === 'pending') expect(['registered', 'dismissed']).toContain(record.state);
  if (record.mergedInto !== null) expect(record.state).toBe('dismissed');
  const accepted = events.findIndex((event) => event.type === 'accept');
  if (first(events).payload.intakeStatus === 'pending') {
    const handled = events.findIndex((event) => event.stateAfter !== 'registered' && event.stateAfter !== 'dismissed');
    if (handled >= 0) expect(accepted).toBeGreaterThanOrEqual(0);
    if (handled >= 0) expect(accepted).toBeLessThan(handled);
  } else {
    expect(accepted).toBe(-1);
  }
  expect(replay(events)).toEqual(record);
};

/** A petition registered by 营商办, waiting for intake. */
const petitionWithEvent = () => {
  const draft = decideRegistration(registration({ source: 'petition' }), 'handong', context(ACTORS.businessOffice, TODAY));
  const event = place(null, draft, ACTORS.businessOffice, `${TODAY}T02:00:00.000Z`);
  return { record: evolve(null, event), event };
};

const first = (events: readonly CaseEvent[]) => events[0] as CaseEvent<'register'>;

describe('the case machine under random commands', () => {
  it('keeps every state legal, amounts conserved, rejections harmless and the projection equal to its events', () => {
    const reached = new Set<CaseState>();
    const recorded = new Set<string>();
    fc.assert(
      // A unit's self-inspection is accepted at once; a petition waits for 营商办's intake (S3).
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(step, { minLength: 10, maxLength: 40 }), (channel, steps) => {
        const registration = channel === 0 ? petitionWithEvent() : registeredWithEvent(TODAY);
        let record = registration.record;
        const events: CaseEvent[] = [registration.event];
        for (const drawn of steps) {
          const before = structuredClone(record);
          const { actor, command } = commandOf(record, drawn);
          try {
            const draft = decide(record, command, context(actor, TODAY, resolvedFor(command)));
            const targets = flowTargets(command.action, record.line);
            expect(targets.length === 0 ? [record.state] : targets).toContain(draft.stateAfter);
            const event = place(record, draft, actor, `${TODAY}T03:00:00.000Z`);
            record = evolve(record, event);
            events.push(event);
            recorded.add(event.type);
          } catch (error) {
            if (!isAppError(error) || error.code === 'INTERNAL') throw error;
            expect(record).toEqual(before);
          }
          reached.add(record.state);
          checkInvariants(record, events);
        }
      }),
      { numRuns: 800 },
    );
    // The generator must drive cases down every arrears path, or the property proves little.
    expect([...reached].sort()).toEqual(CASE_STATES.filter((state) => state !== 'changing').sort());
    expect(recorded).toContain('accept');
    expect(recorded).toContain('merge');
  });
});
