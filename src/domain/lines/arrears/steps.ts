import { compareLocalDates, yearOf } from '../../calendar.ts';
import { FLOW } from '../../case/actions.ts';
import { draft, timed, type DecideContext } from '../../case/decision.ts';
import { reportProgress as commonReportProgress } from '../../case/common-steps.ts';
import type { CommonEventPayloads } from '../../case/events.ts';
import type { LineStep } from '../../case/line-module.ts';
import { outstandingAmount } from '../../case/record.ts';
import { AppError } from '../../errors.ts';
import { formatYuan } from '../../money.ts';
import type { ArrearsCase, ArrearsEventPayloads } from './facts.ts';
import { consentBy } from '../consent.ts';
import { NO_CONTRACT_FACTS, type ContractFacts } from './contract.ts';
import { banCitation, banOn, checkPaymentDifficulty, DELAY_REASON_CODES, DELAY_REASONS, type DelayReason } from './delay-reasons.ts';
import { recordContract } from './particulars.ts';
import { nextDueOfParts, undisputedStatus, UNDISPUTED_PAYMENT_STATES, type UndisputedPart } from './parts.ts';
import { type PaymentPlan } from './plan.ts';
import { installmentPlan, undisputedPath, type ArrearsPath } from './rules.ts';

type Step<A extends keyof ArrearsEventPayloads> = LineStep<ArrearsCase, A, ArrearsEventPayloads[A]>;

/**
 * Where an undisputed amount goes next (A1–A3), and its deadline. On a partly disputed case
 * (Art. 15) the amount is the remainder the dispute fixed: the case is paid in full only when
 * the undisputed part is too, and the next due date is the earlier of the two parts'.
 */
const follow = (path: ArrearsPath, context: DecideContext, record?: ArrearsCase) => {
  const part = record?.undisputedPart ?? null;
  const paidAmount = record?.paidAmount ?? 0;
  const partOwes = record !== undefined && (undisputedStatus(record)?.outstanding ?? 0) > 0;
  switch (path.kind) {
    case 'settled':
      return partOwes
        ? { state: 'performing' as const, plan: null, deadline: nextDueOfParts({ undisputedPart: part, plan: null, paidAmount }) }
        : { state: 'settled' as const, plan: null, deadline: timed('settled', context) };
    case 'lump_sum':
      return { state: 'performing' as const, plan: path.plan, deadline: nextDueOfParts({ undisputedPart: part, plan: path.plan, paidAmount }) };
    case 'installments_to_plan':
      return { state: 'planning' as const, plan: null, deadline: timed('planning', context) };
  }
};

/**
 * Art. 15: the undisputed part of a disputed debt, confirmed on `confirmedOn`, paid in one sum by
 * the year end (A1/A2) while the rest is negotiated; it is less than the enterprise's claim.
 * @throws AppError VALIDATION_FAILED
 */
const undisputedPartOf = (record: ArrearsCase, amount: number, confirmedOn: string): UndisputedPart => {
  if (record.claimedAmount !== null && amount >= record.claimedAmount) {
    throw new AppError(
      'VALIDATION_FAILED',
      `无争议部分${formatYuan(amount)}不小于企业主张的${formatYuan(record.claimedAmount)}：全部无争议的欠款请选择“无争议”`,
      { field: 'undisputedAmount' },
    );
  }
  const path = undisputedPath({ amount, confirmedOn, paymentDifficulty: null });
  // A positive amount without a difficulty is always one sum.
  if (path.kind !== 'lump_sum') throw new AppError('INTERNAL', '无争议部分应一次性清偿');
  return { amount, confirmedOn, plan: path.plan };
};

/**
 * A3: the difficulty a command records, its kind from the list and its description (the kind's
 * label when none is written), refused when 保障中小企业款项支付条例 bans it.
 * @throws AppError VALIDATION_FAILED, DELAY_REASON_BANNED
 */
