import type { Actor } from '../access/roles.ts';
import { deadlineStatus } from '../supervision/time-limits.ts';
import { addWorkingDays, type HolidayCalendar, type LocalDate } from '../calendar.ts';
import type { SupervisionLevel } from '../case/record.ts';
import { isCaseOpen, isClockStopped, type CaseState } from '../case/states.ts';
import { assertCreditCode } from '../credit-code.ts';
import { AppError } from '../errors.ts';
import { CREDIT_ACTION_LABEL, CREDIT_ACTIONS, type CreditAction, type CreditCommand, type OrderRectificationInput } from './commands.ts';
import { canActOnCredit, canReadCredit, type CreditParties } from './policy.ts';
import {
  CREDIT_STATUS_LABEL,
  isCreditUnitKind,
  type CreditEventType,
  type CreditStatus,
  type CreditUnitKind,
  type ObjectionDecision,
  type RefusalGround,
  type RepairDecision,
} from './states.ts';

/** The unit a breach is recorded against, as reference data has it. */
export interface BreachUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly creditCode: string | null;
  readonly jurisdictionId: string;
}

/** What the rules need of the case a breach comes from. */
export interface BreachCase {
  readonly id: string;
  readonly number: string;
  readonly state: CaseState;
  readonly responsibleUnitId: string;
  readonly deadline: LocalDate | null;
  readonly supervisionLevel: SupervisionLevel | null;
  readonly confirmedAmount: number | null;
  readonly paidAmount: number;
}

/** Supervision steps raised only once a deadline has passed (S2): the case was overdue. */
const OVERDUE_LEVELS: ReadonlySet<SupervisionLevel> = new Set(['urging', 'supervision', 'interview', 'notice']);

/** Whether the case was urged, supervised, interviewed or noticed (催办、督办、约谈、通报): steps raised only once overdue (S2). */
export const wasSupervisedForOverdue = (breachCase: Pick<BreachCase, 'supervisionLevel'>): boolean =>
  breachCase.supervisionLevel !== null && OVERDUE_LEVELS.has(breachCase.supervisionLevel);

/** The breach is remedied once the case is settled or closed (销号), or the confirmed arrears are paid in full. */
export const isBreachRemedied = (breachCase: Pick<BreachCase, 'state' | 'confirmedAmount' | 'paidAmount'>): boolean =>
  breachCase.state === 'settled' ||
  breachCase.state === 'feedback_submitted' ||
  breachCase.state === 'closed' ||
  (breachCase.confirmedAmount !== null && breachCase.confirmedAmount > 0 && breachCase.paidAmount >= breachCase.confirmedAmount);

/**
 * Why the case does not confirm a breach of `unitId` (发改财金〔2023〕1103号's first step), or null
 * when it does: the unit must be the case's responsible unit, the case overdue now or supervised
 * for being overdue (S2), and not yet remedied — a debt paid or a promise kept leaves nothing to
 * order rectified.
 */
export const breachCaseProblem = (breachCase: BreachCase, unitId: string, today: LocalDate): string | null => {
  if (breachCase.responsibleUnitId !== unitId) return `事项${breachCase.number}的责任单位不是该单位`;
  if (breachCase.state === 'dismissed') return `事项${breachCase.number}已不予受理`;
  if (breachCase.state === 'withdrawn') return `事项${breachCase.number}已由企业撤回`;
  if (isBreachRemedied(breachCase)) return `事项${breachCase.number}已办结或清偿，无需责令整改`;
  const overdueNow =
    isCaseOpen(breachCase.state) && !isClockStopped(breachCase.state) && deadlineStatus(breachCase.deadline, today) === 'overdue';
  const supervised = wasSupervisedForOverdue(breachCase);
  if (!overdueNow && !supervised) return `事项${breachCase.number}既未逾期，也未因逾期被催办、督办或通报`;
  return null;
};

