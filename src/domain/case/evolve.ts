import { compareLocalDates, todayInShanghai } from '../calendar.ts';
import { AppError } from '../errors.ts';
import type { IntakeRecord } from '../intake/intake.ts';
import type { CaseEvent } from './events.ts';
import { openLine, stepOf } from './paths.ts';
import type { CaseRecord } from './record.ts';

/** S3: intake as the registration left it; null for registrations from before intake was recorded. */
const intakeOnRegistration = (event: CaseEvent<'register'>): IntakeRecord | null => {
  const { payload } = event;
  if (payload.intakeStatus === null) return null;
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

/** A new case: the core from its registration and the facts its line starts with. */
const created = (event: CaseEvent<'register'>): CaseRecord => {
  const { payload } = event;
  const module = openLine(payload.line);
  const record = {
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
    attachments: payload.attachments,
    confirmedAmount: null,
    paidAmount: 0,
    escalated: false,
    court: null,
    rule: event.rule,
    deadline: event.deadline,
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
    ...(payload.importedFrom === undefined ? {} : { importedFrom: payload.importedFrom }),
    mergedInto: null,
    progress: null,
    ...module.initialFacts,
    registeredAt: event.at,
    updatedAt: event.at,
    closedAt: null,
    version: 1,
  } as unknown as CaseRecord;
  return payload.particulars === undefined || module.particulars === undefined ? record : module.particulars.registered(record, payload.particulars);
};

/**
 * Whether `event` settles the case and came on time (`CaseCore.settledOnTime`); undefined for an
 * event that does not settle it.
 */
const settlingOnTime = (record: CaseRecord, event: CaseEvent): boolean | undefined => {
  if (event.stateAfter !== 'settled' || record.state === 'settled' || event.type === 'return') return undefined;
  return record.deadline === null || compareLocalDates(todayInShanghai(new Date(event.at)), record.deadline) <= 0;
};

/**
 * Applies one event to the case: the line's step changes what the event records, and the
 * engine moves the state, rule, deadline and version. The case is only ever what its events say.
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
  const step = stepOf(record.line, event.type);
  if (step === undefined) throw new AppError('INTERNAL', `事件类型“${event.type}”不属于该案件的专项行动`, { caseId: event.caseId });
  const changed = step.evolve(record, event);
  // S1: a request still pending when the state changes asked to extend a deadline that is gone;
  // one for a complaint's written result (Art. 25) stays, as that clock runs whatever the state.
  const stale = event.stateAfter !== record.state && changed.extension?.status === 'requested' && changed.extension.clock === undefined;
  const settledOnTime = settlingOnTime(record, event);
  return {
    ...changed,
    ...(settledOnTime === undefined ? {} : { settledOnTime }),
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
