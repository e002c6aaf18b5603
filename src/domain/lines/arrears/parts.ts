import type { LocalDate } from '../../calendar.ts';
import type { CaseState } from '../../case/states.ts';
import type { Fen } from '../../money.ts';
import { nextDueDate, type PaymentPlan } from './plan.ts';

/**
 * 保障中小企业款项支付条例 Art. 15: where part of a debt is disputed, the part the debtor does
 * not dispute is paid on time while the rest goes through A4–A7. The case's state follows the
 * disputed remainder; the undisputed part keeps its own lump sum (A1/A2) beside it. Payments
 * settle the undisputed part first, then the remainder; the case settles when both are paid.
 */
export interface UndisputedPart {
  readonly amount: Fen;
  readonly confirmedOn: LocalDate;
  /** A1/A2: one sum by 31 December of the year it was confirmed. */
  readonly plan: PaymentPlan;
}

/** The states of the dispute (A4–A7) and of the remainder's plan (A3) in which the undisputed part is still paid. */
export const UNDISPUTED_PAYMENT_STATES = ['negotiating', 'mediating', 'litigating', 'planning', 'awaiting_consent'] as const satisfies readonly CaseState[];

interface Parts {
  readonly undisputedPart?: UndisputedPart | null;
  readonly plan: PaymentPlan | null;
  readonly paidAmount: Fen;
}

/** What the payments so far gave to the undisputed part, and what it still owes. */
export const undisputedStatus = (record: Parts, paidAmount: Fen = record.paidAmount): { paid: Fen; outstanding: Fen } | null => {
  const part = record.undisputedPart;
  if (part === undefined || part === null) return null;
  const paid = Math.min(paidAmount, part.amount);
  return { paid, outstanding: part.amount - paid };
};

/** What the payments gave to the disputed remainder once the undisputed part was paid. */
export const remainderPaid = (record: Parts, paidAmount: Fen = record.paidAmount): Fen => paidAmount - (undisputedStatus(record, paidAmount)?.paid ?? 0);

/** The first unpaid due date of either part: the undisputed lump sum, then the remainder's plan; null when nothing is due. */
export const nextDueOfParts = (record: Parts, paidAmount: Fen = record.paidAmount): LocalDate | null => {
  const part = record.undisputedPart ?? null;
  const undisputed = undisputedStatus(record, paidAmount);
  const dates = [
    part === null || undisputed === null ? null : nextDueDate(part.plan, undisputed.paid),
    record.plan === null ? null : nextDueDate(record.plan, remainderPaid(record, paidAmount)),
  ].filter((date): date is LocalDate => date !== null);
  return dates.length === 0 ? null : dates.reduce((first, date) => (date < first ? date : first));
};