/**
 * The refusal of a unit that is not a 机关 or 事业单位 (`isCreditUnitKind`, S4). An SOE is named as
 * such: its arrears are 国资委's to supervise (SPEC §6). `subject` names the unit's part (责任单位).
 */
export const creditUnitRefusal = (unit: Pick<BreachUnit, 'name' | 'kind'>, subject = ''): AppError => {
  const reason =
    unit.kind === 'soe'
      ? `${subject}“${unit.name}”是国有企业，不属于机关或事业单位，不记入政府违约失信记录（S4）`
      : `${subject}“${unit.name}”不是机关或事业单位，不能记入政府违约失信记录`;
  return new AppError('CREDIT_UNIT_NOT_ELIGIBLE', reason, { field: 'unitId', kind: unit.kind });
};

/** A record of the case still open (ordered, refused, recorded or objected), if any. */
export interface OpenCreditRecord {
  readonly number: string;
  readonly status: CreditStatus;
}

/** The refusal of a second record of a case while one is open (credit_records_case_open_key). */
export const openRecordRefusal = (caseNumber: string, open: OpenCreditRecord): AppError =>
  new AppError('CREDIT_RECORD_DUPLICATE', `事项${caseNumber}已有失信记录${open.number}（${CREDIT_STATUS_LABEL[open.status]}）`, {
    field: 'caseId',
    number: open.number,
    status: open.status,
  });

/** 责令整改: the deadline an order gives unless 信用办 sets another, in working days of the official calendar (S1). */
export const RECTIFICATION_WORKING_DAYS = 15;

export const defaultRectificationDeadline = (today: LocalDate, calendar: HolidayCalendar): LocalDate =>
  addWorkingDays(today, RECTIFICATION_WORKING_DAYS, calendar);

/** A new record, opened by the order to rectify, as the use case stores it. */
export interface RectificationOrderDraft {
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCreditCode: string;
  readonly unitKind: CreditUnitKind;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly facts: string;
  readonly basis: string;
  readonly orderRequirement: string;
  readonly orderDocumentNumber: string;
  readonly orderedOn: LocalDate;
  readonly rectificationDeadline: LocalDate;
}

/**
 * Decides an order to rectify (责令整改, 发改财金〔2023〕1103号), which opens a record: by 市信用办
 * only, against a 机关 or 事业单位 with a valid GB 32100 code, from a case of that unit that
 * confirms the breach (`breachCaseProblem`) and has no open record, with a deadline no earlier
 * than today (by default `RECTIFICATION_WORKING_DAYS` working days from today).
 * @throws AppError FORBIDDEN, CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CODE_INVALID, CREDIT_CASE_NOT_ELIGIBLE, CREDIT_RECORD_DUPLICATE, DATE_INVALID
 */
export const decideRectificationOrder = (options: {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly calendar: HolidayCalendar;
  readonly input: OrderRectificationInput;
  readonly unit: BreachUnit;
  readonly breachCase: BreachCase;
  readonly openRecord: OpenCreditRecord | null;
}): RectificationOrderDraft => {
  const { actor, today, input, unit, breachCase } = options;
  if (actor.role !== 'credit_office') throw new AppError('FORBIDDEN', '仅市信用办可以责令整改和认定失信');
  if (!isCreditUnitKind(unit.kind)) throw creditUnitRefusal(unit);
  if (unit.creditCode === null) {
    throw new AppError('CREDIT_UNIT_NOT_ELIGIBLE', `“${unit.name}”没有统一社会信用代码，请先在单位信息中补录`, { field: 'unitId' });
  }
  const unitCreditCode = assertCreditCode(unit.creditCode);
  const problem = breachCaseProblem(breachCase, unit.id, today);
  if (problem !== null) throw new AppError('CREDIT_CASE_NOT_ELIGIBLE', `${problem}，不能据此责令整改`, { field: 'caseId' });
  if (options.openRecord !== null) throw openRecordRefusal(breachCase.number, options.openRecord);
  const deadline = input.deadline ?? defaultRectificationDeadline(today, options.calendar);
  if (deadline < today) throw new AppError('DATE_INVALID', `整改期限${deadline}早于今天（${today}）`, { field: 'deadline' });
  return {
    unitId: unit.id,
    unitName: unit.name,
    unitCreditCode,
    unitKind: unit.kind,
    caseId: breachCase.id,
    caseNumber: breachCase.number,
    facts: input.facts,
    basis: input.basis,
    orderRequirement: input.requirement,
    orderDocumentNumber: input.documentNumber,
    orderedOn: today,
    rectificationDeadline: deadline,
  };
};