const difficultyOf = (code: string | undefined, text: string | undefined, contract: ContractFacts | null) => {
  if (code !== undefined && !(DELAY_REASON_CODES as readonly string[]).includes(code)) {
    throw new AppError('VALIDATION_FAILED', '支付困难类型无效', { field: 'difficultyReason' });
  }
  const difficultyReason = (code ?? null) as DelayReason | null;
  const description = text || null;
  if (difficultyReason === 'other' && description === null) {
    throw new AppError('VALIDATION_FAILED', '选择“其他困难”时请具体说明支付困难情况', { field: 'paymentDifficulty' });
  }
  checkPaymentDifficulty(difficultyReason, description, contract);
  return { difficultyReason, paymentDifficulty: description ?? (difficultyReason === null ? null : DELAY_REASONS[difficultyReason].label) };
};

export const classify: Step<'classify'> = {
  // A classified arrear always owes something: an amount of 0 is only reached by A7.
  to: ['performing', 'planning', 'negotiating'],
  decide: (record, { classification }, context) => {
    if (classification.line !== 'arrears') {
      throw new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });
    }
    const recorded = classification.contract === undefined ? null : recordContract(record.contract?.facts ?? NO_CONTRACT_FACTS, classification.contract, context);
    const contract = recorded === null ? {} : { contract: recorded };
    if (!classification.disputed) {
      if (classification.undisputedAmount !== undefined) {
        throw new AppError('VALIDATION_FAILED', '无争议部分金额只用于部分有争议的欠款；全部无争议的请填写确认金额', { field: 'undisputedAmount' });
      }
      if (classification.confirmedAmount === undefined || classification.confirmedAmount <= 0) {
        throw new AppError('VALIDATION_FAILED', '无争议欠款须填写确认金额（大于0）', { field: 'confirmedAmount' });
      }
      const confirmedOn = classification.confirmedOn ?? context.today;
      if (confirmedOn > context.today) {
        throw new AppError('VALIDATION_FAILED', '金额确认日期不能晚于今天', { field: 'confirmedOn' });
      }
      const difficulty = difficultyOf(classification.difficultyReason, classification.paymentDifficulty, recorded?.contract.facts ?? record.contract?.facts ?? null);
      const path = undisputedPath({ amount: classification.confirmedAmount, confirmedOn, paymentDifficulty: difficulty.paymentDifficulty });
      const next = follow(path, context);
      const payload = { disputed: false, confirmedAmount: classification.confirmedAmount, confirmedOn, ...difficulty, plan: next.plan, ...contract };
      return draft('classify', payload, path.rule, next.state, next.deadline);
    }
    if (classification.difficultyReason !== undefined || classification.paymentDifficulty) {
      throw new AppError('VALIDATION_FAILED', '有争议的欠款在协商、调解或判决确定金额时再认定支付困难；无争议部分应按期支付（条例第十五条）', {
        field: 'difficultyReason',
      });
    }
    // A4: a disputed amount is negotiated first; Art. 15: the part not disputed is confirmed now and paid on time.
    const undisputedAmount = classification.undisputedAmount;
    if (undisputedAmount === undefined) {
      const payload = { disputed: true, confirmedAmount: null, confirmedOn: null, paymentDifficulty: null, difficultyReason: null, plan: null, ...contract };
      return draft('classify', payload, 'A4', 'negotiating', timed('negotiating', context));
    }
    const confirmedOn = classification.confirmedOn ?? context.today;
    if (confirmedOn > context.today) {
      throw new AppError('VALIDATION_FAILED', '金额确认日期不能晚于今天', { field: 'confirmedOn' });
    }
    const undisputedPart = undisputedPartOf(record, undisputedAmount, confirmedOn);
    const payload = { disputed: true, confirmedAmount: undisputedAmount, confirmedOn, paymentDifficulty: null, difficultyReason: null, plan: null, undisputedPart, ...contract };
    return draft('classify', payload, 'A4', 'negotiating', timed('negotiating', context));
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: payload.confirmedAmount,
    arrears: { disputed: payload.disputed, confirmedOn: payload.confirmedOn, paymentDifficulty: payload.paymentDifficulty, difficultyReason: payload.difficultyReason ?? null },
    plan: payload.plan,
    ...(payload.undisputedPart === undefined ? {} : { undisputedPart: payload.undisputedPart }),
    ...(payload.contract === undefined ? {} : { contract: payload.contract.contract }),
  }),
};

