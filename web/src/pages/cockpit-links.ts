import type { ListCasesQuery } from '../../../src/cases/list-cases.ts';
import { addCalendarDays, type LocalDate } from '../../../src/domain/calendar.ts';
import type { Line } from '../../../src/domain/lines/vocabulary.ts';

/** A ledger view: parameters of the list API, which the ledger page keeps in its address. */
export type LedgerFilter = Partial<Record<keyof ListCasesQuery, string>>;

/** The ISO week (Monday to Sunday) that starts on `weekStart`, as an inclusive day range. */
const week = (weekStart: LocalDate) => ({ from: weekStart, to: addCalendarDays(weekStart, 6) });

/**
 * The ledger view behind each figure of the cockpit: a click on the figure opens it, and it
 * lists exactly the cases the figure counts (test/http/cockpit-ledger.test.ts pages through
 * each one). Pure, so the test reads the same links the page renders.
 */
export const COCKPIT_LINKS = {
  lineCases: (line: Line): LedgerFilter => ({ line }),
  lineOverdue: (line: Line): LedgerFilter => ({ line, overdue: 'true' }),
  /** 依法逾期: past the statutory due date of 保障中小企业款项支付条例 with money owed. */
  lineOverdueByLaw: (line: Line): LedgerFilter => ({ line, overdueByLaw: 'true' }),
  lineClosed: (line: Line): LedgerFilter => ({ line, state: 'closed' }),
  jurisdiction: (jurisdictionId: string): LedgerFilter => ({ jurisdiction: jurisdictionId }),
  unit: (unitId: string): LedgerFilter => ({ responsibleUnit: unitId }),
  unitOverdue: (unitId: string): LedgerFilter => ({ responsibleUnit: unitId, overdue: 'true' }),
  yearEndRisk: (): LedgerFilter => ({ yearEndRisk: 'true' }),
  /** 新登记 of a week: registered in it (Asia/Shanghai days). */
  weekRegistered: (weekStart: LocalDate): LedgerFilter => {
    const { from, to } = week(weekStart);
    return { registeredFrom: from, registeredTo: to };
  },
  /** 销号 of a week: closed in it (a dismissal also ends a case, but is not 销号). */
  weekClosed: (weekStart: LocalDate): LedgerFilter => {
    const { from, to } = week(weekStart);
    return { state: 'closed', closedFrom: from, closedTo: to };
  },
  /** 清偿金额 of a week: cases with a payment made in it, by the payment's date. */
  weekPaid: (weekStart: LocalDate): LedgerFilter => {
    const { from, to } = week(weekStart);
    return { paidFrom: from, paidTo: to };
  },
};