/** The part of a stored record the transitions read. */
export interface CreditRecordSnapshot extends CreditParties {
  readonly number: string;
  readonly status: CreditStatus;
  readonly version: number;
  /** The order to rectify: its day and deadline (null on a record determined before migration 0037). */
  readonly orderedOn: LocalDate | null;
  readonly rectificationDeadline: LocalDate | null;
  /** The day the refusal to rectify was recorded. */
  readonly refusedOn: LocalDate | null;
  readonly objectionDecision: ObjectionDecision | null;
  readonly repairAppliedAt: Date | null;
  readonly repairDecision: RepairDecision | null;
}

/** A repair application waits for 信用办's decision. */
export const isRepairPending = (record: Pick<CreditRecordSnapshot, 'repairAppliedAt' | 'repairDecision'>): boolean =>
  record.repairAppliedAt !== null && record.repairDecision === null;

/**
 * Whether the order's deadline has passed on `today`, so that the refusal may be recorded for
 * the lapse (逾期未整改): from the day after the deadline, never on it.
 */
export const isRectificationOverdue = (record: Pick<CreditRecordSnapshot, 'rectificationDeadline'>, today: LocalDate): boolean =>
  record.rectificationDeadline !== null && today > record.rectificationDeadline;

/** The columns a transition sets on the record. */
export interface CreditChanges {
  status?: CreditStatus;
  rectifiedOn?: LocalDate;
  rectificationEvidence?: string;
  refusalGround?: RefusalGround;
  refusalFacts?: string;
  refusedOn?: LocalDate;
  facts?: string;
  basis?: string;
  breachOn?: LocalDate;
  objectionReason?: string;
  objectedAt?: Date;
  objectionDecision?: ObjectionDecision;
  objectionDecisionReason?: string;
  objectionDecidedAt?: Date;
  revokedOn?: LocalDate;
  repairMeasures?: string;
  repairAppliedAt?: Date;
  repairDecision?: RepairDecision | null;
  repairDecisionReason?: string | null;
  repairDecidedAt?: Date | null;
  repairedOn?: LocalDate;
}

export interface CreditDecision {
  readonly type: Exclude<CreditEventType, 'order_rectification' | 'export'>;
  readonly statusAfter: CreditStatus;
  /** The command's facts and the outcome, kept in the event. */
  readonly payload: Record<string, unknown>;
  readonly changes: CreditChanges;
}

export interface CreditDecideContext {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly now: Date;
  /** Whether the record's case is settled, closed or paid (`isBreachRemedied`); false without a case. */
  readonly breachRemedied: boolean;
}

const notInStatus = (record: CreditRecordSnapshot, action: CreditAction, why: string): AppError =>
  new AppError(
    'CREDIT_NOT_IN_STATUS',
    `记录${record.number}当前为“${CREDIT_STATUS_LABEL[record.status]}”，${why}，不能${CREDIT_ACTION_LABEL[action]}`,
    { status: record.status, action },
  );