export const proposePlan: Step<'propose_plan'> = {
  to: ['awaiting_consent'],
  decide: (record, command, context) => {
    if (command.installments === undefined) {
      throw new AppError('VALIDATION_FAILED', '请填写分期还款计划', { field: 'installments' });
    }
    // Art. 15: a plan covers the remainder the dispute fixed; the undisputed part keeps its own lump sum.
    const plan = installmentPlan(command.installments, outstandingAmount(record) - (undisputedStatus(record)?.outstanding ?? 0), context.today);
    return draft('propose_plan', { plan, note: command.note || null }, 'A3', 'awaiting_consent', timed('awaiting_consent', context));
  },
  evolve: (record, { payload }) => ({ ...record, proposedPlan: payload.plan }),
};

export const consent: Step<'consent'> = {
  to: FLOW.consent.to,
  decide: (record, command, context) => {
    const plan = record.proposedPlan as PaymentPlan;
    const payload = { by: consentBy(context, command), document: command.document || null, note: command.note || null };
    return draft('consent', payload, 'A3', 'performing', nextDueOfParts({ ...record, plan }));
  },
  evolve: (record) => ({ ...record, plan: record.proposedPlan, proposedPlan: null }),
};

export const object: Step<'object'> = {
  to: FLOW.object.to,
  decide: (_record, command, context) => {
    const payload = { by: consentBy(context, command), reason: command.reason, document: command.document || null };
    return draft('object', payload, 'A3', 'planning', timed('planning', context));
  },
  evolve: (record) => ({ ...record, proposedPlan: null }),
};

export const agree: Step<'agree'> = {
  to: FLOW.agree.to,
  decide: (record, command, context) => {
    const difficulty = difficultyOf(command.difficultyReason, command.paymentDifficulty, record.contract?.facts ?? null);
    const path = undisputedPath({ amount: command.amount, confirmedOn: context.today, paymentDifficulty: difficulty.paymentDifficulty });
    const next = follow(path, context, record);
    const payload = {
      amount: command.amount,
      document: command.document,
      note: command.note || null,
      ...difficulty,
      confirmedOn: context.today,
      plan: next.plan,
    };
    return draft('agree', payload, 'A7', next.state, next.deadline);
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: (record.undisputedPart?.amount ?? 0) + payload.amount,
    arrears: { disputed: false, confirmedOn: payload.confirmedOn, paymentDifficulty: payload.paymentDifficulty, difficultyReason: payload.difficultyReason ?? null },
    plan: payload.plan,
  }),
};

export const judge: Step<'judge'> = {
  to: FLOW.judge.to,
  decide: (record, command, context) => {
    if (command.judgedOn > context.today) {
      throw new AppError('VALIDATION_FAILED', '判决日期不能晚于今天', { field: 'judgedOn' });
    }
    if (command.dueOn !== undefined && command.dueOn < command.judgedOn) {
      throw new AppError('VALIDATION_FAILED', '判决履行期限不能早于判决日期', { field: 'dueOn' });
    }
    // A7: a judged amount follows A1–A3 as an agreed one does: above 50万元 with a genuine
    // difficulty, the debtor plans installments within the judgment's terms.
    const difficulty = difficultyOf(command.difficultyReason, command.paymentDifficulty, record.contract?.facts ?? null);
    const path = undisputedPath({
      amount: command.amount,
      confirmedOn: command.judgedOn,
      paymentDifficulty: difficulty.paymentDifficulty,
      ...(command.dueOn === undefined ? {} : { dueOn: command.dueOn }),
    });
    const next = follow(path, context, record);
    const payload = { amount: command.amount, judgmentNo: command.judgmentNo, court: command.court, judgedOn: command.judgedOn, ...difficulty, plan: next.plan };
    return draft('judge', payload, 'A6', next.state, next.deadline);
  },
  evolve: (record, { payload }) => ({
    ...record,
    confirmedAmount: (record.undisputedPart?.amount ?? 0) + payload.amount,
    arrears: { disputed: false, confirmedOn: payload.judgedOn, paymentDifficulty: payload.paymentDifficulty ?? null, difficultyReason: payload.difficultyReason ?? null },
    plan: payload.plan,
  }),
};

