import { addWorkingDays, compareLocalDates, yearEnd, yearOf, type LocalDate } from '../../calendar.ts';
import { FLOW } from '../../case/actions.ts';
import { draft, timed, type DecideContext } from '../../case/decision.ts';
import type { LineStep } from '../../case/line-module.ts';
import { outstandingAmount } from '../../case/record.ts';
import { AppError } from '../../errors.ts';
import { formatYuan } from '../../money.ts';
import type { RuleId } from '../../rules.ts';
import { consentBy } from '../consent.ts';
import {
  INVESTMENT_LEGALITY_LABEL,
  INVESTMENT_SITUATION_LABEL,
  SITUATION_LEGALITY,
  SITUATION_RULE,
  type InvestmentCase,
  type InvestmentEventPayloads,
} from './facts.ts';

type Step<A extends keyof InvestmentEventPayloads> = LineStep<InvestmentCase, A, InvestmentEventPayloads[A]>;

/**
 * I4–I6: what an agreement, mediation plan or judgment fixes is delivered within this many
 * working days unless it names its own date (a judgment's 履行期限).
 */
export const DELIVERY_WORKING_DAYS = 30;

const deliveryDue = (context: DecideContext, dueOn?: LocalDate): LocalDate => dueOn ?? addWorkingDays(context.today, DELIVERY_WORKING_DAYS, context.calendar);

const invalid = (message: string, field: string) => new AppError('VALIDATION_FAILED', message, { field });

/** Money still to pay on the case (the promised amount, or what an agreement or judgment fixed). */
const owesMoney = (record: InvestmentCase) => outstandingAmount(record) > 0;

/** Terms without money that an agreement put in place of the promise, still to be delivered by `fulfil`. */
const owesTerms = (record: InvestmentCase) => record.agreedTerms?.agreed != null;

export const classify: Step<'classify'> = {
  to: ['performing', 'planning', 'changing', 'negotiating'],
  decide: (_record, { classification }, context) => {
    if (classification.line !== 'investment') {
      throw new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });
    }
    const { legality, situation, promise } = classification;
    if (SITUATION_LEGALITY[situation] !== legality) {
      throw invalid(`“${INVESTMENT_SITUATION_LABEL[situation]}”属于${INVESTMENT_LEGALITY_LABEL[SITUATION_LEGALITY[situation]]}的情形，与审查结论“${INVESTMENT_LEGALITY_LABEL[legality]}”不符`, 'situation');
    }
    const legalityReason = classification.legalityReason || null;
    if (legality === 'flawed' && legalityReason === null) throw invalid('有瑕疵的承诺须写明瑕疵原因（合法性审查意见）', 'legalityReason');
    // Each situation takes only its own facts: nothing given is dropped unread.
    if (situation !== 'perform' && classification.performBy !== undefined) throw invalid('只有有能力履行的承诺（I1）填写兑现期限', 'performBy');
    if (situation !== 'perform' && situation !== 'budget' && classification.amount !== undefined) {
      throw invalid('该情形的金额由协商、调解、判决或补偿确定，分类时不填写承诺兑现金额', 'amount');
    }
    if (situation !== 'budget' && classification.budgetDifficulty) throw invalid('只有预算有限需延期的承诺（I2）填写预算困难情况', 'budgetDifficulty');
    if (situation !== 'lawful_change' && (classification.changeReason !== undefined || classification.changeAuthority)) {
      throw invalid('只有因法定事由变更的承诺（I3）填写变更事由和法定权限', 'changeReason');
    }
    if (classification.amount !== undefined && classification.amount <= 0) throw invalid('承诺兑现金额应大于0；非资金类承诺不填写金额', 'amount');
    const amount = classification.amount ?? null;
    const base = { line: 'investment' as const, legality, situation, promise, legalityReason, amount, performBy: null, budgetDifficulty: null, change: null };
    const rule = SITUATION_RULE[situation];
    switch (situation) {
      case 'perform': {
        // I1: kept as soon as possible, not across the year (the year rule as A2).
        const performBy = classification.performBy ?? yearEnd(context.today);
        if (compareLocalDates(performBy, context.today) < 0) throw invalid(`兑现期限不能早于今天（${context.today}）`, 'performBy');
        if (yearOf(performBy) > yearOf(context.today)) {
          throw new AppError('RULE_VIOLATION', `承诺原则上不得跨年兑现（I1），兑现期限最迟为${yearEnd(context.today)}；确需跨年的，履行中申请跨年兑现`, { field: 'performBy' });
        }
        return draft('classify', { ...base, performBy }, rule, 'performing', performBy);
      }
      case 'budget': {
        const budgetDifficulty = classification.budgetDifficulty || null;
        if (budgetDifficulty === null) throw invalid('预算有限需延期履行的，须写明预算困难情况（I2）', 'budgetDifficulty');
        return draft('classify', { ...base, budgetDifficulty }, rule, 'planning', timed('planning', context));
      }
      case 'lawful_change': {
        const authority = classification.changeAuthority || null;
        if (classification.changeReason === undefined) throw invalid('请选择变更承诺的法定事由（I3）', 'changeReason');
        if (authority === null) throw invalid('请写明决定变更的法定权限（如市人民政府常务会议）（I3）', 'changeAuthority');
        return draft('classify', { ...base, change: { reason: classification.changeReason, authority } }, rule, 'changing', timed('changing', context));
      }
      case 'conditions_unmet':
      case 'beyond_capacity':
        return draft('classify', base, rule, 'negotiating', timed('negotiating', context));
    }
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: payload.amount,
    performBy: payload.performBy,
    investmentProblem: {
      legality: payload.legality,
      situation: payload.situation,
      promise: payload.promise,
      legalityReason: payload.legalityReason,
      budgetDifficulty: payload.budgetDifficulty,
      change: payload.change,
    },
  }),
};