/** Why `action` is not open on the record now, status-wise, or null when it is. */
const statusProblem = (record: CreditRecordSnapshot, action: CreditAction, breachRemedied: boolean): AppError | null => {
  switch (action) {
    case 'record_rectified':
      return record.status === 'ordered' ? null : notInStatus(record, action, '只有责令整改中的记录可以记录整改完成');
    case 'record_refusal':
      return record.status === 'ordered' ? null : notInStatus(record, action, '只有责令整改中的记录可以记录拒不整改');
    case 'record':
      // 发改财金〔2023〕1103号: the breach is determined only after the order was refused.
      return record.status === 'refused' ? null : notInStatus(record, action, '须先责令整改并记录拒不整改，方可认定失信');
    case 'object':
      if (record.status !== 'recorded') return notInStatus(record, action, '只有已认定的记录可以提出异议');
      if (record.objectionDecision !== null) return notInStatus(record, action, '该记录的异议已处理过，每条记录只能提出一次异议');
      if (isRepairPending(record)) return notInStatus(record, action, '信用修复申请正在审核中');
      return null;
    case 'decide_objection':
      return record.status === 'objected' ? null : notInStatus(record, action, '没有待处理的异议');
    case 'apply_repair':
      if (record.status !== 'recorded') return notInStatus(record, action, '只有已认定的记录可以申请信用修复');
      if (isRepairPending(record)) return notInStatus(record, action, '已有待审核的修复申请');
      if (!breachRemedied) {
        return new AppError('CREDIT_REPAIR_NOT_ELIGIBLE', `记录${record.number}关联的事项尚未办结销号或清偿完毕，暂不能申请信用修复`);
      }
      return null;
    case 'decide_repair':
      return record.status === 'recorded' && isRepairPending(record) ? null : notInStatus(record, action, '没有待审核的修复申请');
  }
};

/** The actions `actor` may take on the record now: the buttons the UI shows. */
export const availableCreditActions = (actor: Actor, record: CreditRecordSnapshot, breachRemedied: boolean): CreditAction[] =>
  CREDIT_ACTIONS.filter((action) => canActOnCredit(actor, action, record) && statusProblem(record, action, breachRemedied) === null);

/** A day a step names: not after today, not before `earliest` (the step it follows). */
const assertStepDay = (day: LocalDate, today: LocalDate, earliest: { readonly day: LocalDate | null; readonly what: string }, label: string, field: string): void => {
  if (day > today) throw new AppError('DATE_INVALID', `${label}${day}晚于今天（${today}）`, { field });
  if (earliest.day !== null && day < earliest.day) {
    throw new AppError('DATE_INVALID', `${label}${day}早于${earliest.what}（${earliest.day}）`, { field });
  }
};

/**
 * Decides a command on a breach record: the reader's right, the version, the actor's right,
 * then the status and the dates. 发改财金〔2023〕1103号: on an order (ordered) 信用办 records that
 * the unit rectified by the deadline (→ rectified, the end) or refused (→ refused: for the lapse
 * only from the day after the deadline, or at any time on a written refusal); only a refused
 * record is determined (→ recorded). Objection: recorded → objected, once; 信用办 upholds it
 * (→ revoked) or rejects it (→ recorded). Repair: once the case is remedied the unit applies;
 * 信用办 approves (→ repaired) or rejects (stays recorded, the unit may apply again).
 * @throws AppError CREDIT_RECORD_NOT_FOUND, VERSION_CONFLICT, FORBIDDEN, CREDIT_NOT_IN_STATUS,
 *   CREDIT_DEADLINE_NOT_PASSED, CREDIT_RECTIFICATION_LATE, DATE_INVALID, CREDIT_REPAIR_NOT_ELIGIBLE
 */
