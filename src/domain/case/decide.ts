import { canRegister, authorizeCase } from '../access/case-policy.ts';
import type { Actor } from '../access/roles.ts';
import type { AttachmentRef } from '../attachments.ts';
import { installmentPlan, undisputedPath, type ArrearsPath } from '../arrears/rules.ts';
import { compareLocalDates, yearOf, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import { AppError } from '../errors.ts';
import { intakeAllows, intakeStatusOnRegistration, isIntakePending } from '../intake/intake.ts';
import { LINE_LABEL } from '../lines.ts';
import { formatYuan } from '../money.ts';
import { stateDeadline, type TimeLimits } from '../supervision/time-limits.ts';
import { CASE_ACTION_LABEL, flowAllows, flowServesLine, flowTargets } from './actions.ts';
import type { CaseCommand, CommandOf } from './commands.ts';
import type { CaseEventDraft, CaseEventPayloads } from './events.ts';
import { nextDueDate, outstandingAmount, type CaseRecord, type PaymentPlan } from './record.ts';
import { CASE_STATE_LABEL, type CaseState } from './states.ts';

export interface DecideContext {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly calendar: HolidayCalendar;
  readonly timeLimits: TimeLimits;
  /** For `escalate`: the next-higher government of the responsible unit, if there is one (A5). */
  readonly escalationTarget?: string | null;
  /** For `assign`: the new responsible unit with its jurisdiction and lines of supervision. */
  readonly assignment?: Omit<CaseEventPayloads['assign'], 'instruction'>;
  /** For `submit_feedback`: the files its documents name, checked by the use case as the caller's and unlinked. */
  readonly attachments?: ReadonlyMap<string, AttachmentRef>;
  /**
   * For `supervise`: true only when the scheduled sweep (S2) decides; set by that use case,
   * never by a command, so an HTTP caller cannot forge an automatic step.
   */
  readonly sweep?: boolean;
  /**
   * For `merge`: the case the duplicate repeats, as the use case found it; null when there is
   * no such case or the actor may not read it.
   */
  readonly mergeTarget?: { readonly id: string; readonly number: string; readonly state: CaseState; readonly enterpriseCreditCode: string | null } | null;
}

/** Lines whose disposition rules are in place; the others open with their own rules. */
export const LINES_OPEN_FOR_REGISTRATION = ['arrears', 'integrity'] as const;

const draft = <T extends keyof CaseEventPayloads>(
  type: T,
  payload: CaseEventPayloads[T],
  rule: CaseEventDraft['rule'],
  stateAfter: CaseState,
  deadline: LocalDate | null,
): CaseEventDraft<T> => ({ type, payload, rule, stateAfter, deadline }) as CaseEventDraft<T>;

/**
 * The first event of a case. The use case resolves units, the responsibility matrix and the
 * number; this checks the actor's right to register and the line's requirements.
 * @throws AppError FORBIDDEN, ACTION_NOT_FOR_LINE, VALIDATION_FAILED
 */
export const decideRegistration = (
  payload: CaseEventPayloads['register'],
  responsibleJurisdictionId: string,
  context: DecideContext,
): CaseEventDraft<'register'> => {
  const scope = {
    source: payload.source,
    responsibleUnitId: payload.responsibleUnitId,
    responsibleJurisdictionId,
    enterpriseUnitId: payload.enterprise?.unitId ?? null,
  };
  if (!canRegister(context.actor, scope)) {
    throw new AppError('FORBIDDEN', '当前账号无权以该来源登记此责任单位的问题事项', { source: payload.source });
  }
  if (!(LINES_OPEN_FOR_REGISTRATION as readonly string[]).includes(payload.line)) {
    throw new AppError('ACTION_NOT_FOR_LINE', `“${LINE_LABEL[payload.line]}”的处置流程尚未开放登记`, {
      field: 'line',
    });
  }
  // G2: a rectification item may concern no enterprise (a county's own unlawful contract clause); every other line is an enterprise's problem.
  if (payload.enterprise === null && payload.line !== 'integrity') {
    throw new AppError('VALIDATION_FAILED', '请填写企业名称和统一社会信用代码', { field: 'enterprise.creditCode' });
  }
  if (payload.line === 'arrears' && (payload.claimedAmount === null || payload.claimedAmount <= 0)) {
    throw new AppError('VALIDATION_FAILED', '请填写企业主张的欠款金额（大于0）', { field: 'claimedAmount' });
  }
  // S3: an assignment by a leader or 营商办 carries its instruction (领导交办意见).
  if (payload.source === 'assigned' && !payload.instruction) {
    throw new AppError('VALIDATION_FAILED', '交办事项须填写交办意见', { field: 'instruction' });
  }
  const deadline = stateDeadline('registered', context.today, context.timeLimits, context.calendar);
  const intakeStatus = intakeStatusOnRegistration(payload.source);
  return draft('register', { ...payload, intakeStatus }, 'S3', 'registered', deadline);
};

/**
 * Decides one command on a case: checks the version, the flow, the actor's rights and the
 * rule, and returns the one event that records it. Nothing is written here.
 * @throws AppError VERSION_CONFLICT, CASE_NOT_IN_STATE, ACTION_NOT_FOR_LINE, FORBIDDEN,
 *   CASE_NOT_FOUND and the rule errors of each action
 */
export const decide = (record: CaseRecord, command: CaseCommand, context: DecideContext): CaseEventDraft => {
  authorizeCase(context.actor, 'read', record);
  if (command.expectedVersion !== record.version) {
    throw new AppError('VERSION_CONFLICT', '案件已被他人更新，请刷新后重试', {
      expectedVersion: command.expectedVersion,
      actualVersion: record.version,
    });
  }
  if (!flowServesLine(command.action, record.line)) {
    throw new AppError('ACTION_NOT_FOR_LINE', `“${LINE_LABEL[record.line]}”事项不适用“${CASE_ACTION_LABEL[command.action]}”`);
  }
  if (!flowAllows(command.action, record.state, record.line)) {
    throw new AppError(
      'CASE_NOT_IN_STATE',
      `案件当前状态为“${CASE_STATE_LABEL[record.state]}”，不能执行“${CASE_ACTION_LABEL[command.action]}”`,
      { state: record.state, action: command.action },
    );
  }
  authorizeCase(context.actor, command.action, record);
  if (!intakeAllows(record, command.action, context.actor)) {
    if (!isIntakePending(record)) throw new AppError('INTAKE_NOT_PENDING', '该事项已受理，无需再次受理', { action: command.action });
    throw new AppError('INTAKE_PENDING', `该事项尚待市营商办受理交办，暂不能“${CASE_ACTION_LABEL[command.action]}”（S3）`, {
      action: command.action,
    });
  }
  const event = DECIDERS[command.action](record, command as never, context);
  const targets = flowTargets(command.action, record.line);
  const legal = targets.length === 0 ? event.stateAfter === record.state : targets.includes(event.stateAfter);
  if (!legal) throw new AppError('INTERNAL', `状态机错误：${command.action} 不能到达 ${event.stateAfter}`);
  return event;
};

type Decider<A extends CaseCommand['action']> = (
  record: CaseRecord,
  command: CommandOf<A>,
  context: DecideContext,
) => CaseEventDraft;

const timed = (state: CaseState, context: DecideContext): LocalDate | null =>
  stateDeadline(state, context.today, context.timeLimits, context.calendar);

/** Where an undisputed amount goes next, and its deadline. */
const follow = (path: ArrearsPath, context: DecideContext) => {
  switch (path.kind) {
    case 'settled':
      return { state: 'settled' as const, plan: null, deadline: timed('settled', context) };
    case 'lump_sum':
      return { state: 'performing' as const, plan: path.plan, deadline: nextDueDate(path.plan, 0) };
    case 'installments_to_plan':
      return { state: 'planning' as const, plan: null, deadline: timed('planning', context) };
  }
};

const consentBy = (context: DecideContext, document: string | undefined): 'enterprise' | 'recorded' => {
  if (context.actor.role === 'enterprise') return 'enterprise';
  if (!document) {
    throw new AppError('VALIDATION_FAILED', '代企业登记意见时须注明企业签章文件', { field: 'document' });
  }
  return 'recorded';
};

const DECIDERS: { [A in CaseCommand['action']]: Decider<A> } = {
  classify: (record, { classification }, context) => {
    if (classification.line !== record.line) {
      throw new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });
    }
    if (classification.line === 'integrity') {
      // G2: every self-inspected or assigned problem gets a rectification plan.
      const payload = { line: 'integrity' as const, note: classification.note || null };
      return draft('classify', payload, 'G2', 'planning', timed('planning', context));
    }
    if (!classification.disputed) {
      if (classification.confirmedAmount === undefined || classification.confirmedAmount <= 0) {
        throw new AppError('VALIDATION_FAILED', '无争议欠款须填写确认金额（大于0）', { field: 'confirmedAmount' });
      }
      const confirmedOn = classification.confirmedOn ?? context.today;
      if (confirmedOn > context.today) {
        throw new AppError('VALIDATION_FAILED', '金额确认日期不能晚于今天', { field: 'confirmedOn' });
      }
      const paymentDifficulty = classification.paymentDifficulty || null;
      const path = undisputedPath({ amount: classification.confirmedAmount, confirmedOn, paymentDifficulty });
      const next = follow(path, context);
      const payload = {
        disputed: false,
        confirmedAmount: classification.confirmedAmount,
        confirmedOn,
        paymentDifficulty,
        plan: next.plan,
      };
      return draft('classify', payload, path.rule, next.state, next.deadline);
    }
    // A4: a disputed amount is negotiated first; nothing is confirmed yet.
    const payload = { disputed: true, confirmedAmount: null, confirmedOn: null, paymentDifficulty: null, plan: null };
    return draft('classify', payload, 'A4', 'negotiating', timed('negotiating', context));
  },

  propose_plan: (record, command, context) => {
    if (record.line === 'integrity') return rectificationPlan(command, context);
    if (command.rectification !== undefined) {
      throw new AppError('ACTION_NOT_FOR_LINE', '整改方案仅适用于“政府守信践诺再提升”事项', { field: 'rectification' });
    }
    if (command.installments === undefined) {
      throw new AppError('VALIDATION_FAILED', '请填写分期还款计划', { field: 'installments' });
    }
    const plan = installmentPlan(command.installments, outstandingAmount(record), context.today);
    return draft('propose_plan', { plan, note: command.note || null }, 'A3', 'awaiting_consent', timed('awaiting_consent', context));
  },

  consent: (record, command, context) => {
    const plan = record.proposedPlan as PaymentPlan;
    const by = consentBy(context, command.document);
    const payload = { by, document: command.document || null, note: command.note || null };
    return draft('consent', payload, 'A3', 'performing', nextDueDate(plan, record.paidAmount));
  },

  object: (_record, command, context) => {
    const by = consentBy(context, command.document);
    const payload = { by, reason: command.reason, document: command.document || null };
    return draft('object', payload, 'A3', 'planning', timed('planning', context));
  },

  agree: (record, command, context) => {
    const paymentDifficulty = command.paymentDifficulty || null;
    const path = undisputedPath({ amount: command.amount, confirmedOn: context.today, paymentDifficulty });
    const next = follow(path, context);
    const payload = {
      amount: command.amount,
      document: command.document,
      note: command.note || null,
      paymentDifficulty,
      confirmedOn: context.today,
      plan: next.plan,
    };
    return draft('agree', payload, 'A7', next.state, next.deadline);
  },

  escalate: (record, command, context) => {
    const target = context.escalationTarget ?? null;
    if (target === null || target === record.handlingUnitId) {
      throw new AppError('NO_HIGHER_GOVERNMENT', '找不到可提级办理的上一级政府');
    }
    const payload = { reason: command.reason, previousHandlingUnitId: record.handlingUnitId, handlingUnitId: target };
    return draft('escalate', payload, 'A5', 'mediating', timed('mediating', context));
  },

  // A6: the court's proceedings stop the supervision clock.
  litigate: (_record, command) => draft('litigate', { reason: command.reason, court: command.court }, 'A6', 'litigating', null),

  judge: (_record, command, context) => {
    if (command.judgedOn > context.today) {
      throw new AppError('VALIDATION_FAILED', '判决日期不能晚于今天', { field: 'judgedOn' });
    }
    if (command.dueOn !== undefined && command.dueOn < command.judgedOn) {
      throw new AppError('VALIDATION_FAILED', '判决履行期限不能早于判决日期', { field: 'dueOn' });
    }
    const path = undisputedPath({
      amount: command.amount,
      confirmedOn: command.judgedOn,
      paymentDifficulty: null,
      ...(command.dueOn === undefined ? {} : { dueOn: command.dueOn }),
    });
    const next = follow(path, context);
    const payload = {
      amount: command.amount,
      judgmentNo: command.judgmentNo,
      court: command.court,
      judgedOn: command.judgedOn,
      plan: next.plan,
    };
    return draft('judge', payload, 'A6', next.state, next.deadline);
  },

  record_payment: (record, command, context) => {
    const outstanding = outstandingAmount(record);
    if (command.amount > outstanding) {
      throw new AppError(
        'PAYMENT_EXCEEDS_OUTSTANDING',
        `本次付款${formatYuan(command.amount)}超过未清偿金额${formatYuan(outstanding)}`,
        { field: 'amount', outstanding },
      );
    }
    if (command.paidOn > context.today) {
      throw new AppError('PAYMENT_DATE_IN_FUTURE', '付款日期不能晚于今天', { field: 'paidOn' });
    }
    if (record.payments.some((payment) => payment.voucher === command.voucher)) {
      throw new AppError('RULE_VIOLATION', `付款凭证“${command.voucher}”已登记过`, { field: 'voucher' });
    }
    const paid = record.paidAmount + command.amount;
    const plan = record.plan as PaymentPlan;
    const payload = { paidOn: command.paidOn, amount: command.amount, voucher: command.voucher };
    if (paid === record.confirmedAmount) {
      return draft('record_payment', payload, plan.rule, 'settled', timed('settled', context));
    }
    return draft('record_payment', payload, plan.rule, 'performing', nextDueDate(plan, paid));
  },

  // G2: on the integrity line, the rectification is complete (整改完成).
  fulfil: (record, command, context) =>
    draft('fulfil', { evidence: command.evidence }, record.line === 'integrity' ? 'G2' : null, 'settled', timed('settled', context)),

  compensate: (_record, command, context) => {
    const payload = { legalBasis: command.legalBasis, procedure: command.procedure, amount: command.amount };
    return draft('compensate', payload, 'I3', 'settled', timed('settled', context));
  },

  submit_feedback: (_record, command, context) => {
    const named = command.documents.flatMap((document) => (document.attachmentId === undefined ? [] : [document.attachmentId]));
    if (new Set(named).size !== named.length) {
      throw new AppError('VALIDATION_FAILED', '同一附件不能作为两份材料提交', { field: 'documents' });
    }
    const documents = command.documents.map(({ title, reference, attachmentId }) => {
      if (attachmentId === undefined) return { title, reference };
      const attachment = context.attachments?.get(attachmentId);
      if (attachment === undefined) {
        throw new AppError('ATTACHMENT_NOT_FOUND', `附件不存在或不可使用：${attachmentId}`, { field: 'documents', attachmentId });
      }
      return { title, reference, attachment };
    });
    const payload = { summary: command.summary, documents };
    return draft('submit_feedback', payload, 'G3', 'feedback_submitted', timed('feedback_submitted', context));
  },

  close: (_record, command) => draft('close', { opinion: command.opinion || null }, 'G3', 'closed', null),

  return: (record, command, context) => {
    // G3: returned feedback goes back to its author; an arrear still owing goes back to payment.
    const to: CaseState = outstandingAmount(record) > 0 && record.plan !== null ? 'performing' : 'settled';
    const deadline = to === 'performing' ? nextDueDate(record.plan as PaymentPlan, record.paidAmount) : timed('settled', context);
    return draft('return', { reason: command.reason }, 'G3', to, deadline);
  },

  dismiss: (_record, command) => draft('dismiss', { reason: command.reason }, 'S3', 'dismissed', null),

  assign: (record, command, context) => {
    const assignment = context.assignment;
    if (assignment === undefined) throw new AppError('UNIT_NOT_FOUND', '找不到交办的责任单位');
    const payload = { instruction: command.instruction, ...assignment };
    return draft('assign', payload, 'S3', record.state, record.deadline);
  },

  supervise: (record, command, context) => {
    const payload = { level: command.level, note: command.note, deadline: record.deadline, automatic: context.sweep === true };
    return draft('supervise', payload, 'S2', record.state, record.deadline);
  },

  report_progress: (record, command) =>
    draft('report_progress', { progress: command.progress, percent: command.percent ?? null }, 'G1', record.state, record.deadline),

  request_year_exception: (record, command, context) => {
    const plan = record.plan;
    const dueOn = plan?.installments[0]?.dueOn;
    if (plan?.kind !== 'lump_sum' || dueOn === undefined) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '只有一次性清偿的欠款才需申请跨年支付（A2）');
    }
    if (record.yearException?.status === 'requested') {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '已有待审批的跨年支付申请');
    }
    if (yearOf(command.newDueOn) <= yearOf(dueOn)) {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', `拟付款日期未跨年，应在${dueOn}前付清，无需申请（A2）`, {
        field: 'newDueOn',
      });
    }
    if (compareLocalDates(command.newDueOn, context.today) <= 0) {
      throw new AppError('VALIDATION_FAILED', '拟付款日期应晚于今天', { field: 'newDueOn' });
    }
    return draft('request_year_exception', { reason: command.reason, newDueOn: command.newDueOn }, 'A2', record.state, record.deadline);
  },

  approve_year_exception: (record, command) => {
    const request = record.yearException;
    if (request?.status !== 'requested') {
      throw new AppError('YEAR_EXCEPTION_NOT_APPLICABLE', '没有待审批的跨年支付申请');
    }
    const payload = { approved: command.approved, opinion: command.opinion, newDueOn: request.newDueOn };
    const deadline = command.approved ? request.newDueOn : record.deadline;
    return draft('approve_year_exception', payload, 'A2', record.state, deadline);
  },

  request_extension: (record, command) => {
    if (record.deadline === null) {
      throw new AppError('EXTENSION_NOT_APPLICABLE', '案件当前没有办理期限，无需申请延期（S1）');
    }
    if (record.extension?.status === 'requested') {
      throw new AppError('EXTENSION_NOT_APPLICABLE', '已有待审批的延期申请');
    }
    if (compareLocalDates(command.newDeadline, record.deadline) <= 0) {
      throw new AppError('EXTENSION_NOT_APPLICABLE', `延期后的期限应晚于当前期限${record.deadline}`, { field: 'newDeadline' });
    }
    const payload = { reason: command.reason, newDeadline: command.newDeadline };
    return draft('request_extension', payload, 'S1', record.state, record.deadline);
  },

  approve_extension: (record, command) => {
    const request = record.extension;
    if (request?.status !== 'requested') {
      throw new AppError('EXTENSION_NOT_APPLICABLE', '没有待审批的延期申请');
    }
    const payload = { approved: command.approved, opinion: command.opinion, newDeadline: request.newDeadline };
    // S1: approval moves the deadline to the requested date; rejection keeps the current one.
    return draft('approve_extension', payload, 'S1', record.state, command.approved ? request.newDeadline : record.deadline);
  },

  rate: (record, command) => {
    if (record.rating !== null) {
      throw new AppError('RULE_VIOLATION', `该事项已于${record.rating.ratedAt.slice(0, 10)}评价，每个事项只能评价一次`, { field: 'score' });
    }
    return draft('rate', { score: command.score, comment: command.comment || null }, null, record.state, record.deadline);
  },

  // S3: accepted and handed over; the responsible unit's clock starts now.
  accept: (_record, command, context) => {
    const assignment = context.assignment;
    if (assignment === undefined) throw new AppError('UNIT_NOT_FOUND', '找不到交办的责任单位');
    const payload = { instruction: command.instruction, ...assignment };
    return draft('accept', payload, 'S3', 'registered', timed('registered', context));
  },

  merge: (record, command, context) => {
    const target = context.mergeTarget ?? null;
    if (target === null) throw new AppError('CASE_NOT_FOUND', '要合并到的事项不存在或无权查看', { field: 'targetCaseId' });
    if (target.id === record.id) throw new AppError('MERGE_TARGET_INVALID', '不能合并到事项本身', { field: 'targetCaseId' });
    if (target.state === 'dismissed') {
      throw new AppError('MERGE_TARGET_INVALID', `事项${target.number}已不予受理或已被合并，不能作为合并对象`, { field: 'targetCaseId' });
    }
    const code = record.enterprise?.creditCode ?? null;
    if (code === null || code !== target.enterpriseCreditCode) {
      throw new AppError('MERGE_TARGET_INVALID', `事项${target.number}不是同一企业的诉求，不能合并`, { field: 'targetCaseId' });
    }
    const payload = { reason: command.reason || null, mergedInto: { caseId: target.id, number: target.number } };
    return draft('merge', payload, 'S3', 'dismissed', null);
  },
};

