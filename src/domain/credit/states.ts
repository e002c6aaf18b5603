/**
 * S4: the states of a breach-of-trust record (违约失信记录) and what the national credit
 * platform is told about it. Pure: shared by the use cases, the export and the UI.
 *
 * A record follows 发改财金〔2023〕1103号: the debt or promise confirmed (the case, `breachCaseProblem`),
 * the unit is ordered to rectify by a deadline (ordered); it rectifies in time (rectified: the end,
 * no breach) or its refusal is recorded (refused); only then is the breach determined (recorded),
 * after which objection (objected → revoked | recorded) and credit repair (repaired) follow.
 */
export const CREDIT_STATUSES = ['ordered', 'rectified', 'refused', 'recorded', 'objected', 'revoked', 'repaired'] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const CREDIT_STATUS_LABEL = {
  ordered: '责令整改中',
  rectified: '已整改',
  refused: '拒不整改',
  recorded: '已认定',
  objected: '异议中',
  revoked: '已撤销',
  repaired: '已修复',
} as const satisfies Record<CreditStatus, string>;

/** Before the determination (认定): ordered to rectify, then rectified or refused. Never reported. */
export const isBeforeDetermination = (status: CreditStatus): status is 'ordered' | 'rectified' | 'refused' =>
  status === 'ordered' || status === 'rectified' || status === 'refused';

/** A case has at most one record in these (credit_records_case_open_key): from the order until revoked or repaired. */
export const CREDIT_OPEN_STATUSES = ['ordered', 'refused', 'recorded', 'objected'] as const satisfies readonly CreditStatus[];

export const isCreditRecordOpen = (status: CreditStatus): boolean => (CREDIT_OPEN_STATUSES as readonly CreditStatus[]).includes(status);

/**
 * Unit kinds a new record may name: 机关 (governments and their departments) and 事业单位 — the
 * government units of S4. Not an SOE (a 大型企业 under the payment regulation, Art. 9, whose
 * arrears 国资委 supervises), a court, a justice body or an enterprise.
 */
export const CREDIT_UNIT_KINDS = ['government', 'department', 'institution'] as const;
export type CreditUnitKind = (typeof CREDIT_UNIT_KINDS)[number];

export const isCreditUnitKind = (kind: string): kind is CreditUnitKind =>
  (CREDIT_UNIT_KINDS as readonly string[]).includes(kind);

/** The kinds a stored record may carry: SOEs were recorded before migration 0037, and those records stay as made and reported. */
export const RECORDED_UNIT_KINDS = [...CREDIT_UNIT_KINDS, 'soe'] as const;
export type RecordedUnitKind = (typeof RECORDED_UNIT_KINDS)[number];

/** 主体类型 as the export names it. */
export const CREDIT_UNIT_KIND_LABEL = {
  government: '人民政府',
  department: '政府部门',
  institution: '事业单位',
  soe: '国有企业',
} as const satisfies Record<RecordedUnitKind, string>;

/** How a refusal to rectify (拒不整改) is established: the deadline passed, or the unit refused in writing. */
export const REFUSAL_GROUNDS = ['lapse', 'written'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

export const REFUSAL_GROUND_LABEL = {
  lapse: '逾期未整改',
  written: '书面拒绝整改',
} as const satisfies Record<RefusalGround, string>;

export const OBJECTION_DECISIONS = ['upheld', 'rejected'] as const;
export type ObjectionDecision = (typeof OBJECTION_DECISIONS)[number];

export const OBJECTION_DECISION_LABEL = {
  upheld: '异议成立（撤销记录）',
  rejected: '异议不成立（维持记录）',
} as const satisfies Record<ObjectionDecision, string>;

export const REPAIR_DECISIONS = ['approved', 'rejected'] as const;
export type RepairDecision = (typeof REPAIR_DECISIONS)[number];

export const REPAIR_DECISION_LABEL = {
  approved: '同意修复',
  rejected: '不同意修复',
} as const satisfies Record<RepairDecision, string>;

/** What a batch tells the national platform about a record: 新增, 撤销 or 修复. */
export const EXPORT_CHANGES = ['added', 'revoked', 'repaired'] as const;
export type ExportChange = (typeof EXPORT_CHANGES)[number];

export const EXPORT_CHANGE_LABEL = {
  added: '新增',
  revoked: '撤销',
  repaired: '修复',
} as const satisfies Record<ExportChange, string>;

/** In effect: the record counts against the unit (recorded, or under objection until decided). */
export const isCreditRecordInEffect = (status: CreditStatus): boolean => status === 'recorded' || status === 'objected';

export const CREDIT_EVENT_TYPES = [
  'order_rectification',
  'record_rectified',
  'record_refusal',
  'record',
  'object',
  'decide_objection',
  'apply_repair',
  'decide_repair',
  'export',
] as const;
export type CreditEventType = (typeof CREDIT_EVENT_TYPES)[number];

/** A record's history as its page names each step. */
export const CREDIT_EVENT_LABEL = {
  order_rectification: '责令整改',
  record_rectified: '记录整改完成',
  record_refusal: '记录拒不整改',
  record: '认定失信',
  object: '提出异议',
  decide_objection: '处理异议',
  apply_repair: '申请信用修复',
  decide_repair: '审核信用修复',
  export: '报送全国平台',
} as const satisfies Record<CreditEventType, string>;
