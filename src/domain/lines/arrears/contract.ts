import { z } from 'zod';
import type { LocalDate } from '../../calendar.ts';
import { fen, localDate, optionalText } from '../../case/fields.ts';
import type { Fen } from '../../money.ts';

/**
 * The contract behind an arrear, as 保障中小企业款项支付条例 (国务院令第802号, 2025) reads it:
 * what was bought, from an enterprise of which size, by which kind of debtor, when it was
 * delivered, accepted and settled, and what the parties agreed on payment. Every fact may be
 * unknown: an enterprise that complains may not have them all; classification asks for them,
 * and they are added or corrected later as recorded events (`amend_particulars`).
 */

/** Art. 3: the purchase the payment is for. */
export const CONTRACT_SUBJECTS = ['goods', 'works', 'services'] as const;
export type ContractSubject = (typeof CONTRACT_SUBJECTS)[number];
export const CONTRACT_SUBJECT_LABEL = { goods: '货物', works: '工程', services: '服务' } satisfies Record<ContractSubject, string>;

/** Art. 3: the regulation protects 中型、小型、微型企业 as classified at signing (中小企业划型标准规定). */
export const ENTERPRISE_SIZES = ['medium', 'small', 'micro'] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];
export const ENTERPRISE_SIZE_LABEL = { medium: '中型企业', small: '小型企业', micro: '微型企业' } satisfies Record<EnterpriseSize, string>;

/** Art. 9: 机关、事业单位 pay within 30 days (an agreed term up to 60); 大型企业 within 60. */
export const DEBTOR_KINDS = ['organ', 'institution', 'large_enterprise'] as const;
export type DebtorKind = (typeof DEBTOR_KINDS)[number];
export const DEBTOR_KIND_LABEL = { organ: '机关', institution: '事业单位', large_enterprise: '大型企业' } satisfies Record<DebtorKind, string>;

/** Art. 9: a payment settled by progress or periodically counts from the confirmed settlement, not from delivery. */
export const SETTLEMENT_METHODS = ['on_delivery', 'progress', 'periodic'] as const;
export type SettlementMethod = (typeof SETTLEMENT_METHODS)[number];
export const SETTLEMENT_METHOD_LABEL = {
  on_delivery: '交付后一次结算',
  progress: '按进度结算',
  periodic: '定期结算',
} satisfies Record<SettlementMethod, string>;

/**
 * The deposits (保证金) a debtor may hold from an enterprise: held beyond the day they were to be
 * returned, a deposit is a debt of its own, due on that day.
 */
export const DEPOSIT_KINDS = ['bid', 'performance', 'quality', 'wage'] as const;
export type DepositKind = (typeof DEPOSIT_KINDS)[number];
export const DEPOSIT_KIND_LABEL = {
  bid: '投标保证金',
  performance: '履约保证金',
  quality: '工程质量保证金',
  wage: '农民工工资保证金',
} satisfies Record<DepositKind, string>;

/** The enterprise's size at signing, with the fields the national classification decides on, and whether the debtor disputes it. */
export interface SizeClassification {
  readonly size: EnterpriseSize;
  /** 行业, as the classification names it (工业、建筑业、软件和信息技术服务业…). */
  readonly industry: string | null;
  /** 从业人员（人）. */
  readonly employees: number | null;
  /** 营业收入 of the year before signing. */
  readonly revenue: Fen | null;
  /** 资产总额. */
  readonly totalAssets: Fen | null;
  /** The debtor disputes the size (Art. 3: the enterprise's own statement, checked on dispute). */
  readonly disputed: boolean;
  readonly disputeNote: string | null;
}

export interface ContractFacts {
  readonly contractNo: string | null;
  readonly subject: ContractSubject | null;
  readonly signedOn: LocalDate | null;
  readonly enterpriseSize: SizeClassification | null;
  readonly debtorKind: DebtorKind | null;
  readonly deliveredOn: LocalDate | null;
  /** Art. 10: the acceptance (检验或验收) period the contract agrees, in days after delivery; null when none is agreed. */
  readonly acceptanceDays: number | null;
  readonly acceptedOn: LocalDate | null;
  readonly settlement: SettlementMethod | null;
  /** Art. 9: the day both parties confirmed the settled amount, for progress or periodic settlement. */
  readonly settledOn: LocalDate | null;
  /** Art. 9: the payment term the contract agrees, in days; null when it agrees none. */
  readonly paymentTermDays: number | null;
  /** Art. 17: the late-payment interest rate the contract agrees, per year in basis points (3.45% = 345). */
  readonly interestRateBp: number | null;
  /** Art. 11: the contract provides for payment by 商业汇票 or 应收账款电子凭证. */
  readonly nonCashAgreed: boolean | null;
  /** Art. 14: the contract makes 竣工验收备案 or 决算审计 a condition of payment. */
  readonly auditAgreed: boolean | null;
  /** The debt is a deposit held (保证金), not a price; absent on contracts recorded before deposits were. */
  readonly depositKind?: DepositKind | null;
  /** The day the deposit was to be returned (保证期满或约定返还之日). */
  readonly depositReturnOn?: LocalDate | null;
}

