import { AppError } from '../../errors.ts';
import { addCalendarDays, compareLocalDates, daysBetween, type LocalDate } from '../../calendar.ts';
import { assertFen, type Fen } from '../../money.ts';

/**
 * Late interest on arrears (保障中小企业款项支付条例, 国务院令第802号, 第十七条): a debtor that pays
 * late owes interest from the day after the statutory due date, at the rate the contract agreed —
 * never below the one-year LPR (贷款市场报价利率) in force when the contract was signed — or, where
 * none was agreed, 0.05% a day (万分之五/日). Pure: the LPR table and `today` are parameters.
 */

/** One published one-year LPR, in basis points (3.45% = 345), in force from `effectiveOn`. */
export interface LprRate {
  readonly effectiveOn: LocalDate;
  readonly oneYearBp: number;
}

/** The range of a rate in basis points (0.01% … 100% a year), the LPR table's and an agreed rate's. */
export const RATE_BP_MAX = 10_000;

/** True for a one-year LPR the table may hold: a whole number of basis points from 1 to 10,000. */
export const isLprBasisPoints = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= RATE_BP_MAX;

/**
 * The LPR in force on `date` (the latest effectiveOn <= date), or null when the table has none that
 * early. The table may come in any order.
 * @throws AppError DATE_INVALID when `date` or a row's date is not a real date
 */
export const lprOn = (table: readonly LprRate[], date: LocalDate): LprRate | null => {
  let found: LprRate | null = null;
  for (const row of table) {
    if (compareLocalDates(row.effectiveOn, date) <= 0 && (found === null || compareLocalDates(row.effectiveOn, found.effectiveOn) > 0)) found = row;
  }
  return found;
};

/** The rate Art. 17 applies. */
export type InterestRate =
  /** 0.05% a day: none agreed. */
  | { readonly kind: 'statutory_daily' }
  /** Annual, never below the LPR at signing; `annualBp` is the rate applied, `floored` when the LPR raised it. */
  | { readonly kind: 'agreed'; readonly annualBp: number; readonly lprBp: number | null; readonly floored: boolean };

/**
 * Art. 17: the agreed annual rate (bp) floored at the LPR at signing, or the statutory daily rate
 * when none is agreed. `lprBp` is null, and the agreed rate applies as agreed, when the signing
 * date is unknown or earlier than the table's first row (2019-08-20: the reformed one-year LPR did
 * not exist before; the older 贷款基准利率 is not kept here).
 * @throws AppError VALIDATION_FAILED when the agreed rate is not a whole number of basis points
 *   from 0 to 10,000; DATE_INVALID for a bad date
 */
export const interestRate = (agreedAnnualBp: number | null, signedOn: LocalDate | null, table: readonly LprRate[]): InterestRate => {
  if (agreedAnnualBp === null) return { kind: 'statutory_daily' };
  if (!Number.isInteger(agreedAnnualBp) || agreedAnnualBp < 0 || agreedAnnualBp > RATE_BP_MAX) {
    throw new AppError('VALIDATION_FAILED', '约定的逾期利率应为0至100%之间、以基点（0.01%）计的整数', { field: 'agreedAnnualBp', value: agreedAnnualBp });
  }
  const lpr = signedOn === null ? null : lprOn(table, signedOn);
  if (lpr === null) return { kind: 'agreed', annualBp: agreedAnnualBp, lprBp: null, floored: false };
  const floored = agreedAnnualBp < lpr.oneYearBp;
  return { kind: 'agreed', annualBp: floored ? lpr.oneYearBp : agreedAnnualBp, lprBp: lpr.oneYearBp, floored };
};

export interface InterestLine {
  /** The first day interest runs: the day after the due date. */
  readonly from: LocalDate;
  /** The last day it runs: the payment's day, or `today` for what is still unpaid. */
  readonly to: LocalDate;
  readonly days: number;
  /** The part of the principal this line carries interest on. */
  readonly principal: Fen;
  readonly interest: Fen;
  /** Null for the balance still unpaid on `today`. */
  readonly paidOn: LocalDate | null;
}

