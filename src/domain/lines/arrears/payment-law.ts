import type { LocalDate } from '../../calendar.ts';
import type { CaseState } from '../../case/states.ts';
import type { Fen } from '../../money.ts';
import type { ContractFacts } from './contract.ts';
import { NO_CONTRACT_FACTS } from './contract.ts';
import type { ArrearsCase, InterestWaiver } from './facts.ts';
import { interestRate, lateInterest, type LateInterest, type LprRate } from './late-interest.ts';
import { daysOverdueByLaw, NOTHING_RECORDED, type StatutoryDue } from './payment-terms.ts';

/** States in which nothing is owed any more, or nothing was ever taken on: no case in them is overdue by law. */
export const NOTHING_OWED = ['settled', 'feedback_submitted', 'closed', 'dismissed', 'withdrawn'] as const satisfies readonly CaseState[];

/**
 * An arrear as 保障中小企业款项支付条例 reads it, beside the work map's deadlines: the contract,
 * the statutory due date (Arts. 9, 10), the days past it while money is owed, and the late
 * interest (Art. 17) on the confirmed amount, or on the enterprise's claim until one is confirmed,
 * counted in what is owed unless the enterprise waived it.
 */
export interface PaymentLawStatus {
  readonly contract: ContractFacts;
  readonly due: StatutoryDue;
  readonly daysOverdue: number;
  readonly principal: Fen;
  readonly principalBasis: 'confirmed' | 'claimed';
  /** Null until the due date is known and a principal is. */
  readonly interest: LateInterest | null;
  /** Art. 17: the enterprise's waiver, or null while the interest is owed. */
  readonly interestWaiver: InterestWaiver | null;
  /** What is owed: the principal unpaid and, unless waived, the late interest (Art. 17). */
  readonly owedWithInterest: Fen;
}

/** The case's standing under the regulation on `today`, with the LPR table for an agreed rate's floor. */
export const paymentLawStatus = (record: ArrearsCase, today: LocalDate, lpr: readonly LprRate[]): PaymentLawStatus => {
  const contract = record.contract?.facts ?? NO_CONTRACT_FACTS;
  const due = record.contract?.due ?? NOTHING_RECORDED;
  const principalBasis = record.confirmedAmount === null ? 'claimed' : 'confirmed';
  const principal = record.confirmedAmount ?? record.claimedAmount ?? 0;
  const owing = !(NOTHING_OWED as readonly string[]).includes(record.state) && principal - record.paidAmount > 0;
  const interestWaiver = record.interestWaiver ?? null;
  // A complaint dismissed or withdrawn by its enterprise claims nothing any more.
  const ended = record.state === 'dismissed' || record.state === 'withdrawn';
  const unpaid = ended ? 0 : Math.max(0, principal - record.paidAmount);
  if (due.status !== 'due') return { contract, due, daysOverdue: 0, principal, principalBasis, interest: null, interestWaiver, owedWithInterest: unpaid };
  const interest =
    principal === 0 || ended
      ? null
      : lateInterest({
          dueOn: due.dueOn,
          principal,
          payments: record.payments,
          // What a settled case still shows unpaid is only what an agreement or judgment set aside.
          today: owing ? today : due.dueOn,
          rate: interestRate(contract.interestRateBp, contract.signedOn, lpr),
        });
  const owedWithInterest = unpaid + (interest === null || interestWaiver !== null ? 0 : interest.total);
  return { contract, due, daysOverdue: owing ? daysOverdueByLaw(due.dueOn, today) : 0, principal, principalBasis, interest, interestWaiver, owedWithInterest };
};
