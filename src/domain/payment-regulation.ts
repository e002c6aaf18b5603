/**
 * 保障中小企业款项支付条例 (国务院令第802号, in force since 2025-06-01), in its 2025 numbering: the
 * articles the platform applies, each with what it requires in a sentence, for the case page's
 * "依据" panel beside the work map's rules. The wording follows the regulation's; the panel quotes
 * it as a gist, not as the full article.
 */
export const PAYMENT_REGULATION = '《保障中小企业款项支付条例》';

export const PAYMENT_REGULATION_ARTICLE_GIST = {
  第九条: '机关、事业单位从中小企业采购货物、工程、服务，应当自交付之日起30日内支付款项；合同另有约定的，付款期限最长不得超过60日。大型企业应当自交付之日起60日内支付款项。',
  第十条: '约定以检验或者验收合格作为支付条件的，付款期限自检验或者验收合格之日起算；拖延检验或者验收的，自约定的检验或者验收期限届满之日起算。',
  第十四条: '不得以法定代表人或者主要负责人变更、履行内部付款流程，或者在合同未作约定时以等待竣工验收备案、决算审计等为由，拒绝或者迟延支付中小企业款项。',
  第十五条: '交易部分有争议但不影响其他部分履行的，对无争议部分应当及时支付款项。',
  第十七条: '逾期支付中小企业款项的，应当支付逾期利息：约定利率不得低于合同订立时一年期贷款市场报价利率；未约定的，按照每日利率万分之五支付。',
  第二十条: '机关、事业单位和大型企业不得因中小企业投诉、催要款项而对其打击报复。',
  第二十五条: '对中小企业的投诉，受理投诉部门应当在10个工作日内转交有关部门；有关部门应当在30日内将处理结果书面告知投诉人，情况复杂的经批准可以延长，最长不超过90日。',
} as const;

export type PaymentRegulationArticleName = keyof typeof PAYMENT_REGULATION_ARTICLE_GIST;

/** The order the articles appear in the regulation. */
export const PAYMENT_REGULATION_ARTICLE_NAMES = Object.keys(PAYMENT_REGULATION_ARTICLE_GIST) as PaymentRegulationArticleName[];

export const isPaymentRegulationArticleName = (value: string): value is PaymentRegulationArticleName => Object.hasOwn(PAYMENT_REGULATION_ARTICLE_GIST, value);

/** 《保障中小企业款项支付条例》第二十条: how a message cites one article. */
export const citePaymentRegulation = (article: PaymentRegulationArticleName): string => `${PAYMENT_REGULATION}${article}`;
