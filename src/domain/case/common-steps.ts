import { addCalendarDays, compareLocalDates, todayInShanghai, type LocalDate } from '../calendar.ts';
import { AppError } from '../errors.ts';
import type { RuleId } from '../rules.ts';
import {
  COMPLAINT_CLOCK_ARTICLE,
  COMPLAINT_CLOCK_LABEL,
  COMPLAINT_RESULT_MAX_DAYS,
  complaintClocks,
  complaintResultLimit,
  isClockRunning,
  isComplaintSource,
  transferredOn,
} from '../supervision/complaint-clocks.ts';
import { FLOW } from './actions.ts';
import { draft, timed, type DecideContext } from './decision.ts';
import type { CommonEventPayloads } from './events.ts';
import type { CommonStep, LineStep } from './line-module.ts';
import { DISSATISFIED_MAX_SCORE, isDissatisfied, type CaseCore } from './record.ts';
import { REOPEN_REQUEST_DAYS } from '../supervision/time-limits.ts';
import type { CaseState } from './states.ts';

/**
 * The steps every line takes the same way (S1–S3, G1, G3, SPEC §5), and the dispute path's
 * steps (A5/A6, P4, I6) that a line takes with its own rule ids. A line lists them in its
 * `steps` beside its own, so its path is declared in one place.
 */

type Common = CommonEventPayloads;

/**
 * The documents a command names, each with the uploaded file it names as the use case resolved it.
 * @throws AppError VALIDATION_FAILED (one file named twice), ATTACHMENT_NOT_FOUND
 */
const documentsOf = (
  named: readonly { readonly title: string; readonly reference: string; readonly attachmentId?: string | undefined }[],
  context: DecideContext,
): Common['submit_feedback']['documents'] => {
  const ids = named.flatMap((document) => (document.attachmentId === undefined ? [] : [document.attachmentId]));
  if (new Set(ids).size !== ids.length) {
    throw new AppError('VALIDATION_FAILED', '同一附件不能作为两份材料提交', { field: 'documents' });
  }
  return named.map(({ title, reference, attachmentId }) => {
    if (attachmentId === undefined) return { title, reference };
    const attachment = context.attachments?.get(attachmentId);
    if (attachment === undefined) {
      throw new AppError('ATTACHMENT_NOT_FOUND', `附件不存在或不可使用：${attachmentId}`, { field: 'documents', attachmentId });
    }
    return { title, reference, attachment };
  });
};

const submitFeedback: CommonStep<'submit_feedback', Common['submit_feedback']> = {
  to: FLOW.submit_feedback.to,
  decide: (_record, command, context) => {
    const documents = documentsOf(command.documents, context);
    return draft('submit_feedback', { summary: command.summary, documents }, 'G3', 'feedback_submitted', timed('feedback_submitted', context));
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    feedback: { summary: payload.summary, documents: payload.documents, submittedAt: at },
    returnReason: null,
  }),
};

const close: CommonStep<'close', Common['close']> = {
  to: FLOW.close.to,
  decide: (_record, command) => draft('close', { opinion: command.opinion || null }, 'G3', 'closed', null),
  evolve: (record, { payload, at }) => ({ ...record, closingOpinion: payload.opinion, closedAt: at }),
};

const dismiss: CommonStep<'dismiss', Common['dismiss']> = {
  to: FLOW.dismiss.to,
  decide: (_record, command) => draft('dismiss', { reason: command.reason }, 'S3', 'dismissed', null),
  evolve: (record, { payload, at }) => ({ ...record, dismissalReason: payload.reason, closedAt: at }),
};

/** The new responsible unit and its supervisors, as `assign` and `accept` record them. */
const handOver = <R extends CaseCore>(record: R, payload: Common['assign']): R => ({
  ...record,
  instruction: payload.instruction,
  responsibleUnitId: payload.responsibleUnitId,
  handlingUnitId: payload.handlingUnitId,
  jurisdictionId: payload.jurisdictionId,
  leadUnitId: payload.leadUnitId,
  cooperatingUnitIds: payload.cooperatingUnitIds,
});

const resolvedAssignment = (context: DecideContext) => {
  if (context.assignment === undefined) throw new AppError('UNIT_NOT_FOUND', '找不到交办的责任单位');
  return context.assignment;
};

const assign: CommonStep<'assign', Common['assign']> = {
  to: FLOW.assign.to,
  decide: (record, command, context) =>
    draft('assign', { instruction: command.instruction, ...resolvedAssignment(context) }, 'S3', record.state, record.deadline),
  evolve: (record, { payload }) => handOver(record, payload),
};

