import { AppError } from '../errors.ts';
import type { IntakeRecord } from '../intake/intake.ts';
import type { CaseEvent, CaseEventType } from './events.ts';
import type { CaseRecord } from './record.ts';

type Evolver<T extends CaseEventType> = (record: CaseRecord, event: CaseEvent<T>) => CaseRecord;

/** The changes each event type makes beyond state, rule, deadline, version and time. */
const EVOLVERS: { [T in Exclude<CaseEventType, 'register'>]: Evolver<T> } = {
  classify: (record, { payload }) =>
    payload.line === 'integrity'
      ? record
      : {
          ...record,
          confirmedAmount: payload.confirmedAmount,
          arrears: {
            disputed: payload.disputed,
            confirmedOn: payload.confirmedOn,
            paymentDifficulty: payload.paymentDifficulty,
          },
          plan: payload.plan,
        },
  propose_plan: (record, { payload }) =>
    'rectification' in payload ? { ...record, rectification: payload.rectification } : { ...record, proposedPlan: payload.plan },
  consent: (record) => ({ ...record, plan: record.proposedPlan, proposedPlan: null }),
  object: (record) => ({ ...record, proposedPlan: null }),
  agree: (record, { payload }) => ({
    ...record,
    confirmedAmount: payload.amount,
    arrears: { disputed: false, confirmedOn: payload.confirmedOn, paymentDifficulty: payload.paymentDifficulty },
    plan: payload.plan,
  }),
  escalate: (record, { payload }) => ({ ...record, handlingUnitId: payload.handlingUnitId, escalated: true }),
  litigate: (record, { payload }) => ({ ...record, court: payload.court }),
  judge: (record, { payload }) => ({
    ...record,
    confirmedAmount: payload.amount,
    arrears: { disputed: false, confirmedOn: payload.judgedOn, paymentDifficulty: null },
    plan: payload.plan,
  }),
  record_payment: (record, { payload, at }) => ({
    ...record,
    paidAmount: record.paidAmount + payload.amount,
    payments: [...record.payments, { ...payload, recordedAt: at }],
  }),
  fulfil: (record) => record,
  compensate: (record) => record,
  submit_feedback: (record, { payload, at }) => ({
    ...record,
    feedback: { summary: payload.summary, documents: payload.documents, submittedAt: at },
    returnReason: null,
  }),
  close: (record, { payload, at }) => ({ ...record, closingOpinion: payload.opinion, closedAt: at }),
  return: (record, { payload }) => ({ ...record, returnReason: payload.reason }),
  dismiss: (record, { payload, at }) => ({ ...record, dismissalReason: payload.reason, closedAt: at }),
  assign: (record, { payload }) => ({
    ...record,
    instruction: payload.instruction,
    responsibleUnitId: payload.responsibleUnitId,
    handlingUnitId: payload.handlingUnitId,
    jurisdictionId: payload.jurisdictionId,
    leadUnitId: payload.leadUnitId,
    cooperatingUnitIds: payload.cooperatingUnitIds,
  }),
  supervise: (record, { payload }) => ({ ...record, supervisionLevel: payload.level }),
  report_progress: (record, { payload, at }) => ({
    ...record,
    progress: { text: payload.progress, percent: payload.percent ?? null, reportedAt: at },
  }),
  request_year_exception: (record, { payload }) => ({
    ...record,
    yearException: { status: 'requested', reason: payload.reason, newDueOn: payload.newDueOn, opinion: null },
  }),
  approve_year_exception: (record, { payload }) => {
    const request = record.yearException;
    if (request === null) return record;
    if (!payload.approved) return { ...record, yearException: { ...request, status: 'rejected', opinion: payload.opinion } };
    const plan = record.plan;
    return {
      ...record,
      yearException: { ...request, status: 'approved', opinion: payload.opinion },
      plan:
        plan === null
          ? null
          : { ...plan, installments: plan.installments.map((item) => ({ ...item, dueOn: payload.newDueOn })) },
    };
  },
  request_extension: (record, { payload }) => ({
    ...record,
    extension: { status: 'requested', reason: payload.reason, newDeadline: payload.newDeadline, opinion: null },
  }),
  approve_extension: (record, { payload }) =>
    record.extension === null
      ? record
      : { ...record, extension: { ...record.extension, status: payload.approved ? 'approved' : 'rejected', opinion: payload.opinion } },
  rate: (record, { payload, at }) => ({ ...record, rating: { score: payload.score, comment: payload.comment, ratedAt: at } }),
  accept: (record, { payload, at, actor }) => ({
    ...record,
    instruction: payload.instruction,
    responsibleUnitId: payload.responsibleUnitId,
    handlingUnitId: payload.handlingUnitId,
    jurisdictionId: payload.jurisdictionId,
    leadUnitId: payload.leadUnitId,
    cooperatingUnitIds: payload.cooperatingUnitIds,
    intake: {
      status: 'accepted',
      acceptedAt: at,
      acceptedBy: { id: actor.id, name: actor.name },
      leadUnitId: payload.leadUnitId,
      cooperatingUnitIds: payload.cooperatingUnitIds,
      instruction: payload.instruction,
    },
  }),
  merge: (record, { payload, at }) => ({ ...record, mergedInto: payload.mergedInto, dismissalReason: payload.reason, closedAt: at }),
};

