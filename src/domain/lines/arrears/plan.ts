import type { LocalDate } from '../../calendar.ts';
import type { Fen } from '../../money.ts';
import type { PaymentMethod } from '../../payment-methods.ts';
import type { RuleId } from '../../rules.ts';

/** One dated amount of a payment plan; a lump sum (A1) is a plan of one installment. */
export interface Installment {
  readonly seq: number;
  readonly dueOn: LocalDate;
  readonly amount: Fen;
}

export interface PaymentPlan {
  readonly kind: 'lump_sum' | 'installments';
  readonly rule: RuleId;
  readonly installments: readonly Installment[];
}

export interface Payment {
  readonly paidOn: LocalDate;
  readonly amount: Fen;
  readonly voucher: string;
  /** Art. 11: how it was paid; absent on payments recorded before it was asked. */
  readonly method?: PaymentMethod;
  /** Art. 11: paid by a non-cash instrument the contract does not provide for; flagged to 营商办 and the lead bureau. */
  readonly nonCashUnagreed?: boolean;
  readonly recordedAt: string;
}

export interface InstallmentStatus extends Installment {
  readonly paid: Fen;
}

/** Payments settle installments in order of their due dates. */
export const installmentStatus = (plan: PaymentPlan, paidAmount: Fen): InstallmentStatus[] => {
  let remaining = paidAmount;
  return plan.installments.map((installment) => {
    const paid = Math.min(remaining, installment.amount);
    remaining -= paid;
    return { ...installment, paid };
  });
};

/** The due date of the first installment not yet fully paid, or null when all are paid. */
export const nextDueDate = (plan: PaymentPlan, paidAmount: Fen): LocalDate | null =>
  installmentStatus(plan, paidAmount).find((installment) => installment.paid < installment.amount)?.dueOn ?? null;
