import { COMMON_STEPS, escalateStep, litigateStep, returnStep } from '../../case/common-steps.ts';
import { timed } from '../../case/decision.ts';
import type { LineModule } from '../../case/line-module.ts';
import { AppError } from '../../errors.ts';
import type { RuleId } from '../../rules.ts';
import { SOURCES } from '../vocabulary.ts';
import { policyClassificationSchema, policyPlanFields } from './commands.ts';
import type { PolicyCase, PolicyEventPayloads, PolicyLineFacts } from './facts.ts';
import * as steps from './steps.ts';

/**
 * 惠企政策兑现 (SPEC §3.2, P1–P5): an enterprise's problem with a promised benefit. 知晓难 and
 * 手续繁 are put right by the department on a rectification plan (P1, P2); funds not in place
 * are paid by a date, or deferred only with the enterprise's agreement (P3, P5); a disputed term
 * is negotiated by the policy-making department, then escalated, mediated and judged (P4).
 * Every path ends in written feedback and 销号 (G3).
 */
export const policyLine: LineModule<'policy', PolicyLineFacts, PolicyEventPayloads, typeof policyClassificationSchema, typeof policyPlanFields> = {
  line: 'policy',
  numberPrefix: 'HQ',
  sources: SOURCES,
  initialFacts: { policyProblem: null, rectification: null, proposedDeferral: null, deferral: null, disbursements: [] },
  // A policy problem is always an enterprise's: the benefit it was promised and did not get.
  checkRegistration: (payload) => {
    if (payload.enterprise === null) {
      throw new AppError('VALIDATION_FAILED', '请填写企业名称和统一社会信用代码', { field: 'enterprise.creditCode' });
    }
  },
  classification: policyClassificationSchema,
  planFields: policyPlanFields,
  planLabel: '整改方案或延期兑现方案',
  steps: {
    ...COMMON_STEPS,
    classify: steps.classify,
    propose_plan: steps.proposePlan,
    consent: steps.consent,
    object: steps.object,
    agree: steps.agree,
    escalate: escalateStep('P4'),
    litigate: litigateStep('P4'),
    judge: steps.judge,
    record_payment: steps.recordPayment,
    fulfil: steps.fulfil,
    // G3: returned feedback goes back to its author; the benefit is delivered, only its report is not.
    return: returnStep<PolicyCase>(['settled'], (_record, context) => ({ state: 'settled', deadline: timed('settled', context) })),
  },
  actionLabels: { record_payment: '登记资金拨付', fulfil: '确认兑现', propose_plan: '提交整改或延期方案', consent: '同意延期兑现', object: '不同意延期' },
  // P5 beside every funds problem (财政局's focus), P3 once a deferral is agreed.
  basis: (record) => {
    const ids: RuleId[] = [];
    if (record.policyProblem?.cause === 'funds') ids.push('P5');
    if (record.deferral !== null) ids.push('P3');
    return ids;
  },
  yearRule: () => null,
  upcast: {},
};
