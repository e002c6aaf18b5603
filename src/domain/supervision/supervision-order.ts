/**
 * The 督办单 (formal supervision order, S2) as content: what the document says, computed from
 * the supervise event, the case and the calendar. Pure; `src/supervision/` renders it as .docx.
 */
import { addWorkingDays, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { workingDaysOverdue } from './ladder.ts';

/** The office that issues a city's orders (its 市营商办) and their numbering prefix. */
export interface OrderIssuer {
  /** 汉江市优化营商环境领导小组办公室 */
  readonly office: string;
  /** 汉营商督: the city's first character and 营商督. */
  readonly prefix: string;
}

/** The issuer of city `cityName` (汉江市) whose 市营商办 is `officeName`; the office is named after the city when unknown. */
export const orderIssuerOf = (cityName: string, officeName: string | null): OrderIssuer => ({
  office: officeName ?? `${cityName}优化营商环境领导小组办公室`,
  prefix: `${cityName.charAt(0)}营商督`,
});

/** S2: the responsible unit reports in writing within this many working days of the order. */
export const SUPERVISION_ORDER_REPLY_WORKING_DAYS = 5;

/** 汉营商督〔2026〕7号: the issuer's prefix, the year of issue and the order's serial number within the year. */
export const supervisionOrderNumber = (issuer: OrderIssuer, year: number, serial: number): string => `${issuer.prefix}〔${year}〕${serial}号`;

/** 2026-11-26 → 2026年11月26日. */
export const chineseDate = (date: LocalDate): string => {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
};

export interface SupervisionOrderInput {
  readonly issuer: OrderIssuer;
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
    issuer: input.issuer.office,
    title: '督 办 单',
    number: supervisionOrderNumber(input.issuer, input.year, input.serial),
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
    signature: `${input.issuer.office}（市营商办代章）`,
    date: chineseDate(input.issuedOn),
    replyBy,
  };
};
