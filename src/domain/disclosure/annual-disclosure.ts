/**
 * The annual disclosure of overdue payments (保障中小企业款项支付条例, 国务院令第802号, 第十八条):
 * 机关、事业单位 publish by 31 March, for the year before, the number and amount of their contracts
 * overdue and still unpaid to small and medium enterprises at that year's end (逾期尚未支付中小企业
 * 款项的合同数量、金额); 第二十二条 reports the same figures to the government. Pure: who discloses,
 * the days that matter, a row's standing on `today`, and the words of the sweep's notifications.
 */
import { addCalendarDays, compareLocalDates, type LocalDate } from '../calendar.ts';
import type { DebtorKind } from '../lines/arrears/contract.ts';
import { formatYuan, type FenTotal } from '../money.ts';

/** Who discloses: 机关 and 事业单位 (Art. 18); 大型企业 (SOEs among them) do not. */
export const DISCLOSURE_KINDS = ['organ', 'institution'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export const DISCLOSURE_KIND_LABEL = { organ: '机关', institution: '事业单位' } satisfies Record<DisclosureKind, string>;

/** The unit kinds (`units.kind`) that are 机关: governments, their departments, courts and the justice bureau. */
export const ORGAN_UNIT_KINDS = ['government', 'department', 'court', 'justice'] as const;
/** The unit kinds that are 事业单位. */
export const INSTITUTION_UNIT_KINDS = ['institution'] as const;

/** A unit's kind of discloser, or null for a state-owned enterprise or an enterprise. */
export const disclosureKindOfUnit = (unitKind: string): DisclosureKind | null =>
  (ORGAN_UNIT_KINDS as readonly string[]).includes(unitKind) ? 'organ' : (INSTITUTION_UNIT_KINDS as readonly string[]).includes(unitKind) ? 'institution' : null;

/**
 * The debtor of one contract, as Art. 18 counts it: the debtor kind its contract records, else
 * the kind of the unit it is against. A contract recorded as owed by a 大型企业 is not disclosed.
 */
export const debtorDisclosureKind = (debtorKind: DebtorKind | null, unitKind: string): DisclosureKind | null =>
  debtorKind === null ? disclosureKindOfUnit(unitKind) : debtorKind === 'large_enterprise' ? null : debtorKind;

/** The regulation took effect on 2025-06-01: the first year disclosed is 2025 (by 2026-03-31). */
export const FIRST_DISCLOSURE_YEAR = 2025;
export const LAST_DISCLOSURE_YEAR = 2100;

/** The day whose end the figures describe: 31 December of the year. */
export const disclosureYearEnd = (year: number): LocalDate => `${year}-12-31`;

/** Art. 18: published by 31 March of the next year. */
export const disclosureDeadline = (year: number): LocalDate => `${year + 1}-03-31`;

/** The figures exist only once the year is over: they describe what was unpaid at its end. */
export const hasYearEnded = (year: number, today: LocalDate): boolean => compareLocalDates(today, disclosureYearEnd(year)) > 0;

/** The year a disclosure is due for on `today`: the one before. */
export const lastYear = (today: LocalDate): number => Number(today.slice(0, 4)) - 1;

/** The reminders to units that have not published: every week of March, from 1 March of the next year. */
export const reminderDays = (year: number): LocalDate[] => {
  const days: LocalDate[] = [];
  for (let day = `${year + 1}-03-01`; compareLocalDates(day, disclosureDeadline(year)) <= 0; day = addCalendarDays(day, 7)) days.push(day);
  return days;
};

/**
 * The reminder a sweep on `today` owes for `year`: that of the latest reminder day not after
 * `today`, while the deadline has not passed; null before 1 March and after 31 March. A sweep
 * that missed a reminder's day sends it later in the same week.
 */
export const dueReminder = (year: number, today: LocalDate): LocalDate | null => {
  if (compareLocalDates(today, disclosureDeadline(year)) > 0) return null;
  return reminderDays(year).filter((day) => compareLocalDates(day, today) <= 0).at(-1) ?? null;
};

/** The day 营商办 is told which units missed the deadline: 1 April of the next year. */
export const missedNoticeDay = (year: number): LocalDate => addCalendarDays(disclosureDeadline(year), 1);

export const DISCLOSURE_STATUSES = ['draft', 'published'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

/** Where a unit's row stands on a day: its status, judged against 31 March. */
export const DISCLOSURE_STANDINGS = ['draft', 'overdue', 'published', 'published_late'] as const;
export type DisclosureStanding = (typeof DISCLOSURE_STANDINGS)[number];
export const DISCLOSURE_STANDING_LABEL = {
  draft: '待发布',
  overdue: '逾期未公开',
  published: '已公开',
  published_late: '逾期公开',
} satisfies Record<DisclosureStanding, string>;

/** A row's standing: published on or before 31 March, published after it, or not yet (late once 31 March has passed). */
export const disclosureStanding = (year: number, row: { readonly status: DisclosureStatus; readonly publishedOn: LocalDate | null }, today: LocalDate): DisclosureStanding => {
  const deadline = disclosureDeadline(year);
  if (row.status === 'published') return row.publishedOn !== null && compareLocalDates(row.publishedOn, deadline) > 0 ? 'published_late' : 'published';
  return compareLocalDates(today, deadline) > 0 ? 'overdue' : 'draft';
};

/** The title of the disclosure and of the yearly report (Art. 22). */
export const disclosureTitle = (year: number): string => `${year}年度机关、事业单位逾期未支付中小企业款项情况`;

/** The article the page and the notifications quote. */
export const DISCLOSURE_RULE =
  '《保障中小企业款项支付条例》第十八条：机关、事业单位应当于每年3月31日前，将上一年度逾期尚未支付中小企业款项的合同数量、金额等信息通过网站、报刊等便于公众知晓的方式公开。';

/** What a unit's draft says, for a reminder: the figures it is asked to check and publish. */
export interface DraftFigures {
  readonly contracts: number;
  readonly amount: FenTotal;
  readonly incomplete: number;
}

/** A notification of the sweep: its title and body, the audience resolved by the writer. */
export interface DisclosureNotice {
  readonly title: string;
  readonly body: string;
}

/** Art. 18: the weekly reminder of March to a unit that has not published. */
export const reminderNotice = (year: number, unitName: string, draft: DraftFigures | null): DisclosureNotice => ({
  title: `【年度公开提醒】${disclosureTitle(year)}（${unitName}）`,
  body:
    `请于${year + 1}年3月31日前公开本单位${year}年度逾期尚未支付中小企业款项的合同数量、金额。` +
    (draft === null
      ? '市营商办尚未生成本单位的数据，生成后请核对并发布。'
      : `平台生成的数据：逾期未支付合同${draft.contracts}件，金额${formatYuan(draft.amount)}` +
        (draft.incomplete > 0 ? `；另有${draft.incomplete}件欠款合同信息不全，未计入，请补充后由市营商办重新生成` : '') +
        '。请核对后发布。'),
});

/** How many units a notice names before it says "等N个单位". */
const NAMED_UNITS = 20;

/** Art. 18: 1 April, to 营商办: the units that did not publish by 31 March. */
export const missedNotice = (year: number, unitNames: readonly string[]): DisclosureNotice => {
  const named = unitNames.slice(0, NAMED_UNITS).join('、');
  const more = unitNames.length > NAMED_UNITS ? `等${unitNames.length}个单位` : `共${unitNames.length}个单位`;
  return {
    title: `【年度公开逾期】${disclosureTitle(year)}`,
    body: `截至${year + 1}年3月31日，以下单位未公开${year}年度逾期尚未支付中小企业款项情况：${named}${more}。请督促公开。`,
  };
};
