/**
 * How a payment was made (保障中小企业款项支付条例 Art. 11): in cash (a bank transfer), or by a
 * non-cash instrument, which the contract must provide for and the enterprise may not be forced
 * to accept.
 */
export const PAYMENT_METHODS = ['transfer', 'commercial_bill', 'receivable_voucher'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABEL = {
  transfer: '现金（银行转账）',
  commercial_bill: '商业汇票',
  receivable_voucher: '应收账款电子凭证',
} satisfies Record<PaymentMethod, string>;

/** Art. 11's rule, as a flagged payment quotes it. */
export const NON_CASH_RULE =
  '《保障中小企业款项支付条例》第十一条：使用商业汇票、应收账款电子凭证等非现金支付方式支付中小企业款项的，应当在合同中作出明确、合理约定，不得强制中小企业接受，不得利用其变相延长付款期限';