const supervise: CommonStep<'supervise', Common['supervise']> = {
  to: FLOW.supervise.to,
  decide: (record, command, context) => {
    if (command.clock !== undefined) {
      // Art. 25: a step on a complaint clock presses on that clock's due day, while it runs.
      const clock = complaintClocks(record, context.today, context.calendar)?.[command.clock === 'complaint_transfer' ? 'transfer' : 'result'];
      if (clock === undefined || !isClockRunning(clock) || clock.dueOn === null) {
        throw new AppError('COMPLAINT_CLOCK_NOT_APPLICABLE', `该事项没有正在计算的${COMPLAINT_CLOCK_LABEL[command.clock]}（${COMPLAINT_CLOCK_ARTICLE}）`, {
          field: 'clock',
        });
      }
      const payload = { level: command.level, note: command.note, deadline: clock.dueOn, automatic: context.sweep === true, clock: command.clock };
      return draft('supervise', payload, 'S2', record.state, record.deadline);
    }
    const payload = { level: command.level, note: command.note, deadline: record.deadline, automatic: context.sweep === true };
    return draft('supervise', payload, 'S2', record.state, record.deadline);
  },
  evolve: (record, { payload }) => ({ ...record, supervisionLevel: payload.level }),
};

export const reportProgress: CommonStep<'report_progress', Common['report_progress']> = {
  to: FLOW.report_progress.to,
  decide: (record, command) => {
    // Only a line that keeps a list of delay reasons (the arrears line) takes one.
    if (command.delayReason !== undefined) throw new AppError('ACTION_NOT_FOR_LINE', '该类事项的进展报告不填写迟延支付原因', { field: 'delayReason' });
    return draft('report_progress', { progress: command.progress, percent: command.percent ?? null }, 'G1', record.state, record.deadline);
  },
  evolve: (record, { payload, at }) => ({ ...record, progress: { text: payload.progress, percent: payload.percent, reportedAt: at } }),
};

/**
 * Art. 25: the written-result time limit of a complaint handed over and not yet answered, and the
 * latest day an extension may give it (90 days after the hand-over).
 * @throws AppError COMPLAINT_CLOCK_NOT_APPLICABLE
 */
const extendableResultClock = (record: CaseCore, context: DecideContext): { dueOn: LocalDate; limit: LocalDate } => {
  const clock = isComplaintSource(record.source) ? complaintClocks(record, context.today, context.calendar)?.result : undefined;
  const limit = complaintResultLimit(record, context.calendar);
  if (clock === undefined || clock.dueOn === null || limit === null || transferredOn(record) === null) {
    throw new AppError('COMPLAINT_CLOCK_NOT_APPLICABLE', `只有已交办的投诉事项有书面处理结果时限（${COMPLAINT_CLOCK_ARTICLE}）`, { field: 'clock' });
  }
  if (clock.doneOn !== null) {
    throw new AppError('COMPLAINT_CLOCK_NOT_APPLICABLE', `已于${clock.doneOn}书面告知投诉人处理结果，无需延期`, { field: 'clock' });
  }
  return { dueOn: clock.dueOn, limit };
};

/** @throws AppError COMPLAINT_EXTENSION_TOO_LONG when `newDeadline` lies beyond 90 days after the hand-over */
const refuseBeyondResultLimit = (newDeadline: LocalDate, limit: LocalDate): void => {
  if (compareLocalDates(newDeadline, limit) > 0) {
    throw new AppError(
      'COMPLAINT_EXTENSION_TOO_LONG',
      `书面处理结果时限经批准延长后，自交办之日起最长不得超过${COMPLAINT_RESULT_MAX_DAYS}日（至${limit}）（${COMPLAINT_CLOCK_ARTICLE}）`,
      { field: 'newDeadline', limit },
    );
  }
};

