import { z } from 'zod';
import { addWorkingDays, compareLocalDates, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { localDate, text } from '../case/fields.ts';
import { AppError } from '../errors.ts';
import { inForceOn, type Policy } from './library.ts';

/**
 * P1 (知晓难): where and how a policy was made known. The issuing department publishes it on its
 * website's home page and interprets it (解读); the local government publicises it on the
 * government website; the service hall's consultation window (咨询专窗) answers questions on it;
 * and, as the province's 直达快享 practice requires, an application guide (申兑指南) tells who
 * benefits, on what conditions, within what time, where to apply and whom to call. Each record
 * has its date and a link to the page that shows it. What is missing of a policy in force is a
 * gap, and a gap past its due day becomes an `integrity` rectification item (G2).
 */

export const PUBLICATION_KINDS = ['department_site', 'government_site', 'interpretation', 'consultation_window', 'application_guide'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const PUBLICATION_KIND_LABEL = {
  department_site: '部门网站首页',
  government_site: '政府门户网站',
  interpretation: '政策解读',
  consultation_window: '咨询专窗',
  application_guide: '申兑指南',
} satisfies Record<PublicationKind, string>;

/** 直达快享: the application guide follows the policy within 7 working days of its publication. */
export const GUIDE_DUE_WORKING_DAYS = 7;

/** The longest link kept; government sites' addresses are far shorter. */
const LINK_MAX = 2000;

/** Only pages people can open: http or https, with a host. */
const isWebLink = (value: string): boolean => {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

export const webLink = (label: string) =>
  text(label, LINK_MAX).refine(isWebLink, { error: `${label}应为以 http:// 或 https:// 开头的网址` });

/** 0710-3325678, 0710-3325678转801, 13812345678, 12345, 400-123-4567. */
const PHONE_NUMBER = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:(?:-|转)\d{1,6})?|\d{7,8}|12345|400-?\d{3}-?\d{4})$/;

/** A guide may list a few numbers, separated as people write them: 、 ， ; or a space. */
const isPhoneList = (value: string): boolean => {
  const numbers = value.split(/[、，,；;/\s]+/).filter((part) => part !== '');
  return numbers.length >= 1 && numbers.length <= 5 && numbers.every((number) => PHONE_NUMBER.test(number));
};

/** 申兑指南 (直达快享): the five things an enterprise must learn before it applies. */
export const applicationGuideSchema = z.object({
  /** 受益对象: who benefits. */
  beneficiaries: text('受益对象', 500),
  /** 申报条件: on what conditions. */
  conditions: text('申报条件', 2000),
  /** 兑现时限: within what time the benefit is delivered, as the guide words it. */
  fulfilmentTimeLimit: text('兑现时限', 200),
  /** 申报地点或渠道: the window, the online platform, or "免申即享，无需申报". */
  applicationChannel: text('申报地点或渠道', 500),
  /** 咨询电话. */
  consultationPhone: text('咨询电话', 100).refine(isPhoneList, { error: '咨询电话格式不正确，应为如 0710-3325678 或 13812345678 的号码' }),
});
export type ApplicationGuide = z.infer<typeof applicationGuideSchema>;

const publishedOn = localDate('发布日期');
const link = webLink('链接');

/** One publication record as recorded: its kind, date and link; a guide carries its five fields. */
export const publicationInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.enum(['department_site', 'government_site', 'interpretation', 'consultation_window']),
      publishedOn,
      link,
    }),
    z.object({ kind: z.literal('application_guide'), publishedOn, link, guide: applicationGuideSchema }),
  ],
  { error: '发布类型应为部门网站首页、政府门户网站、政策解读、咨询专窗或申兑指南' },
);
export type PublicationInput = z.infer<typeof publicationInputSchema>;

/** A publication record as stored. */
export interface PublicationRecord {
  readonly id: string;
  readonly policyId: string;
  readonly kind: PublicationKind;
  readonly publishedOn: LocalDate;
  readonly link: string;
  readonly guide: ApplicationGuide | null;
  readonly recordedBy: { readonly id: string; readonly name: string };
  /** ISO instant. */
  readonly recordedAt: string;
}

/**
 * A publication is dated between the policy's own publication and today: nothing is published
 * before the document exists, and a record states what has happened, not a plan.
 * @throws AppError VALIDATION_FAILED naming `publishedOn`
 */
export const checkPublicationDate = (policy: Pick<Policy, 'publishedOn'>, on: LocalDate, today: LocalDate): void => {
  if (compareLocalDates(on, today) > 0) throw new AppError('VALIDATION_FAILED', `发布日期（${on}）不能晚于今天（${today}）`, { field: 'publishedOn' });
  if (compareLocalDates(on, policy.publishedOn) < 0) {
    throw new AppError('VALIDATION_FAILED', `发布日期（${on}）不能早于政策本身的发布日期（${policy.publishedOn}）`, { field: 'publishedOn' });
  }
};

