/**
 * A city's security policy, set by its 安全管理员 (issue 11, 三员分立): the password profile,
 * lockout, session lifetimes, the roles that need a second factor and the networks staff may
 * sign in from. Pure: the defaults and what follows from a policy for a role.
 */
import { ROLES, type Actor, type Role } from '../access/roles.ts';
import type { PasswordProfile } from './password-policy.ts';

export interface SecurityPolicy {
  readonly passwordProfile: PasswordProfile;
  readonly lockout: { readonly maxFailures: number; readonly minutes: number };
  readonly sessions: { readonly staffIdleMinutes: number; readonly enterpriseIdleMinutes: number; readonly absoluteHours: number };
  readonly secondFactorRoles: readonly Role[];
  /** CIDR blocks (IPv4 or IPv6) staff may sign in and work from; empty for anywhere. */
  readonly staffAllowedNetworks: readonly string[];
}

/** Every role but the enterprises': the government's own people. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'enterprise');

export const isStaffRole = (role: Role): boolean => role !== 'enterprise';

/** The policy of a city whose 安全管理员 has set none: 等保三级. */
export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  passwordProfile: 'dengbao',
  lockout: { maxFailures: 5, minutes: 30 },
  sessions: { staffIdleMinutes: 30, enterpriseIdleMinutes: 120, absoluteHours: 12 },
  secondFactorRoles: STAFF_ROLES,
  staffAllowedNetworks: [],
};

/** Minutes without a request after which a session of `role` ends. */
export const idleMinutesFor = (policy: SecurityPolicy, role: Role): number =>
  isStaffRole(role) ? policy.sessions.staffIdleMinutes : policy.sessions.enterpriseIdleMinutes;

export const secondFactorRequiredFor = (policy: SecurityPolicy, role: Role): boolean => policy.secondFactorRoles.includes(role);

/** 三员分立: the security policy is the 安全管理员's alone to read and set. */
export const maySetSecurityPolicy = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'security_admin';