const requestExtension: CommonStep<'request_extension', Common['request_extension']> = {
  to: FLOW.request_extension.to,
  decide: (record, command, context) => {
    if (command.clock === 'complaint_result') {
      if (record.extension?.status === 'requested') {
        throw new AppError('EXTENSION_NOT_APPLICABLE', '已有待审批的延期申请');
      }
      const { dueOn, limit } = extendableResultClock(record, context);
      if (compareLocalDates(command.newDeadline, dueOn) <= 0) {
        throw new AppError('EXTENSION_NOT_APPLICABLE', `延期后的期限应晚于当前书面处理结果时限${dueOn}`, { field: 'newDeadline' });
      }
      refuseBeyondResultLimit(command.newDeadline, limit);
      const payload = { reason: command.reason, newDeadline: command.newDeadline, clock: command.clock };
      return draft('request_extension', payload, 'S1', record.state, record.deadline);
    }
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
  evolve: (record, { payload }) => ({
    ...record,
    extension: {
      status: 'requested',
      reason: payload.reason,
      newDeadline: payload.newDeadline,
      opinion: null,
      ...(payload.clock === undefined ? {} : { clock: payload.clock }),
    },
  }),
  ready: (record) => record.deadline !== null && record.extension?.status !== 'requested',
};

const approveExtension: CommonStep<'approve_extension', Common['approve_extension']> = {
  to: FLOW.approve_extension.to,
  decide: (record, command, context) => {
    const request = record.extension;
    if (request?.status !== 'requested') {
      throw new AppError('EXTENSION_NOT_APPLICABLE', '没有待审批的延期申请');
    }
    if (request.clock === 'complaint_result') {
      // Art. 25: 营商办's approval extends the written result, never beyond 90 days after the hand-over.
      if (command.approved) refuseBeyondResultLimit(request.newDeadline, extendableResultClock(record, context).limit);
      const payload = { approved: command.approved, opinion: command.opinion, newDeadline: request.newDeadline, clock: request.clock };
      return draft('approve_extension', payload, 'S1', record.state, record.deadline);
    }
    const payload = { approved: command.approved, opinion: command.opinion, newDeadline: request.newDeadline };
    // S1: approval moves the deadline to the requested date; rejection keeps the current one.
    return draft('approve_extension', payload, 'S1', record.state, command.approved ? request.newDeadline : record.deadline);
  },
  evolve: (record, { payload }) =>
    record.extension === null
      ? record
      : {
          ...record,
          extension: { ...record.extension, status: payload.approved ? 'approved' : 'rejected', opinion: payload.opinion },
          ...(payload.clock === 'complaint_result' && payload.approved ? { complaintResultDueOn: payload.newDeadline } : {}),
        },
  ready: (record) => record.extension?.status === 'requested',
};

/**
 * 保障中小企业款项支付条例 第二十五条: the unit tells the complainant its handling result in writing
 * (书面告知), once, with the notice; it stops the written-result clock on `notifiedOn`.
 */
const notifyResult: CommonStep<'notify_result', Common['notify_result']> = {
  // It keeps the state on every line; a line that settles a kind of case by it says so itself.
  to: [],
  decide: (record, command, context) => {
    const handedOver = isComplaintSource(record.source) ? transferredOn(record) : null;
    if (handedOver === null) {
      throw new AppError('COMPLAINT_CLOCK_NOT_APPLICABLE', `只有已交办的投诉事项需书面告知投诉人处理结果（${COMPLAINT_CLOCK_ARTICLE}）`);
    }
    if (record.resultNotice !== undefined) {
      throw new AppError('COMPLAINT_CLOCK_NOT_APPLICABLE', `已于${record.resultNotice.notifiedOn}书面告知投诉人处理结果`);
    }
    if (compareLocalDates(command.notifiedOn, context.today) > 0 || compareLocalDates(command.notifiedOn, handedOver) < 0) {
      throw new AppError('VALIDATION_FAILED', `书面告知日期应在交办日${handedOver}至今天之间`, { field: 'notifiedOn' });
    }
    const payload = { summary: command.summary, documents: documentsOf(command.documents, context), notifiedOn: command.notifiedOn };
    return draft('notify_result', payload, null, record.state, record.deadline);
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    resultNotice: { summary: payload.summary, documents: payload.documents, notifiedOn: payload.notifiedOn, recordedAt: at },
  }),
  ready: (record) => isComplaintSource(record.source) && transferredOn(record) !== null && record.resultNotice === undefined,
};

/**
 * 回访 (12345 practice): before 销号 营商办 asks the enterprise whether it was paid as the feedback
 * says — the day, the way, what it said and whether it confirmed. It keeps the state; 营商办 then
 * closes or returns the feedback. A day before the case was settled or after today is refused.
 */
const recordFollowUp: CommonStep<'record_follow_up', Common['record_follow_up']> = {
  to: FLOW.record_follow_up.to,
  decide: (record, command, context) => {
    if (record.enterprise === null) throw new AppError('RULE_VIOLATION', '该事项不涉及企业，无需回访');
    if (compareLocalDates(command.visitedOn, context.today) > 0 || compareLocalDates(command.visitedOn, record.registeredAt.slice(0, 10)) < 0) {
      throw new AppError('VALIDATION_FAILED', `回访日期应在登记日${record.registeredAt.slice(0, 10)}至今天之间`, { field: 'visitedOn' });
    }
    const payload = { visitedOn: command.visitedOn, way: command.way, statement: command.statement, confirmed: command.confirmed };
    return draft('record_follow_up', payload, 'G3', record.state, record.deadline);
  },
  evolve: (record, { payload, at }) => ({ ...record, followUps: [...(record.followUps ?? []), { ...payload, recordedAt: at }] }),
  ready: (record) => record.enterprise !== null,
};

