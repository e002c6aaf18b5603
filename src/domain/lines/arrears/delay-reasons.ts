import { AppError } from '../../errors.ts';
import type { ContractFacts } from './contract.ts';

/**
 * The reasons a debtor gives for not paying in one sum (A3's 确有支付困难), as a list that marks
 * the ones 保障中小企业款项支付条例 bans: a banned reason is no difficulty, cannot open the
 * installment path, and is refused with the article quoted. Two are banned only where the
 * contract is silent (Arts. 12, 14: 合同另有约定的除外).
 */
export const DELAY_REASONS = {
  fiscal_shortfall: { label: '财政收支矛盾，资金暂时不足', ban: null },
  funds_in_batches: { label: '上级或专项资金分批下达', ban: null },
  budget_exhausted: { label: '年度预算已用完，需列入下年度预算', ban: null },
  cash_flow: { label: '经营性现金流紧张（国有企业）', ban: null },
  debts_due: { label: '到期债务集中，需统筹安排', ban: null },
  other: { label: '其他困难（须具体说明）', ban: null },
  representative_change: {
    label: '法定代表人或主要负责人变更',
    ban: { article: '第十四条', unlessAgreed: false, rule: '不得以法定代表人或者主要负责人变更为由拒绝或者迟延支付中小企业款项' },
  },
  internal_procedure: {
    label: '履行内部付款流程',
    ban: { article: '第十四条', unlessAgreed: false, rule: '不得以履行内部付款流程为由拒绝或者迟延支付中小企业款项' },
  },
  awaiting_audit: {
    label: '等待竣工验收备案或决算审计',
    ban: { article: '第十四条', unlessAgreed: true, rule: '合同未作约定的，不得以等待竣工验收备案、决算审计等为由拒绝或者迟延支付中小企业款项' },
  },
  audit_as_basis: {
    label: '以审计结果作为结算依据',
    ban: { article: '第十二条', unlessAgreed: true, rule: '除合同另有约定或者法律、行政法规另有规定外，不得强制要求以审计机关的审计结果作为结算依据' },
  },
  third_party_payment: {
    label: '尚未收到第三方付款',
    ban: { article: null, unlessAgreed: false, rule: '不得以未收到第三方付款为由拒绝或者迟延支付中小企业款项' },
  },
} as const satisfies Record<string, { label: string; ban: { article: string | null; unlessAgreed: boolean; rule: string } | null }>;

export type DelayReason = keyof typeof DELAY_REASONS;
export const DELAY_REASON_CODES = Object.keys(DELAY_REASONS) as DelayReason[];

/**
 * What a typed-in difficulty says in the words of a banned reason: the measured case "等待决算
 * 审计后支付" and its kin are caught even when the list was not used.
 */
const BANNED_WORDING: readonly (readonly [RegExp, DelayReason])[] = [
  [/法定代表人|主要负责人|(领导|负责人)(变更|调整|更换)/, 'representative_change'],
  [/内部.{0,4}(流程|程序|手续)|(审批|付款|支付)流程/, 'internal_procedure'],
  [/审计结果.{0,6}(结算|依据)|以审定价|以审计.{0,4}为准/, 'audit_as_basis'],
  [/竣工验收(备案|批复)?|决算|审计/, 'awaiting_audit'],
  [/第三方|上游.{0,4}(未|尚未).{0,2}(付|拨)|(业主|建设单位|总包).{0,4}(未|尚未).{0,2}(付|拨)/, 'third_party_payment'],
];

/** The banned reason a difficulty's code or words name, if any (the code first). */
export const bannedReasonOf = (code: DelayReason | null, text: string | null): DelayReason | null => {
  if (code !== null && DELAY_REASONS[code].ban !== null) return code;
  if (text === null) return null;
  return BANNED_WORDING.find(([pattern]) => pattern.test(text))?.[1] ?? null;
};

/** How a banned reason is quoted: the regulation, its article when the list has it, and the rule. */
export const banCitation = (reason: DelayReason): string => {
  const ban = DELAY_REASONS[reason].ban;
  if (ban === null) return '';
  return `《保障中小企业款项支付条例》${ban.article ?? ''}规定：${ban.rule}`;
};

/** The ban a reason falls under on this contract, or null: the audit reasons are allowed where the contract makes the audit a condition. */
export const banOn = (reason: DelayReason, contract: ContractFacts | null) => {
  const ban = DELAY_REASONS[reason].ban;
  return ban === null || (ban.unlessAgreed && contract?.auditAgreed === true) ? null : ban;
};

/**
 * A payment difficulty must be a real one (Arts. 12, 14): a banned reason, chosen or written,
 * is refused unless the contract provides for it where the article allows that.
 * @throws AppError DELAY_REASON_BANNED naming the field, the reason and the article
 */
export const checkPaymentDifficulty = (code: DelayReason | null, text: string | null, contract: ContractFacts | null): void => {
  const banned = bannedReasonOf(code, text);
  if (banned === null) return;
  const ban = banOn(banned, contract);
  if (ban === null) return;
  throw new AppError('DELAY_REASON_BANNED', `“${DELAY_REASONS[banned].label}”不是支付困难，不能据此分期还款（A3）。${banCitation(banned)}`, {
    field: code !== null && DELAY_REASONS[code].ban !== null ? 'difficultyReason' : 'paymentDifficulty',
    reason: banned,
    article: ban.article,
  });
};
