/** What the cockpit's two sources (the rollups, the cases themselves) both answer, and its limits. */
import { sql, type SQL } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import { fenTotal, type FenTotal } from '../domain/money.ts';

/** Weeks of the cockpit's trend chart. */
export const STATISTICS_WEEKS = 26;
/** Responsible units in the ranking. */
export const STATISTICS_TOP_UNITS = 20;
/** Year-end risks the cockpit lists (the first by deadline); the ledger's yearEndRisk=true lists them all. */
export const STATISTICS_YEAR_END_RISKS = 10;

/** The exact sum (numeric, never `::bigint`, which overflows) of an amount in 分, read as a `FenTotal`. */
export const moneySum = (amount: SQL): SQL<FenTotal> => sql<FenTotal>`coalesce(sum(${amount}), 0)`.mapWith(fenTotal);

/** The figures of a group of cases; the clearance rate is paid ÷ confirmed, null while nothing is confirmed. */
export interface RankedFigures {
  readonly cases: number;
  readonly open: number;
  readonly overdue: number;
  readonly overdueByLaw: number;
  readonly confirmedAmount: FenTotal;
  readonly paidAmount: FenTotal;
  readonly outstandingAmount: FenTotal;
  readonly clearanceRate: number | null;
}

export interface LineFigures extends RankedFigures {
  readonly line: Line;
  readonly closed: number;
  readonly dismissed: number;
  readonly claimedAmount: FenTotal;
}

export interface NamedFigures extends RankedFigures {
  readonly id: string;
  readonly name: string;
}

export interface WeekCount {
  readonly weekStart: LocalDate;
  readonly count: number;
}

export interface WeekAmount {
  readonly weekStart: LocalDate;
  readonly amount: FenTotal;
}

/**
 * The cockpit's grouped figures: per line (only the lines with cases), per jurisdiction and the
 * first `STATISTICS_TOP_UNITS` responsible units, both by outstanding amount, then cases, then id;
 * the cases registered and closed (销号) and the payments made (by paidOn) per week from
 * `firstWeek` on (only the weeks with some); and how many year-end risks (A2) there are.
 */
export interface GroupedFigures {
  readonly lines: LineFigures[];
  readonly byJurisdiction: NamedFigures[];
  readonly byUnit: NamedFigures[];
  readonly registered: WeekCount[];
  readonly closed: WeekCount[];
  readonly paid: WeekAmount[];
  readonly yearEndRisks: number;
}

/** What both sources are asked: the reader's cases, "today" and the first week of the series. */
export interface StatisticsPeriod {
  readonly today: LocalDate;
  readonly firstWeek: LocalDate;
}