export interface LateInterest {
  readonly rate: InterestRate;
  readonly lines: readonly InterestLine[];
  readonly total: Fen;
}

/** 0.05% a day (Art. 17: 万分之五). */
const STATUTORY_DAILY = { numerator: 5n, denominator: 10_000n };
/** An annual rate in basis points per day: 年利率÷365. */
const BP_PER_YEAR = 10_000n * 365n;

/** numerator / denominator rounded half-up to a whole 分 (both non-negative). */
const roundHalfUp = (numerator: bigint, denominator: bigint): bigint => (2n * numerator + denominator) / (2n * denominator);

const interestOn = (principal: Fen, days: number, rate: InterestRate): bigint => {
  const base = BigInt(principal) * BigInt(days);
  return rate.kind === 'statutory_daily'
    ? roundHalfUp(base * STATUTORY_DAILY.numerator, STATUTORY_DAILY.denominator)
    : roundHalfUp(base * BigInt(rate.annualBp), BP_PER_YEAR);
};

/**
 * Interest from the day after `dueOn`: on each payment made late, from then to its paidOn; on what
 * is still unpaid, to `today`. Payments on or before dueOn carry none. Integer 分 arithmetic (BigInt
 * inside), each line rounded half-up to the 分.
 *
 * - Days are `daysBetween(dueOn, to)`: the due day is the last day to pay without interest, and
 *   the day of payment counts (paid on dueOn + 1 → 1 day), as 人民法院 count 自逾期之日起至实际清偿之日止.
 * - An annual rate runs per day as 年利率÷365, as courts compute 按LPR计息 by the day; the
 *   statutory rate is 5/10,000 of the principal a day.
 * - Payments go to the principal in date order (interest is a claim of its own under Art. 17,
 *   not deducted first); what they pay beyond the principal is ignored (a case's payments never
 *   exceed the confirmed amount, so this only guards against bad input), and a payment after the
 *   principal is settled carries nothing. A payment is charged to its own day even if after
 *   `today` (a case records no payment in the future).
 * - Interest is a claim beside the principal and may pass MONEY_MAX_FEN: each line and the total
 *   are exact 分 while below Number.MAX_SAFE_INTEGER (about 90万亿元 — 1000亿元 at 100% a year for
 *   900 years).
 * @throws AppError AMOUNT_INVALID for an amount that is not Fen; DATE_INVALID for a bad date
 */
export const lateInterest = (input: {
  dueOn: LocalDate;
  principal: Fen;
  payments: readonly { paidOn: LocalDate; amount: Fen }[];
  today: LocalDate;
  rate: InterestRate;
}): LateInterest => {
  const { dueOn, principal, today, rate } = input;
  assertFen(principal, 'principal');
  for (const payment of input.payments) assertFen(payment.amount, 'payments.amount');
  const firstLateDay = addCalendarDays(dueOn, 1);
  const payments = [...input.payments].sort((a, b) => compareLocalDates(a.paidOn, b.paidOn));
  const lines: InterestLine[] = [];
  let total = 0n;
  const charge = (part: Fen, to: LocalDate, paidOn: LocalDate | null) => {
    const days = daysBetween(dueOn, to);
    if (part === 0 || days <= 0) return;
    const interest = interestOn(part, days, rate);
    total += interest;
    lines.push({ from: firstLateDay, to, days, principal: part, interest: Number(interest), paidOn });
  };
  let unpaid = principal;
  for (const payment of payments) {
    const part = Math.min(payment.amount, unpaid);
    unpaid -= part;
    charge(part, payment.paidOn, payment.paidOn);
  }
  charge(unpaid, today, null);
  return { rate, lines, total: Number(total) };
};
