/** The four lines of the special action (SPEC §2). */
export const LINES = ['arrears', 'policy', 'investment', 'integrity'] as const;
export type Line = (typeof LINES)[number];

export const LINE_LABEL = {
  arrears: '清理拖欠企业账款',
  policy: '惠企政策兑现',
  investment: '招商引资政策兑现',
  integrity: '政府守信践诺再提升',
} satisfies Record<Line, string>;

/** Prefix of the human-readable case number, e.g. QK2026-00017. */
export const LINE_NUMBER_PREFIX = {
  arrears: 'QK',
  policy: 'HQ',
  investment: 'ZS',
  integrity: 'SX',
} satisfies Record<Line, string>;

/**
 * Intake channels (SPEC §2 `source`, S3). `inspection` (排查) is a lead bureau's own finding on
 * the units its rows of the responsibility matrix cover (S3: 经信局, 国资委, 招商局).
 */
export const SOURCES = [
  'self_inspection',
  'assigned',
  'petition',
  'complaint_platform',
  'provincial_platform',
  'enterprise',
  'audit',
  'import',
  'inspection',
] as const;
export type Source = (typeof SOURCES)[number];

export const SOURCE_LABEL = {
  self_inspection: '自查',
  assigned: '交办',
  petition: '来信来访',
  complaint_platform: '非公有制企业服务平台投诉',
  provincial_platform: '湖北省中小微企业诉求响应平台',
  enterprise: '企业在线诉求',
  audit: '审计发现',
  import: '台账导入',
  inspection: '牵头部门排查',
} satisfies Record<Source, string>;
