import type { Actor } from '../access/roles.ts';
import { deadlineStatus } from '../supervision/time-limits.ts';
import type { LocalDate } from '../calendar.ts';
import type { SupervisionLevel } from '../case/record.ts';
import { isCaseOpen, isClockStopped, type CaseState } from '../case/states.ts';
import { assertCreditCode } from '../credit-code.ts';
import { AppError } from '../errors.ts';
import { CREDIT_ACTION_LABEL, CREDIT_ACTIONS, type CreditAction, type CreditCommand, type RecordBreachInput } from './commands.ts';
import { canActOnCredit, canReadCredit, type CreditParties } from './policy.ts';
import {
  CREDIT_STATUS_LABEL,
  isCreditUnitKind,
  type CreditEventType,
  type CreditStatus,
  type CreditUnitKind,
  type ObjectionDecision,
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
const OVERDUE_LEVELS: ReadonlySet<SupervisionLevel> = new Set(['urging', 'supervision', 'notice']);

/** Whether the case was urged, supervised or noticed (催办、督办、通报): steps raised only once overdue (S2). */
export const wasSupervisedForOverdue = (breachCase: Pick<BreachCase, 'supervisionLevel'>): boolean =>
  breachCase.supervisionLevel !== null && OVERDUE_LEVELS.has(breachCase.supervisionLevel);

/**
 * Why the case cannot ground a breach record of `unitId`, or null when it can: the unit must be
 * the case's responsible unit, and the case overdue now or supervised for being overdue (S2).
 */
export const breachCaseProblem = (breachCase: BreachCase, unitId: string, today: LocalDate): string | null => {
  if (breachCase.responsibleUnitId !== unitId) return `事项${breachCase.number}的责任单位不是该单位`;
  if (breachCase.state === 'dismissed') return `事项${breachCase.number}已不予受理`;
  const overdueNow =
    isCaseOpen(breachCase.state) && !isClockStopped(breachCase.state) && deadlineStatus(breachCase.deadline, today) === 'overdue';
  const supervised = wasSupervisedForOverdue(breachCase);
  if (!overdueNow && !supervised) return `事项${breachCase.number}既未逾期，也未因逾期被催办、督办或通报`;
  return null;
};

/** The breach is remedied once the case is settled or closed (销号), or the confirmed arrears are paid in full. */
export const isBreachRemedied = (breachCase: Pick<BreachCase, 'state' | 'confirmedAmount' | 'paidAmount'>): boolean =>
  breachCase.state === 'settled' ||
  breachCase.state === 'feedback_submitted' ||
  breachCase.state === 'closed' ||
  (breachCase.confirmedAmount !== null && breachCase.confirmedAmount > 0 && breachCase.paidAmount >= breachCase.confirmedAmount);

/** A new record's facts, as the use case stores them. */
export interface BreachRecordDraft {
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCreditCode: string;
  readonly unitKind: CreditUnitKind;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly breachOn: LocalDate;
  readonly facts: string;
  readonly basis: string;
}

/**
 * Decides a new breach record (S4): by 市信用办 only, against a government body, public
 * institution or SOE with a valid GB 32100 code, from a case of that unit that is overdue or
 * supervised, not already under a record in effect, dated no later than today.
 * @throws AppError FORBIDDEN, CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CODE_INVALID, CREDIT_CASE_NOT_ELIGIBLE, CREDIT_RECORD_DUPLICATE, DATE_INVALID
 */
export const decideBreachRecord = (options: {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly input: RecordBreachInput;
  readonly unit: BreachUnit;
  readonly breachCase: BreachCase;
  /** The number of a record of this case still in effect (recorded or objected), if any. */
  readonly recordInEffect: string | null;
}): BreachRecordDraft => {
  const { actor, today, input, unit, breachCase } = options;
  if (actor.role !== 'credit_office') throw new AppError('FORBIDDEN', '仅市信用办可以认定失信记录');
  if (!isCreditUnitKind(unit.kind)) {
    throw new AppError('CREDIT_UNIT_NOT_ELIGIBLE', `“${unit.name}”不是政府、部门、事业单位或国有企业，不能记入政府失信记录`, {
      field: 'unitId',
    });
  }
  if (unit.creditCode === null) {
    throw new AppError('CREDIT_UNIT_NOT_ELIGIBLE', `“${unit.name}”没有统一社会信用代码，请先在单位信息中补录`, { field: 'unitId' });
  }
  const unitCreditCode = assertCreditCode(unit.creditCode);
  const problem = breachCaseProblem(breachCase, unit.id, today);
  if (problem !== null) throw new AppError('CREDIT_CASE_NOT_ELIGIBLE', `${problem}，不能据此认定失信`, { field: 'caseId' });
  if (options.recordInEffect !== null) {
    throw new AppError('CREDIT_RECORD_DUPLICATE', `事项${breachCase.number}已有生效的失信记录${options.recordInEffect}`, {
      field: 'caseId',
      number: options.recordInEffect,
    });
  }
  if (input.breachOn > today) throw new AppError('DATE_INVALID', `认定日期${input.breachOn}晚于今天（${today}）`, { field: 'breachOn' });
  return {
    unitId: unit.id,
    unitName: unit.name,
    unitCreditCode,
    unitKind: unit.kind,
    caseId: breachCase.id,
    caseNumber: breachCase.number,
    breachOn: input.breachOn,
    facts: input.facts,
    basis: input.basis,
  };
};

/** The part of a stored record the transitions read. */
export interface CreditRecordSnapshot extends CreditParties {
  readonly number: string;
  readonly status: CreditStatus;
  readonly version: number;
  readonly objectionDecision: ObjectionDecision | null;
  readonly repairAppliedAt: Date | null;
  readonly repairDecision: RepairDecision | null;
}

/** A repair application waits for 信用办's decision. */
export const isRepairPending = (record: Pick<CreditRecordSnapshot, 'repairAppliedAt' | 'repairDecision'>): boolean =>
  record.repairAppliedAt !== null && record.repairDecision === null;

/** The columns a transition sets on the record. */
export interface CreditChanges {
  status?: CreditStatus;
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
  readonly type: Exclude<CreditEventType, 'record' | 'export'>;
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

/**
 * Decides a command on a breach record: the reader's right, the version, the actor's right,
 * then the status. Objection: recorded → objected, once; 信用办 upholds it (→ revoked) or
 * rejects it (→ recorded). Repair: once the case is remedied the unit applies; 信用办 approves
 * (→ repaired) or rejects (stays recorded, the unit may apply again).
 * @throws AppError CREDIT_RECORD_NOT_FOUND, VERSION_CONFLICT, FORBIDDEN, CREDIT_NOT_IN_STATUS, CREDIT_REPAIR_NOT_ELIGIBLE
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
