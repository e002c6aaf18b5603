/**
 * The 督办单 (formal supervision order, S2) as content: what the document says, computed from
 * the supervise event, the case and the calendar. Pure; `src/supervision/` renders it as .docx.
 */
import { addWorkingDays, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { workingDaysOverdue } from './ladder.ts';

/** The office that issues the order and its numbering prefix (汉江市优化营商环境领导小组办公室). */
export const SUPERVISION_ORDER_ISSUER = '汉江市优化营商环境领导小组办公室';
export const SUPERVISION_ORDER_SIGNATURE = '汉江市优化营商环境领导小组办公室（市营商办代章）';
const NUMBER_PREFIX = '汉营商督';

/** S2: the responsible unit reports in writing within this many working days of the order. */
export const SUPERVISION_ORDER_REPLY_WORKING_DAYS = 5;

/** 汉营商督〔2026〕7号: the year of issue and the order's serial number within the year. */
export const supervisionOrderNumber = (year: number, serial: number): string => `${NUMBER_PREFIX}〔${year}〕${serial}号`;

/** 2026-11-26 → 2026年11月26日. */
export const chineseDate = (date: LocalDate): string => {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
};

export interface SupervisionOrderInput {
  readonly year: number;
  readonly serial: number;
  readonly caseNumber: string;
  readonly caseTitle: string;
  /** Null for a rectification item that concerns no single enterprise. */
  readonly enterpriseName: string | null;
  readonly responsibleUnitName: string;
  /** The deadline the supervision refers to. */
  readonly deadline: LocalDate | null;
  /** The day the supervision was issued (Asia/Shanghai). */
  readonly issuedOn: LocalDate;
  /** 督办意见: the note of the supervise event. */
  readonly opinion: string;
  readonly calendar: HolidayCalendar;
}

export interface SupervisionOrderContent {
  readonly issuer: string;
  readonly title: string;
  readonly number: string;
  /** The addressee line: 「责任单位」： */
  readonly addressee: string;
  readonly rows: readonly (readonly [label: string, value: string])[];
  readonly opinion: string;
  readonly requirements: readonly string[];
  readonly signature: string;
  readonly date: string;
  /** The reply is due by this day. */
  readonly replyBy: LocalDate;
}

export const supervisionOrderContent = (input: SupervisionOrderInput): SupervisionOrderContent => {
  const overdue = input.deadline === null ? 0 : workingDaysOverdue(input.deadline, input.issuedOn, input.calendar);
  const replyBy = addWorkingDays(input.issuedOn, SUPERVISION_ORDER_REPLY_WORKING_DAYS, input.calendar);
  return {
    issuer: SUPERVISION_ORDER_ISSUER,
    title: '督 办 单',
    number: supervisionOrderNumber(input.year, input.serial),
    addressee: `${input.responsibleUnitName}：`,
    rows: [
      ['事项编号', input.caseNumber],
      ['事项名称', input.caseTitle],
      ...(input.enterpriseName === null ? [] : [['涉及企业', input.enterpriseName] as const]),
      ['责任单位', input.responsibleUnitName],
      ['办理期限', input.deadline === null ? '—' : chineseDate(input.deadline)],
      ['逾期情况', overdue > 0 ? `已逾期${overdue}个工作日` : '未逾期'],
    ],
    opinion: input.opinion,
    requirements: [
      `一、请于收到本督办单之日起${SUPERVISION_ORDER_REPLY_WORKING_DAYS}个工作日内（${chineseDate(replyBy)}前）将办理情况书面报告市营商办。`,
      '二、已办结的，请同时提交书面反馈及相关佐证材料，申请销号。',
      '三、确有客观原因无法按期办结的，请说明原因、整改措施和完成时限；逾期仍未办结的，将按规定予以通报。',
    ],
    signature: SUPERVISION_ORDER_SIGNATURE,
    date: chineseDate(input.issuedOn),
    replyBy,
  };
};