const rate: CommonStep<'rate', Common['rate']> = {
  to: FLOW.rate.to,
  decide: (record, command) => {
    if (record.rating !== null) {
      throw new AppError('RULE_VIOLATION', `该事项已于${todayInShanghai(new Date(record.rating.ratedAt))}评价，每个事项只能评价一次`, { field: 'score' });
    }
    return draft('rate', { score: command.score, comment: command.comment || null }, null, record.state, record.deadline);
  },
  evolve: (record, { payload, at }) => ({ ...record, rating: { score: payload.score, comment: payload.comment, ratedAt: at } }),
  ready: (record) => record.rating === null,
};

/** The last day the enterprise may ask to reopen its case after rating it on `ratedAt` (the day rated is day 0). */
export const reopenRequestLastDay = (ratedAt: string): LocalDate => addCalendarDays(todayInShanghai(new Date(ratedAt)), REOPEN_REQUEST_DAYS);

/**
 * 12345 practice: the enterprise rated its closed case 不满意 (score ≤ DISSATISFIED_MAX_SCORE) and,
 * within REOPEN_REQUEST_DAYS of the rating, asks with a reason to have it handled again. The case
 * returns to 营商办 (待销号) with 营商办's usual time limit, who returns it to the unit (退回) or
 * closes it again (销号). The rating stays in the request and the history; the case may be rated
 * again after its next 销号, and asked to reopen again only after that rating (once per closing).
 */
const requestReopen: CommonStep<'request_reopen', Common['request_reopen']> = {
  to: FLOW.request_reopen.to,
  decide: (record, command, context) => {
    const rating = record.rating;
    if (rating === null) throw new AppError('REOPEN_NOT_APPLICABLE', '请先对办理结果进行评价；评价为“不满意”的，可以申请重新办理');
    if (!isDissatisfied(rating.score)) {
      throw new AppError('REOPEN_NOT_APPLICABLE', `您对办理结果的评价为${rating.score}分，只有评价为“不满意”（${DISSATISFIED_MAX_SCORE}分及以下）的，才可以申请重新办理`);
    }
    const lastDay = reopenRequestLastDay(rating.ratedAt);
    if (compareLocalDates(context.today, lastDay) > 0) {
      throw new AppError('REOPEN_PERIOD_ENDED', `申请重新办理应在评价后${REOPEN_REQUEST_DAYS}日内（至${lastDay}）提出，已超过期限`, { lastDay });
    }
    return draft('request_reopen', { reason: command.reason, rating }, null, 'feedback_submitted', timed('feedback_submitted', context));
  },
  evolve: (record, { payload, at }) => ({
    ...record,
    reopenRequests: [...(record.reopenRequests ?? []), { reason: payload.reason, rating: payload.rating, requestedAt: at }],
    rating: null,
    closedAt: null,
  }),
  ready: (record) => record.rating !== null && isDissatisfied(record.rating.score),
};

/** The enterprise withdraws its complaint, with a reason, before the unit has classified it: the case ends 已撤回. */
const withdraw: CommonStep<'withdraw', Common['withdraw']> = {
  to: FLOW.withdraw.to,
  decide: (_record, command) => draft('withdraw', { reason: command.reason }, null, 'withdrawn', null),
  evolve: (record, { payload, at }) => ({ ...record, withdrawalReason: payload.reason, closedAt: at }),
  ready: (record) => record.enterprise !== null,
};

/**
 * 补充材料: the enterprise adds what it has learnt and its files to its open case, before it is
 * settled; the state and deadline are kept, and the units handling it are told.
 * @throws AppError ATTACHMENT_NOT_FOUND for a file the use case did not resolve
 */
const addMaterial: CommonStep<'add_material', Common['add_material']> = {
  to: FLOW.add_material.to,
  decide: (record, command, context) => {
    const attachments = (command.attachmentIds ?? []).map((id) => {
      const attachment = context.attachments?.get(id);
      if (attachment === undefined) throw new AppError('ATTACHMENT_NOT_FOUND', `附件不存在或不可使用：${id}`, { field: 'attachmentIds', attachmentId: id });
      return attachment;
    });
    return draft('add_material', { content: command.content, attachments }, null, record.state, record.deadline);
  },
  evolve: (record, { payload, at }) => ({ ...record, materials: [...(record.materials ?? []), { content: payload.content, attachments: payload.attachments, addedAt: at }] }),
  ready: (record) => record.enterprise !== null,
};

