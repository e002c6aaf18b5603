/**
 * The figures of the dispatch report (调度报告, S5, G4): pure definitions over counts that the
 * report's SQL gathers. docs/REPORTS.md defines each one; this file is where they are computed.
 */
import { addCalendarDays, compareLocalDates, isLocalDate, type LocalDate } from '../calendar.ts';
import { AppError } from '../errors.ts';
import type { Fen } from '../money.ts';

/** The counts and sums of one group of cases (a jurisdiction, a line, a responsible unit). */
export interface GroupCounts {
  readonly cases: number;
  readonly open: number;
  readonly closed: number;
  readonly dismissed: number;
  /** Withdrawn by the enterprise (已撤回): ended, neither closed nor dismissed. */
  readonly withdrawn: number;
  /** S1: open cases past their deadline on the report date (the ledger's `overdue`). */
  readonly overdue: number;
  /** Closed cases whose settling event came on or before the deadline in force just before it. */
  readonly closedOnTime: number;
  /** A2: the ledger's `yearEndRisk`. */
  readonly yearEndRisk: number;
  /** G3: `return` events (feedback sent back by 营商办) within the period. */
  readonly returned: number;
  /** SPEC §5: `rate` events (the enterprise's rating of a closed case) within the period. */
  readonly ratings: number;
  /** Those rated 满意 (4 or 5, `isSatisfied`). */
  readonly satisfied: number;
  /** Those rated 不满意 (1 or 2, `isDissatisfied`); 3 (一般) is neither. */
  readonly dissatisfied: number;
  /** 12345 practice: `request_reopen` events (asked to reopen after 不满意) within the period. */
  readonly reopenRequests: number;
  readonly claimedAmount: Fen;
  readonly confirmedAmount: Fen;
  readonly paidAmount: Fen;
  readonly outstandingAmount: Fen;
}

/** A ratio in [0, 1], or null when its denominator is 0 (nothing to measure yet). */
export type Rate = number | null;

const ratio = (numerator: number, denominator: number): Rate => (denominator === 0 ? null : numerator / denominator);

export interface GroupRates {
  /** S5: paid ÷ confirmed. */
  readonly clearanceRate: Rate;
  /** closed on time ÷ (closed + open overdue). */
  readonly onTimeRate: Rate;
  /** S5: closed ÷ (cases − dismissed − withdrawn). */
  readonly closureRate: Rate;
  /** 满意率: satisfied ÷ ratings in the period. */
  readonly satisfactionRate: Rate;
}

export const groupRates = (counts: GroupCounts): GroupRates => ({
  clearanceRate: ratio(counts.paidAmount, counts.confirmedAmount),
  onTimeRate: ratio(counts.closedOnTime, counts.closed + counts.overdue),
  closureRate: ratio(counts.closed, counts.cases - counts.dismissed - counts.withdrawn),
  satisfactionRate: ratio(counts.satisfied, counts.ratings),
});

export type GroupFigures = GroupCounts & GroupRates;

export const withRates = <T extends GroupCounts>(counts: T): T & GroupRates => ({ ...counts, ...groupRates(counts) });

export const EMPTY_COUNTS: GroupCounts = {
  cases: 0,
  open: 0,
  closed: 0,
  dismissed: 0,
  withdrawn: 0,
  overdue: 0,
  closedOnTime: 0,
  yearEndRisk: 0,
  returned: 0,
  ratings: 0,
  satisfied: 0,
  dissatisfied: 0,
  reopenRequests: 0,
  claimedAmount: 0,
  confirmedAmount: 0,
  paidAmount: 0,
  outstandingAmount: 0,
};

/** The sum of groups' counts (the total row). */
export const sumCounts = (groups: readonly GroupCounts[]): GroupCounts =>
  groups.reduce<GroupCounts>(
    (total, group) =>
      Object.fromEntries(
        (Object.keys(EMPTY_COUNTS) as (keyof GroupCounts)[]).map((key) => [key, total[key] + group[key]]),
      ) as unknown as GroupCounts,
    EMPTY_COUNTS,
  );

/** 分 as a number of 万元 (1 万元 = 1,000,000 分), for spreadsheets; exact to the 分 in float64. */
export const fenToWanYuan = (fen: Fen): number => fen / 1_000_000;

/** The report date (统计日) and the days whose events it counts, `from` to `to` included. */
export interface ReportPeriod {
  readonly asOf: LocalDate;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/**
 * The report's date and period. Without a round the period runs from 1 January of the report
 * date's year to the report date; with a round it is the round's period, cut at the report
 * date, and the report date defaults to the period's end (or today, while the period runs). The report date may not be after today: the figures are the ledger
 * as recorded, which knows nothing of the future.
 * @throws AppError DATE_INVALID
 */
export const reportPeriod = (
  asOf: LocalDate | undefined,
  today: LocalDate,
  round: { readonly periodStart: LocalDate; readonly periodEnd: LocalDate } | null,
): ReportPeriod => {
  const day = asOf ?? (round === null || compareLocalDates(round.periodEnd, today) > 0 ? today : round.periodEnd);
  if (!isLocalDate(day)) throw new AppError('DATE_INVALID', '统计日应为有效日期（YYYY-MM-DD）', { field: 'asOf' });
  if (compareLocalDates(day, today) > 0) {
    throw new AppError('DATE_INVALID', `统计日不能晚于今天（${today}）`, { field: 'asOf' });
  }
  if (round === null) return { asOf: day, from: `${day.slice(0, 4)}-01-01`, to: day };
  if (compareLocalDates(day, round.periodStart) < 0) {
    throw new AppError('DATE_INVALID', `统计日不能早于本轮调度的起始日（${round.periodStart}）`, { field: 'asOf' });
  }
  return { asOf: day, from: round.periodStart, to: compareLocalDates(day, round.periodEnd) > 0 ? round.periodEnd : day };
};

/** The day after `date`: instants before its midnight belong to `date` or earlier. */
export const dayAfter = (date: LocalDate): LocalDate => addCalendarDays(date, 1);
