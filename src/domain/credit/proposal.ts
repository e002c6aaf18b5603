import { authorizeCase } from '../access/case-policy.ts';
import type { Actor } from '../access/roles.ts';
import type { LocalDate } from '../calendar.ts';
import { SUPERVISION_LEVEL_LABEL, type CaseRecord } from '../case/record.ts';
import { AppError } from '../errors.ts';
import { INVESTMENT_SITUATION_LABEL, SITUATION_RULE } from '../lines/investment/facts.ts';
import { breachCaseProblem, creditUnitRefusal, isBreachRemedied, openRecordRefusal, type OpenCreditRecord } from './decide.ts';
import { isCreditUnitKind } from './states.ts';

/**
 * S4: a case proposed to 市信用办 as a breach (提请认定失信). 营商办, which coordinates every case
 * (G1), or the bureau that leads the case's line (市招商局 for investment promises, SPEC §6) puts
 * the facts before 信用办, which alone orders the rectification (`decideRectificationOrder`) and determines the breach.
 */

/** Who may propose: 营商办, or a lead bureau for the cases it leads. */
export const mayProposeBreach = (actor: Actor, record: Pick<CaseRecord, 'leadUnitId'>): boolean =>
  actor.role === 'business_office' ||
  (actor.role === 'lead_bureau' && actor.unitId !== null && actor.unitId === record.leadUnitId);

/** Who is shown a case's proposal: those who may propose, 信用办 that takes it up, and leaders. */
export const maySeeProposal = (actor: Actor, record: Pick<CaseRecord, 'leadUnitId'>): boolean =>
  mayProposeBreach(actor, record) || actor.role === 'credit_office' || actor.role === 'leader';

/**
 * Why the case cannot be proposed as a breach of its responsible unit, or null when it can. On
 * the investment line the promise must be confirmed broken without lawful reason: reviewed as
 * compliant (合法合规) and kept from the enterprise although it can be performed (I1) or deferred
 * by agreement (I2) — not a flawed promise to negotiate (I4, I5), not a lawful change (I3).
 * A promise since kept is no breach, even one kept only after being urged: 发改财金〔2023〕1103号
 * determines a breach only when an order to rectify is refused, and a kept promise leaves nothing
 * to order. On every line the case must then confirm the breach (`breachCaseProblem`: overdue now
 * or supervised for being overdue, S2, and not remedied), the rule 信用办 applies when it orders.
 */
export const proposalCaseProblem = (record: CaseRecord, today: LocalDate): string | null => {
  if (record.line === 'investment') {
    const problem = record.investmentProblem;
    if (problem === null) return `事项${record.number}尚未作合法性审查和分类，承诺是否无正当理由未兑现尚未确认`;
    if (problem.legality === 'flawed') {
      return `事项${record.number}的承诺经审查有瑕疵（${INVESTMENT_SITUATION_LABEL[problem.situation]}，${SITUATION_RULE[problem.situation]}），应协商处理，不属于无正当理由失信`;
    }
    if (problem.situation === 'lawful_change') {
      return `事项${record.number}的承诺因法定事由依法变更（I3），应依法补偿企业损失，不属于失信`;
    }
    // A promise kept is no broken promise; a late feedback (the settled state's own time limit) is not a breach of it.
    if (isBreachRemedied(record)) return `事项${record.number}的承诺已兑现，无需责令整改`;
  }
  return breachCaseProblem(record, record.responsibleUnitId, today);
};

/** The unit a proposal names: the case's responsible unit, as reference data has it. */
export interface ProposalUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

/** What blocks a new proposal besides the rule: a record in effect, or a proposal not yet taken up. */
export interface ProposalBlockers {
  /** A record of the case still open (ordered, refused, recorded or objected), if any. */
  readonly openRecord: OpenCreditRecord | null;
  /** When the pending proposal of the case was made, if there is one. */
  readonly pendingProposalAt: string | null;
}

/** A new proposal, as the use case stores it. */
export interface CreditProposalDraft {
  readonly caseId: string;
  readonly unitId: string;
  readonly facts: string;
}