// S3: accepted and handed over; the responsible unit's clock starts now.
const accept: CommonStep<'accept', Common['accept']> = {
  to: FLOW.accept.to,
  decide: (_record, command, context) =>
    draft('accept', { instruction: command.instruction, ...resolvedAssignment(context) }, 'S3', 'registered', timed('registered', context)),
  evolve: (record, { payload, at, actor }) => ({
    ...handOver(record, payload),
    intake: {
      status: 'accepted',
      acceptedAt: at,
      acceptedBy: { id: actor.id, name: actor.name },
      leadUnitId: payload.leadUnitId,
      cooperatingUnitIds: payload.cooperatingUnitIds,
      instruction: payload.instruction,
    },
  }),
};

const merge: CommonStep<'merge', Common['merge']> = {
  to: FLOW.merge.to,
  decide: (record, command, context) => {
    const target = context.mergeTarget ?? null;
    if (target === null) throw new AppError('CASE_NOT_FOUND', '要合并到的事项不存在或无权查看', { field: 'targetCaseId' });
    if (target.id === record.id) throw new AppError('MERGE_TARGET_INVALID', '不能合并到事项本身', { field: 'targetCaseId' });
    if (target.state === 'dismissed' || target.state === 'withdrawn') {
      throw new AppError('MERGE_TARGET_INVALID', `事项${target.number}已不予受理、已撤回或已被合并，不能作为合并对象`, { field: 'targetCaseId' });
    }
    const code = record.enterprise?.creditCode ?? null;
    if (code === null || code !== target.enterpriseCreditCode) {
      throw new AppError('MERGE_TARGET_INVALID', `事项${target.number}不是同一企业的诉求，不能合并`, { field: 'targetCaseId' });
    }
    const payload = { reason: command.reason || null, mergedInto: { caseId: target.id, number: target.number } };
    return draft('merge', payload, 'S3', 'dismissed', null);
  },
  evolve: (record, { payload, at }) => ({ ...record, mergedInto: payload.mergedInto, dismissalReason: payload.reason, closedAt: at }),
};

/** The steps every line takes, each the same on all of them. */
export const COMMON_STEPS = {
  submit_feedback: submitFeedback,
  close,
  dismiss,
  assign,
  supervise,
  report_progress: reportProgress,
  request_extension: requestExtension,
  approve_extension: approveExtension,
  rate,
  accept,
  merge,
  notify_result: notifyResult,
  record_follow_up: recordFollowUp,
  request_reopen: requestReopen,
  withdraw,
  add_material: addMaterial,
} as const;

/** A5, P4, I6: negotiation failed; the next-higher government handles and mediates the case. */
export const escalateStep = (rule: RuleId): CommonStep<'escalate', Common['escalate']> => ({
  to: FLOW.escalate.to,
  decide: (record, command, context) => {
    const target = context.escalationTarget ?? null;
    if (target === null || target === record.handlingUnitId) {
      throw new AppError('NO_HIGHER_GOVERNMENT', '找不到可提级办理的上一级政府');
    }
    const payload = { reason: command.reason, previousHandlingUnitId: record.handlingUnitId, handlingUnitId: target };
    return draft('escalate', payload, rule, 'mediating', timed('mediating', context));
  },
  evolve: (record, { payload }) => ({ ...record, handlingUnitId: payload.handlingUnitId, escalated: true }),
});

/** A6: mediation failed; the court's proceedings stop the supervision clock. */
export const litigateStep = (rule: RuleId): CommonStep<'litigate', Common['litigate']> => ({
  to: FLOW.litigate.to,
  decide: (_record, command) => draft('litigate', { reason: command.reason, court: command.court }, rule, 'litigating', null),
  evolve: (record, { payload }) => ({ ...record, court: payload.court }),
});

/** Where a case goes when 营商办 returns its feedback (G3), and the deadline it has there. */
export interface ReturnedTo {
  readonly state: CaseState;
  readonly deadline: LocalDate | null;
}

/**
 * G3: 营商办 returns the feedback with a reason; the line says where the case goes back to
 * (`to` lists every state `resume` may choose).
 */
export const returnStep = <R extends CaseCore>(
  to: readonly CaseState[],
  resume: (record: R, context: DecideContext) => ReturnedTo,
): LineStep<R, 'return', Common['return']> => ({
  to,
  decide: (record, command, context) => {
    const { state, deadline } = resume(record, context);
    return draft('return', { reason: command.reason }, 'G3', state, deadline);
  },
  evolve: (record, { payload }) => ({ ...record, returnReason: payload.reason }),
});
