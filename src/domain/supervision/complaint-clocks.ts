/**
 * The complaint clocks of 保障中小企业款项支付条例 第二十五条, beside the work map's deadlines (S1):
 * a complaint is handed to the unit that must deal with it (转交, here 营商办's 受理并交办) within
 * 10 working days of its receipt, and the unit tells the complainant its result in writing within
 * 30 days of the hand-over; 营商办 may extend that, to at most 90 days after the hand-over.
 * Pure: read from the case as its events left it (registration, `accept`, `approve_extension`,
 * `notify_result`) and `today`, so the case page, the sweep and the decisions see one clock.
 */
import {
  addCalendarDays,
  addWorkingDays,
  compareLocalDates,
  isWorkingDay,
  todayInShanghai,
  workingDaysBetween,
  type HolidayCalendar,
  type LocalDate,
} from '../calendar.ts';
import { SUPERVISION_LEVELS, type CaseCore, type SupervisionLevel } from '../case/record.ts';
import { isCaseOpen } from '../case/states.ts';
import type { Source } from '../lines/vocabulary.ts';
import { dueSupervisionSteps, type LadderThresholds } from './ladder.ts';
import { deadlineStatus } from './time-limits.ts';
import { citePaymentRegulation } from '../payment-regulation.ts';

/**
 * The intake channels whose cases are complaints under Art. 25: an enterprise's own complaint
 * (企业在线诉求), the complaint platform (非公有制企业服务平台投诉) and the provincial SME platform
 * (湖北省中小微企业诉求响应平台), which is the complaint channel the provincial SME department keeps
 * under that article. A petition (来信来访) is not: it runs on the clocks of 信访工作条例, and a
 * leader's assignment or staff's own finding is no complaint at all.
 */
export const COMPLAINT_SOURCES = ['enterprise', 'complaint_platform', 'provincial_platform'] as const satisfies readonly Source[];

export const isComplaintSource = (source: Source): boolean => (COMPLAINT_SOURCES as readonly Source[]).includes(source);

/** Art. 25: the receiving department hands the complaint on within 10 working days of receipt. */
export const COMPLAINT_TRANSFER_WORKING_DAYS = 10;
/** Art. 25: the written result within 30 days of the hand-over. */
export const COMPLAINT_RESULT_DAYS = 30;
/** Art. 25: extended with approval, the written result is due at most 90 days after the hand-over. */
export const COMPLAINT_RESULT_MAX_DAYS = 90;

export const COMPLAINT_CLOCK_KINDS = ['complaint_transfer', 'complaint_result'] as const;
export type ComplaintClockKind = (typeof COMPLAINT_CLOCK_KINDS)[number];

export const COMPLAINT_CLOCK_LABEL = {
  complaint_transfer: '转交时限',
  complaint_result: '书面处理结果时限',
} satisfies Record<ComplaintClockKind, string>;

/** The article both clocks cite. */
export const COMPLAINT_CLOCK_ARTICLE = citePaymentRegulation('第二十五条');

/**
 * Where a clock stands: `waiting` (the result clock before the hand-over), running (`on_track`,
 * `due_soon`, `overdue`), done (`met` on time, `late` after the due day), or `ended` without its
 * event (the complaint dismissed or merged, or the case closed first).
 */
export const COMPLAINT_CLOCK_STATUSES = ['waiting', 'on_track', 'due_soon', 'overdue', 'met', 'late', 'ended'] as const;
export type ComplaintClockStatus = (typeof COMPLAINT_CLOCK_STATUSES)[number];

export const COMPLAINT_CLOCK_STATUS_LABEL = {
  waiting: '交办后起算',
  on_track: '正常',
  due_soon: '临期',
  overdue: '逾期',
  met: '按期完成',
  late: '逾期完成',
  ended: '已终止',
} satisfies Record<ComplaintClockStatus, string>;

const RUNNING: ReadonlySet<ComplaintClockStatus> = new Set(['on_track', 'due_soon', 'overdue']);

