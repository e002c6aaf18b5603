/**
 * The units of a city's organisation after setup (SPEC §6, issue 11): added, renamed, their
 * credit code corrected, their kind or jurisdiction changed, each edit logged with before and
 * after. Held to setup's rules where they apply (`organisation-rules.ts`): public unit names
 * unique, credit codes valid and unique, a government fixed to its jurisdiction.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { referenceKey } from '../domain/case/fields.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { AppError } from '../domain/errors.ts';
import { assertUnitRecast, KEPT_UNIT_KINDS, parentAfterMove } from '../domain/reference/organisation-rules.ts';
import type { Db } from '../db/connection.ts';
import { units, type Jurisdiction, type Unit } from '../db/schema.ts';
import { recordReferenceChange } from './edit-reference-data.ts';
import { getUnit, listJurisdictions } from './reference-data.ts';

const unitName = z.string().trim().min(2, { error: '请填写单位名称（至少2个字）' }).max(200, { error: '单位名称不能超过200字' });
const unitKind = z.enum(KEPT_UNIT_KINDS, { error: '单位类别应为部门、事业单位、国有企业、法院或司法行政机关；人民政府（管委会）随行政区划新增' });
const creditCode = z.string().trim().max(30, { error: '统一社会信用代码应为18位' }).nullable().optional();

export const unitInputSchema = z.object({
  name: unitName,
  kind: unitKind,
  creditCode,
  jurisdictionId: referenceKey('所属行政区划'),
  parentUnitId: referenceKey('上级单位').nullable().optional(),
});

export const unitPatchSchema = z.object({
  name: unitName.optional(),
  creditCode,
  kind: unitKind.optional(),
  jurisdictionId: referenceKey('所属行政区划').optional(),
});

/** A credit code as stored (upper case, no spaces), or null. @throws AppError CREDIT_CODE_INVALID */
export const normalizedCreditCode = (code: string | null | undefined): string | null => (code ? assertCreditCode(code) : null);

/**
 * Setup's rules on a public unit's name and credit code, against every other unit.
 * @param fieldPrefix where the form holds the unit's fields ('government.' in a new jurisdiction's)
 * @throws AppError VALIDATION_FAILED naming the field
 */
export const assertUnitDistinct = async (
  db: Db,
  tenantId: string,
  draft: { name?: string | undefined; creditCode?: string | null | undefined },
  selfId: string | null,
  fieldPrefix = '',
) => {
  const others = (condition: SQL) =>
    db
      .select({ name: units.name })
      .from(units)
      .where(and(eq(units.tenantId, tenantId), condition, ...(selfId === null ? [] : [ne(units.id, selfId)])))
      .limit(1);
  if (draft.name !== undefined && (await others(and(eq(units.name, draft.name), ne(units.kind, 'enterprise'))!)).length > 0) {
    throw new AppError('VALIDATION_FAILED', `单位“${draft.name}”已存在`, { field: `${fieldPrefix}name` });
  }
  if (draft.creditCode) {
    const [holder] = await others(eq(units.creditCode, draft.creditCode));
    if (holder !== undefined) throw new AppError('VALIDATION_FAILED', `统一社会信用代码${draft.creditCode}已被“${holder.name}”使用`, { field: `${fieldPrefix}creditCode` });
  }
};

/** @throws AppError VALIDATION_FAILED when the tenant has no such jurisdiction */
const jurisdictionOf = (all: readonly Jurisdiction[], id: string): Jurisdiction => {
  const found = all.find((jurisdiction) => jurisdiction.id === id);
  if (found === undefined) throw new AppError('VALIDATION_FAILED', `所属行政区划不存在：${id}`, { field: 'jurisdictionId' });
  return found;
};

/**
 * Where a unit stands once it moves to `jurisdictionId`: there, under the new government if it
 * was under the old one.
 * @throws AppError VALIDATION_FAILED when the tenant has no such jurisdiction
 */
const placementAfterMove = async (db: Db, tenantId: string, unit: Unit, jurisdictionId: string) => {
  const all = await listJurisdictions(db, tenantId);
  return { jurisdictionId, parentUnitId: parentAfterMove(unit.parentUnitId, jurisdictionOf(all, unit.jurisdictionId), jurisdictionOf(all, jurisdictionId)) };
};

/**
 * Adds a department, public institution, SOE, court or justice bureau.
 * @throws AppError FORBIDDEN, CREDIT_CODE_INVALID, UNIT_NOT_FOUND (the parent), VALIDATION_FAILED
 */
export const createUnit = async (app: AppContext, actor: Actor, input: z.infer<typeof unitInputSchema>) => {
  authorizeReferenceEdit(actor, 'unit');
  const code = normalizedCreditCode(input.creditCode);
  jurisdictionOf(await listJurisdictions(app.db, app.tenantId), input.jurisdictionId);
  if (input.parentUnitId) await getUnit(app.db, app.tenantId, input.parentUnitId);
  await assertUnitDistinct(app.db, app.tenantId, { name: input.name, creditCode: code }, null);
  return app.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(units)
      .values({ id: `u-${randomUUID()}`, tenantId: app.tenantId, name: input.name, kind: input.kind, creditCode: code, jurisdictionId: input.jurisdictionId, parentUnitId: input.parentUnitId ?? null })
      .onConflictDoNothing()
      .returning();
    // Only a credit code taken since the check above gets here.
    if (created === undefined) throw new AppError('VALIDATION_FAILED', `统一社会信用代码${code}已被其他单位使用`, { field: 'creditCode' });
    await recordReferenceChange(tx, app, actor, 'unit', created.id, null, created);
    return created;
  });
};

/**
 * Renames a unit, corrects its credit code, or changes its kind or jurisdiction; a unit that
 * moves out from under its old jurisdiction's government goes under the new one's.
 * @throws AppError FORBIDDEN, UNIT_NOT_FOUND, CREDIT_CODE_INVALID, VALIDATION_FAILED, RULE_VIOLATION
 */
export const updateUnit = async (app: AppContext, actor: Actor, id: string, patch: z.infer<typeof unitPatchSchema>) => {
  authorizeReferenceEdit(actor, 'unit');
  const before = await getUnit(app.db, app.tenantId, id);
  assertUnitRecast(before, patch);
  const code = patch.creditCode === undefined ? undefined : normalizedCreditCode(patch.creditCode);
  const renamed = patch.name !== undefined && patch.name !== before.name && before.kind !== 'enterprise' ? patch.name : undefined;
  await assertUnitDistinct(app.db, app.tenantId, { name: renamed, creditCode: code }, id);
  const changes = {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(code === undefined ? {} : { creditCode: code }),
    ...(patch.kind === undefined ? {} : { kind: patch.kind }),
    ...(patch.jurisdictionId === undefined || patch.jurisdictionId === before.jurisdictionId ? {} : await placementAfterMove(app.db, app.tenantId, before, patch.jurisdictionId)),
  };
  return app.db.transaction(async (tx) => {
    const [after] = await tx.update(units).set(changes).where(and(eq(units.tenantId, app.tenantId), eq(units.id, id))).returning();
    await recordReferenceChange(tx, app, actor, 'unit', id, before, after);
    return after!;
  });
};
