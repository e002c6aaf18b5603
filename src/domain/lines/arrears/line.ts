import { COMMON_STEPS, escalateStep, litigateStep, returnStep } from '../../case/common-steps.ts';
import { timed } from '../../case/decision.ts';
import type { LineModule } from '../../case/line-module.ts';
import { outstandingAmount } from '../../case/record.ts';
import { AppError } from '../../errors.ts';
import type { RuleId } from '../../rules.ts';
import type { PaymentRegulationArticleName } from '../../payment-regulation.ts';
import { SOURCES } from '../vocabulary.ts';
import { arrearsClassificationSchema, arrearsPlanFields } from './commands.ts';
import type { ArrearsCase, ArrearsEventPayloads, ArrearsLineFacts } from './facts.ts';
import { amendParticulars, arrearsParticulars } from './particulars.ts';
import { paymentLawStatus } from './payment-law.ts';
import { nextDueOfParts } from './parts.ts';
import * as steps from './steps.ts';
import { checkRetaliationRegistration, closedToRetaliation, isRetaliation, kindOfArrears, namesRetaliation, notifyResult as retaliationAwareNotifyResult } from './retaliation.ts';

/**
 * 清理拖欠企业账款 (SPEC §3.1, A1–A7): an arrear owed to an enterprise is classified as
 * disputed or not, paid in one sum by the year end or by installments the enterprise accepts,
 * or negotiated, escalated, mediated and judged until an undisputed amount follows A1–A3.
 */
export const arrearsLine: LineModule<'arrears', ArrearsLineFacts, ArrearsEventPayloads, typeof arrearsClassificationSchema, typeof arrearsPlanFields> = {
  line: 'arrears',
  numberPrefix: 'QK',
  sources: SOURCES,
  initialFacts: { arrears: null, plan: null, proposedPlan: null, payments: [], yearException: null },
  checkRegistration: (payload) => {
    // 保障中小企业款项支付条例第二十条: a complaint of retaliation carries no amount and no contract.
    if (namesRetaliation(payload.particulars)) return checkRetaliationRegistration(payload);
    if (payload.enterprise === null) {
      throw new AppError('VALIDATION_FAILED', '请填写企业名称和统一社会信用代码', { field: 'enterprise.creditCode' });
    }
    if (payload.claimedAmount === null || payload.claimedAmount <= 0) {
      throw new AppError('VALIDATION_FAILED', '请填写企业主张的欠款金额（大于0）', { field: 'claimedAmount' });
    }
  },
  classification: arrearsClassificationSchema,
  planFields: arrearsPlanFields,
  planLabel: '分期还款计划',
  // A complaint of retaliation (第二十条) takes intake, the written result, feedback and closure, never the payment path.
  steps: closedToRetaliation({
    ...COMMON_STEPS,
    notify_result: retaliationAwareNotifyResult,
    classify: steps.classify,
    propose_plan: steps.proposePlan,
    consent: steps.consent,
    object: steps.object,
    agree: steps.agree,
    escalate: escalateStep('A5'),
    litigate: litigateStep('A6'),
    judge: steps.judge,
    record_payment: steps.recordPayment,
    request_year_exception: steps.requestYearException,
    approve_year_exception: steps.approveYearException,
    amend_particulars: amendParticulars,
    report_progress: steps.reportProgress,
    waive_interest: steps.waiveInterest,
    // G3: returned feedback goes back to its author; an arrear still owing goes back to payment.
    return: returnStep<ArrearsCase>(['settled', 'performing'], (record, context) =>
      outstandingAmount(record) > 0 && (record.plan !== null || record.undisputedPart !== undefined)
        ? { state: 'performing', deadline: nextDueOfParts(record) }
        : { state: 'settled', deadline: timed('settled', context) },
    ),
  }),
  actionLabels: { amend_particulars: '补充更正合同信息' },
  // The rules that set the payment paths (A1, A3 or the A6/A7 outcome; the undisputed part's A1) and the year rule beside a lump sum (A2).
  basis: (record) => {
    const plans = [record.undisputedPart?.plan ?? null, record.plan].filter((plan) => plan !== null);
    const ids = new Set<RuleId>();
    for (const plan of plans) {
      ids.add(plan.rule);
      if (plan.kind === 'lump_sum') ids.add('A2');
    }
    return [...ids];
  },
  // 保障中小企业款项支付条例 beside the rules: a complaint of retaliation (Art. 20); else the payment term the
  // contract gives (Arts. 9, 10) with the late interest it starts (Art. 17), and the undisputed part (Art. 15).
  regulation: (record) => {
    if (isRetaliation(record)) return ['第二十条'];
    const due = record.contract?.due;
    const articles: PaymentRegulationArticleName[] = due?.status === 'due' ? [...due.articles, '第十七条'] : [];
    if (record.undisputedPart !== undefined) articles.push('第十五条');
    return articles;
  },
  // The case's lump sum, or while the rest is disputed the undisputed part's (Art. 15).
  yearRule: (record) => {
    const lumpSum = record.plan?.kind === 'lump_sum' ? record.plan : record.plan === null ? record.undisputedPart?.plan : undefined;
    const dueOn = lumpSum?.installments[0]?.dueOn;
    return dueOn === undefined ? null : { dueOn, exceptionApproved: record.yearException?.status === 'approved' };
  },
  upcast: {},
  particulars: arrearsParticulars,
  statutoryDueOn: (record) => (record.contract?.due.status === 'due' ? record.contract.due.dueOn : null),
  // A complaint of retaliation owes nothing and names no contract: the law's payment terms do not apply to it.
  paymentLaw: (record, today, reference) => (isRetaliation(record) ? null : paymentLawStatus(record, today, reference.lpr)),
  kindOf: kindOfArrears,
};