export const recordPayment: Step<'record_payment'> = {
  to: FLOW.record_payment.to,
  // Art. 15: while the rest is disputed or planned, the undisputed part is paid without leaving that state.
  stays: UNDISPUTED_PAYMENT_STATES,
  decide: (record, command, context) => {
    const undisputed = undisputedStatus(record);
    if (record.state !== 'performing') {
      if (undisputed === null || undisputed.outstanding === 0) {
        throw new AppError('CASE_NOT_IN_STATE', '争议解决、还款计划生效前只能支付无争议部分，本案没有待付的无争议部分（条例第十五条）', { state: record.state });
      }
      if (command.amount > undisputed.outstanding) {
        throw new AppError(
          'PAYMENT_EXCEEDS_OUTSTANDING',
          `争议部分确定前只能支付无争议部分：本次付款${formatYuan(command.amount)}超过无争议部分未付的${formatYuan(undisputed.outstanding)}（条例第十五条）`,
          { field: 'amount', outstanding: undisputed.outstanding },
        );
      }
    }
    const outstanding = outstandingAmount(record);
    if (command.amount > outstanding) {
      throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', `本次付款${formatYuan(command.amount)}超过未清偿金额${formatYuan(outstanding)}`, {
        field: 'amount',
        outstanding,
      });
    }
    if (command.paidOn > context.today) {
      throw new AppError('PAYMENT_DATE_IN_FUTURE', '付款日期不能晚于今天', { field: 'paidOn' });
    }
    if (record.payments.some((payment) => payment.voucher === command.voucher)) {
      throw new AppError('RULE_VIOLATION', `付款凭证“${command.voucher}”已登记过`, { field: 'voucher' });
    }
    const paid = record.paidAmount + command.amount;
    // The plan the payment is made under: the undisputed part's while the rest is open, else the case's.
    const plan = (record.state !== 'performing' || record.plan === null ? record.undisputedPart?.plan : record.plan) as PaymentPlan;
    // Art. 11: a non-cash payment is recorded as made, and flagged when the contract does not provide for it.
    const method = command.method === undefined ? {} : { method: command.method, nonCashUnagreed: command.method !== 'transfer' && record.contract?.facts.nonCashAgreed !== true };
    const payload = { paidOn: command.paidOn, amount: command.amount, voucher: command.voucher, ...method };
    if (record.state !== 'performing') return draft('record_payment', payload, plan.rule, record.state, record.deadline);
    if (paid === record.confirmedAmount) return draft('record_payment', payload, plan.rule, 'settled', timed('settled', context));
    return draft('record_payment', payload, plan.rule, 'performing', nextDueOfParts(record, paid));
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    paidAmount: record.paidAmount + payload.amount,
    payments: [...record.payments, { ...payload, recordedAt: at }],
  }),
  ready: (record) => record.state === 'performing' || (undisputedStatus(record)?.outstanding ?? 0) > 0,
};

export const requestYearException: Step<'request_year_exception'> = {
  to: FLOW.request_year_exception.to,
  decide: (record, command, context) => {
    const plan = record.plan;
    const dueOn = plan?.installments[0]?.dueOn;
    if (plan?.kind !== 'lump_sum' || dueOn === undefined) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '只有一次性清偿的欠款才需申请跨年支付（A2）');
    }
    if (record.yearException?.status === 'requested') {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '已有待审批的跨年支付申请');
    }
    if (yearOf(command.newDueOn) <= yearOf(dueOn)) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', `拟付款日期未跨年，应在${dueOn}前付清，无需申请（A2）`, { field: 'newDueOn' });
    }
    if (compareLocalDates(command.newDueOn, context.today) <= 0) {
      throw new AppError('VALIDATION_FAILED', '拟付款日期应晚于今天', { field: 'newDueOn' });
    }
    return draft('request_year_exception', { reason: command.reason, newDueOn: command.newDueOn }, 'A2', record.state, record.deadline);
  },
  evolve: (record, { payload }) => ({
    ...record,
    yearException: { status: 'requested', reason: payload.reason, newDueOn: payload.newDueOn, opinion: null },
  }),
  ready: (record) =>
    record.plan?.kind === 'lump_sum' && record.yearException?.status !== 'requested' && record.yearException?.status !== 'approved',
};

