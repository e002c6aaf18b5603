/**
 * Where a case stands as its enterprise follows it: a few steps in plain words and what comes
 * next, instead of the twelve states and the rule ids staff work with. Pure: read from the case's
 * state, its intake and its line.
 */
import type { IntakeRecord } from '../intake/intake.ts';
import type { CaseKind } from '../lines/case-kinds.ts';
import type { Line } from '../lines/vocabulary.ts';
import { todayInShanghai } from '../calendar.ts';
import { REOPEN_REQUEST_DAYS } from '../supervision/time-limits.ts';
import { isDissatisfied, type AddedMaterial, type Rating, type ReopenRequest } from './record.ts';
import type { CaseState } from './states.ts';

export const ENTERPRISE_STAGES = ['submitted', 'accepted', 'handling', 'performing', 'done', 'closed'] as const;
export type EnterpriseStage = (typeof ENTERPRISE_STAGES)[number];

/** What the line's debtor does in the fourth step, and what the enterprise receives. */
const PERFORMING = { arrears: '付款', policy: '兑现', investment: '兑现承诺', integrity: '整改' } satisfies Record<Line, string>;

export const enterpriseStageLabel = (line: Line): Record<EnterpriseStage, string> => ({
  submitted: '已提交',
  accepted: '已受理',
  handling: '核实处理',
  performing: PERFORMING[line],
  done: '办结反馈',
  closed: '已销号',
});

/** The step a state belongs to. */
const STAGE_OF = {
  registered: 'accepted',
  negotiating: 'handling',
  mediating: 'handling',
  litigating: 'handling',
  planning: 'handling',
  awaiting_consent: 'handling',
  changing: 'handling',
  performing: 'performing',
  settled: 'done',
  feedback_submitted: 'done',
  closed: 'closed',
  dismissed: 'accepted',
  withdrawn: 'accepted',
} satisfies Record<CaseState, EnterpriseStage>;

export interface EnterpriseProgress {
  readonly stages: readonly { readonly key: EnterpriseStage; readonly label: string }[];
  /** The index in `stages` of the step the case is at. */
  readonly current: number;
  /** `error` on a dismissed complaint, `finish` once closed or withdrawn, else `process`. */
  readonly status: 'process' | 'finish' | 'error';
  /** What happens next, in the enterprise's words. */
  readonly next: string;
  /** What the enterprise itself did on the case (补充材料, 申请重新办理, 撤回), oldest first, in its words. */
  readonly notes: readonly { readonly at: string; readonly text: string }[];
}

/** The second step's name on a case that ended there. */
const ENDED_EARLY: Partial<Record<CaseState, string>> = { dismissed: '不予受理', withdrawn: '已撤回' };

/** What comes next in each state, for the enterprise. */
const nextWords = (state: CaseState, line: Line, waitingForIntake: boolean, kindWords: string | null): string => {
  const doing = PERFORMING[line];
  if (waitingForIntake) return '市营商办正在审核您的诉求，受理后将交由责任单位办理，并告知您结果。';
  switch (state) {
    case 'registered':
      return kindWords ?? '责任单位正在核实情况，核实后将确定处理方式并告知您。';
    case 'negotiating':
      return '责任单位正在与您协商有争议的事项；协商不成的，将提级由上级政府组织调解。';
    case 'mediating':
      return '已提级办理，上级政府正在组织调解。';
    case 'litigating':
      return '争议已进入诉讼程序，将按法院判决办理。';
    case 'planning':
      return `责任单位正在制定${doing}计划，制定后将请您确认是否认可。`;
    case 'awaiting_consent':
      return `请查看${doing}计划，选择“认可”或“不认可”；不认可的，责任单位将重新协商。`;
    case 'changing':
      return '承诺正依法变更，责任单位将依法补偿您所受的损失。';
    case 'performing':
      return `责任单位正在按计划${doing}，每一笔都会记录在下方办理记录中。`;
    case 'settled':
      return '已办结，责任单位将向市营商办提交书面反馈，审核后销号。';
    case 'feedback_submitted':
      return '责任单位已提交书面反馈，市营商办审核后销号。';
    case 'closed':
      return '已销号。欢迎您对办理结果进行评价。';
    case 'dismissed':
      return '市营商办不予受理，理由见下方办理记录。如有新的情况，可以重新提交诉求。';
    case 'withdrawn':
      return '您已撤回这项诉求，办理到此结束。如有新的情况，可以重新提交诉求。';
  }
};

