import { compareLocalDates, daysBetween, type LocalDate } from '../calendar.ts';
import type { Fen } from '../money.ts';
import type { AreaHundredths } from './area.ts';

/**
 * S6: where a promise stands, derived — never stored — from what was promised, by when, and
 * what has been delivered, as of `today` (a parameter: this module reads no clock).
 *
 * - `kept` 已兑现: every promised quantity (amount, area) is delivered in full; a promise without
 *   a quantity (a policy, a right) once a delivery marks it fully kept;
 * - `overdue` 逾期未兑现: not kept and its due date has passed (the due date itself is still in
 *   time), counted in calendar days;
 * - `partly_kept` 部分兑现: not yet due, something delivered but not all;
 * - `due` 待兑现: not yet due and nothing delivered.
 */
export const PROMISE_STATUSES = ['overdue', 'partly_kept', 'due', 'kept'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const PROMISE_STATUS_LABEL = {
  due: '待兑现',
  partly_kept: '部分兑现',
  overdue: '逾期未兑现',
  kept: '已兑现',
} satisfies Record<PromiseStatus, string>;

/** What a promise promises: an amount, an area, both or neither, and the day it is due. */
export interface PromiseTerms {
  readonly amount: Fen | null;
  readonly area: AreaHundredths | null;
  readonly dueOn: LocalDate;
}

/** What has been delivered on a promise, summed over its fulfilment records. */
export interface Delivered {
  readonly amount: Fen;
  readonly area: AreaHundredths;
  /** How many fulfilment records there are. */
  readonly records: number;
  /** A record marked the (unquantified) promise fully kept. */
  readonly completed: boolean;
  /** The day of the latest delivery. */
  readonly lastOn: LocalDate | null;
}

export const NOTHING_DELIVERED: Delivered = { amount: 0, area: 0, records: 0, completed: false, lastOn: null };

/** One fulfilment record as the sum reads it. */
export interface DeliveryRecord {
  readonly deliveredOn: LocalDate;
  readonly amount: Fen | null;
  readonly area: AreaHundredths | null;
  readonly completes: boolean;
}

/** The sum of a promise's fulfilment records. */
export const deliveredOf = (records: readonly DeliveryRecord[]): Delivered =>
  records.reduce<Delivered>(
    (sum, record) => ({
      amount: sum.amount + (record.amount ?? 0),
      area: sum.area + (record.area ?? 0),
      records: sum.records + 1,
      completed: sum.completed || record.completes,
      lastOn: sum.lastOn === null || compareLocalDates(record.deliveredOn, sum.lastOn) > 0 ? record.deliveredOn : sum.lastOn,
    }),
    NOTHING_DELIVERED,
  );

/** A promise of money or land is judged by the quantities delivered; any other by a record that marks it kept. */
export const isQuantified = (terms: Pick<PromiseTerms, 'amount' | 'area'>): boolean => terms.amount !== null || terms.area !== null;

export interface PromiseStanding {
  readonly status: PromiseStatus;
  /** Calendar days past the due date; null unless overdue. */
  readonly daysOverdue: number | null;
  /** What of the promised amount is still to deliver; null for a promise without an amount. */
  readonly outstandingAmount: Fen | null;
  readonly outstandingArea: AreaHundredths | null;
  /** The day of the delivery that completed it; null unless kept. */
  readonly keptOn: LocalDate | null;
}

/** Where the promise stands on `today`. */
export const promiseStanding = (terms: PromiseTerms, delivered: Delivered, today: LocalDate): PromiseStanding => {
  const outstandingAmount = terms.amount === null ? null : Math.max(0, terms.amount - delivered.amount);
  const outstandingArea = terms.area === null ? null : Math.max(0, terms.area - delivered.area);
  const quantified = isQuantified(terms);
  const kept = quantified ? (outstandingAmount ?? 0) === 0 && (outstandingArea ?? 0) === 0 : delivered.completed;
  const base = { outstandingAmount, outstandingArea };
  if (kept) return { ...base, status: 'kept', daysOverdue: null, keptOn: delivered.lastOn };
  if (compareLocalDates(today, terms.dueOn) > 0) return { ...base, status: 'overdue', daysOverdue: daysBetween(terms.dueOn, today), keptOn: null };
  const somethingDelivered = quantified ? delivered.amount > 0 || delivered.area > 0 : delivered.records > 0;
  return { ...base, status: somethingDelivered ? 'partly_kept' : 'due', daysOverdue: null, keptOn: null };
};

/** The tracking list's order: the overdue first (the longest overdue first), then by due date. */
export const byUrgency = <T extends { readonly status: PromiseStatus; readonly dueOn: LocalDate }>(a: T, b: T): number =>
  Number(b.status === 'overdue') - Number(a.status === 'overdue') || compareLocalDates(a.dueOn, b.dueOn);

export type StatusTotals = Record<PromiseStatus | 'all', number>;

/** How many promises stand in each status, and in all. */
export const statusTotals = (items: readonly { readonly status: PromiseStatus }[]): StatusTotals => {
  const totals: StatusTotals = { all: items.length, overdue: 0, partly_kept: 0, due: 0, kept: 0 };
  for (const item of items) totals[item.status] += 1;
  return totals;
};

/**
 * A project stands as its promises do, the worst first: `overdue` when one is overdue; `kept`
 * when every one is kept; `partly_kept` when one is kept or partly kept; else `due` (a project
 * with no promise yet included).
 */
export const projectStatus = (statuses: readonly PromiseStatus[]): PromiseStatus => {
  if (statuses.includes('overdue')) return 'overdue';
  if (statuses.length > 0 && statuses.every((status) => status === 'kept')) return 'kept';
  if (statuses.some((status) => status === 'kept' || status === 'partly_kept')) return 'partly_kept';
  return 'due';
};