export const approveYearException: Step<'approve_year_exception'> = {
  to: FLOW.approve_year_exception.to,
  decide: (record, command) => {
    const request = record.yearException;
    if (request?.status !== 'requested') {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '没有待审批的跨年支付申请');
    }
    const payload = { approved: command.approved, opinion: command.opinion, newDueOn: request.newDueOn };
    return draft('approve_year_exception', payload, 'A2', record.state, command.approved ? request.newDueOn : record.deadline);
  },
  evolve: (record, { payload }) => {
    const request = record.yearException;
    if (request === null) return record;
    if (!payload.approved) return { ...record, yearException: { ...request, status: 'rejected', opinion: payload.opinion } };
    const plan = record.plan;
    return {
      ...record,
      yearException: { ...request, status: 'approved', opinion: payload.opinion },
      plan: plan === null ? null : { ...plan, installments: plan.installments.map((item) => ({ ...item, dueOn: payload.newDueOn })) },
    };
  },
  ready: (record) => record.yearException?.status === 'requested',
};

/**
 * G1 with 保障中小企业款项支付条例 Arts. 12, 14: a progress report on an arrear may say why payment
 * is late, chosen from the list. A reason the regulation bans is recorded as reported (it is what
 * the unit said) and flagged, with the rule it breaks, to 营商办 and the lead bureau.
 * @throws AppError VALIDATION_FAILED for a reason not on the list
 */
export const reportProgress: LineStep<ArrearsCase, 'report_progress', CommonEventPayloads['report_progress']> = {
  to: FLOW.report_progress.to,
  decide: (record, command, context) => {
    if (command.delayReason === undefined) return commonReportProgress.decide(record, command, context);
    if (!(DELAY_REASON_CODES as readonly string[]).includes(command.delayReason)) {
      throw new AppError('VALIDATION_FAILED', '迟延支付原因无效', { field: 'delayReason' });
    }
    const reason = command.delayReason as DelayReason;
    const flag = banOn(reason, record.contract?.facts ?? null) === null ? {} : { delayFlag: { label: DELAY_REASONS[reason].label, rule: banCitation(reason) } };
    const payload = { progress: command.progress, percent: command.percent ?? null, delayReason: reason, ...flag };
    return draft('report_progress', payload, 'G1', record.state, record.deadline);
  },
  evolve: (record, event) => commonReportProgress.evolve(record, event),
};

/**
 * 保障中小企业款项支付条例 Art. 17: the late interest is owed to the enterprise, and counted in
 * what is outstanding, until the enterprise waives it — itself in the portal, or by staff with its
 * signed document. Once; only where a statutory due date is known (there is interest to waive).
 * @throws AppError INTEREST_NOT_APPLICABLE, VALIDATION_FAILED
 */
export const waiveInterest: Step<'waive_interest'> = {
  to: FLOW.waive_interest.to,
  decide: (record, command, context) => {
    if (record.interestWaiver !== undefined) {
      throw new AppError('INTEREST_NOT_APPLICABLE', `企业已于${record.interestWaiver.waivedOn}放弃逾期利息`);
    }
    if (record.contract?.due.status !== 'due') {
      throw new AppError('INTEREST_NOT_APPLICABLE', '尚未确定法定付款期限，没有可放弃的逾期利息（条例第十七条）');
    }
    const payload = { by: consentBy(context, command), waivedOn: context.today, document: command.document || null, note: command.note || null };
    return draft('waive_interest', payload, null, record.state, record.deadline);
  },
  evolve: (record, { payload }) => ({ ...record, interestWaiver: payload }),
  ready: (record) => record.interestWaiver === undefined && record.contract?.due.status === 'due',
};
