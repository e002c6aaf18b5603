import { addWorkingDays, compareLocalDates, type LocalDate } from '../../calendar.ts';
import { FLOW } from '../../case/actions.ts';
import { draft, timed, type DecideContext } from '../../case/decision.ts';
import type { LineStep } from '../../case/line-module.ts';
import { outstandingAmount } from '../../case/record.ts';
import { AppError } from '../../errors.ts';
import { formatYuan, type Fen } from '../../money.ts';
import { consentBy } from '../consent.ts';
import { recordedRectification } from '../rectification.ts';
import { classificationRule, type PolicyCase, type PolicyEventPayloads } from './facts.ts';

type Step<A extends keyof PolicyEventPayloads> = LineStep<PolicyCase, A, PolicyEventPayloads[A]>;

/**
 * P4: what an agreement or judgment fixes is delivered within this many working days unless it
 * names its own date (a judgment's 履行期限).
 */
export const FULFILMENT_WORKING_DAYS = 30;

const notThisLine = () => new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });

/** P4: where an agreed or judged amount goes: to delivery by its date (money paid, or terms fulfilled). */
const deliveryDue = (context: DecideContext, dueOn?: LocalDate): LocalDate => dueOn ?? addWorkingDays(context.today, FULFILMENT_WORKING_DAYS, context.calendar);

const isFunds = (record: PolicyCase) => record.policyProblem?.cause === 'funds';

/** P1, P2 and money-free P4 outcomes are delivered by `fulfil`; an amount due is paid by `record_payment` (P5). */
const owesMoney = (record: PolicyCase) => record.confirmedAmount !== null && record.confirmedAmount > 0;

export const classify: Step<'classify'> = {
  to: ['planning', 'performing', 'negotiating'],
  decide: (_record, { classification }, context) => {
    if (classification.line !== 'policy') throw notThisLine();
    const { category, policy } = classification;
    const cause = category === 'fulfilment' ? (classification.cause ?? null) : null;
    if (category !== 'fulfilment' && classification.cause !== undefined) {
      throw new AppError('VALIDATION_FAILED', '只有兑现难问题需要选择原因（资金未到位或条款争议）', { field: 'cause' });
    }
    if (category === 'fulfilment' && cause === null) {
      throw new AppError('VALIDATION_FAILED', '兑现难问题须选择原因：资金未到位或条款争议', { field: 'cause' });
    }
    const base = { line: 'policy' as const, category, cause, policy, amount: null, dueOn: null, fundsDifficulty: null };
    // P1, P2: the department rectifies how it publishes or processes the policy, on a plan.
    if (cause === null) return draft('classify', base, classificationRule(category, null, false), 'planning', timed('planning', context));
    // P4: a disputed term goes to the policy-making department for 协商.
    if (cause === 'dispute') {
      return draft('classify', { ...base, amount: classification.amount ?? null }, 'P4', 'negotiating', timed('negotiating', context));
    }
    // P3, P5: the funds due are paid by a date, or deferred with the enterprise's agreement.
    const amount = classification.amount;
    if (amount === undefined || amount <= 0) {
      throw new AppError('VALIDATION_FAILED', '资金未到位的问题须填写应兑现金额（大于0）', { field: 'amount' });
    }
    const fundsDifficulty = classification.fundsDifficulty || null;
    if (fundsDifficulty !== null) {
      const payload = { ...base, amount, fundsDifficulty };
      return draft('classify', payload, 'P3', 'planning', timed('planning', context));
    }
    const dueOn = classification.dueOn;
    if (dueOn === undefined) {
      throw new AppError('VALIDATION_FAILED', '请填写兑现期限；确有困难须延期的，请填写资金困难情况（P3）', { field: 'dueOn' });
    }
    if (compareLocalDates(dueOn, context.today) < 0) {
      throw new AppError('VALIDATION_FAILED', `兑现期限不能早于今天（${context.today}）`, { field: 'dueOn' });
    }
    return draft('classify', { ...base, amount, dueOn }, 'P5', 'performing', dueOn);
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: payload.cause === 'funds' ? payload.amount : record.confirmedAmount,
    policyProblem: { category: payload.category, cause: payload.cause, policy: payload.policy, fundsDifficulty: payload.fundsDifficulty },
  }),
};

