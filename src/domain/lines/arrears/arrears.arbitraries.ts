import fc from 'fast-check';
import { expect } from 'vitest';
import { ACTORS, context, place, registeredWithEvent, registration, type DistributiveOmit } from '../../../../test/support/domain.ts';
import type { CaseCommand } from '../../case/commands.ts';
import { decideRegistration } from '../../case/decide.ts';
import { evolve } from '../../case/evolve.ts';
import { outstandingAmount, type CaseOf } from '../../case/record.ts';
import type { LineArbitraries } from '../line-arbitraries.ts';
import { undisputedStatus } from './parts.ts';

/**
 * Random commands of the arrears line for the case-machine property (A1–A7): amounts chosen
 * against the case as it stands, plans that sometimes do not add up, and the invariants of
 * money on the line: 0 ≤ paid ≤ confirmed, payments sum to paid, plans sum to what is owed.
 */
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseOf<'arrears'>) => Command;

const TODAY = '2026-03-02';

/** Amounts chosen against the case as it stands: what is outstanding, part of it, or arbitrary. */
const amountSpec = fc.oneof(
  fc.constant((record: Pick<CaseOf<'arrears'>, 'confirmedAmount' | 'paidAmount'>) => outstandingAmount(record)),
  fc.constant((record: Pick<CaseOf<'arrears'>, 'confirmedAmount' | 'paidAmount'>) => Math.max(1, Math.floor(outstandingAmount(record) / 2))),
  fc.constantFrom(0, 1, 50_000_000, 50_000_001, 120_000_000).map((value) => () => value),
  fc.integer({ min: 1, max: 200_000_000 }).map((value) => () => value),
);
// Sometimes a reason 保障中小企业款项支付条例 bans, chosen or written, so its refusal is exercised too.
const difficulty = fc.option(fc.constantFrom('预算不足', '等待决算审计后支付'), { nil: undefined });
const difficultyReason = fc.option(fc.constantFrom('fiscal_shortfall', 'internal_procedure', 'other'), { nil: undefined });

/** The undisputed part of a disputed debt (the default claim is 500,000 元). */
const undisputedAmount = fc.option(fc.constantFrom(1, 10_000_000, 49_999_999, 50_000_000), { nil: undefined });

/** A petition registered by 营商办, waiting for intake (S3). */
const petitionWithEvent = () => {
  const draft = decideRegistration(registration({ source: 'petition' }), 'handong', context(ACTORS.businessOffice, TODAY));
  const event = place(null, draft, ACTORS.businessOffice, `${TODAY}T02:00:00.000Z`);
  return { record: evolve(null, event) as CaseOf<'arrears'>, event };
};

/** A complaint of retaliation (保障中小企业款项支付条例第二十条) by petition, waiting for intake: its payment path is closed. */
const retaliationWithEvent = () => {
  const payload = registration({
    source: 'petition',
    claimedAmount: null,
    particulars: { complaintKind: 'retaliation', retaliation: { conduct: 'delay_payments', occurredOn: TODAY } },
  });
  const draft = decideRegistration(payload, 'handong', context(ACTORS.businessOffice, TODAY));
  const event = place(null, draft, ACTORS.businessOffice, `${TODAY}T02:00:00.000Z`);
  return { record: evolve(null, event) as CaseOf<'arrears'>, event };
};

export const arrearsArbitraries: LineArbitraries<'arrears'> = {
  // A unit's self-inspection is accepted at once; a petition waits for 营商办's intake (S3); now and then it is a complaint of retaliation.
  registration: fc
    .integer({ min: 0, max: 4 })
    .map((channel) => () => (channel === 0 ? petitionWithEvent() : channel === 4 ? retaliationWithEvent() : registeredWithEvent(TODAY))),
  builders: {
    // Art. 15: a disputed debt sometimes has an undisputed part, at times not below the claim (refused).
    classify: fc.tuple(fc.boolean(), amountSpec, difficulty, difficultyReason, undisputedAmount).map(([disputed, amount, paymentDifficulty, reason, part]): Build => (record) => ({
      action: 'classify',
      classification: disputed
        ? { line: 'arrears', disputed, ...(part === undefined ? {} : { undisputedAmount: part }), ...(part === 1 ? { paymentDifficulty } : {}) }
        : { line: 'arrears', disputed, confirmedAmount: amount(record) || (record.claimedAmount ?? 1), paymentDifficulty, difficultyReason: reason },
    })),
    propose_plan: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -1, max: 1 })).map(([parts, skew]): Build => (record) => {
      const total = outstandingAmount(record) - (undisputedStatus(record)?.outstanding ?? 0);
      const each = Math.floor(total / parts);
      return {
        action: 'propose_plan',
        installments: Array.from({ length: parts }, (_, index) => ({
          dueOn: `${2026 + index}-12-31`,
          amount: index === parts - 1 ? total - each * (parts - 1) + skew : each,
        })),
      };
    }),
    agree: fc.tuple(amountSpec, difficulty).map(([amount, paymentDifficulty]): Build => () => ({
      action: 'agree',
      amount: amount({ confirmedAmount: 80_000_000, paidAmount: 0 }),
      document: '协商纪要',
      paymentDifficulty,
    })),
    judge: fc.tuple(amountSpec, difficulty).map(([amount, paymentDifficulty]): Build => () => ({
      action: 'judge',
      amount: amount({ confirmedAmount: 60_000_000, paidAmount: 0 }),
      judgmentNo: '（2026）鄂06民初1号',
      court: '汉江市中级人民法院',
      judgedOn: TODAY,
      paymentDifficulty,
    })),
    record_payment: fc.tuple(amountSpec, fc.uuid()).map(([amount, voucher]): Build => (record) => ({
      action: 'record_payment',
      paidOn: TODAY,
      amount: amount(record),
      voucher,
    })),
  },
  invariants: (record) => {
    expect(record.paidAmount).toBeGreaterThanOrEqual(0);
    if (record.confirmedAmount !== null) expect(record.paidAmount).toBeLessThanOrEqual(record.confirmedAmount);
    expect(record.payments.reduce((sum, payment) => sum + payment.amount, 0)).toBe(record.paidAmount);
    // Art. 15: the undisputed part is confirmed, keeps its one sum, and plans cover only the remainder.
    const part = record.undisputedPart;
    if (part !== undefined) {
      expect(record.confirmedAmount).toBeGreaterThanOrEqual(part.amount);
      expect(part.plan.installments.reduce((sum, item) => sum + item.amount, 0)).toBe(part.amount);
    }
    const partOutstanding = undisputedStatus(record)?.outstanding ?? 0;
    if (record.proposedPlan !== null) {
      expect(record.proposedPlan.installments.reduce((sum, item) => sum + item.amount, 0)).toBe(outstandingAmount(record) - partOutstanding);
    }
    if (record.plan !== null && record.state === 'performing') {
      expect(record.plan.installments.reduce((sum, item) => sum + item.amount, 0)).toBe((record.confirmedAmount ?? 0) - (part?.amount ?? 0));
    }
    // While the rest is disputed, only the undisputed part is confirmed and payable.
    if (['negotiating', 'mediating', 'litigating'].includes(record.state)) expect(record.confirmedAmount ?? 0).toBe(part?.amount ?? 0);
    if (['settled', 'feedback_submitted', 'closed'].includes(record.state)) expect(outstandingAmount(record)).toBe(0);
  },
  numRuns: 800,
};