/** What the enterprise did itself, in its own words, oldest first. */
const enterpriseNotes = (record: EnterpriseSide): EnterpriseProgress['notes'] => {
  const day = (at: string) => todayInShanghai(new Date(at));
  const withdrawnAt = record.state === 'withdrawn' ? (record.closedAt ?? null) : null;
  const notes: { at: string; text: string }[] = [
    ...(record.materials ?? []).map((material) => ({
      at: material.addedAt,
      text: `${day(material.addedAt)} 您补充了材料${material.attachments.length > 0 ? `（附件${material.attachments.length}个）` : ''}，已转给办理单位。`,
    })),
    ...(record.reopenRequests ?? []).map((request) => ({
      at: request.requestedAt,
      text: `${day(request.requestedAt)} 您对办理结果不满意，申请重新办理，理由：${request.reason}`,
    })),
    ...(record.withdrawalReason === undefined || withdrawnAt === null
      ? []
      : [{ at: withdrawnAt, text: `${day(withdrawnAt)} 您撤回了这项诉求，理由：${record.withdrawalReason}` }]),
  ];
  return notes.sort((a, b) => a.at.localeCompare(b.at));
};

/** The case as the enterprise's steps read it. */
interface EnterpriseSide {
  readonly state: CaseState;
  readonly line: Line;
  readonly intake: IntakeRecord | null;
  readonly kind: CaseKind | null;
  readonly rating?: Rating | null;
  readonly feedback?: { readonly submittedAt: string } | null;
  readonly reopenRequests?: readonly ReopenRequest[];
  readonly materials?: readonly AddedMaterial[];
  readonly withdrawalReason?: string;
  readonly closedAt?: string | null;
}

/** Whether the latest request to reopen still waits for 营商办 (no feedback written since). */
const reopenPending = (record: EnterpriseSide): boolean => {
  const latest = record.reopenRequests?.at(-1);
  return record.state === 'feedback_submitted' && latest !== undefined && (record.feedback?.submittedAt ?? '') < latest.requestedAt;
};

/**
 * The case's steps for its enterprise. A complaint of retaliation (第二十条) has no payment: it is
 * investigated and answered in writing, so its steps skip that one.
 */
export const enterpriseProgress = (record: EnterpriseSide): EnterpriseProgress => {
  const labels = enterpriseStageLabel(record.line);
  const waitingForIntake = record.state === 'registered' && record.intake?.status === 'pending';
  const stage: EnterpriseStage = waitingForIntake ? 'submitted' : STAGE_OF[record.state];
  const keys: readonly EnterpriseStage[] = record.kind === 'retaliation' ? ENTERPRISE_STAGES.filter((key) => key !== 'performing') : ENTERPRISE_STAGES;
  return {
    stages: keys.map((key) => ({ key, label: key === 'accepted' ? (ENDED_EARLY[record.state] ?? labels[key]) : labels[key] })),
    current: keys.indexOf(stage),
    status: record.state === 'dismissed' ? 'error' : record.state === 'closed' || record.state === 'withdrawn' ? 'finish' : 'process',
    next: reopenPending(record)
      ? '您已申请重新办理，市营商办正在审核：需要重新办理的，将退回责任单位继续办理；不需要的，将说明理由后再次销号。'
      : record.state === 'closed' && record.rating && isDissatisfied(record.rating.score)
        ? `您对办理结果不满意的，可以在评价后${REOPEN_REQUEST_DAYS}日内申请重新办理，并说明理由。`
        : nextWords(record.state, record.line, waitingForIntake, record.kind === 'retaliation' ? '受交办的单位正在调查处理，将在交办之日起30日内书面告知您处理结果。' : null),
    notes: enterpriseNotes(record),
  };
};
