import { z } from 'zod';
import { compareLocalDates, type LocalDate } from '../calendar.ts';
import { localDate, optionalText, positiveFen, referenceKey, text } from '../case/fields.ts';
import { AppError } from '../errors.ts';
import { formatYuan } from '../money.ts';
import { areaHundredths, formatMu } from './area.ts';
import { isQuantified, type Delivered, type PromiseTerms } from './promise-status.ts';
import { INVESTMENT_LEGALITIES, INVESTMENT_LEGALITY_LABEL, type InvestmentLegality } from '../lines/investment/facts.ts';

/**
 * S6 (SPEC §3.3): the promise register of the investment line. 招商局 and the counties keep, for
 * each investment project (招商项目: the enterprise, the agreement, who signed it for the
 * government, the investment, its milestones), the government's promises in it (承诺事项: a
 * preferential policy, funds, land or other resources, with the clause, the amount or area, the
 * due date, the enterprise's conditions and the unit that must keep it), what has been delivered
 * on each (履约记录, append-only) and each promise's legality review (合法性审查, append-only, the
 * latest counts). The forms, the API and the workbook import share these schemas.
 */
export const PROMISE_TYPES = ['policy', 'funds', 'land', 'other'] as const;
export type PromiseType = (typeof PROMISE_TYPES)[number];
export const PROMISE_TYPE_LABEL = { policy: '优惠政策', funds: '资金', land: '土地', other: '其他资源' } satisfies Record<PromiseType, string>;

/** A promise's legality review has the investment line's two conclusions (SPEC §3.3): one vocabulary for both. */
export const PROMISE_LEGALITIES = INVESTMENT_LEGALITIES;
export type PromiseLegality = InvestmentLegality;
export const PROMISE_LEGALITY_LABEL = INVESTMENT_LEGALITY_LABEL;
/** The tracking list's legality filter: either conclusion, or not reviewed yet. */
export const LEGALITY_FILTERS = [...PROMISE_LEGALITIES, 'unreviewed'] as const;
export type LegalityFilter = (typeof LEGALITY_FILTERS)[number];
export const LEGALITY_FILTER_LABEL = { ...PROMISE_LEGALITY_LABEL, unreviewed: '未审查' } satisfies Record<LegalityFilter, string>;

export const expectedVersion = z.int({ error: '缺少版本号 expectedVersion' }).min(1, { error: '版本号应为正整数' });

