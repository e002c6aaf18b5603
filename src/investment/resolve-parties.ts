import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { assertCreditCode } from '../domain/credit-code.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { units, type Unit } from '../db/schema.ts';
import { findUnitByCreditCode, getUnit } from '../reference/reference-data.ts';

/**
 * The parties of a project and its promises, resolved from the units table: the enterprise by
 * its unified social credit code (registered when new, as a case's registration does), the
 * government or zone committee that signed, the unit that must keep a promise.
 */

const unitOrField = async (db: Db, tenantId: string, unitId: string, field: string, label: string): Promise<Unit> =>
  getUnit(db, tenantId, unitId).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'UNIT_NOT_FOUND') throw new AppError('UNIT_NOT_FOUND', `${label}不存在：${unitId}`, { field });
    throw error;
  });

/**
 * The enterprise a project is with: found by its credit code, else (with `register`) registered
 * under the name given, in the project's jurisdiction. Without `register` a new enterprise is
 * returned with a null id (a preview writes nothing).
 * @throws AppError CREDIT_CODE_INVALID; VALIDATION_FAILED when the code is a public unit's
 */
export const resolveEnterprise = async (
  db: Db,
  tenantId: string,
  enterprise: { name: string; creditCode: string },
  jurisdictionId: string,
  options: { register: boolean },
): Promise<{ unitId: string | null; name: string; creditCode: string }> => {
  let creditCode: string;
  try {
    creditCode = assertCreditCode(enterprise.creditCode);
  } catch (error) {
    if (isAppError(error)) throw new AppError(error.code, error.message, { ...error.details, field: 'enterprise.creditCode' });
    throw error;
  }
  const existing = await findUnitByCreditCode(db, tenantId, creditCode);
  if (existing !== null) {
    if (existing.kind !== 'enterprise') {
      throw new AppError('VALIDATION_FAILED', `统一社会信用代码${creditCode}属于“${existing.name}”，不是企业`, { field: 'enterprise.creditCode' });
    }
    return { unitId: existing.id, name: existing.name, creditCode };
  }
  if (!options.register) return { unitId: null, name: enterprise.name, creditCode };
  // Two writers registering one new enterprise at once: the second finds the first's.
  await db
    .insert(units)
    .values({ id: `ent-${randomUUID()}`, tenantId, name: enterprise.name, kind: 'enterprise', creditCode, jurisdictionId })
    .onConflictDoNothing();
  const [created] = await db.select().from(units).where(and(eq(units.tenantId, tenantId), eq(units.creditCode, creditCode)));
  return { unitId: created!.id, name: created!.name, creditCode };
};

/**
 * The signing party: a government or one of its departments (a zone committee is a government
 * unit); the project belongs to its jurisdiction.
 * @throws AppError UNIT_NOT_FOUND, VALIDATION_FAILED
 */
export const resolveSigningUnit = async (db: Db, tenantId: string, unitId: string): Promise<Unit> => {
  const unit = await unitOrField(db, tenantId, unitId, 'signingUnitId', '签约主体');
  if (unit.kind !== 'government' && unit.kind !== 'department') {
    throw new AppError('VALIDATION_FAILED', `${unit.name}不能作为签约主体：应为政府、管委会或政府部门`, { field: 'signingUnitId' });
  }
  return unit;
};

/**
 * The unit that must keep a promise: any public unit, never an enterprise.
 * @throws AppError UNIT_NOT_FOUND, VALIDATION_FAILED
 */
export const resolveResponsibleUnit = async (db: Db, tenantId: string, unitId: string): Promise<Unit> => {
  const unit = await unitOrField(db, tenantId, unitId, 'responsibleUnitId', '履约责任单位');
  if (unit.kind === 'enterprise') throw new AppError('VALIDATION_FAILED', '履约责任单位应为政府、部门、事业单位或国有企业，不能是民营企业', { field: 'responsibleUnitId' });
  return unit;
};