/**
 * The last day by which a publication of `kind` is due (P1):
 * - the department's home page, the government website and the interpretation go out with the
 *   document, on its publication day (政策文件与解读同步发布);
 * - the consultation window answers from the day the policy takes effect, when enterprises start to ask;
 * - the application guide within 7 working days of publication (直达快享), by the holiday calendar (S1).
 */
export const publicationDueOn = (policy: Pick<Policy, 'publishedOn' | 'effectiveOn'>, kind: PublicationKind, calendar: HolidayCalendar): LocalDate => {
  switch (kind) {
    case 'department_site':
    case 'government_site':
    case 'interpretation':
      return policy.publishedOn;
    case 'consultation_window':
      return policy.effectiveOn;
    case 'application_guide':
      return addWorkingDays(policy.publishedOn, GUIDE_DUE_WORKING_DAYS, calendar);
  }
};

/** A publication a policy in force still lacks, and the day it was due. */
export interface PublicationGap {
  readonly kind: PublicationKind;
  readonly dueOn: LocalDate;
  /**
   * Past its due day: the daily sweep turns it into a rectification item. The due day itself is
   * still allowed, so a department that publishes in the afternoon is not flagged that morning.
   */
  readonly overdue: boolean;
}

/**
 * P1: what a policy lacks as of `today`, in the order of PUBLICATION_KINDS. Only a policy in
 * force on `today` has gaps: before it takes effect nobody acts on it yet, and once revised,
 * abolished or expired it needs no more publicity. A record dated after `today` does not count.
 */
export const publicationGaps = (
  policy: Pick<Policy, 'status' | 'publishedOn' | 'effectiveOn' | 'expiresOn'>,
  records: readonly Pick<PublicationRecord, 'kind' | 'publishedOn'>[],
  today: LocalDate,
  calendar: HolidayCalendar,
): PublicationGap[] => {
  if (!inForceOn(policy, today)) return [];
  const published = new Set(records.filter((record) => compareLocalDates(record.publishedOn, today) <= 0).map((record) => record.kind));
  return PUBLICATION_KINDS.filter((kind) => !published.has(kind)).map((kind) => {
    const dueOn = publicationDueOn(policy, kind, calendar);
    return { kind, dueOn, overdue: compareLocalDates(today, dueOn) > 0 };
  });
};

/** What was not done, as the rectification item words it. */
const MISSING = {
  department_site: '未在部门网站首页发布',
  government_site: '未在政府门户网站公开',
  interpretation: '未发布政策解读',
  consultation_window: '未在政务服务大厅咨询专窗提供政策咨询',
  application_guide: '未发布申兑指南',
} satisfies Record<PublicationKind, string>;

/** When it should have been done. */
const WHEN = {
  department_site: '发布时',
  government_site: '发布时',
  interpretation: '发布时',
  consultation_window: '施行时',
  application_guide: `发布后 ${GUIDE_DUE_WORKING_DAYS} 个工作日内`,
} satisfies Record<PublicationKind, string>;

/** The registration's title limit (registerCaseSchema). */
const TITLE_MAX = 200;

const clip = (value: string, max: number): string => (value.length <= max ? value : `${value.slice(0, Math.max(1, max - 1))}…`);

/**
 * The words of the integrity item an overdue gap becomes (G2): its title names the policy, its
 * 文号 and what is missing ("《…》（石政发〔2026〕11号）发布后 7 个工作日内未发布申兑指南"), the
 * facts give the dates, and the instruction (交办意见) asks for the publication and a plan.
 */
export const gapCaseText = (
  policy: Pick<Policy, 'title' | 'documentNo' | 'publishedOn' | 'effectiveOn'>,
  gap: Pick<PublicationGap, 'kind' | 'dueOn'>,
  today: LocalDate,
): { title: string; facts: string; instruction: string } => {
  // The 文号 and what is missing are kept whole; a very long policy title gives way.
  const tail = clip(`（${policy.documentNo}）${WHEN[gap.kind]}${MISSING[gap.kind]}`, TITLE_MAX - 4);
  const title = `《${clip(policy.title, TITLE_MAX - tail.length - 2)}》${tail}`;
  const guide = gap.kind === 'application_guide' ? '（受益对象、申报条件、兑现时限、申报地点或渠道、咨询电话），按省“直达快享”要求' : '';
  const facts =
    `政策发布检查发现：《${policy.title}》（${policy.documentNo}）于 ${policy.publishedOn} 发布、${policy.effectiveOn} 施行，` +
    `${PUBLICATION_KIND_LABEL[gap.kind]}${guide}应于 ${gap.dueOn} 前完成，截至 ${today} 政策库中没有发布记录（P1 知晓难）。`;
  const instruction = `请政策制定部门尽快补充${PUBLICATION_KIND_LABEL[gap.kind]}并在政策库登记发布日期和链接，制定整改方案（整改措施、时限、责任人）报市营商办（G2）。`;
  return { title, facts, instruction };
};
