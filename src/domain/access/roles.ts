/** Account roles (SPEC §5). The three administrators are kept apart from case work (三员分立). */
export const ROLES = [
  'enterprise',
  'unit_handler',
  'lead_bureau',
  'county_coordinator',
  'business_office',
  'leader',
  'credit_office',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL = {
  enterprise: '企业',
  unit_handler: '责任单位经办人',
  lead_bureau: '牵头部门',
  county_coordinator: '县市区/管委会统筹人',
  business_office: '市营商办',
  leader: '领导',
  credit_office: '市信用办',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
} satisfies Record<Role, string>;

/** The person acting, as the access rules see them. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The actor's own unit: the enterprise for an enterprise account, the bureau for staff. */
  readonly unitId: string | null;
  /** Jurisdictions the actor covers: a county coordinator's subtree; empty for others. */
  readonly jurisdictionScope: readonly string[];
}

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