export const NO_CONTRACT_FACTS: ContractFacts = {
  contractNo: null,
  subject: null,
  signedOn: null,
  enterpriseSize: null,
  debtorKind: null,
  deliveredOn: null,
  acceptanceDays: null,
  acceptedOn: null,
  settlement: null,
  settledOn: null,
  paymentTermDays: null,
  interestRateBp: null,
  nonCashAgreed: null,
  auditAgreed: null,
  depositKind: null,
  depositReturnOn: null,
};

/** Each fact in the words of the forms and of the case history. */
export const CONTRACT_FACT_LABEL = {
  contractNo: '合同编号',
  subject: '采购内容',
  signedOn: '合同订立日期',
  enterpriseSize: '企业规模（订立合同时）',
  debtorKind: '债务人类型',
  deliveredOn: '交付日期',
  acceptanceDays: '约定验收期限（天）',
  acceptedOn: '验收日期',
  settlement: '结算方式',
  settledOn: '结算金额确认日期',
  paymentTermDays: '约定付款期限（天）',
  interestRateBp: '约定逾期利率（年）',
  nonCashAgreed: '合同约定可用商业汇票、应收账款电子凭证支付',
  auditAgreed: '合同约定以竣工验收备案或决算审计为付款条件',
  depositKind: '保证金类型（欠款为应退还的保证金时）',
  depositReturnOn: '保证金应退还日期',
} satisfies Record<keyof ContractFacts, string>;

const days = (label: string, max: number) =>
  z
    .int({ error: `${label}应为整数天数` })
    .min(0, { error: `${label}不能为负数` })
    .max(max, { error: `${label}不能超过${max}天` });

const sizeClassification = z.object({
  size: z.enum(ENTERPRISE_SIZES, { error: '企业规模应为中型、小型或微型企业' }),
  industry: optionalText('所属行业', 100).nullable(),
  employees: z.int({ error: '从业人员应为整数' }).min(0, { error: '从业人员不能为负数' }).max(10_000_000, { error: '从业人员人数过大' }).nullable().optional(),
  revenue: fen('营业收入').nullable().optional(),
  totalAssets: fen('资产总额').nullable().optional(),
  disputed: z.boolean({ error: '请选择债务人是否对企业规模有异议' }).optional(),
  disputeNote: optionalText('规模异议情况', 500).nullable(),
});

/**
 * What a registration, a classification or a correction says of the contract: each fact it
 * names replaces the one recorded (null clears it), the others stay.
 */
export const contractFactsPatch = z
  .object({
    contractNo: optionalText('合同编号', 100).nullable(),
    subject: z.enum(CONTRACT_SUBJECTS, { error: '采购内容应为货物、工程或服务' }).nullable().optional(),
    signedOn: localDate('合同订立日期').nullable().optional(),
    enterpriseSize: sizeClassification.nullable().optional(),
    debtorKind: z.enum(DEBTOR_KINDS, { error: '债务人类型应为机关、事业单位或大型企业' }).nullable().optional(),
    deliveredOn: localDate('交付日期').nullable().optional(),
    acceptanceDays: days('约定验收期限', 365).nullable().optional(),
    acceptedOn: localDate('验收日期').nullable().optional(),
    settlement: z.enum(SETTLEMENT_METHODS, { error: '结算方式无效' }).nullable().optional(),
    settledOn: localDate('结算金额确认日期').nullable().optional(),
    paymentTermDays: days('约定付款期限', 3650).nullable().optional(),
    interestRateBp: z
      .int({ error: '约定逾期利率应以基点计的整数（3.45% 即 345）' })
      .min(1, { error: '约定逾期利率应大于0' })
      .max(10_000, { error: '约定逾期利率不能超过100%' })
      .nullable()
      .optional(),
    nonCashAgreed: z.boolean().nullable().optional(),
    auditAgreed: z.boolean().nullable().optional(),
    depositKind: z.enum(DEPOSIT_KINDS, { error: '保证金类型无效' }).nullable().optional(),
    depositReturnOn: localDate('保证金应退还日期').nullable().optional(),
  })
  .meta({ id: 'ContractFactsPatch' });
export type ContractFactsPatch = z.infer<typeof contractFactsPatch>;

/** The facts after `patch`: named facts replaced (text trimmed, empty text as unknown), the rest kept. */
export const applyContractPatch = (before: ContractFacts, patch: ContractFactsPatch): ContractFacts => {
  const next: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'enterpriseSize' && value !== null) {
      const size = value as z.infer<typeof sizeClassification>;
      next[key] = {
        size: size.size,
        industry: size.industry || null,
        employees: size.employees ?? null,
        revenue: size.revenue ?? null,
        totalAssets: size.totalAssets ?? null,
        disputed: size.disputed ?? false,
        disputeNote: size.disputeNote || null,
      } satisfies SizeClassification;
    } else {
      next[key] = value === '' ? null : value;
    }
  }
  return next as unknown as ContractFacts;
};

/** The facts whose recorded value differs between `before` and `after`, in the form's order. */
export const changedContractFacts = (before: ContractFacts, after: ContractFacts): (keyof ContractFacts)[] =>
  (Object.keys(CONTRACT_FACT_LABEL) as (keyof ContractFacts)[]).filter(
    // The same value is the same fact; only differing values are compared as JSON (NaN, -0 and objects).
    (key) => before[key] !== after[key] && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
