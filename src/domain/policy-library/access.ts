import type { Actor } from '../access/roles.ts';
import { AppError } from '../errors.ts';

/** The department that issues a policy: its unit and that unit's jurisdiction. */
export interface PolicyIssuer {
  readonly unitId: string;
  readonly jurisdictionId: string;
}

/**
 * P7: who keeps a policy up to date: 营商办 every policy (P6, it sees all); a county or zone
 * coordinator those of departments in its jurisdictions; a department (unit handler, lead
 * bureau) its own.
 */
export const canMaintainPolicy = (actor: Actor, issuer: PolicyIssuer): boolean => {
  switch (actor.role) {
    case 'business_office':
      return true;
    case 'county_coordinator':
      return actor.jurisdictionScope.includes(issuer.jurisdictionId);
    case 'unit_handler':
    case 'lead_bureau':
      return actor.unitId !== null && actor.unitId === issuer.unitId;
    default:
      return false;
  }
};

/** @throws AppError FORBIDDEN when `actor` may not keep the issuer's policies */
export const authorizePolicyMaintenance = (actor: Actor, issuer: PolicyIssuer): void => {
  if (!canMaintainPolicy(actor, issuer)) throw new AppError('FORBIDDEN', '只能维护本单位或本辖区部门发布的政策', { field: 'issuerUnitId' });
};

/**
 * P1: the library is public to everyone who works with the platform, enterprises included (they
 * read it to find what they qualify for); the three administrators do no case work (三员分立).
 * @throws AppError FORBIDDEN
 */
export const authorizePolicyReading = (actor: Actor): void => {
  if (actor.role === 'system_admin' || actor.role === 'security_admin' || actor.role === 'audit_admin') {
    throw new AppError('FORBIDDEN', '系统管理员、安全管理员和审计管理员不查看业务数据');
  }
};

/**
 * Whether `actor` keeps any policy at all, so may import a policy list or fetch its template
 * (each imported policy is still checked by `authorizePolicyMaintenance`): the roles and units
 * for which `canMaintainPolicy` can hold.
 */
export const canMaintainSomePolicy = (actor: Actor): boolean => {
  switch (actor.role) {
    case 'business_office':
      return true;
    case 'county_coordinator':
      return actor.jurisdictionScope.length > 0;
    case 'unit_handler':
    case 'lead_bureau':
      return actor.unitId !== null;
    default:
      return false;
  }
};
