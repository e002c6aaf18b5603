import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTORS, context, place, registeredWithEvent, type DistributiveOmit } from '../../../test/support/domain.ts';
import { isAppError } from '../errors.ts';
import { flowTargets } from './actions.ts';
import type { CaseCommand } from './commands.ts';
import { decide } from './decide.ts';
import type { CaseEvent } from './events.ts';
import { evolve, replay } from './evolve.ts';
import { outstandingAmount, type CaseRecord } from './record.ts';
import { CASE_STATES, type CaseState } from './states.ts';

const TODAY = '2026-03-02';
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

const build: fc.Arbitrary<Build> = fc.oneof(
  fc.tuple(fc.boolean(), amountSpec, difficulty).map(([disputed, amount, paymentDifficulty]): Build => (record) => ({
    action: 'classify',
    classification: { line: 'arrears', disputed, confirmedAmount: amount(record) || (record.claimedAmount ?? 1), paymentDifficulty },
  })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -1, max: 1 })).map(([parts, skew]): Build => (record) => {
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
  fc.constant((): Command => ({ action: 'consent' })),
  fc.constant((): Command => ({ action: 'object', reason: '首期金额过低' })),
  fc.tuple(amountSpec, difficulty).map(([amount, paymentDifficulty]): Build => () => ({
    action: 'agree',
    amount: amount({ confirmedAmount: 80_000_000, paidAmount: 0 } as CaseRecord),
    document: '协商纪要',
    paymentDifficulty,
  })),
  fc.constant((): Command => ({ action: 'escalate', reason: '协商未果' })),
  fc.constant((): Command => ({ action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' })),
  amountSpec.map((amount): Build => () => ({
    action: 'judge',
    amount: amount({ confirmedAmount: 60_000_000, paidAmount: 0 } as CaseRecord),
    judgmentNo: '（2026）鄂06民初1号',
    court: '汉江市中级人民法院',
    judgedOn: TODAY,
  })),
  fc.tuple(amountSpec, fc.uuid()).map(([amount, voucher]): Build => (record) => ({
    action: 'record_payment',
    paidOn: TODAY,
    amount: amount(record),
    voucher,
  })),
  fc.constant((): Command => ({ action: 'submit_feedback', summary: '已清偿', documents: [{ title: '回单', reference: 'HD-1' }] })),
  fc.constant((): Command => ({ action: 'close' })),
  fc.constant((): Command => ({ action: 'return', reason: '材料不全' })),
  fc.constant((): Command => ({ action: 'dismiss', reason: '重复登记' })),
  fc.constant((): Command => ({ action: 'supervise', level: 'urging', note: '请加快' })),
  fc.constant((): Command => ({ action: 'request_year_exception', reason: '资金次年到位', newDueOn: '2027-03-31' })),
  fc.boolean().map((approved): Build => () => ({ action: 'approve_year_exception', approved, opinion: '意见' })),
);

const actor = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(ACTORS.businessOffice, ACTORS.debtor, ACTORS.enterprise) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(ACTORS)) },
);

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
  expect(replay(events)).toEqual(record);
};

describe('the case machine under random commands', () => {
  it('keeps every state legal, amounts conserved, rejections harmless and the projection equal to its events', () => {
    const reached = new Set<CaseState>();
    fc.assert(
      fc.property(fc.array(fc.record({ actor, build }), { minLength: 20, maxLength: 60 }), (steps) => {
        const first = registeredWithEvent(TODAY);
        let record = first.record;
        const events: CaseEvent[] = [first.event];
        for (const step of steps) {
          const before = structuredClone(record);
          const command = { ...step.build(record), expectedVersion: record.version } as CaseCommand;
          try {
            const draft = decide(record, command, context(step.actor, TODAY));
            const targets = flowTargets(command.action, record.line);
            expect(targets.length === 0 ? [record.state] : targets).toContain(draft.stateAfter);
            const event = place(record, draft, step.actor, `${TODAY}T03:00:00.000Z`);
            record = evolve(record, event);
            events.push(event);
          } catch (error) {
            if (!isAppError(error) || error.code === 'INTERNAL') throw error;
            expect(record).toEqual(before);
          }
          reached.add(record.state);
          checkInvariants(record, events);
        }
      }),
      { numRuns: 400 },
    );
    // The generator must drive cases down every arrears path, or the property proves little.
    expect([...reached].sort()).toEqual(CASE_STATES.filter((state) => state !== 'changing').sort());
  });
});
