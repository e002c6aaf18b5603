import { z } from 'zod';
import { addWorkingDays, compareLocalDates, workingDaysBetween, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { formatWanYuan, type Fen } from '../money.ts';

/**
 * P5: approved funds must reach the enterprise within a number of working days of its
 * application — 60 for 快申快享 clauses, as the provincial 直达快享 practice sets, and a longer
 * configurable limit for the others. Past it, the daily sweep raises a 资金拨付缓慢 case.
 */
export interface DisbursementLimits {
  readonly fastTrackWorkingDays: number;
  readonly standardWorkingDays: number;
}

export const DEFAULT_DISBURSEMENT_LIMITS: DisbursementLimits = { fastTrackWorkingDays: 60, standardWorkingDays: 90 };

const days = (label: string) => z.int({ error: `${label}应为整数` }).min(1, { error: `${label}至少1个工作日` }).max(365, { error: `${label}最多365个工作日` });

export const disbursementLimitsSchema = z.object({
  fastTrackWorkingDays: days('快申快享条款的拨付时限').describe('快申快享条款：自申报之日起的工作日数'),
  standardWorkingDays: days('其他条款的拨付时限').describe('其他条款：自申报之日起的工作日数'),
});

/** The last day the approved amount may be paid by: the limit's working days after the application. */
export const disbursementDueOn = (submittedOn: LocalDate, fastTrack: boolean, limits: DisbursementLimits, calendar: HolidayCalendar): LocalDate =>
  addWorkingDays(submittedOn, fastTrack ? limits.fastTrackWorkingDays : limits.standardWorkingDays, calendar);

/** Whether money approved is still owed after its due day. */
export const isSlowDisbursement = (application: { state: string; approvedAmount: Fen | null; disbursedAmount: Fen }, dueOn: LocalDate, today: LocalDate): boolean =>
  application.state === 'approved' && (application.approvedAmount ?? 0) > application.disbursedAmount && compareLocalDates(today, dueOn) > 0;

/** The 资金拨付缓慢 case's wording: what was approved, what is paid, since when it is late. */
export const slowDisbursementText = (
  facts: {
    enterpriseName: string;
    policyTitle: string;
    documentNo: string;
    clause: string;
    fastTrack: boolean;
    submittedOn: LocalDate;
    decidedOn: LocalDate | null;
    approvedAmount: Fen;
    disbursedAmount: Fen;
    dueOn: LocalDate;
    limitDays: number;
  },
  today: LocalDate,
  calendar: HolidayCalendar,
): { title: string; facts: string; instruction: string } => {
  const outstanding = facts.approvedAmount - facts.disbursedAmount;
  const late = workingDaysBetween(facts.dueOn, today, calendar);
  return {
    title: `惠企资金拨付缓慢：${facts.enterpriseName}${facts.clause}尚有${formatWanYuan(outstanding)}未拨付`.slice(0, 200),
    facts:
      `${facts.enterpriseName}于${facts.submittedOn}申报《${facts.policyTitle}》（${facts.documentNo}）${facts.clause}，` +
      `${facts.decidedOn ? `${facts.decidedOn}` : ''}核准${formatWanYuan(facts.approvedAmount)}，截至${today}已拨付${formatWanYuan(facts.disbursedAmount)}，尚欠${formatWanYuan(outstanding)}。` +
      `${facts.fastTrack ? '该条款为快申快享条款，' : ''}应在申报后${facts.limitDays}个工作日内（${facts.dueOn}前）兑付到位，已逾期${late}个工作日。`,
    instruction: '请政策制定部门会同财政部门查明资金未到位原因，限期拨付到位；确有困难需延期的，须征得企业同意（P3）。',
  };
};