/** Whether the clock still runs (its event not yet recorded, the case open). */
export const isClockRunning = (clock: { readonly status: ComplaintClockStatus }): boolean => RUNNING.has(clock.status);

export interface ComplaintClock {
  readonly kind: ComplaintClockKind;
  /** The day it starts from (the day itself not counted); null while it has not started. */
  readonly startedOn: LocalDate | null;
  /** The last day of the time limit; null while it has not started. */
  readonly dueOn: LocalDate | null;
  /** The day its event happened (交办, 书面告知); null until then. */
  readonly doneOn: LocalDate | null;
  readonly status: ComplaintClockStatus;
  /** Working days past the due day: until today while overdue, until the event when late; else 0. */
  readonly overdueWorkingDays: number;
}

export interface ComplaintResultClock extends ComplaintClock {
  readonly kind: 'complaint_result';
  /** 30 days after the hand-over. */
  readonly baseDueOn: LocalDate | null;
  /** 90 days after the hand-over: no extension goes beyond it. */
  readonly maxDueOn: LocalDate | null;
  /** The due day 营商办 approved in place of `baseDueOn`; null while not extended. */
  readonly extendedTo: LocalDate | null;
}

export interface ComplaintClocks {
  /** The day the complaint was received (registered). */
  readonly receivedOn: LocalDate;
  readonly transfer: ComplaintClock & { readonly kind: 'complaint_transfer' };
  readonly result: ComplaintResultClock;
}

/** What the clocks read of a case. */
export type ClockedCase = Pick<CaseCore, 'source' | 'state' | 'registeredAt' | 'intake' | 'resultNotice' | 'complaintResultDueOn'>;

/**
 * The last day of a period of `days` calendar days counted from the day after `start`; a period
 * ending on a day off ends on the next working day of the official calendar (民法典 第二百零一条、
 * 第二百零三条, as the statutory due dates of the arrears line count).
 */
export const periodEnd = (start: LocalDate, days: number, calendar: HolidayCalendar): LocalDate => {
  let end = addCalendarDays(start, days);
  while (!isWorkingDay(end, calendar)) end = addCalendarDays(end, 1);
  return end;
};

/** The day the case was handed to its unit (交办): the `accept`, or the registration of a case taken on at once; null while pending. */
export const transferredOn = (record: Pick<CaseCore, 'registeredAt' | 'intake'>): LocalDate | null => {
  if (record.intake === null) return todayInShanghai(new Date(record.registeredAt));
  return record.intake.acceptedAt === null ? null : todayInShanghai(new Date(record.intake.acceptedAt));
};

/** The latest day an approved extension may set for the written result (90 days after the hand-over); null before it. */
export const complaintResultLimit = (record: Pick<CaseCore, 'registeredAt' | 'intake'>, calendar: HolidayCalendar): LocalDate | null => {
  const start = transferredOn(record);
  return start === null ? null : periodEnd(start, COMPLAINT_RESULT_MAX_DAYS, calendar);
};

const standing = (
  dueOn: LocalDate,
  doneOn: LocalDate | null,
  open: boolean,
  today: LocalDate,
  calendar: HolidayCalendar,
): Pick<ComplaintClock, 'status' | 'overdueWorkingDays'> => {
  if (doneOn !== null) {
    const late = compareLocalDates(doneOn, dueOn) > 0;
    return { status: late ? 'late' : 'met', overdueWorkingDays: late ? workingDaysBetween(dueOn, doneOn, calendar) : 0 };
  }
  if (!open) return { status: 'ended', overdueWorkingDays: 0 };
  const status = deadlineStatus(dueOn, today);
  if (status === 'overdue') return { status, overdueWorkingDays: workingDaysBetween(dueOn, today, calendar) };
  return { status: status === 'due_soon' ? 'due_soon' : 'on_track', overdueWorkingDays: 0 };
};

