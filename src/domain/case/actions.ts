import { CASE_STATES, isCaseOpen, type CaseState } from './states.ts';

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
  'amend_particulars',
  'notify_result',
  'waive_interest',
  'record_follow_up',
  'request_reopen',
  'withdraw',
  'add_material',
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
  amend_particulars: '补充更正案件要素',
  notify_result: '书面告知处理结果',
  waive_interest: '放弃逾期利息',
  record_follow_up: '回访企业',
  request_reopen: '申请重新办理',
  withdraw: '撤回诉求',
  add_material: '补充材料',
} satisfies Record<CaseAction, string>;

const OPEN_STATES = CASE_STATES.filter(isCaseOpen);

// The enterprise adds material while the case is being handled: once settled the result is in and the feedback written.
const UNSETTLED_STATES = OPEN_STATES.filter((state) => state !== 'settled' && state !== 'feedback_submitted');

// A6, S1: the clock stops while the case is in court, so there is no deadline to extend.
const EXTENDABLE_STATES = OPEN_STATES.filter((state) => state !== 'litigating');

export interface FlowEntry {
  /** States the action may start from. */
  readonly from: readonly CaseState[];
  /** States it may lead to on some line; an empty list means the action leaves the state unchanged. */
  readonly to: readonly CaseState[];
}

/**
 * The one state machine of SPEC §7 as data: where each action may start and every state it may
 * lead to on some line. A line's own path (`LineModule.steps`) narrows `to`; `decide` checks
 * both, and the Mermaid diagram of `chengxin flows` is drawn from them.
 */
export const FLOW = {
  classify: { from: ['registered'], to: ['performing', 'planning', 'negotiating', 'changing'] },
  propose_plan: { from: ['planning'], to: ['awaiting_consent', 'performing'] },
  consent: { from: ['awaiting_consent'], to: ['performing'] },
  object: { from: ['awaiting_consent'], to: ['planning'] },
  agree: { from: ['negotiating', 'mediating'], to: ['performing', 'planning', 'settled'] },
  escalate: { from: ['negotiating'], to: ['mediating'] },
  litigate: { from: ['mediating'], to: ['litigating'] },
  judge: { from: ['litigating'], to: ['performing', 'planning', 'settled'] },
  record_payment: { from: ['performing'], to: ['performing', 'settled'] },
  fulfil: { from: ['performing'], to: ['settled'] },
  compensate: { from: ['changing'], to: ['settled'] },
  submit_feedback: { from: ['settled'], to: ['feedback_submitted'] },
  close: { from: ['feedback_submitted'], to: ['closed'] },
  return: { from: ['feedback_submitted'], to: ['settled', 'performing', 'planning'] },
  dismiss: { from: ['registered'], to: ['dismissed'] },
  assign: { from: OPEN_STATES, to: [] },
  supervise: { from: OPEN_STATES, to: [] },
  report_progress: { from: OPEN_STATES, to: [] },
  request_year_exception: { from: ['performing'], to: [] },
  approve_year_exception: { from: ['performing'], to: [] },
  request_extension: { from: EXTENDABLE_STATES, to: [] },
  approve_extension: { from: EXTENDABLE_STATES, to: [] },
  // SPEC §5: the enterprise rates the result once the case is closed.
  rate: { from: ['closed'], to: [] },
  // S3: 营商办 accepts an outside complaint and hands it to the responsible unit (受理交办).
  accept: { from: ['registered'], to: [] },
  // S3: a duplicate is closed into the case it repeats.
  merge: { from: ['registered'], to: ['dismissed'] },
  // A line's particulars (the contract behind an arrear) are added or corrected while the case is open.
  amend_particulars: { from: OPEN_STATES, to: [] },
  // 保障中小企业款项支付条例 第二十五条: the complainant is told the handling result in writing while the case is open;
  // on a complaint of retaliation (第二十条) the written result settles it.
  notify_result: { from: OPEN_STATES, to: ['settled'] },
  // 保障中小企业款项支付条例 第十七条: the enterprise may waive the late interest owed to it, once, while the case is open.
  waive_interest: { from: OPEN_STATES, to: [] },
  // 12345 practice: before 销号 营商办 calls on the enterprise to confirm it was paid (回访), once settled.
  record_follow_up: { from: ['settled', 'feedback_submitted'], to: [] },
  // 12345 practice: an enterprise that rated its closed case 不满意 asks, within REOPEN_REQUEST_DAYS, to have it
  // handled again; the case returns to 营商办 (待销号), who returns it to the unit (退回) or closes it again (销号).
  request_reopen: { from: ['closed'], to: ['feedback_submitted'] },
  // The enterprise withdraws its complaint only while it is registered: before the responsible unit has classified
  // it (核实处置), nothing has been decided on it. Once classified, a plan, a negotiation or a payment is under way
  // with the debtor and the case is ended by its result (销号), not by the enterprise alone.
  withdraw: { from: ['registered'], to: ['withdrawn'] },
  // The enterprise adds material (补充材料) while its case is open and not yet settled; the state is kept.
  add_material: { from: UNSETTLED_STATES, to: [] },
} as const satisfies Record<CaseAction, FlowEntry>;

export const isCaseAction = (value: unknown): value is CaseAction =>
  typeof value === 'string' && (CASE_ACTIONS as readonly string[]).includes(value);