/** S3: intake as the registration left it; null for registrations from before intake was recorded. */
const intakeOnRegistration = (event: CaseEvent<'register'>): IntakeRecord | null => {
  const { payload } = event;
  if (payload.intakeStatus === undefined) return null;
  const accepted = payload.intakeStatus === 'accepted';
  return {
    status: payload.intakeStatus,
    acceptedAt: accepted ? event.at : null,
    acceptedBy: accepted ? { id: event.actor.id, name: event.actor.name } : null,
    leadUnitId: payload.leadUnitId,
    cooperatingUnitIds: payload.cooperatingUnitIds,
    instruction: payload.instruction,
  };
};

const created = (event: CaseEvent<'register'>): CaseRecord => {
  const { payload } = event;
  return {
    id: event.caseId,
    number: payload.number,
    line: payload.line,
    source: payload.source,
    state: event.stateAfter,
    title: payload.title,
    facts: payload.facts,
    instruction: payload.instruction,
    enterprise: payload.enterprise,
    responsibleUnitId: payload.responsibleUnitId,
    handlingUnitId: payload.handlingUnitId,
    jurisdictionId: payload.jurisdictionId,
    leadUnitId: payload.leadUnitId,
    cooperatingUnitIds: payload.cooperatingUnitIds,
    claimedAmount: payload.claimedAmount,
    // Registrations recorded before attachments existed carry none.
    attachments: payload.attachments ?? [],
    confirmedAmount: null,
    paidAmount: 0,
    arrears: null,
    plan: null,
    proposedPlan: null,
    payments: [],
    escalated: false,
    court: null,
    rule: event.rule,
    deadline: event.deadline,
    yearException: null,
    extension: null,
    feedback: null,
    returnReason: null,
    closingOpinion: null,
    dismissalReason: null,
    supervisionLevel: null,
    rating: null,
    intake: intakeOnRegistration(event),
    // Only imported demands carry these, so every other projection stays exactly as before.
    ...(payload.externalRef === undefined ? {} : { externalRef: payload.externalRef }),
    ...(payload.submittedOn === undefined ? {} : { submittedOn: payload.submittedOn }),
    mergedInto: null,
    rectification: null,
    progress: null,
    registeredAt: event.at,
    updatedAt: event.at,
    closedAt: null,
    version: 1,
  };
};

/**
 * Applies one event to the case. The case is only ever what its events say.
 * @throws AppError INTERNAL when the event does not follow the case (a broken history)
 */
export const evolve = (record: CaseRecord | null, event: CaseEvent): CaseRecord => {
  if (event.type === 'register') {
    if (record !== null || event.seq !== 1) throw new AppError('INTERNAL', '登记事件只能是案件的第一个事件');
    return created(event);
  }
  if (record === null || event.seq !== record.version + 1 || event.stateBefore !== record.state) {
    throw new AppError('INTERNAL', `案件事件序列不连续：第${event.seq}个事件`, { caseId: event.caseId });
  }
  const evolver = EVOLVERS[event.type] as Evolver<CaseEventType>;
  const changed = evolver(record, event);
  // S1: a request still pending when the state changes asked to extend a deadline that is gone.
  const stale = event.stateAfter !== record.state && changed.extension?.status === 'requested';
  return {
    ...changed,
    extension: stale ? null : changed.extension,
    state: event.stateAfter,
    // The case's rule is the one that set its path; notes, reports and hand-overs keep it.
    rule: event.stateAfter !== record.state ? (event.rule ?? record.rule) : record.rule,
    deadline: event.deadline,
    updatedAt: event.at,
    version: event.seq,
  };
};

/** Folds a whole history into the case it describes. */
export const replay = (events: readonly CaseEvent[]): CaseRecord | null =>
  events.reduce<CaseRecord | null>((record, event) => evolve(record, event), null);