export const proposePlan: Step<'propose_plan'> = {
  to: ['awaiting_consent'],
  decide: (_record, command, context) => {
    const deferral = command.deferral;
    if (deferral === undefined) throw invalid('请填写延期履行日期和原因（I2）', 'deferral');
    if (compareLocalDates(deferral.newDate, context.today) <= 0) {
      throw new AppError('PLAN_DATES_INVALID', `延期履行日期应晚于今天（${context.today}）`, { field: 'deferral.newDate' });
    }
    return draft('propose_plan', { deferral, note: command.note || null }, 'I2', 'awaiting_consent', timed('awaiting_consent', context));
  },
  evolve: (record, { payload }) => ({ ...record, proposedDeferral: payload.deferral }),
};

export const consent: Step<'consent'> = {
  to: FLOW.consent.to,
  decide: (record, command, context) => {
    const payload = { by: consentBy(context, command), document: command.document || null, note: command.note || null };
    return draft('consent', payload, 'I2', 'performing', record.proposedDeferral?.newDate ?? null);
  },
  evolve: (record) => ({ ...record, deferral: record.proposedDeferral, proposedDeferral: null }),
};

export const object: Step<'object'> = {
  to: FLOW.object.to,
  decide: (_record, command, context) => {
    const payload = { by: consentBy(context, command), reason: command.reason, document: command.document || null };
    return draft('object', payload, 'I2', 'planning', timed('planning', context));
  },
  evolve: (record) => ({ ...record, proposedDeferral: null }),
};

/** The rule of a negotiated outcome: the situation's own (I4, I5), or I6 once the next-higher government mediates. */
const negotiatedRule = (record: InvestmentCase): RuleId =>
  record.escalated ? 'I6' : record.investmentProblem === null ? 'I6' : SITUATION_RULE[record.investmentProblem.situation];

export const agree: Step<'agree'> = {
  to: ['performing', 'settled'],
  decide: (record, command, context) => {
    const terms = command.terms || null;
    if (record.investmentProblem?.situation === 'beyond_capacity' && terms === null && command.amount === 0) {
      throw new AppError('RULE_VIOLATION', '超出履行能力的承诺，协商结果须降低执行条款要求或补偿企业损失（I5）', { field: 'terms' });
    }
    const rule = negotiatedRule(record);
    const previousTerms = record.agreedTerms?.agreed ?? record.investmentProblem?.promise ?? record.title;
    const nothingDue = command.amount === 0 && terms === null;
    const dueOn = nothingDue ? null : deliveryDue(context);
    const payload = {
      amount: command.amount,
      terms,
      previousTerms,
      document: command.document,
      mediators: command.mediators || null,
      note: command.note || null,
      dueOn,
    };
    // I4: the parties may agree that nothing more is owed; otherwise what is agreed is delivered.
    if (nothingDue) return draft('agree', payload, rule, 'settled', timed('settled', context));
    return draft('agree', payload, rule, 'performing', dueOn);
  },
  evolve: (record, { payload, rule }) => ({
    ...record,
    confirmedAmount: record.paidAmount + payload.amount,
    agreedTerms: {
      original: payload.previousTerms,
      agreed: payload.terms,
      amount: payload.amount,
      document: payload.document,
      mediators: payload.mediators,
      rule: rule ?? 'I6',
    },
  }),
};

export const judge: Step<'judge'> = {
  to: FLOW.judge.to,
  decide: (_record, command, context) => {
    if (command.judgedOn > context.today) throw invalid('判决日期不能晚于今天', 'judgedOn');
    if (command.dueOn !== undefined && command.dueOn < command.judgedOn) throw invalid('判决履行期限不能早于判决日期', 'dueOn');
    const payload = { amount: command.amount, judgmentNo: command.judgmentNo, court: command.court, judgedOn: command.judgedOn, dueOn: null };
    if (command.amount === 0) return draft('judge', payload, 'I6', 'settled', timed('settled', context));
    const dueOn = deliveryDue(context, command.dueOn);
    return draft('judge', { ...payload, dueOn }, 'I6', 'performing', dueOn);
  },
  // The judgment replaces whatever was agreed before it: only its amount is owed.
  evolve: (record, { payload }) => ({ ...record, confirmedAmount: record.paidAmount + payload.amount, agreedTerms: null }),
};