/**
 * G2: a rectification plan takes effect at once (no enterprise consent); its time limit is the
 * case's deadline. A time limit in a later year is allowed but flagged, as A2's "原则上不得跨年".
 * @throws AppError VALIDATION_FAILED without a plan, PLAN_DATES_INVALID for a time limit before today
 */
const rectificationPlan = (command: CommandOf<'propose_plan'>, context: DecideContext): CaseEventDraft => {
  const plan = command.rectification;
  if (plan === undefined) throw new AppError('VALIDATION_FAILED', '请填写整改方案（措施、时限、责任人）', { field: 'rectification' });
  if (compareLocalDates(plan.timeLimit, context.today) < 0) {
    throw new AppError('PLAN_DATES_INVALID', `整改时限不能早于今天（${context.today}）`, { field: 'rectification.timeLimit' });
  }
  const rectification = {
    measures: plan.measures,
    timeLimit: plan.timeLimit,
    responsiblePerson: { name: plan.responsiblePerson.name, post: plan.responsiblePerson.post, phone: plan.responsiblePerson.phone || null },
    crossesYear: yearOf(plan.timeLimit) > yearOf(context.today),
  };
  return draft('propose_plan', { rectification, note: command.note || null }, 'G2', 'performing', plan.timeLimit);
};
