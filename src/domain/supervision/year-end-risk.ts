import { addCalendarDays, yearEnd, type LocalDate } from '../calendar.ts';

/** How far ahead the year-end risk list looks for lump sums falling due (A2, S5). */
export const YEAR_END_RISK_DAYS = 60;

/**
 * A2, S5: on `today`, an open lump sum with something outstanding is a year-end risk when it
 * falls due on or before this day: within 60 days, and no later than 31 December of this year
 * (so a sum already overdue counts too). Approved year exceptions are flagged besides.
 */
export const yearEndRiskHorizon = (today: LocalDate): LocalDate => {
  const soon = addCalendarDays(today, YEAR_END_RISK_DAYS);
  const end = yearEnd(today);
  return soon < end ? soon : end;
};
