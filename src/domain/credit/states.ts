/**
 * S4: the states of a breach-of-trust record (违约失信记录) and what the national credit
 * platform is told about it. Pure: shared by the use cases, the export and the UI.
 */

export const CREDIT_STATUSES = ['recorded', 'objected', 'revoked', 'repaired'] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const CREDIT_STATUS_LABEL = {
  recorded: '已认定',
  objected: '异议中',
  revoked: '已撤销',
  repaired: '已修复',
} as const satisfies Record<CreditStatus, string>;

/** Unit kinds a breach record may name: governments and public bodies, never an enterprise, a court or a justice body. */
export const CREDIT_UNIT_KINDS = ['government', 'department', 'institution', 'soe'] as const;
export type CreditUnitKind = (typeof CREDIT_UNIT_KINDS)[number];

export const isCreditUnitKind = (kind: string): kind is CreditUnitKind =>
  (CREDIT_UNIT_KINDS as readonly string[]).includes(kind);

/** 主体类型 as the export names it. */
export const CREDIT_UNIT_KIND_LABEL = {
  government: '人民政府',
  department: '政府部门',
  institution: '事业单位',
  soe: '国有企业',
} as const satisfies Record<CreditUnitKind, string>;

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

export const CREDIT_EVENT_TYPES = ['record', 'object', 'decide_objection', 'apply_repair', 'decide_repair', 'export'] as const;
export type CreditEventType = (typeof CREDIT_EVENT_TYPES)[number];

/** A record's history as its page names each step. */
export const CREDIT_EVENT_LABEL = {
  record: '认定失信',
  object: '提出异议',
  decide_objection: '处理异议',
  apply_repair: '申请信用修复',
  decide_repair: '审核信用修复',
  export: '报送全国平台',
} as const satisfies Record<CreditEventType, string>;
