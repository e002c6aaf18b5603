import { authorizeCase, canRegister, type RegistrationMatrixScope } from '../access/case-policy.ts';
import { AppError } from '../errors.ts';
import { intakeAllows, intakeStatusOnRegistration, isIntakePending } from '../intake/intake.ts';
import { CASE_KIND_LABEL, caseKindOf } from '../lines/case-kinds.ts';
import { LINE_MODULES } from '../lines/registry.ts';
import { LINE_LABEL, SOURCE_LABEL } from '../lines/vocabulary.ts';
import type { CaseCommand } from './commands.ts';
import { draft, timed, type DecideContext } from './decision.ts';
import type { CaseEventDraft } from './events.ts';
import type { RegistrationPayload } from './line-module.ts';
import { actionLabel, flowAllows, openLine, stepOf } from './paths.ts';
import type { CaseRecord } from './record.ts';
import { CASE_STATE_LABEL } from './states.ts';

export type { DecideContext } from './decision.ts';

/**
 * The first event of a case. The use case resolves units, the responsibility matrix and the
 * number; this checks the actor's right to register, that the line is open and takes the
 * source, the line's own requirements, and an assignment's instruction.
 * @throws AppError FORBIDDEN, ACTION_NOT_FOR_LINE, VALIDATION_FAILED
 */
export const decideRegistration = (
  payload: RegistrationPayload,
  responsibleJurisdictionId: string,
  context: DecideContext,
  matrix?: RegistrationMatrixScope,
): CaseEventDraft<'register'> => {
  const scope = {
    source: payload.source,
    responsibleUnitId: payload.responsibleUnitId,
    responsibleJurisdictionId,
    enterpriseUnitId: payload.enterprise?.unitId ?? null,
    ...(matrix === undefined ? {} : { matrix }),
  };
  if (!canRegister(context.actor, scope)) {
    throw new AppError('FORBIDDEN', '当前账号无权以该来源登记此责任单位的问题事项', { source: payload.source });
  }
  const module = openLine(payload.line);
  if (!module.sources.includes(payload.source)) {
    throw new AppError('VALIDATION_FAILED', `“${LINE_LABEL[payload.line]}”事项不以“${SOURCE_LABEL[payload.source]}”登记`, { field: 'source' });
  }
  module.checkRegistration(payload);
  const { particulars, ...common } = payload;
  const lineParticulars = module.particulars;
  if (particulars !== undefined && lineParticulars === undefined) {
    throw new AppError('ACTION_NOT_FOR_LINE', `“${LINE_LABEL[payload.line]}”事项没有需要登记的案件要素`, { field: 'particulars' });
  }
  // S3: an assignment by a leader or 营商办 carries its instruction (领导交办意见).
  if (payload.source === 'assigned' && !payload.instruction) {
    throw new AppError('VALIDATION_FAILED', '交办事项须填写交办意见', { field: 'instruction' });
  }
  const intakeStatus = intakeStatusOnRegistration(payload.source, context.actor.role);
  const recorded = particulars === undefined || lineParticulars === undefined ? {} : { particulars: lineParticulars.onRegistration(particulars, context) };
  return draft('register', { ...common, ...recorded, intakeStatus }, 'S3', 'registered', timed('registered', context));
};

/**
 * A plan carries the line's own plan only: installments on an arrear, a rectification on a
 * rectification item; what belongs to another line's plan is refused.
 * @throws AppError ACTION_NOT_FOR_LINE
 */
const refuseOtherLinesPlans = (record: CaseRecord, command: CaseCommand & { action: 'propose_plan' }): void => {
  const own = Object.keys(openLine(record.line).planFields);
  const given = (field: string) => (command as Record<string, unknown>)[field] !== undefined;
  // Without its own plan the line's decider asks for it (VALIDATION_FAILED).
  if (!own.some(given)) return;
  for (const other of Object.values(LINE_MODULES)) {
    for (const field of Object.keys(other.planFields)) {
      if (own.includes(field) || !given(field)) continue;
      throw new AppError('ACTION_NOT_FOR_LINE', `${other.planLabel}仅适用于“${LINE_LABEL[other.line]}”事项`, { field });
    }
  }
};

