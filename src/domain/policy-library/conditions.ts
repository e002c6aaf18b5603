import { z } from 'zod';
import type { LocalDate } from '../calendar.ts';
import { fen, text } from '../case/fields.ts';
import { formatWanYuanBrief as wan, type Fen } from '../money.ts';
import { INDUSTRY_CODE, SIZE_CLASSES, SIZE_CLASS_LABEL, sizeClassOf, type SizeClass, type SizeFigures } from './enterprise-size.ts';

/**
 * 一企一档 and matching (P2): a clause's eligibility as structured conditions on an
 * enterprise's profile, and for each condition whether the enterprise meets it and why not,
 * in plain words ("上年度营业收入须 ≥ 2,000万元，当前 1,250万元").
 */

/** What the platform knows of an enterprise to match it against clauses. */
export interface EnterpriseProfile extends SizeFigures {
  readonly jurisdictionId: string;
  readonly registeredOn: LocalDate;
  /** Recognitions it holds: 高新技术企业, 专精特新, 科技型中小企业… */
  readonly tags: readonly string[];
}

const comparison = z.enum(['gte', 'lte'], { error: '比较方式应为 gte（不低于）或 lte（不高于）' });
const count = (label: string) => z.int({ error: `${label}应为整数` }).min(0, { error: `${label}不能为负数` });

export const conditionSchema = z.discriminatedUnion(
  'field',
  [
    z.object({ field: z.literal('annualRevenue'), op: comparison, value: fen('上年度营业收入') }),
    z.object({ field: z.literal('totalAssets'), op: comparison, value: fen('资产总额') }),
    z.object({ field: z.literal('employees'), op: comparison, value: count('从业人员数') }),
    z.object({ field: z.literal('yearsRegistered'), op: comparison, value: count('成立年限') }),
    z.object({
      field: z.literal('sizeClass'),
      op: z.literal('in'),
      values: z.array(z.enum(SIZE_CLASSES, { error: '企业规模应为 large、medium、small 或 micro' })).min(1, { error: '请至少选择一种企业规模' }),
    }),
    z.object({
      field: z.literal('industry'),
      op: z.literal('in'),
      values: z
        .array(z.string().regex(INDUSTRY_CODE, { error: '行业代码应为国民经济行业分类代码，如 C、C34、C3484' }))
        .min(1, { error: '请至少填写一个行业代码' }),
    }),
    z.object({ field: z.literal('jurisdiction'), op: z.literal('in'), values: z.array(text('属地', 100)).min(1, { error: '请至少选择一个属地' }) }),
    z.object({ field: z.literal('tag'), op: z.literal('has'), value: text('资质或标签', 50) }),
  ],
  { error: '条件字段无效' },
);
export type Condition = z.infer<typeof conditionSchema>;

/** One condition as an enterprise meets it or not, in plain words. */
export interface ConditionResult {
  readonly condition: Condition;
  readonly met: boolean;
  readonly text: string;
}

/** What the texts need beyond the profile: the day (for 成立年限) and the names of jurisdictions. */
export interface MatchContext {
  readonly today: LocalDate;
  readonly jurisdictionName: (id: string) => string;
}

const SIGN = { gte: '≥', lte: '≤' } as const;

/** Whole years from `from` to `to`. */
export const fullYears = (from: LocalDate, to: LocalDate): number => {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) >= from.slice(5) ? years : years - 1;
};

const compared = (op: 'gte' | 'lte', actual: number, bound: number) => (op === 'gte' ? actual >= bound : actual <= bound);

/** A bound on a figure: "上年度营业收入须 ≥ 2,000万元，当前 1,250万元" or, when met, "上年度营业收入 ≥ 2,000万元（当前 2,350万元）". */
const bound = (condition: Condition & { op: 'gte' | 'lte'; value: number }, label: string, actual: number, show: (value: number) => string): ConditionResult => {
  const met = compared(condition.op, actual, condition.value);
  const rule = `${SIGN[condition.op]} ${show(condition.value)}`;
  return { condition, met, text: met ? `${label} ${rule}（当前 ${show(actual)}）` : `${label}须 ${rule}，当前 ${show(actual)}` };
};

const listed = (values: readonly string[]) => values.join('、');

/** Whether `profile` meets `condition`, and why not. */
export const evaluateCondition = (condition: Condition, profile: EnterpriseProfile, context: MatchContext): ConditionResult => {
  switch (condition.field) {
    case 'annualRevenue':
      return bound(condition, '上年度营业收入', profile.annualRevenue, wan);
    case 'totalAssets':
      return bound(condition, '资产总额', profile.totalAssets, wan);
    case 'employees':
      return bound(condition, '从业人员', profile.employees, (value) => `${value}人`);
    case 'yearsRegistered':
      return bound(condition, '成立年限', fullYears(profile.registeredOn, context.today), (value) => `${value}年`);
    case 'sizeClass': {
      const size: SizeClass = sizeClassOf(profile);
      const met = condition.values.includes(size);
      const wanted = listed(condition.values.map((value) => SIZE_CLASS_LABEL[value]));
      return { condition, met, text: met ? `企业规模为${wanted}（当前${SIZE_CLASS_LABEL[size]}）` : `企业规模须为${wanted}，当前为${SIZE_CLASS_LABEL[size]}` };
    }
    case 'industry': {
      const met = condition.values.some((code) => profile.industryCode.startsWith(code));
      return {
        condition,
        met,
        text: met ? `所属行业在 ${listed(condition.values)} 内（当前 ${profile.industryCode}）` : `所属行业须为 ${listed(condition.values)}，当前为 ${profile.industryCode}`,
      };
    }
    case 'jurisdiction': {
      const met = condition.values.includes(profile.jurisdictionId);
      const wanted = listed(condition.values.map(context.jurisdictionName));
      const actual = context.jurisdictionName(profile.jurisdictionId);
      return { condition, met, text: met ? `注册地在${wanted}（当前${actual}）` : `注册地须在${wanted}，当前在${actual}` };
    }
    case 'tag': {
      const met = profile.tags.includes(condition.value);
      return { condition, met, text: met ? `具有“${condition.value}”资质` : `须具有“${condition.value}”资质，当前没有` };
    }
  }
};

/** Every condition's result; the enterprise qualifies when it meets them all. */
export const evaluateConditions = (conditions: readonly Condition[], profile: EnterpriseProfile, context: MatchContext) => {
  const results = conditions.map((condition) => evaluateCondition(condition, profile, context));
  return { qualifies: results.every((result) => result.met), results };
};

/** A condition in plain words, without an enterprise: "上年度营业收入 ≥ 2,000万元", "具有“高新技术企业”资质". */
export const describeCondition = (condition: Condition, jurisdictionName: (id: string) => string): string => {
  switch (condition.field) {
    case 'annualRevenue':
      return `上年度营业收入 ${SIGN[condition.op]} ${wan(condition.value)}`;
    case 'totalAssets':
      return `资产总额 ${SIGN[condition.op]} ${wan(condition.value)}`;
    case 'employees':
      return `从业人员 ${SIGN[condition.op]} ${condition.value}人`;
    case 'yearsRegistered':
      return `成立年限 ${SIGN[condition.op]} ${condition.value}年`;
    case 'sizeClass':
      return `企业规模为${listed(condition.values.map((value) => SIZE_CLASS_LABEL[value]))}`;
    case 'industry':
      return `所属行业为 ${listed(condition.values)}`;
    case 'jurisdiction':
      return `注册地在${listed(condition.values.map(jurisdictionName))}`;
    case 'tag':
      return `具有“${condition.value}”资质`;
  }
};
