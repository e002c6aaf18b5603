/**
 * The kinds of security event, apart from `audit-log.ts` (which re-exports them) so that the
 * drizzle schema can name them without importing the log's code.
 */
export const SECURITY_EVENT_KINDS = ['sign_in', 'sign_in_failed', 'sign_out', 'locked_out', 'unlocked', 'password_changed', 'password_reset', 'second_factor_enrolled', 'second_factor_reset', 'session_revoked', 'account_created', 'account_changed', 'account_disabled', 'account_enabled', 'role_changed', 'security_policy_changed', 'enterprise_registered', 'export', 'download', 'personal_data_revealed', 'access_denied', 'server_error', 'audit_log_exported', 'audit_log_purged', 'anchor_written'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** The kinds in the audit administrator's words: the 安全审计 page and its workbook. */
export const SECURITY_EVENT_KIND_LABEL = {
  sign_in: '登录',
  sign_in_failed: '登录失败',
  sign_out: '退出登录',
  locked_out: '账号锁定',
  unlocked: '账号解锁',
  password_changed: '修改密码',
  password_reset: '重置密码',
  second_factor_enrolled: '绑定两步验证',
  second_factor_reset: '重置两步验证',
  session_revoked: '结束会话',
  account_created: '创建账号',
  account_changed: '修改账号',
  account_disabled: '停用账号',
  account_enabled: '启用账号',
  role_changed: '变更角色',
  security_policy_changed: '修改安全策略',
  enterprise_registered: '企业注册',
  export: '导出',
  download: '下载附件',
  personal_data_revealed: '查看个人信息',
  access_denied: '越权访问被拒绝',
  server_error: '服务器错误',
  audit_log_exported: '导出审计日志',
  audit_log_purged: '清理过期审计日志',
  anchor_written: '写入审计锚点',
} satisfies Record<SecurityEventKind, string>;

export const SECURITY_OUTCOME_LABEL: Record<'success' | 'failure', string> = { success: '成功', failure: '失败' };
