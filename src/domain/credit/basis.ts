import { PAYMENT_REGULATION } from '../payment-regulation.ts';
import type { Line } from '../lines/vocabulary.ts';

/**
 * 认定依据 (S4): the legal basis a breach record cites. An arrear cites 保障中小企业款项支付条例
 * (国务院令第802号, in force since 2025-06-01) in its 2025 numbering — never the 2020 numbering
 * (its 第八条 is not the payment term any more). A policy or investment promise cites 优化营商环境条例
 * 第三十一条 (政策承诺和依法订立的合同应当履行). 信用办 may edit the text; these are the starting points.
 */

/** The articles a breach of payment cites: the term, the banned excuses, the undisputed part, late interest, liability. */
export const PAYMENT_REGULATION_ARTICLES = [9, 14, 15, 17, 26] as const;
export type PaymentRegulationArticle = (typeof PAYMENT_REGULATION_ARTICLES)[number];

export const PAYMENT_REGULATION_ARTICLE_NAME = {
  9: '第九条',
  14: '第十四条',
  15: '第十五条',
  17: '第十七条',
  26: '第二十六条',
} as const satisfies Record<PaymentRegulationArticle, string>;

/** What each article says, in a few words, for the form's choices. */
export const PAYMENT_REGULATION_ARTICLE_SUBJECT = {
  9: '付款期限',
  14: '不得以变更负责人、内部流程、等待审计等为由迟延支付',
  15: '无争议部分及时支付',
  17: '逾期利息',
  26: '拒不改正的法律责任',
} as const satisfies Record<PaymentRegulationArticle, string>;

/** 《保障中小企业款项支付条例》第九条、第二十六条: the chosen articles in their order, each once. */
export const paymentRegulationBasis = (articles: readonly PaymentRegulationArticle[]): string =>
  `${PAYMENT_REGULATION}${PAYMENT_REGULATION_ARTICLES.filter((article) => articles.includes(article))
    .map((article) => PAYMENT_REGULATION_ARTICLE_NAME[article])
    .join('、')}`;

/** An arrear overdue: the payment term (Art. 9) and the liability of a unit that does not correct it (Art. 26). */
export const ARREARS_BREACH_BASIS = paymentRegulationBasis([9, 26]);

/** A promise or contract the government does not keep. */
export const PROMISE_BREACH_BASIS = '《优化营商环境条例》第三十一条';

/** The basis the order and the determination forms start from, by the case's line. */
export const suggestedBreachBasis = (line: Line): string => (line === 'arrears' ? ARREARS_BREACH_BASIS : PROMISE_BREACH_BASIS);
