/**
 * A unit's reporting status in a dispatch round (G1): pure, `today` is a parameter.
 */
import { compareLocalDates, type LocalDate } from '../calendar.ts';

/** A dispatch round is open for reports until 营商办 closes it (G1). */
export const DISPATCH_ROUND_STATUSES = ['open', 'closed'] as const;
export type DispatchRoundStatus = (typeof DISPATCH_ROUND_STATUSES)[number];

export const DISPATCH_ROUND_STATUS_LABEL = {
  open: '进行中',
  closed: '已结束',
} satisfies Record<DispatchRoundStatus, string>;

export const UNIT_REPORT_STATUSES = ['submitted', 'submitted_late', 'pending', 'overdue'] as const;
export type UnitReportStatus = (typeof UNIT_REPORT_STATUSES)[number];

export const UNIT_REPORT_STATUS_LABEL = {
  submitted: '已报送',
  submitted_late: '逾期报送',
  pending: '未报送',
  overdue: '逾期未报',
} satisfies Record<UnitReportStatus, string>;

export interface UnitReportFacts {
  /** The date the unit submitted its round report (Asia/Shanghai), or null. */
  readonly submittedOn: LocalDate | null;
  readonly dueOn: LocalDate;
  readonly today: LocalDate;
}

/** Submitted (on time or late), or not yet: pending until the due date, overdue after it. */
export const unitReportStatus = ({ submittedOn, dueOn, today }: UnitReportFacts): UnitReportStatus => {
  if (submittedOn !== null) return compareLocalDates(submittedOn, dueOn) > 0 ? 'submitted_late' : 'submitted';
  return compareLocalDates(today, dueOn) > 0 ? 'overdue' : 'pending';
};

/**
 * An item of the snapshot needs a progress report while its case is still open; a case closed
 * (销号) or dismissed since the round opened needs none.
 */
export const itemNeedsReport = (item: { readonly progress: string | null; readonly caseOpen: boolean }): boolean =>
  item.progress === null && item.caseOpen;
