import { COMMON_STEPS, escalateStep, litigateStep, returnStep } from '../../case/common-steps.ts';
import { timed } from '../../case/decision.ts';
import type { LineModule } from '../../case/line-module.ts';
import { AppError } from '../../errors.ts';
import type { RuleId } from '../../rules.ts';
import { SOURCES } from '../vocabulary.ts';
import { investmentClassificationSchema, investmentPlanFields } from './commands.ts';
import type { InvestmentCase, InvestmentEventPayloads, InvestmentLineFacts } from './facts.ts';
import * as steps from './steps.ts';

/**
 * 招商引资政策兑现 (SPEC §3.3, I1–I6): a promise made to an investing enterprise and not kept.
 * The legality review classifies it: a compliant promise is kept within the year (I1), deferred
 * only with the enterprise's agreement (I2), or changed by the legal authority and procedure with
 * the enterprise's losses compensated (I3); a flawed one is negotiated (I4), its terms lowered or
 * the losses compensated (I5), then escalated, mediated and judged (I6). Every path ends in
 * written feedback and 销号 (G3).
 */
export const investmentLine: LineModule<'investment', InvestmentLineFacts, InvestmentEventPayloads, typeof investmentClassificationSchema, typeof investmentPlanFields> = {
  line: 'investment',
  numberPrefix: 'ZS',
  sources: SOURCES,
  initialFacts: {
    investmentProblem: null,
    performBy: null,
    yearException: null,
    proposedDeferral: null,
    deferral: null,
    agreedTerms: null,
    lawfulChange: null,
    payments: [],
  },
  // A promise is always made to an enterprise: the investor it was made to.
  checkRegistration: (payload) => {
    if (payload.enterprise === null) {
      throw new AppError('VALIDATION_FAILED', '请填写投资企业名称和统一社会信用代码', { field: 'enterprise.creditCode' });
    }
  },
  classification: investmentClassificationSchema,
  planFields: investmentPlanFields,
  planLabel: '延期履行方案',
  steps: {
    ...COMMON_STEPS,
    classify: steps.classify,
    propose_plan: steps.proposePlan,
    consent: steps.consent,
    object: steps.object,
    agree: steps.agree,
    escalate: escalateStep('I6'),
    litigate: litigateStep('I6'),
    judge: steps.judge,
    record_payment: steps.recordPayment,
    fulfil: steps.fulfil,
    compensate: steps.compensate,
    request_year_exception: steps.requestYearException,
    approve_year_exception: steps.approveYearException,
    // G3: returned feedback goes back to its author; the promise is kept, only its report is not.
    return: returnStep<InvestmentCase>(['settled'], (_record, context) => ({ state: 'settled', deadline: timed('settled', context) })),
  },
  actionLabels: {
    propose_plan: '提交延期履行方案',
    consent: '同意延期履行',
    object: '不同意延期',
    record_payment: '登记承诺资金兑付',
    fulfil: '确认承诺兑现',
    request_year_exception: '申请跨年兑现',
    approve_year_exception: '审批跨年兑现',
  },
  // The year rule beside a promise kept on its date (I1), the deferral agreed (I2), the mediation (I6).
  basis: (record) => {
    const ids: RuleId[] = [];
    if (record.performBy !== null) ids.push('I1');
    if (record.deferral !== null) ids.push('I2');
    if (record.escalated) ids.push('I6');
    return ids;
  },
  yearRule: (record) =>
    record.performBy === null || record.rule !== 'I1' ? null : { dueOn: record.performBy, exceptionApproved: record.yearException?.status === 'approved' },
  upcast: {},
};