export const recordPayment: Step<'record_payment'> = {
  to: FLOW.record_payment.to,
  decide: (record, command, context) => {
    const outstanding = outstandingAmount(record);
    if (command.amount > outstanding) {
      throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', `本次兑付${formatYuan(command.amount)}超过应兑现未兑付金额${formatYuan(outstanding)}`, {
        field: 'amount',
        outstanding,
      });
    }
    if (command.paidOn > context.today) throw new AppError('PAYMENT_DATE_IN_FUTURE', '兑付日期不能晚于今天', { field: 'paidOn' });
    if (record.payments.some((item) => item.voucher === command.voucher)) {
      throw new AppError('RULE_VIOLATION', `兑付凭证“${command.voucher}”已登记过`, { field: 'voucher' });
    }
    const payload = { paidOn: command.paidOn, amount: command.amount, voucher: command.voucher };
    const rule = record.rule ?? 'I1';
    // The last payment keeps the promise, unless agreed terms beyond money are still to be delivered.
    if (command.amount === outstanding && !owesTerms(record)) return draft('record_payment', payload, rule, 'settled', timed('settled', context));
    return draft('record_payment', payload, rule, 'performing', record.deadline);
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    paidAmount: record.paidAmount + payload.amount,
    payments: [...record.payments, { ...payload, recordedAt: at }],
  }),
  ready: owesMoney,
};

export const fulfil: Step<'fulfil'> = {
  to: FLOW.fulfil.to,
  decide: (record, command, context) => {
    if (owesMoney(record)) {
      throw new AppError('RULE_VIOLATION', `尚有${formatYuan(outstandingAmount(record))}承诺资金未兑付，请逐笔登记兑付`, { field: 'evidence' });
    }
    return draft('fulfil', { evidence: command.evidence }, record.rule, 'settled', timed('settled', context));
  },
  evolve: (record) => record,
  ready: (record) => !owesMoney(record),
};

export const compensate: Step<'compensate'> = {
  to: FLOW.compensate.to,
  decide: (_record, command, context) => {
    const voucher = command.voucher || null;
    const paidOn = command.paidOn ?? null;
    if (command.amount > 0 && (paidOn === null || voucher === null)) {
      throw invalid('补偿金额大于0的，须登记补偿支付日期和支付凭证（I3）', paidOn === null ? 'paidOn' : 'voucher');
    }
    if (paidOn !== null && paidOn > context.today) throw new AppError('PAYMENT_DATE_IN_FUTURE', '补偿支付日期不能晚于今天', { field: 'paidOn' });
    const payload = { legalBasis: command.legalBasis, procedure: command.procedure, amount: command.amount, paidOn, voucher };
    return draft('compensate', payload, 'I3', 'settled', timed('settled', context));
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: record.paidAmount + payload.amount,
    paidAmount: record.paidAmount + payload.amount,
    lawfulChange: { legalBasis: payload.legalBasis, procedure: payload.procedure, compensation: payload.amount, paidOn: payload.paidOn, voucher: payload.voucher },
  }),
};

/** I1: the year rule is open while the promise is kept on its own date, not on a deferral or an agreement. */
const underYearRule = (record: InvestmentCase) => record.performBy !== null && record.rule === 'I1';

export const requestYearException: Step<'request_year_exception'> = {
  to: FLOW.request_year_exception.to,
  decide: (record, command, context) => {
    const dueOn = record.performBy;
    if (dueOn === null || !underYearRule(record)) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '只有按期兑现的承诺（I1）才需申请跨年兑现');
    }
    if (record.yearException?.status === 'requested') throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '已有待审批的跨年兑现申请');
    if (yearOf(command.newDueOn) <= yearOf(dueOn)) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', `拟兑现日期未跨年，应在${dueOn}前兑现，无需申请（I1）`, { field: 'newDueOn' });
    }
    if (compareLocalDates(command.newDueOn, context.today) <= 0) throw invalid('拟兑现日期应晚于今天', 'newDueOn');
    return draft('request_year_exception', { reason: command.reason, newDueOn: command.newDueOn }, 'I1', record.state, record.deadline);
  },
  evolve: (record, { payload }) => ({
    ...record,
    yearException: { status: 'requested', reason: payload.reason, newDueOn: payload.newDueOn, opinion: null },
  }),
  ready: (record) => underYearRule(record) && record.yearException?.status !== 'requested' && record.yearException?.status !== 'approved',
};

export const approveYearException: Step<'approve_year_exception'> = {
  to: FLOW.approve_year_exception.to,
  decide: (record, command) => {
    const request = record.yearException;
    if (request?.status !== 'requested') throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '没有待审批的跨年兑现申请');
    const payload = { approved: command.approved, opinion: command.opinion, newDueOn: request.newDueOn };
    return draft('approve_year_exception', payload, 'I1', record.state, command.approved ? request.newDueOn : record.deadline);
  },
  evolve: (record, { payload }) => {
    const request = record.yearException;
    if (request === null) return record;
    if (!payload.approved) return { ...record, yearException: { ...request, status: 'rejected', opinion: payload.opinion } };
    return { ...record, yearException: { ...request, status: 'approved', opinion: payload.opinion }, performBy: payload.newDueOn };
  },
  ready: (record) => record.yearException?.status === 'requested',
};
