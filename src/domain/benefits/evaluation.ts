import { workingDaysBetween, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import type { Fen } from '../money.ts';
import type { ApplicationState } from './application.ts';

/**
 * P5, P6: how benefits reach enterprises, from their applications — per policy, per department,
 * per county — and how fast: the median working days from an application to its money. Pure:
 * the figures of the rows given.
 */

/** An application as the figures read it. */
export interface FigureRow {
  readonly policyId: string;
  readonly enterpriseUnitId: string;
  readonly state: ApplicationState;
  readonly approvedAmount: Fen | null;
  readonly disbursedAmount: Fen;
  readonly submittedOn: LocalDate;
  readonly disbursedOn: LocalDate | null;
  /** Approved money still owed past its due day (P5). */
  readonly late: boolean;
}

export interface BenefitFigures {
  /** Distinct enterprises with an application or a 免申即享 item. */
  readonly enterprises: number;
  readonly applications: number;
  /** Approved (paid or not) and refused: the decided ones. */
  readonly approved: number;
  readonly refused: number;
  /** approved ÷ (approved + refused); null before any decision. */
  readonly approvalRate: number | null;
  readonly approvedAmount: Fen;
  readonly disbursedAmount: Fen;
  readonly outstandingAmount: Fen;
  /** Applications whose approved money is late, and how much of it is owed. */
  readonly late: number;
  readonly lateAmount: Fen;
  /** Median working days from application to the last payment, over the fully paid ones with money; null when none. */
  readonly medianWorkingDays: number | null;
}

const APPROVED: readonly ApplicationState[] = ['approved', 'disbursed'];

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The figures of a set of applications. */
export const benefitFigures = (rows: readonly FigureRow[], calendar: HolidayCalendar): BenefitFigures => {
  const approved = rows.filter((row) => APPROVED.includes(row.state));
  const refused = rows.filter((row) => row.state === 'refused').length;
  const approvedAmount = approved.reduce((sum, row) => sum + (row.approvedAmount ?? 0), 0);
  const disbursedAmount = approved.reduce((sum, row) => sum + row.disbursedAmount, 0);
  const late = rows.filter((row) => row.late);
  const paid = rows.filter((row) => row.state === 'disbursed' && row.disbursedOn !== null && (row.approvedAmount ?? 0) > 0);
  return {
    enterprises: new Set(rows.map((row) => row.enterpriseUnitId)).size,
    applications: rows.length,
    approved: approved.length,
    refused,
    approvalRate: approved.length + refused === 0 ? null : approved.length / (approved.length + refused),
    approvedAmount,
    disbursedAmount,
    outstandingAmount: approvedAmount - disbursedAmount,
    late: late.length,
    lateAmount: late.reduce((sum, row) => sum + (row.approvedAmount ?? 0) - row.disbursedAmount, 0),
    medianWorkingDays: median(paid.map((row) => workingDaysBetween(row.submittedOn, row.disbursedOn!, calendar))),
  };
};

/** The figures of each group the rows fall in, in the order of `keys`, groups without rows included. */
export const figuresBy = <R extends FigureRow, K>(rows: readonly R[], keyOf: (row: R) => K, keys: readonly K[], calendar: HolidayCalendar) => {
  const groups = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => ({ key, figures: benefitFigures(groups.get(key) ?? [], calendar) }));
};
