/** Case states (SPEC §7): one state machine serves every line. */
export const CASE_STATES = [
  'registered',
  'negotiating',
  'mediating',
  'litigating',
  'planning',
  'awaiting_consent',
  'performing',
  'changing',
  'settled',
  'feedback_submitted',
  'closed',
  'dismissed',
  'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABEL = {
  registered: '已登记',
  negotiating: '协商中',
  mediating: '调解中（提级办理）',
  litigating: '诉讼中',
  planning: '计划制定中',
  awaiting_consent: '待企业认可',
  performing: '履行中',
  changing: '依法变更中',
  settled: '已办结',
  feedback_submitted: '待销号',
  closed: '已销号',
  dismissed: '不予受理',
  withdrawn: '已撤回',
} satisfies Record<CaseState, string>;

/**
 * The end states: closed (销号), dismissed (不予受理, a merged duplicate too) and withdrawn by its
 * enterprise (已撤回). Withdrawal is its own state, not a dismissal, because reports count
 * 不予受理 as 营商办's decision; every filter of open cases reads this list.
 */
export const TERMINAL_STATES = ['closed', 'dismissed', 'withdrawn'] as const satisfies readonly CaseState[];
const TERMINAL: ReadonlySet<CaseState> = new Set(TERMINAL_STATES);

/** A case is open until it is closed (销号), dismissed or withdrawn. */
export const isCaseOpen = (state: CaseState): boolean => !TERMINAL.has(state);

/** Court proceedings stop the supervision clock (S1). */
export const isClockStopped = (state: CaseState): boolean => state === 'litigating';

export const isCaseState = (value: unknown): value is CaseState =>
  typeof value === 'string' && (CASE_STATES as readonly string[]).includes(value);