export const proposePlan: Step<'propose_plan'> = {
  to: ['performing', 'awaiting_consent'],
  decide: (record, command, context) => {
    const note = command.note || null;
    // P3: funds not in place: a new date, put to the enterprise.
    if (isFunds(record)) {
      const deferral = command.deferral;
      if (deferral === undefined) throw new AppError('VALIDATION_FAILED', '请填写延期兑现日期和原因（P3）', { field: 'deferral' });
      if (compareLocalDates(deferral.newDate, context.today) <= 0) {
        throw new AppError('PLAN_DATES_INVALID', `延期兑现日期应晚于今天（${context.today}）`, { field: 'deferral.newDate' });
      }
      return draft('propose_plan', { rectification: null, deferral, note }, 'P3', 'awaiting_consent', timed('awaiting_consent', context));
    }
    // P1, P2: the department's rectification takes effect at once.
    const rectification = recordedRectification(command.rectification, context);
    const rule = record.policyProblem?.category === 'procedure' ? 'P2' : 'P1';
    return draft('propose_plan', { rectification, deferral: null, note }, rule, 'performing', rectification.timeLimit);
  },
  evolve: (record, { payload }) =>
    payload.deferral === null ? { ...record, rectification: payload.rectification } : { ...record, proposedDeferral: payload.deferral },
};

export const consent: Step<'consent'> = {
  to: FLOW.consent.to,
  decide: (record, command, context) => {
    const payload = { by: consentBy(context, command), document: command.document || null, note: command.note || null };
    return draft('consent', payload, 'P3', 'performing', record.proposedDeferral?.newDate ?? null);
  },
  evolve: (record) => ({ ...record, deferral: record.proposedDeferral, proposedDeferral: null }),
};

export const object: Step<'object'> = {
  to: FLOW.object.to,
  decide: (_record, command, context) => {
    const payload = { by: consentBy(context, command), reason: command.reason, document: command.document || null };
    return draft('object', payload, 'P3', 'planning', timed('planning', context));
  },
  evolve: (record) => ({ ...record, proposedDeferral: null }),
};

/** P4: an agreement or judgment fixes what is due; the case goes on to delivery. */
const fixed = <R extends PolicyCase>(record: R, amount: Fen): R => ({ ...record, confirmedAmount: amount });

export const agree: Step<'agree'> = {
  to: ['performing'],
  decide: (_record, command, context) => {
    const dueOn = deliveryDue(context);
    const payload = { amount: command.amount, document: command.document, note: command.note || null, dueOn };
    return draft('agree', payload, 'P4', 'performing', dueOn);
  },
  evolve: (record, { payload }) => fixed(record, payload.amount),
};

export const judge: Step<'judge'> = {
  to: ['performing'],
  decide: (_record, command, context) => {
    if (command.judgedOn > context.today) {
      throw new AppError('VALIDATION_FAILED', '判决日期不能晚于今天', { field: 'judgedOn' });
    }
    if (command.dueOn !== undefined && command.dueOn < command.judgedOn) {
      throw new AppError('VALIDATION_FAILED', '判决履行期限不能早于判决日期', { field: 'dueOn' });
    }
    const dueOn = deliveryDue(context, command.dueOn);
    const payload = { amount: command.amount, judgmentNo: command.judgmentNo, court: command.court, judgedOn: command.judgedOn, dueOn };
    return draft('judge', payload, 'P4', 'performing', dueOn);
  },
  evolve: (record, { payload }) => fixed(record, payload.amount),
};

export const recordPayment: Step<'record_payment'> = {
  to: FLOW.record_payment.to,
  decide: (record, command, context) => {
    const outstanding = outstandingAmount(record);
    if (command.amount > outstanding) {
      throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', `本次拨付${formatYuan(command.amount)}超过应兑现未拨付金额${formatYuan(outstanding)}`, {
        field: 'amount',
        outstanding,
      });
    }
    if (command.paidOn > context.today) {
      throw new AppError('PAYMENT_DATE_IN_FUTURE', '拨付日期不能晚于今天', { field: 'paidOn' });
    }
    if (record.disbursements.some((item) => item.voucher === command.voucher)) {
      throw new AppError('RULE_VIOLATION', `拨付凭证“${command.voucher}”已登记过`, { field: 'voucher' });
    }
    const payload = { paidOn: command.paidOn, amount: command.amount, voucher: command.voucher };
    const rule = record.rule ?? 'P5';
    if (record.paidAmount + command.amount === record.confirmedAmount) return draft('record_payment', payload, rule, 'settled', timed('settled', context));
    return draft('record_payment', payload, rule, 'performing', record.deadline);
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    paidAmount: record.paidAmount + payload.amount,
    disbursements: [...record.disbursements, { ...payload, recordedAt: at }],
  }),
  ready: (record) => outstandingAmount(record) > 0,
};

export const fulfil: Step<'fulfil'> = {
  to: FLOW.fulfil.to,
  decide: (record, command, context) => {
    if (owesMoney(record)) {
      throw new AppError('RULE_VIOLATION', `尚有${formatYuan(outstandingAmount(record))}应兑现资金，请逐笔登记拨付（P5）`, { field: 'evidence' });
    }
    return draft('fulfil', { evidence: command.evidence }, record.rule, 'settled', timed('settled', context));
  },
  evolve: (record) => record,
  ready: (record) => !owesMoney(record),
};
