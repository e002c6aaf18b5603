import { z } from 'zod';
import { compareLocalDates, type LocalDate } from '../calendar.ts';
import { fen, localDate, optionalText, text } from '../case/fields.ts';
import { AppError } from '../errors.ts';
import { JURISDICTION_LEVELS, type JurisdictionLevel } from '../jurisdictions.ts';
import { formatWanYuanBrief as wan, type Fen } from '../money.ts';
import { conditionSchema, type Condition } from './conditions.ts';

/**
 * The policy library (政策库, P1, P7): each enterprise-benefit policy with its 文号, issuing
 * department, level, package ("16条", "30条"), dates and status, and its clauses (条款) — each
 * of a class, with its amount rule, its eligibility as structured conditions and the materials
 * an application needs. Counties and bureaus keep their own policies; every change is dated
 * and logged, and the lists follow at once (P7).
 */

/** P7: in force, replaced by a revision (修订), or abolished (废止). */
export const POLICY_STATUSES = ['in_force', 'revised', 'abolished'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

export const POLICY_STATUS_LABEL = {
  in_force: '现行有效',
  revised: '已修订',
  abolished: '已废止',
} satisfies Record<PolicyStatus, string>;

/** P7: how a policy changed: recorded, corrected, replaced by a revision, abolished. */
export const POLICY_CHANGE_KINDS = ['create', 'update', 'revise', 'abolish'] as const;
export type PolicyChangeKind = (typeof POLICY_CHANGE_KINDS)[number];

export const POLICY_CHANGE_LABEL = {
  create: '新增',
  update: '更新',
  revise: '修订',
  abolish: '废止',
} satisfies Record<PolicyChangeKind, string>;

/** What a clause gives: money (奖补资金), a reduction of charges (减免), a right (权益), a recognition (资质认定). */
export const CLAUSE_CLASSES = ['subsidy', 'reduction', 'entitlement', 'qualification'] as const;
export type ClauseClass = (typeof CLAUSE_CLASSES)[number];

export const CLAUSE_CLASS_LABEL = {
  subsidy: '奖补资金',
  reduction: '减免',
  entitlement: '权益',
  qualification: '资质认定',
} satisfies Record<ClauseClass, string>;

/** How much a clause gives: a fixed sum, a rate of a base with an optional cap (in 万分之), or no money. */
export const amountRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('fixed'), amount: fen('奖补金额').min(1, { error: '奖补金额应大于0' }) }),
    z.object({
      kind: z.literal('rate'),
      basisPoints: z.int({ error: '比例应为万分之一的整数倍' }).min(1, { error: '比例应大于0' }).max(10_000, { error: '比例不能超过100%' }),
      base: text('计算基数', 100),
      cap: fen('最高金额').nullable(),
    }),
    z.object({ kind: z.literal('none') }),
  ],
  { error: '金额规则应为 fixed（定额）、rate（按比例）或 none（不涉及资金）' },
);
export type AmountRule = z.infer<typeof amountRuleSchema>;

