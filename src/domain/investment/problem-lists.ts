/**
 * S6: 市招商局's two lists of the investment line, built live from the cases and the promise
 * register: the problem list (问题清单: every unkept promise, registered as a case or still only
 * overdue or flawed in the register) and the rectification-responsibility list (整改责任清单:
 * for every registered problem, the measures its path sets, the unit responsible, the time
 * limit and where it stands). Pure: the use case reads the rows, these shape and count them.
 */
import type { Actor } from '../access/roles.ts';
import type { LocalDate } from '../calendar.ts';
import type { CaseOf } from '../case/record.ts';
import { CASE_STATE_LABEL, isCaseOpen } from '../case/states.ts';
import { AppError } from '../errors.ts';
import { CHANGE_REASON_LABEL, INVESTMENT_LEGALITY_LABEL, INVESTMENT_SITUATION_LABEL } from '../lines/investment/facts.ts';
import { formatWanYuanBrief } from '../money.ts';
import { deadlineStatus } from '../supervision/time-limits.ts';
import { leadsPromises, type PromiseLead } from './access.ts';

/**
 * Who reads the lists: 营商办 and leaders (all), 市招商局 that keeps them (all), and a county
 * or zone coordinator (its own jurisdictions).
 * @throws AppError FORBIDDEN for anyone else
 */
export const authorizeProblemLists = (actor: Actor, lead: PromiseLead): void => {
  const allowed = actor.role === 'business_office' || actor.role === 'leader' || actor.role === 'county_coordinator' || leadsPromises(actor, lead);
  if (!allowed) throw new AppError('FORBIDDEN', '问题清单和整改责任清单仅供市招商局、市营商办、领导和县市区查看');
};

/** What a problem is, in the list's words: the legality review and the situation, or 待分类 before it. */
export const problemOfCase = (record: CaseOf<'investment'>): string => {
  const problem = record.investmentProblem;
  if (problem === null) return '待合法性审查和分类';
  return `${INVESTMENT_LEGALITY_LABEL[problem.legality]}：${INVESTMENT_SITUATION_LABEL[problem.situation]}`;
};

/** The rectification measures the case's path sets (I1–I6), in one line. */
export const measuresOf = (record: CaseOf<'investment'>): string => {
  const problem = record.investmentProblem;
  if (problem === null) return record.state === 'dismissed' ? '不予受理' : record.state === 'withdrawn' ? '企业已撤回' : '核实承诺，开展合法性审查并分类处置';
  const money = (fen: number) => formatWanYuanBrief(fen);
  switch (problem.situation) {
    case 'perform': {
      const by = record.performBy === null ? '' : `，${record.performBy}前兑现`;
      const crossing = record.yearException?.status === 'approved' ? '（经市营商办批准跨年）' : '';
      return `按约定履行承诺${by}${crossing}（I1）`;
    }
    case 'budget':
      if (record.deferral !== null) return `经企业同意延期至${record.deferral.newDate}履行（I2）`;
      if (record.proposedDeferral !== null) return `拟延期至${record.proposedDeferral.newDate}履行，待企业同意（I2）`;
      return '制定延期履行方案，与企业协商一致（I2）';
    case 'lawful_change': {
      const change = problem.change;
      const why = change === null ? '' : `因${CHANGE_REASON_LABEL[change.reason]}，由${change.authority}`;
      if (record.lawfulChange !== null) return `${why}依法变更承诺，补偿企业损失${money(record.lawfulChange.compensation)}（I3）`;
      return `${why}依法定权限和程序变更承诺，评估并补偿企业损失（I3）`;
    }
    case 'conditions_unmet':
    case 'beyond_capacity': {
      const agreed = record.agreedTerms;
      if (agreed !== null) {
        const parts = [agreed.agreed, agreed.amount > 0 ? `兑付${money(agreed.amount)}` : null].filter((part): part is string => part !== null);
        return `按${agreed.document}履行：${parts.length > 0 ? parts.join('；') : '双方确认不再履行原承诺'}（${agreed.rule}）`;
      }
      if (record.state === 'litigating') return `协商、调解未果，依法诉讼（I6）`;
      if (record.escalated) return '上一级政府提级办理，会同法院、司法部门调解（I6）';
      return problem.situation === 'beyond_capacity' ? '与企业协商降低执行条款或补偿损失（I5）' : '双方协商解决（I4）';
    }
  }
};

/** A case's row of both lists. */
export interface CaseListRow {
  readonly caseId: string;
  readonly number: string;
  readonly title: string;
  readonly jurisdictionId: string;
  readonly responsibleUnitId: string;
  readonly leadUnitId: string | null;
  readonly enterpriseName: string | null;
  readonly promise: string;
  readonly problem: string;
  readonly measures: string;
  readonly rule: string | null;
  readonly state: CaseOf<'investment'>['state'];
  readonly stateLabel: string;
  readonly deadline: LocalDate | null;
  readonly overdue: boolean;
  readonly open: boolean;
  readonly amount: number | null;
  readonly paid: number;
  readonly progress: string | null;
  readonly closedAt: string | null;
}

export const caseListRow = (record: CaseOf<'investment'>, today: LocalDate): CaseListRow => ({
  caseId: record.id,
  number: record.number,
  title: record.title,
  jurisdictionId: record.jurisdictionId,
  responsibleUnitId: record.responsibleUnitId,
  leadUnitId: record.leadUnitId,
  enterpriseName: record.enterprise?.name ?? null,
  promise: record.investmentProblem?.promise ?? record.title,
  problem: problemOfCase(record),
  measures: measuresOf(record),
  rule: record.rule,
  state: record.state,
  stateLabel: CASE_STATE_LABEL[record.state],
  deadline: record.deadline,
  overdue: isCaseOpen(record.state) && record.state !== 'litigating' && deadlineStatus(record.deadline, today) === 'overdue',
  open: isCaseOpen(record.state),
  amount: record.confirmedAmount ?? record.claimedAmount,
  paid: record.paidAmount,
  progress: record.progress === null ? null : record.progress.percent === null ? record.progress.text : `${record.progress.text}（${record.progress.percent}%）`,
  closedAt: record.state === 'closed' ? record.closedAt : null,
});

/** The figures of a group of problems: how many, still open, 销号, overdue, and how many only in the register. */
export interface ProblemFigures {
  readonly problems: number;
  readonly open: number;
  readonly closed: number;
  readonly overdue: number;
  readonly unregistered: number;
}

export interface GroupedFigures extends ProblemFigures {
  readonly id: string;
}

const EMPTY: ProblemFigures = { problems: 0, open: 0, closed: 0, overdue: 0, unregistered: 0 };

/** Counts problems per key (a county, a unit), in the order keys first appear. */
export const figuresBy = <T>(
  rows: readonly T[],
  key: (row: T) => string,
  figures: (row: T) => { open: boolean; closed: boolean; overdue: boolean; unregistered: boolean },
): GroupedFigures[] => {
  const groups = new Map<string, ProblemFigures>();
  for (const row of rows) {
    const id = key(row);
    const before = groups.get(id) ?? EMPTY;
    const f = figures(row);
    groups.set(id, {
      problems: before.problems + 1,
      open: before.open + (f.open ? 1 : 0),
      closed: before.closed + (f.closed ? 1 : 0),
      overdue: before.overdue + (f.overdue ? 1 : 0),
      unregistered: before.unregistered + (f.unregistered ? 1 : 0),
    });
  }
  return [...groups].map(([id, value]) => ({ id, ...value }));
};
