import { citePaymentRegulation, PAYMENT_REGULATION_ARTICLE_GIST, PAYMENT_REGULATION_ARTICLE_NAMES, type PaymentRegulationArticleName } from '../payment-regulation.ts';
import { RULES, type RuleId } from '../rules.ts';
import { isComplaintSource } from '../supervision/complaint-clocks.ts';
import { openLine } from './paths.ts';
import type { CaseRecord } from './record.ts';

/**
 * The rules of the case page's "依据" panel: intake (S3) while the case waits for it, what the
 * line's facts call for (the payment path and year rule of an arrear, G2 of a rectification…),
 * the rule of the case's path, and G3 once the case is settled.
 */
export const caseBasis = (record: CaseRecord): { rule: RuleId; text: string }[] => {
  const ids = new Set<RuleId>();
  if (record.intake?.status === 'pending') ids.add('S3');
  for (const rule of openLine(record.line).basis(record)) ids.add(rule);
  if (record.rule !== null) ids.add(record.rule);
  if (record.state === 'settled' || record.state === 'feedback_submitted' || record.state === 'closed') ids.add('G3');
  return [...ids].map((rule) => ({ rule, text: RULES[rule] }));
};

/**
 * The articles of 保障中小企业款项支付条例 on the same panel, in the regulation's order: what the
 * line's facts call for, and the complaint clocks (Art. 25) on a complaint.
 */
export const caseRegulation = (record: CaseRecord): { article: PaymentRegulationArticleName; cite: string; text: string }[] => {
  const articles = new Set<PaymentRegulationArticleName>(openLine(record.line).regulation?.(record) ?? []);
  if (isComplaintSource(record.source)) articles.add('第二十五条');
  return PAYMENT_REGULATION_ARTICLE_NAMES.filter((article) => articles.has(article)).map((article) => ({
    article,
    cite: citePaymentRegulation(article),
    text: PAYMENT_REGULATION_ARTICLE_GIST[article],
  }));
};