/** An amount rule in plain words: "定额 50万元", "按设备投资额的10%，最高200万元", "不涉及资金". */
export const amountRuleText = (rule: AmountRule): string => {
  switch (rule.kind) {
    case 'fixed':
      return `定额 ${wan(rule.amount)}`;
    case 'rate': {
      const percent = `${(rule.basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
      return `按${rule.base}的${percent}${rule.cap === null ? '' : `，最高${wan(rule.cap)}`}`;
    }
    case 'none':
      return '不涉及资金';
  }
};

export const clauseInputSchema = z.object({
  /** 条款序号 as the document numbers it: 第6条, （三）… */
  article: text('条款序号', 30),
  title: text('条款名称', 200),
  class: z.enum(CLAUSE_CLASSES, { error: '条款类别应为奖补资金、减免、权益或资质认定' }),
  content: text('条款内容', 5000),
  amountRule: amountRuleSchema,
  conditions: z.array(conditionSchema).max(30, { error: '申报条件最多30项' }),
  materials: z.array(text('申报材料', 200)).max(50, { error: '申报材料最多50项' }),
  /** P2: enjoyed without application (免申即享). */
  noApplication: z.boolean({ error: '请选择是否免申即享' }),
  /** 快申快享: funds due within the configured working days of the application (P5's slow-disbursement check). */
  fastTrack: z.boolean({ error: '请选择是否快申快享' }),
});
export type ClauseInput = z.infer<typeof clauseInputSchema>;

export const policyInputSchema = z.object({
  documentNo: text('文号', 100),
  title: text('政策名称', 200),
  issuerUnitId: text('发布部门', 100),
  /** "16条", "30条": the package the policy belongs to, P5's focus. */
  packageTag: optionalText('政策包', 30),
  publishedOn: localDate('发布日期'),
  effectiveOn: localDate('施行日期'),
  expiresOn: localDate('有效期至').optional(),
  clauses: z.array(clauseInputSchema).min(1, { error: '政策至少包含一个条款' }).max(200, { error: '一项政策最多200个条款' }),
});
export type PolicyInput = z.infer<typeof policyInputSchema>;

/** A clause as stored. */
export interface Clause extends Omit<ClauseInput, 'conditions'> {
  readonly id: string;
  readonly seq: number;
  readonly conditions: readonly Condition[];
}

/** A policy as stored: its level and jurisdiction are its issuing department's. */
export interface Policy {
  readonly id: string;
  readonly documentNo: string;
  readonly title: string;
  readonly issuerUnitId: string;
  readonly level: JurisdictionLevel;
  readonly jurisdictionId: string;
  readonly packageTag: string | null;
  readonly publishedOn: LocalDate;
  readonly effectiveOn: LocalDate;
  readonly expiresOn: LocalDate | null;
  readonly status: PolicyStatus;
  /** P7: the day it was revised or abolished. */
  readonly endedOn: LocalDate | null;
  readonly supersededBy: string | null;
  readonly clauses: readonly Clause[];
  readonly version: number;
}

export { JURISDICTION_LEVELS as POLICY_LEVELS };

/**
 * The dates of a policy hang together: it takes effect on or after it is published and expires
 * after it takes effect.
 * @throws AppError VALIDATION_FAILED naming the date that does not fit
 */
export const checkPolicyDates = (input: Pick<PolicyInput, 'publishedOn' | 'effectiveOn' | 'expiresOn'>): void => {
  if (compareLocalDates(input.effectiveOn, input.publishedOn) < 0) {
    throw new AppError('VALIDATION_FAILED', `施行日期（${input.effectiveOn}）不能早于发布日期（${input.publishedOn}）`, { field: 'effectiveOn' });
  }
  if (input.expiresOn !== undefined && compareLocalDates(input.expiresOn, input.effectiveOn) <= 0) {
    throw new AppError('VALIDATION_FAILED', `有效期至（${input.expiresOn}）应晚于施行日期（${input.effectiveOn}）`, { field: 'expiresOn' });
  }
};

/** Whether the policy is in force on `day`: not revised or abolished, already effective and not expired. */
export const inForceOn = (policy: Pick<Policy, 'status' | 'effectiveOn' | 'expiresOn'>, day: LocalDate): boolean =>
  policy.status === 'in_force' && policy.effectiveOn <= day && (policy.expiresOn === null || day <= policy.expiresOn);

/**
 * P7: a policy in force may be revised (replaced by a new document) or abolished, dated no later
 * than today; nothing follows a revision or an abolition.
 * @throws AppError POLICY_NOT_IN_FORCE, VALIDATION_FAILED
 */
export const checkEnding = (policy: Pick<Policy, 'status' | 'effectiveOn' | 'title'>, on: LocalDate, today: LocalDate): void => {
  if (policy.status !== 'in_force') {
    throw new AppError('POLICY_NOT_IN_FORCE', `《${policy.title}》已${POLICY_STATUS_LABEL[policy.status].replace('已', '')}，不能再修订或废止`);
  }
  if (compareLocalDates(on, today) > 0) throw new AppError('VALIDATION_FAILED', '修订或废止日期不能晚于今天', { field: 'on' });
};

/**
 * P7: only a policy in force is corrected (更新); a revised or abolished one stays as it was
 * when it ended, the record its applications and evaluation were made on.
 * @throws AppError POLICY_NOT_IN_FORCE
 */
export const checkCorrection = (policy: Pick<Policy, 'status' | 'title'>): void => {
  if (policy.status !== 'in_force') {
    throw new AppError('POLICY_NOT_IN_FORCE', `《${policy.title}》${POLICY_STATUS_LABEL[policy.status]}，其记录作为历史保留，不能再更新`);
  }
};

const expectedVersion = z.int({ error: '缺少政策版本号 expectedVersion' }).min(1);

/**
 * P7: a change of a recorded policy: a correction (更新) of its record, a revision (修订) that
 * replaces it by a new document from a date, or its abolition (废止) from a date.
 */
export const policyChangeSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('update'), expectedVersion, policy: policyInputSchema, note: optionalText('更新说明', 500) }),
    z.object({ action: z.literal('revise'), expectedVersion, on: localDate('修订日期'), note: text('修订说明', 500), policy: policyInputSchema }),
    z.object({ action: z.literal('abolish'), expectedVersion, on: localDate('废止日期'), note: text('废止理由', 500) }),
  ],
  { error: '操作应为 update（更新）、revise（修订）或 abolish（废止）' },
);
export type PolicyChange = z.infer<typeof policyChangeSchema>;
