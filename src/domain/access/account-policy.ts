import type { Actor, Role } from './roles.ts';

/**
 * 三员分立 (GB/T 22239 level 3): the system, security and audit administrators. Each holds one
 * of these roles and nothing else (an account has one role), none administers another
 * administrator's account, and their accounts are made only when a city is set up
 * (`chengxin init`) — never from the accounts page.
 */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const satisfies readonly Role[];
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const isAdminRole = (role: Role): role is AdminRole => (ADMIN_ROLES as readonly Role[]).includes(role);

/** An account as the rules see it: its role and unit, and the jurisdiction of that unit. */
export interface ManagedAccount {
  readonly id: string;
  readonly role: Role;
  readonly unitId: string | null;
  /** The jurisdiction of the account's unit; null without a unit. */
  readonly unitJurisdictionId: string | null;
}

/**
 * The roles `actor` may give an account: the system administrator every role of case work,
 * a county coordinator the handlers of the units in the county (SPEC §5); nobody else any.
 */
export const assignableRoles = (actor: Actor): readonly Role[] => {
  if (actor.role === 'system_admin') return ['enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office', 'leader', 'credit_office'];
  if (actor.role === 'county_coordinator') return ['unit_handler'];
  return [];
};

/**
 * May `actor` administer `target`: create it, change its unit or role, disable or enable it,
 * unlock it, reset its password, end its sessions. Never one's own account (no one acts on
 * their own rights) and never an administrator's; a county coordinator only the handlers of
 * units within the county.
 */
export const mayManageAccount = (actor: Actor, target: ManagedAccount): boolean => {
  if (actor.id === target.id || isAdminRole(target.role)) return false;
  if (!assignableRoles(actor).includes(target.role)) return false;
  if (actor.role === 'county_coordinator') {
    return target.unitJurisdictionId !== null && actor.jurisdictionScope.includes(target.unitJurisdictionId);
  }
  return true;
};

/** Who reads the accounts list: the system administrator all, a county coordinator the handlers it manages. */
export const mayListAccounts = (actor: Actor): boolean => assignableRoles(actor).length > 0;

/**
 * 营商办 and the system administrator confirm or reject an enterprise's self-registration
 * (SPEC §5: a staff confirmation stands for the document an enterprise could not show).
 */
export const mayReviewRegistrations = (actor: Actor): boolean => actor.role === 'business_office' || actor.role === 'system_admin';

/** A unit as the fit rule sees it. */
export interface AccountUnit {
  readonly id: string;
  readonly kind: 'government' | 'department' | 'institution' | 'soe' | 'court' | 'justice' | 'enterprise';
  readonly jurisdictionId: string;
}

/** A jurisdiction as the fit rule sees it; `parentId` null is the city. */
export interface AccountJurisdiction {
  readonly id: string;
  readonly parentId: string | null;
  readonly governmentUnitId: string | null;
}

/**
 * Why `unit` (and, for a county coordinator, `jurisdiction`) does not fit an account of `role`
 * made by `actor`, in words for the person making it; null when it fits. SPEC §5: an enterprise
 * account acts for its enterprise; a handler for a public unit (a county coordinator's only
 * within the county); a lead bureau is a department; a county coordinator is its county's or
 * zone's government and sees that jurisdiction; 营商办, leaders and 信用办 are the city's.
 */
export const accountUnitProblem = (
  actor: Actor,
  role: Role,
  unit: AccountUnit | null,
  jurisdiction: AccountJurisdiction | null,
  jurisdictions: readonly AccountJurisdiction[],
): string | null => {
  if (unit === null) return '请选择账号所属单位';
  if (role !== 'county_coordinator' && jurisdiction !== null) return '只有县市区/管委会统筹人账号需要指定属地';
  const isCityUnit = jurisdictions.find((candidate) => candidate.id === unit.jurisdictionId)?.parentId === null;
  switch (role) {
    case 'enterprise':
      return unit.kind === 'enterprise' ? null : '企业账号应属于一家企业';
    case 'unit_handler':
      if (unit.kind === 'enterprise') return '责任单位经办人应属于政府部门、事业单位、国有企业等公共单位，不能是企业';
      if (actor.role === 'county_coordinator' && !actor.jurisdictionScope.includes(unit.jurisdictionId)) {
        return '只能为本县市区（管委会）的单位创建经办人账号';
      }
      return null;
    case 'lead_bureau':
      return unit.kind === 'department' ? null : '牵头部门账号应属于一个政府部门';
    case 'county_coordinator':
      if (jurisdiction === null || jurisdiction.parentId === null) return '县市区/管委会统筹人应指定所统筹的县市区或管委会';
      return jurisdiction.governmentUnitId === unit.id ? null : '县市区/管委会统筹人应属于所统筹县市区（管委会）的人民政府或管委会';
    case 'business_office':
    case 'leader':
    case 'credit_office':
      return isCityUnit && unit.kind !== 'enterprise' ? null : '该角色的账号应属于市直单位';
    default:
      return '不能在此创建管理员账号';
  }
};
