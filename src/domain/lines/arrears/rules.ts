import { yearEnd, type LocalDate } from '../../calendar.ts';
import { AppError } from '../../errors.ts';
import { formatYuan, type Fen } from '../../money.ts';
import type { RuleId } from '../../rules.ts';
import type { PaymentPlan } from './plan.ts';

/** A1: "50万元以下" includes 500,000 元 exactly; "超过50万元" excludes it (民法典 第1259条). */
export const LUMP_SUM_LIMIT: Fen = 50_000_000;

/** The path an undisputed amount takes under A1–A3. */
export type ArrearsPath =
  | { readonly kind: 'settled'; readonly rule: RuleId }
  | { readonly kind: 'lump_sum'; readonly rule: RuleId; readonly plan: PaymentPlan }
  | { readonly kind: 'installments_to_plan'; readonly rule: RuleId };

export interface UndisputedAmount {
  readonly amount: Fen;
  /** The day the amount became undisputed: the year rule (A2) counts from it. */
  readonly confirmedOn: LocalDate;
  /** A recorded genuine payment difficulty (确有支付困难), or null. */
  readonly paymentDifficulty: string | null;
  /** A judgment's own time limit replaces the year end. */
  readonly dueOn?: LocalDate;
}

/** A lump sum of the whole amount, due by 31 December of the year it was confirmed (A2). */
const lumpSum = (rule: RuleId, amount: Fen, dueOn: LocalDate): PaymentPlan => ({
  kind: 'lump_sum',
  rule,
  installments: [{ seq: 1, dueOn, amount }],
});

/**
 * Applies A1–A3 to an undisputed amount (directly, or after A7 turned a dispute into one).
 * @throws AppError DIFFICULTY_NOT_APPLICABLE when a difficulty is claimed for ≤ 500,000 元.
 */
export const undisputedPath = ({ amount, confirmedOn, paymentDifficulty, dueOn }: UndisputedAmount): ArrearsPath => {
  if (amount === 0) return { kind: 'settled', rule: 'A7' };
  const due = dueOn ?? yearEnd(confirmedOn);
  if (amount <= LUMP_SUM_LIMIT) {
    if (paymentDifficulty !== null) {
      throw new AppError(
        'DIFFICULTY_NOT_APPLICABLE',
        `确认金额${formatYuan(amount)}未超过50万元，应一次性清偿，不适用分期还款（A1）`,
        { field: 'paymentDifficulty' },
      );
    }
    return { kind: 'lump_sum', rule: 'A1', plan: lumpSum('A1', amount, due) };
  }
  // A3: only a recorded genuine difficulty opens the installment path; otherwise A1/A2 apply in
  // full, and the lump sum cites them: A3 is cited only where a plan is made.
  if (paymentDifficulty === null) return { kind: 'lump_sum', rule: 'A1', plan: lumpSum('A1', amount, due) };
  return { kind: 'installments_to_plan', rule: 'A3' };
};

/**
 * Checks an A3 installment plan: at least two installments, strictly later dates from today
 * on, summing exactly to what is outstanding.
 * @throws AppError PLAN_AMOUNT_MISMATCH, PLAN_DATES_INVALID
 */
export const installmentPlan = (
  installments: readonly { dueOn: LocalDate; amount: Fen }[],
  outstanding: Fen,
  today: LocalDate,
): PaymentPlan => {
  if (installments.length < 2) {
    throw new AppError('PLAN_DATES_INVALID', '分期分批还款计划至少应分两期（A3）', { field: 'installments' });
  }
  const total = installments.reduce((sum, installment) => sum + installment.amount, 0);
  if (total !== outstanding) {
    throw new AppError(
      'PLAN_AMOUNT_MISMATCH',
      `各期金额合计${formatYuan(total)}，应等于未清偿金额${formatYuan(outstanding)}`,
      { field: 'installments', total, outstanding },
    );
  }
  installments.forEach((installment, index) => {
    if (installment.dueOn < today) {
      throw new AppError('PLAN_DATES_INVALID', `第${index + 1}期还款日期${installment.dueOn}早于今天`, {
        field: `installments.${index}.dueOn`,
      });
    }
    const previous = installments[index - 1];
    if (previous !== undefined && installment.dueOn <= previous.dueOn) {
      throw new AppError('PLAN_DATES_INVALID', `第${index + 1}期还款日期应晚于第${index}期`, {
        field: `installments.${index}.dueOn`,
      });
    }
  });
  return {
    kind: 'installments',
    rule: 'A3',
    installments: installments.map((installment, index) => ({ seq: index + 1, ...installment })),
  };
};