/** A milestone of the project (开工, 竣工, 投产…): planned, and done once it is. */
export const milestoneSchema = z.object({
  name: text('节点名称', 100),
  plannedOn: localDate('计划日期'),
  doneOn: localDate('完成日期').optional(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const MILESTONES_MAX = 30;

export const projectInputSchema = z.object({
  name: text('项目名称', 200),
  enterprise: z.object({
    name: text('企业名称', 200),
    creditCode: text('统一社会信用代码', 40),
  }),
  agreementName: text('协议名称', 200),
  agreementNo: text('协议编号', 100),
  signingUnitId: referenceKey('签约主体'),
  signedOn: localDate('签约日期'),
  investmentAmount: positiveFen('投资额'),
  milestones: z.array(milestoneSchema).max(MILESTONES_MAX, { error: `项目节点不能超过${MILESTONES_MAX}个` }).default([]),
  clauses: optionalText('协议条款', 20_000),
});
export type ProjectInput = z.infer<typeof projectInputSchema>;

export const projectEditSchema = projectInputSchema.extend({ expectedVersion });
export type ProjectEdit = z.infer<typeof projectEditSchema>;

export const promiseInputSchema = z.object({
  type: z.enum(PROMISE_TYPES, { error: '承诺类型应为 policy（优惠政策）、funds（资金）、land（土地）或 other（其他资源）' }),
  clause: text('条款', 200).describe('承诺所在的协议条款，如“第六条”'),
  content: text('承诺内容', 1_000),
  amount: positiveFen('承诺金额').optional().describe('承诺的金额（分）；不涉及金额的不填'),
  area: areaHundredths('承诺面积').optional().describe('承诺的面积（0.01亩）：50.5亩为 5050；不涉及土地面积的不填'),
  dueOn: localDate('兑现期限'),
  conditions: optionalText('企业应满足的条件', 2_000),
  responsibleUnitId: referenceKey('履约责任单位'),
});
export type PromiseInput = z.infer<typeof promiseInputSchema>;

export const promiseEditSchema = promiseInputSchema.extend({ expectedVersion });
export type PromiseEdit = z.infer<typeof promiseEditSchema>;

export const fulfilmentInputSchema = z.object({
  deliveredOn: localDate('兑现日期'),
  amount: positiveFen('兑现金额').optional(),
  area: areaHundredths('兑现面积').optional(),
  description: text('兑现内容', 2_000),
  voucher: optionalText('凭证或文件', 300).describe('拨付凭证、供地文件、批复文号等'),
  completes: z.boolean({ error: '“已全部兑现”应为是或否' }).default(false).describe('不涉及金额和面积的承诺：本次兑现后已全部兑现'),
});
export type FulfilmentInput = z.infer<typeof fulfilmentInputSchema>;

export const legalityReviewInputSchema = z
  .object({
    legality: z.enum(PROMISE_LEGALITIES, { error: '请选择审查结论：compliant（合法合规）或 flawed（有瑕疵）' }),
    reason: optionalText('审查意见', 2_000).describe('认定有瑕疵的理由（必填）；合法合规的可不填'),
    reviewedOn: localDate('审查日期'),
  })
  .refine((review) => review.legality !== 'flawed' || (review.reason ?? '') !== '', { error: '认定有瑕疵的，请写明理由', path: ['reason'] });
export type LegalityReviewInput = z.infer<typeof legalityReviewInputSchema>;

const notAfterToday = (day: LocalDate, today: LocalDate, field: string, label: string) => {
  if (compareLocalDates(day, today) > 0) throw new AppError('VALIDATION_FAILED', `${label}（${day}）不能晚于今天（${today}）`, { field });
};

/**
 * The dates of a project that cannot be in the future: its signing and its milestones done.
 * @throws AppError VALIDATION_FAILED naming the field
 */
export const checkProjectDates = (input: Pick<ProjectInput, 'signedOn' | 'milestones'>, today: LocalDate): void => {
  notAfterToday(input.signedOn, today, 'signedOn', '签约日期');
  input.milestones.forEach((milestone, index) => {
    if (milestone.doneOn !== undefined) notAfterToday(milestone.doneOn, today, `milestones.${index}.doneOn`, `“${milestone.name}”的完成日期`);
  });
};

/**
 * A promise edited after deliveries were recorded must still cover them: its amount (area) not
 * below what was delivered, and not dropped while something was.
 * @throws AppError FULFILMENT_EXCEEDS_PROMISE
 */
export const checkTermsCoverDeliveries = (terms: Pick<PromiseTerms, 'amount' | 'area'>, delivered: Delivered): void => {
  if (delivered.amount > 0 && (terms.amount === null || terms.amount < delivered.amount)) {
    throw new AppError('FULFILMENT_EXCEEDS_PROMISE', `已兑现${formatYuan(delivered.amount)}，承诺金额不能少于已兑现的金额`, { field: 'amount' });
  }
  if (delivered.area > 0 && (terms.area === null || terms.area < delivered.area)) {
    throw new AppError('FULFILMENT_EXCEEDS_PROMISE', `已兑现${formatMu(delivered.area)}，承诺面积不能少于已兑现的面积`, { field: 'area' });
  }
};

/**
 * A delivery on a promise: on a day not after today; only of the quantities the promise has, at
 * least one of them, and never beyond what is still owed; for a promise without quantities, a
 * description (and possibly the mark that it is now fully kept); nothing on a promise already kept.
 * @throws AppError VALIDATION_FAILED, PROMISE_ALREADY_KEPT, FULFILMENT_EXCEEDS_PROMISE
 */
export const checkFulfilment = (terms: Pick<PromiseTerms, 'amount' | 'area'>, delivered: Delivered, input: FulfilmentInput, today: LocalDate, kept: boolean): void => {
  notAfterToday(input.deliveredOn, today, 'deliveredOn', '兑现日期');
  if (kept) throw new AppError('PROMISE_ALREADY_KEPT', '该承诺已全部兑现，不再登记履约记录');
  if (input.amount !== undefined && terms.amount === null) throw new AppError('VALIDATION_FAILED', '该承诺未约定金额，请不要填写兑现金额', { field: 'amount' });
  if (input.area !== undefined && terms.area === null) throw new AppError('VALIDATION_FAILED', '该承诺未约定面积，请不要填写兑现面积', { field: 'area' });
  if (isQuantified(terms)) {
    if (input.completes) {
      throw new AppError('VALIDATION_FAILED', '约定了金额或面积的承诺按累计兑现的数量判断是否兑现完毕，无需标记', { field: 'completes' });
    }
    if (input.amount === undefined && input.area === undefined) {
      throw new AppError('VALIDATION_FAILED', terms.amount !== null ? '请填写本次兑现的金额' : '请填写本次兑现的面积', { field: terms.amount !== null ? 'amount' : 'area' });
    }
  }
  if (input.amount !== undefined && terms.amount !== null && delivered.amount + input.amount > terms.amount) {
    throw new AppError(
      'FULFILMENT_EXCEEDS_PROMISE',
      `本次兑现${formatYuan(input.amount)}超过尚未兑现的${formatYuan(terms.amount - delivered.amount)}（承诺${formatYuan(terms.amount)}，已兑现${formatYuan(delivered.amount)}）`,
      { field: 'amount' },
    );
  }
  if (input.area !== undefined && terms.area !== null && delivered.area + input.area > terms.area) {
    throw new AppError(
      'FULFILMENT_EXCEEDS_PROMISE',
      `本次兑现${formatMu(input.area)}超过尚未兑现的${formatMu(terms.area - delivered.area)}（承诺${formatMu(terms.area)}，已兑现${formatMu(delivered.area)}）`,
      { field: 'area' },
    );
  }
};

/**
 * A legality review is dated on a day not after today.
 * @throws AppError VALIDATION_FAILED
 */
export const checkReview = (input: LegalityReviewInput, today: LocalDate): void => notAfterToday(input.reviewedOn, today, 'reviewedOn', '审查日期');

const NUMERAL = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 } as const;
const NUMERAL_UNIT = { 十: 10, 百: 100, 千: 1000 } as const;

/** The number a clause is cited by — `第十二条` 12, `（三）` 3, `第6条` 6 — or null for none. */
export const clauseNumber = (clause: string): number | null => {
  const match = /[0-9]+|[零一二两三四五六七八九十百千]+/u.exec(clause);
  if (match === null) return null;
  if (/^[0-9]+$/u.test(match[0])) return Number(match[0]);
  let section = 0;
  let digit = 0;
  for (const character of match[0]) {
    if (character in NUMERAL_UNIT) {
      section += (digit || 1) * NUMERAL_UNIT[character as keyof typeof NUMERAL_UNIT];
      digit = 0;
    } else digit = NUMERAL[character as keyof typeof NUMERAL];
  }
  return section + digit;
};

/** Promises in the order of their clauses in the agreement (第五条 before 第十二条), then by due date. */
export const byClause = <T extends { readonly clause: string; readonly dueOn: LocalDate }>(a: T, b: T): number => {
  const [first, second] = [clauseNumber(a.clause), clauseNumber(b.clause)];
  if (first !== second) return first === null ? 1 : second === null ? -1 : first - second;
  return a.clause.localeCompare(b.clause, 'zh-CN') || compareLocalDates(a.dueOn, b.dueOn);
};
