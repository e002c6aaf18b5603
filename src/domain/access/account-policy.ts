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