/**
 * The one file an action takes beside its text (`attachmentId`: the enterprise's signed answer,
 * a payment's voucher), recorded in the event's payload as `attachment` with its SHA-256, so the
 * hashed event ties to the bytes. The use case checked it is the caller's and unlinked.
 * @throws AppError ATTACHMENT_NOT_FOUND when the use case did not resolve it
 */
const withFile = (event: CaseEventDraft, command: CaseCommand, context: DecideContext): CaseEventDraft => {
  const id = 'attachmentId' in command ? command.attachmentId : undefined;
  if (id === undefined) return event;
  const attachment = context.attachments?.get(id);
  if (attachment === undefined) throw new AppError('ATTACHMENT_NOT_FOUND', '附件不存在，或不是当前账号上传的，请重新上传', { field: 'attachmentId', attachmentId: id });
  return { ...event, payload: { ...event.payload, attachment } } as CaseEventDraft;
};

/**
 * Decides one command on a case: checks the version, the line's path and the flow, the
 * actor's rights, intake and the line's rule, and returns the one event that records it.
 * Nothing is written here.
 * @throws AppError VERSION_CONFLICT, CASE_NOT_IN_STATE, ACTION_NOT_FOR_LINE, FORBIDDEN,
 *   CASE_NOT_FOUND and the rule errors of each action
 */
export const decide = (record: CaseRecord, command: CaseCommand, context: DecideContext): CaseEventDraft => {
  if (context.linked !== true) authorizeCase(context.actor, 'read', record);
  if (command.expectedVersion !== record.version) {
    throw new AppError('VERSION_CONFLICT', '案件已被他人更新，请刷新后重试', {
      expectedVersion: command.expectedVersion,
      actualVersion: record.version,
    });
  }
  const step = stepOf(record.line, command.action);
  if (step === undefined) {
    throw new AppError('ACTION_NOT_FOR_LINE', `“${LINE_LABEL[record.line]}”事项不适用“${actionLabel(command.action, record.line)}”`);
  }
  if (step.serves?.(record) === false) {
    // A kind of case its line keeps apart (打击报复投诉) takes only part of the line's path.
    const kind = caseKindOf(record);
    const what = kind === null ? `该“${LINE_LABEL[record.line]}”事项` : `“${CASE_KIND_LABEL[kind]}”`;
    throw new AppError('ACTION_NOT_FOR_LINE', `${what}不适用“${actionLabel(command.action, record.line)}”`, { action: command.action, ...(kind === null ? {} : { kind }) });
  }
  if (!flowAllows(command.action, record.state, record.line)) {
    throw new AppError(
      'CASE_NOT_IN_STATE',
      `案件当前状态为“${CASE_STATE_LABEL[record.state]}”，不能执行“${actionLabel(command.action, record.line)}”`,
      { state: record.state, action: command.action },
    );
  }
  if (context.linked !== true) authorizeCase(context.actor, command.action, record);
  if (!intakeAllows(record, command.action, context.actor)) {
    if (!isIntakePending(record)) throw new AppError('INTAKE_NOT_PENDING', '该事项已受理，无需再次受理', { action: command.action });
    throw new AppError('INTAKE_PENDING', `该事项尚待市营商办受理交办，暂不能“${actionLabel(command.action, record.line)}”（S3）`, {
      action: command.action,
    });
  }
  if (command.action === 'classify' && command.classification.line !== record.line) {
    throw new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });
  }
  if (command.action === 'propose_plan') refuseOtherLinesPlans(record, command);
  const event = withFile(step.decide(record, command, context), command, context);
  const stayed = event.stateAfter === record.state && (step.stays ?? []).includes(record.state);
  const legal = stayed || (step.to.length === 0 ? event.stateAfter === record.state : step.to.includes(event.stateAfter));
  if (!legal) throw new AppError('INTERNAL', `状态机错误：${command.action} 不能到达 ${event.stateAfter}`);
  return event;
};
