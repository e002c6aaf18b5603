import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { accountUnitProblem, mayManageAccount } from '../domain/access/account-policy.ts';
import type { Actor, Role } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { units, type Unit } from '../db/schema.ts';
import { listJurisdictions } from '../reference/reference-data.ts';

export interface AccountPlacement {
  readonly role: Role;
  readonly unitId: string;
  readonly jurisdictionId: string | null;
}

/**
 * Checks that `actor` may hold an account at `placement` (its reach: 403) and that the unit fits
 * the role (422, the reason in words), and returns the unit.
 * @throws AppError FORBIDDEN, ACCOUNT_UNIT_MISMATCH
 */
export const checkAccountPlacement = async (app: AppContext, db: Db, actor: Actor, accountId: string, placement: AccountPlacement): Promise<Unit> => {
  const [unit] = await db.select().from(units).where(and(eq(units.tenantId, app.tenantId), eq(units.id, placement.unitId)));
  if (unit === undefined) throw new AppError('ACCOUNT_UNIT_MISMATCH', '所选单位不存在', { field: 'unitId', unitId: placement.unitId });
  if (!mayManageAccount(actor, { id: accountId, role: placement.role, unitId: unit.id, unitJurisdictionId: unit.jurisdictionId })) {
    throw new AppError('FORBIDDEN', actor.role === 'county_coordinator' ? '只能管理本县市区（管委会）单位的经办人账号' : '当前账号无权设置该角色的账号');
  }
  const jurisdictions = await listJurisdictions(db, app.tenantId);
  const jurisdiction = placement.jurisdictionId === null ? null : jurisdictions.find((candidate) => candidate.id === placement.jurisdictionId);
  if (jurisdiction === undefined) {
    throw new AppError('ACCOUNT_UNIT_MISMATCH', '所选属地不存在', { field: 'jurisdictionId', jurisdictionId: placement.jurisdictionId });
  }
  const problem = accountUnitProblem(actor, placement.role, unit, jurisdiction, jurisdictions);
  if (problem !== null) {
    const field = placement.role === 'county_coordinator' && (jurisdiction === null || jurisdiction.parentId === null) ? 'jurisdictionId' : 'unitId';
    throw new AppError('ACCOUNT_UNIT_MISMATCH', problem, { field, reason: problem });
  }
  return unit;
};