export const decideCreditCommand = (record: CreditRecordSnapshot, command: CreditCommand, context: CreditDecideContext): CreditDecision => {
  const { actor, now, today } = context;
  if (!canReadCredit(actor, record)) throw new AppError('CREDIT_RECORD_NOT_FOUND', '失信记录不存在或无权查看');
  if (command.expectedVersion !== record.version) {
    throw new AppError('VERSION_CONFLICT', `记录${record.number}已被他人更新，请刷新后重试`, {
      expectedVersion: command.expectedVersion,
      version: record.version,
    });
  }
  if (!canActOnCredit(actor, command.action, record)) {
    throw new AppError('FORBIDDEN', `当前账号无权对记录${record.number}${CREDIT_ACTION_LABEL[command.action]}`);
  }
  const problem = statusProblem(record, command.action, context.breachRemedied);
  if (problem !== null) throw problem;
  switch (command.action) {
    case 'record_rectified': {
      assertStepDay(command.rectifiedOn, today, { day: record.orderedOn, what: '责令整改日期' }, '整改完成日期', 'rectifiedOn');
      // Rectified in time, or not at all: after the deadline the lapse is a refusal (1103号).
      if (record.rectificationDeadline !== null && command.rectifiedOn > record.rectificationDeadline) {
        throw new AppError(
          'CREDIT_RECTIFICATION_LATE',
          `整改完成日期${command.rectifiedOn}晚于整改期限${record.rectificationDeadline}，不属于按期整改；逾期未整改的，应记录拒不整改`,
          { field: 'rectifiedOn', deadline: record.rectificationDeadline },
        );
      }
      return {
        type: 'record_rectified',
        statusAfter: 'rectified',
        payload: { rectifiedOn: command.rectifiedOn, evidence: command.evidence },
        changes: { status: 'rectified', rectifiedOn: command.rectifiedOn, rectificationEvidence: command.evidence },
      };
    }
    case 'record_refusal': {
      if (command.ground === 'lapse' && !isRectificationOverdue(record, today)) {
        throw new AppError(
          'CREDIT_DEADLINE_NOT_PASSED',
          `整改期限${record.rectificationDeadline ?? ''}尚未届满，期限届满次日起方可记录逾期未整改；单位书面拒绝整改的，请选择“书面拒绝整改”`,
          { field: 'ground', deadline: record.rectificationDeadline },
        );
      }
      return {
        type: 'record_refusal',
        statusAfter: 'refused',
        payload: { ground: command.ground, facts: command.facts, refusedOn: today, deadline: record.rectificationDeadline },
        changes: { status: 'refused', refusalGround: command.ground, refusalFacts: command.facts, refusedOn: today },
      };
    }
    case 'record':
      assertStepDay(command.breachOn, today, { day: record.refusedOn, what: '记录拒不整改的日期' }, '认定日期', 'breachOn');
      return {
        type: 'record',
        statusAfter: 'recorded',
        payload: { facts: command.facts, basis: command.basis, breachOn: command.breachOn },
        changes: { status: 'recorded', facts: command.facts, basis: command.basis, breachOn: command.breachOn },
      };
    case 'object':
      return {
        type: 'object',
        statusAfter: 'objected',
        payload: { reason: command.reason },
        changes: { status: 'objected', objectionReason: command.reason, objectedAt: now },
      };
    case 'decide_objection': {
      const upheld = command.decision === 'upheld';
      return {
        type: 'decide_objection',
        statusAfter: upheld ? 'revoked' : 'recorded',
        payload: { decision: command.decision, reason: command.reason, ...(upheld ? { revokedOn: today } : {}) },
        changes: {
          status: upheld ? 'revoked' : 'recorded',
          objectionDecision: command.decision,
          objectionDecisionReason: command.reason,
          objectionDecidedAt: now,
          ...(upheld ? { revokedOn: today } : {}),
        },
      };
    }
    case 'apply_repair':
      return {
        type: 'apply_repair',
        statusAfter: 'recorded',
        payload: { measures: command.measures },
        changes: { repairMeasures: command.measures, repairAppliedAt: now, repairDecision: null, repairDecisionReason: null, repairDecidedAt: null },
      };
    case 'decide_repair': {
      const approved = command.decision === 'approved';
      return {
        type: 'decide_repair',
        statusAfter: approved ? 'repaired' : 'recorded',
        payload: { decision: command.decision, reason: command.reason, ...(approved ? { repairedOn: today } : {}) },
        changes: {
          ...(approved ? { status: 'repaired' as const, repairedOn: today } : {}),
          repairDecision: command.decision,
          repairDecisionReason: command.reason,
          repairDecidedAt: now,
        },
      };
    }
  }
};