/**
 * Why `actor` cannot propose the case now, as the error the proposal would meet; null when they can.
 * The reader's right comes first (`authorizeCase` throws CASE_NOT_FOUND and is not caught here).
 */
const proposalRefusal = (
  actor: Actor,
  record: CaseRecord,
  unit: ProposalUnit,
  today: LocalDate,
  blockers: ProposalBlockers,
): AppError | null => {
  if (!mayProposeBreach(actor, record)) {
    return new AppError('FORBIDDEN', '仅市营商办或该事项的牵头部门可以提请信用办认定失信');
  }
  if (blockers.openRecord !== null) return openRecordRefusal(record.number, blockers.openRecord);
  if (blockers.pendingProposalAt !== null) {
    return new AppError('CREDIT_PROPOSAL_DUPLICATE', `事项${record.number}已提请信用办认定，正等待信用办处理`, {
      field: 'caseId',
      proposedAt: blockers.pendingProposalAt,
    });
  }
  if (!isCreditUnitKind(unit.kind)) return creditUnitRefusal(unit, '责任单位');
  const problem = proposalCaseProblem(record, today);
  if (problem !== null) return new AppError('CREDIT_CASE_NOT_ELIGIBLE', `${problem}，不能提请认定失信`, { field: 'caseId' });
  return null;
};

/**
 * Decides a proposal (提请认定失信): the reader's right to the case (a case the actor may not read
 * is not found), the proposer's right, one pending proposal and no open record, then the rule.
 * @throws AppError CASE_NOT_FOUND, FORBIDDEN, CREDIT_RECORD_DUPLICATE, CREDIT_PROPOSAL_DUPLICATE,
 *   CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CASE_NOT_ELIGIBLE
 */
export const decideCreditProposal = (options: {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly record: CaseRecord;
  readonly unit: ProposalUnit;
  readonly facts: string;
  readonly blockers: ProposalBlockers;
}): CreditProposalDraft => {
  const { actor, record, unit } = options;
  authorizeCase(actor, 'read', record);
  const refusal = proposalRefusal(actor, record, unit, options.today, options.blockers);
  if (refusal !== null) throw refusal;
  return { caseId: record.id, unitId: unit.id, facts: options.facts };
};

/** Whether the case page offers `actor` the 提请信用认定 button, and if not, why (for a tooltip). */
export const proposalAbility = (
  actor: Actor,
  record: CaseRecord,
  unit: ProposalUnit,
  today: LocalDate,
  blockers: ProposalBlockers,
): { readonly canPropose: boolean; readonly reason: string | null } => {
  const refusal = proposalRefusal(actor, record, unit, today, blockers);
  return { canPropose: refusal === null, reason: refusal?.message ?? null };
};

/**
 * The sentence the proposal form starts from: who, what was promised or owed, by when, and
 * how far supervision went. The proposer edits it.
 */
export const suggestedProposalFacts = (record: CaseRecord, unitName: string, today: LocalDate): string => {
  const supervised = record.supervisionLevel === null ? '' : `，已被${SUPERVISION_LEVEL_LABEL[record.supervisionLevel]}`;
  const overdueSince = record.deadline !== null && record.deadline < today ? record.deadline : null;
  if (record.line === 'investment' && record.investmentProblem !== null) {
    const enterprise = record.enterprise === null ? '' : `对${record.enterprise.name}`;
    const reviewed = record.investmentProblem.legality === 'compliant' ? '经审查合法合规，' : '';
    // Only while performing is the deadline the promise's own date (I1, or I2's agreed new date).
    const due =
      overdueSince === null ? '至今未兑现' : record.state === 'performing' ? `应于${overdueSince}前兑现，逾期至今未兑现` : `办理期限${overdueSince}已过，至今未兑现`;
    return `${unitName}${enterprise}作出的招商引资承诺“${record.investmentProblem.promise}”${reviewed}${due}${supervised}，且无法定变更事由（事项${record.number}：${record.title}）。`;
  }
  const due = overdueSince === null ? '至今未办结' : `办理期限${overdueSince}已过，至今未办结`;
  return `${unitName}：${record.title}，${due}${supervised}（事项${record.number}）。`;
};
