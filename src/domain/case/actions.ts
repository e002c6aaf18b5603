import { LINES, type Line } from '../lines.ts';
import { CASE_STATES, type CaseState } from './states.ts';

/** Case actions (SPEC §7). `register` creates a case; every other action is one command on it. */
export const CASE_ACTIONS = [
  'classify',
  'propose_plan',
  'consent',
  'object',
  'agree',
  'escalate',
  'litigate',
  'judge',
  'record_payment',
  'fulfil',
  'compensate',
  'submit_feedback',
  'close',
  'return',
  'dismiss',
  'assign',
  'supervise',
  'report_progress',
  'request_year_exception',
  'approve_year_exception',
  'request_extension',
  'approve_extension',
  'rate',
  'accept',
  'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABEL = {
  classify: '分类处置',
  propose_plan: '提交还款/整改计划',
  consent: '企业认可',
  object: '企业不认可',
  agree: '达成协议',
  escalate: '提级办理',
  litigate: '提起诉讼',
  judge: '录入判决',
  record_payment: '登记还款',
  fulfil: '确认兑现',
  compensate: '依法变更并补偿',
  submit_feedback: '书面反馈',
  close: '销号',
  return: '退回',
  dismiss: '不予受理',
  assign: '交办',
  supervise: '督办',
  report_progress: '报送进展',
  request_year_exception: '申请跨年支付',
  approve_year_exception: '审批跨年支付',
  request_extension: '申请延期',
  approve_extension: '审批延期',
  rate: '评价结果',
  accept: '受理并交办',
  merge: '合并重复件',
} satisfies Record<CaseAction, string>;

// G2: a rectification plan is the unit's own; no enterprise consents to it and no agreement settles it.
const WITH_ENTERPRISE_PARTY: readonly Line[] = ['arrears', 'policy', 'investment'];

const OPEN_STATES = CASE_STATES.filter((state) => state !== 'closed' && state !== 'dismissed');

// A6, S1: the clock stops while the case is in court, so there is no deadline to extend.
const EXTENDABLE_STATES = OPEN_STATES.filter((state) => state !== 'litigating');

export interface FlowEntry {
  /** States the action may start from. */
  readonly from: readonly CaseState[];
  /** States it may lead to; an empty list means the action leaves the state unchanged. */
  readonly to: readonly CaseState[];
  /** Lines whose path uses the action. */
  readonly lines: readonly Line[];
  /** Where a line's own path narrows `to`. */
  readonly toByLine?: Partial<Record<Line, readonly CaseState[]>>;
}

/**
 * The state machine as data. `decide` checks commands against it, `availableActions` lists
 * from it, and the Mermaid diagram of `chengxin flows` and the case page is drawn from it.
 */
export const FLOW = {
  classify: {
    from: ['registered'],
    to: ['performing', 'planning', 'negotiating', 'changing', 'settled'],
    lines: LINES,
    toByLine: {
      arrears: ['performing', 'planning', 'negotiating', 'settled'],
      policy: ['planning', 'negotiating', 'performing'],
      investment: ['performing', 'planning', 'changing', 'negotiating'],
      integrity: ['planning'],
    },
  },
  // G2: a rectification plan needs no enterprise's consent; it is performed at once.
  propose_plan: {
    from: ['planning'],
    to: ['awaiting_consent', 'performing'],
    lines: LINES,
    toByLine: { arrears: ['awaiting_consent'], policy: ['awaiting_consent'], investment: ['awaiting_consent'], integrity: ['performing'] },
  },
  consent: { from: ['awaiting_consent'], to: ['performing'], lines: WITH_ENTERPRISE_PARTY },
  object: { from: ['awaiting_consent'], to: ['planning'], lines: WITH_ENTERPRISE_PARTY },
  agree: {
    from: ['negotiating', 'mediating'],
    to: ['performing', 'planning', 'settled'],
    lines: WITH_ENTERPRISE_PARTY,
  },
  escalate: { from: ['negotiating'], to: ['mediating'], lines: ['arrears', 'policy', 'investment'] },
  litigate: { from: ['mediating'], to: ['litigating'], lines: ['arrears', 'policy', 'investment'] },
  judge: { from: ['litigating'], to: ['performing', 'settled'], lines: ['arrears', 'policy', 'investment'] },
  record_payment: { from: ['performing'], to: ['performing', 'settled'], lines: ['arrears'] },
  fulfil: { from: ['performing'], to: ['settled'], lines: ['policy', 'investment', 'integrity'] },
  compensate: { from: ['changing'], to: ['settled'], lines: ['investment'] },
  submit_feedback: { from: ['settled'], to: ['feedback_submitted'], lines: LINES },
  close: { from: ['feedback_submitted'], to: ['closed'], lines: LINES },
  return: {
    from: ['feedback_submitted'],
    to: ['settled', 'performing', 'planning'],
    lines: LINES,
    // G3: returned feedback goes back to its author; an integrity item's rectification is done, only its report is not.
    toByLine: { arrears: ['settled', 'performing'], integrity: ['settled'] },
  },
  dismiss: { from: ['registered'], to: ['dismissed'], lines: LINES },
  assign: { from: OPEN_STATES, to: [], lines: LINES },
  supervise: { from: OPEN_STATES, to: [], lines: LINES },
  report_progress: { from: OPEN_STATES, to: [], lines: LINES },
  request_year_exception: { from: ['performing'], to: [], lines: ['arrears', 'investment'] },
  approve_year_exception: { from: ['performing'], to: [], lines: ['arrears', 'investment'] },
  request_extension: { from: EXTENDABLE_STATES, to: [], lines: LINES },
  approve_extension: { from: EXTENDABLE_STATES, to: [], lines: LINES },
  // SPEC §5: the enterprise rates the result once the case is closed.
  rate: { from: ['closed'], to: [], lines: LINES },
  // S3: 营商办 accepts an outside complaint and hands it to the responsible unit (受理交办).
  accept: { from: ['registered'], to: [], lines: LINES },
  // S3: a duplicate is closed into the case it repeats.
  merge: { from: ['registered'], to: ['dismissed'], lines: LINES },
} as const satisfies Record<CaseAction, FlowEntry>;

/** The states `action` may lead to on `line`; empty when it leaves the state unchanged. */
export const flowTargets = (action: CaseAction, line: Line): readonly CaseState[] => {
  const entry: FlowEntry = FLOW[action];
  return entry.toByLine?.[line] ?? entry.to;
};

/** Whether `action` belongs to the path of `line` at all. */
export const flowServesLine = (action: CaseAction, line: Line): boolean => (FLOW[action] as FlowEntry).lines.includes(line);

/** Whether the flow allows `action` from `state` on `line` (rights and rules aside). */
export const flowAllows = (action: CaseAction, state: CaseState, line: Line): boolean => {
  const entry: FlowEntry = FLOW[action];
  return entry.from.includes(state) && entry.lines.includes(line);
};

export const isCaseAction = (value: unknown): value is CaseAction =>
  typeof value === 'string' && (CASE_ACTIONS as readonly string[]).includes(value);
