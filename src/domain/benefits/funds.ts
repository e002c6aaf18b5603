import type { Actor } from '../access/roles.ts';
import { compareLocalDates, type LocalDate } from '../calendar.ts';
import type { Fen } from '../money.ts';
import { isFinanceBureau } from './application.ts';

/**
 * P5 (SPEC §3.2): 财政局 leads the payment of policy funds. The 资金拨付 page is the finance
 * bureau's list of approved money still owed — the late first — with its totals and by the
 * department that approved it. Pure: the figures of the items given.
 */

/**
 * Who follows the policy funds as a whole (the 资金拨付 page and the evaluation): 营商办 and
 * leaders, and the finance bureaus, which lead the payment. Other departments read their own
 * approved money at the window.
 */
export const followsPolicyFunds = (actor: Pick<Actor, 'role' | 'unitId'>): boolean =>
  actor.role === 'business_office' || actor.role === 'leader' || ((actor.role === 'unit_handler' || actor.role === 'lead_bureau') && isFinanceBureau(actor.unitId));

/** Staff who may read approved money owed, each within the application list's scope; enterprises follow theirs in the portal. */
export const mayReadFunds = (actor: Pick<Actor, 'role'>): boolean =>
  actor.role === 'business_office' || actor.role === 'leader' || actor.role === 'lead_bureau' || actor.role === 'unit_handler' || actor.role === 'county_coordinator';

/** An approved application with money still owed, as the figures read it. */
export interface OwedItem {
  readonly id: string;
  readonly handlingUnitId: string;
  readonly handlingUnitName: string;
  readonly approvedAmount: Fen;
  readonly disbursedAmount: Fen;
  readonly outstanding: Fen;
  readonly dueOn: LocalDate;
  /** Working days past the due day; null while it is not late (0 when only a weekend or holiday has passed). */
  readonly workingDaysLate: number | null;
}

export interface FundsTotals {
  readonly count: number;
  readonly approved: Fen;
  readonly disbursed: Fen;
  readonly outstanding: Fen;
  readonly lateCount: number;
  readonly lateOutstanding: Fen;
}

/** The totals of the items: what was approved, what is paid, what is owed, and how much of it is late. */
export const fundsTotals = (items: readonly OwedItem[]): FundsTotals => {
  const late = items.filter((item) => item.workingDaysLate !== null);
  const sum = (rows: readonly OwedItem[], amount: (item: OwedItem) => Fen) => rows.reduce((total, item) => total + amount(item), 0);
  return {
    count: items.length,
    approved: sum(items, (item) => item.approvedAmount),
    disbursed: sum(items, (item) => item.disbursedAmount),
    outstanding: sum(items, (item) => item.outstanding),
    lateCount: late.length,
    lateOutstanding: sum(late, (item) => item.outstanding),
  };
};

/** The totals per approving department, the one owing most first. */
export const fundsByDepartment = (items: readonly OwedItem[]) => {
  const groups = new Map<string, OwedItem[]>();
  for (const item of items) groups.set(item.handlingUnitId, [...(groups.get(item.handlingUnitId) ?? []), item]);
  return [...groups.values()]
    .map((group) => {
      const { count, approved, disbursed, outstanding, lateCount } = fundsTotals(group);
      return { handlingUnitId: group[0]!.handlingUnitId, handlingUnitName: group[0]!.handlingUnitName, count, approved, disbursed, outstanding, lateCount };
    })
    .sort((a, b) => b.outstanding - a.outstanding || a.handlingUnitName.localeCompare(b.handlingUnitName, 'zh-Hans-CN'));
};

/** The order of the list: the late first, the latest of them first; then by due day, the nearest first. */
export const byUrgency = (a: OwedItem, b: OwedItem): number => {
  if ((a.workingDaysLate === null) !== (b.workingDaysLate === null)) return a.workingDaysLate === null ? 1 : -1;
  return (
    (b.workingDaysLate ?? 0) - (a.workingDaysLate ?? 0) ||
    compareLocalDates(a.dueOn, b.dueOn) ||
    b.outstanding - a.outstanding ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
};