/** The two clocks of a complaint on `today`; null for a case that is no complaint under Art. 25. */
export const complaintClocks = (record: ClockedCase, today: LocalDate, calendar: HolidayCalendar): ComplaintClocks | null => {
  if (!isComplaintSource(record.source)) return null;
  const open = isCaseOpen(record.state);
  const receivedOn = todayInShanghai(new Date(record.registeredAt));
  const handedOver = transferredOn(record);
  const transferDue = addWorkingDays(receivedOn, COMPLAINT_TRANSFER_WORKING_DAYS, calendar);
  const transfer = {
    kind: 'complaint_transfer' as const,
    startedOn: receivedOn,
    dueOn: transferDue,
    doneOn: handedOver,
    ...standing(transferDue, handedOver, open, today, calendar),
  };
  if (handedOver === null) {
    const result: ComplaintResultClock = {
      kind: 'complaint_result',
      startedOn: null,
      dueOn: null,
      doneOn: null,
      status: open ? 'waiting' : 'ended',
      overdueWorkingDays: 0,
      baseDueOn: null,
      maxDueOn: null,
      extendedTo: null,
    };
    return { receivedOn, transfer, result };
  }
  const baseDueOn = periodEnd(handedOver, COMPLAINT_RESULT_DAYS, calendar);
  const extendedTo = record.complaintResultDueOn ?? null;
  const dueOn = extendedTo ?? baseDueOn;
  const toldOn = record.resultNotice?.notifiedOn ?? null;
  const result: ComplaintResultClock = {
    kind: 'complaint_result',
    startedOn: handedOver,
    dueOn,
    doneOn: toldOn,
    ...standing(dueOn, toldOn, open, today, calendar),
    baseDueOn,
    maxDueOn: periodEnd(handedOver, COMPLAINT_RESULT_MAX_DAYS, calendar),
    extendedTo,
  };
  return { receivedOn, transfer, result };
};

/**
 * The highest step each clock's ladder climbs to. The hand-over is 营商办's own duty, so its
 * clock reminds and urges 营商办 but 营商办 does not 督办 itself; a unit that does not answer the
 * complaint in writing is supervised, interviewed and noticed (Art. 23) like a missed deadline.
 */
export const COMPLAINT_CLOCK_TOP_STEP = {
  complaint_transfer: 'urging',
  complaint_result: 'notice',
} as const satisfies Record<ComplaintClockKind, SupervisionLevel>;

/** A step of the ladder already raised on a case: for which clock (none: the case's deadline) and which due day. */
export interface RaisedStepOf {
  readonly clock: ComplaintClockKind | null;
  readonly deadline: LocalDate | null;
  readonly level: SupervisionLevel;
}

export interface ClockStep {
  readonly clock: ComplaintClockKind;
  readonly dueOn: LocalDate;
  readonly level: SupervisionLevel;
}

/**
 * The ladder's steps due on `today` for the complaint clocks still running, lowest first per
 * clock: each clock is a deadline of its own (its steps counted apart from the case deadline's
 * and from the other clock's), up to its top step.
 */
export const dueComplaintClockSteps = (input: {
  readonly record: ClockedCase;
  readonly raised: readonly RaisedStepOf[];
  readonly today: LocalDate;
  readonly calendar: HolidayCalendar;
  readonly thresholds?: LadderThresholds;
}): ClockStep[] => {
  const { record, raised, today, calendar, thresholds } = input;
  const clocks = complaintClocks(record, today, calendar);
  if (clocks === null) return [];
  return [clocks.transfer, clocks.result].flatMap((clock) => {
    if (!isClockRunning(clock) || clock.dueOn === null) return [];
    const dueOn = clock.dueOn;
    const levels = raised.filter((step) => step.clock === clock.kind && step.deadline === dueOn).map((step) => step.level);
    const top = SUPERVISION_LEVELS.indexOf(COMPLAINT_CLOCK_TOP_STEP[clock.kind]);
    return dueSupervisionSteps({ state: record.state, deadline: dueOn, raised: levels, today, calendar, ...(thresholds === undefined ? {} : { thresholds }) })
      .filter((level) => SUPERVISION_LEVELS.indexOf(level) <= top)
      .map((level) => ({ clock: clock.kind, dueOn, level }));
  });
};
