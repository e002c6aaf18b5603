/**
 * The jurisdictions of a city after setup (issue 11: the 系统管理员 keeps them): a 县市区 or
 * 管委会 added under the city with its government, or renamed, re-levelled or given its
 * 行政区划代码 — by setup's rules (`organisation-rules.ts`), each edit logged with before and
 * after. None is removed: units, accounts and cases name their jurisdiction for good.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { JURISDICTION_LEVELS } from '../domain/jurisdictions.ts';
import { assertCityKept, assertJurisdictionDistinct, LOCAL_LEVELS } from '../domain/reference/organisation-rules.ts';
import { DIVISION_PATTERN } from '../domain/setup/organisation.ts';
import { jurisdictions, units, type Jurisdiction } from '../db/schema.ts';
import { recordReferenceChange } from './edit-reference-data.ts';
import { assertUnitDistinct, normalizedCreditCode } from './edit-units.ts';
import { cityJurisdiction, listJurisdictions } from './reference-data.ts';

const jurisdictionName = z.string().trim().min(2, { error: '请填写行政区划名称（至少2个字）' }).max(50, { error: '行政区划名称不能超过50字' });
const level = z.enum(LOCAL_LEVELS, { error: '级别应为 county（县市区）或 zone（管委会）' });
const divisionCode = z.string().trim().regex(DIVISION_PATTERN, { error: '区划代码应为6位数字' }).nullable().optional();

export const jurisdictionInputSchema = z.object({
  name: jurisdictionName,
  level,
  divisionCode,
  government: z.object({
    name: z.string().trim().min(2, { error: '请填写人民政府（管委会）名称' }).max(200, { error: '单位名称不能超过200字' }),
    creditCode: z.string().trim().max(30, { error: '统一社会信用代码应为18位' }).nullable().optional(),
  }),
});

export const jurisdictionPatchSchema = z.object({ name: jurisdictionName.optional(), level: level.optional(), divisionCode });

/** A jurisdiction as the API shows it. */
export const jurisdictionRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.enum(JURISDICTION_LEVELS),
    parentId: z.string().nullable(),
    governmentUnitId: z.string().nullable(),
    divisionCode: z.string().nullable(),
  })
  .meta({ id: 'Jurisdiction' });

export type JurisdictionView = z.infer<typeof jurisdictionRowSchema>;

export const jurisdictionRow = ({ id, name, level, parentId, governmentUnitId, divisionCode }: Jurisdiction): JurisdictionView => ({
  id,
  name,
  level,
  parentId,
  governmentUnitId,
  divisionCode,
});

/**
 * Adds a 县市区 or 管委会 under the city together with its one government (setup: each
 * jurisdiction has exactly one 人民政府/管委会), which answers to the city's government.
 * @throws AppError FORBIDDEN, VALIDATION_FAILED, CREDIT_CODE_INVALID
 */
export const createJurisdiction = async (app: AppContext, actor: Actor, input: z.infer<typeof jurisdictionInputSchema>) => {
  authorizeReferenceEdit(actor, 'jurisdiction');
  const all = await listJurisdictions(app.db, app.tenantId);
  const city = cityJurisdiction(all);
  const draft = { name: input.name, level: input.level, divisionCode: input.divisionCode ?? null };
  assertJurisdictionDistinct(draft, all);
  const creditCode = normalizedCreditCode(input.government.creditCode);
  await assertUnitDistinct(app.db, app.tenantId, { name: input.government.name, creditCode }, null, 'government.');
  const id = `j-${randomUUID()}`;
  const governmentUnitId = `u-${randomUUID()}`;
  return app.db.transaction(async (tx) => {
    // The jurisdiction first: its government's row refers to it, and its own reference to the government is checked at commit.
    const [created] = await tx
      .insert(jurisdictions)
      .values({ ...draft, id, tenantId: app.tenantId, parentId: city.id, governmentUnitId, sort: Math.max(...all.map((entry) => entry.sort)) + 1 })
      .onConflictDoNothing()
      .returning();
    if (created === undefined) throw new AppError('VALIDATION_FAILED', `行政区划“${input.name}”或其区划代码已存在`, { field: 'name' });
    const [government] = await tx
      .insert(units)
      .values({ id: governmentUnitId, tenantId: app.tenantId, name: input.government.name, kind: 'government', creditCode, jurisdictionId: id, parentUnitId: city.governmentUnitId })
      .onConflictDoNothing()
      .returning();
    if (government === undefined) throw new AppError('VALIDATION_FAILED', `统一社会信用代码${creditCode}已被其他单位使用`, { field: 'government.creditCode' });
    await recordReferenceChange(tx, app, actor, 'jurisdiction', id, null, created);
    await recordReferenceChange(tx, app, actor, 'unit', governmentUnitId, null, government);
    return jurisdictionRow(created);
  });
};

/**
 * Renames a 县市区 or 管委会, changes its level between the two, or sets any jurisdiction's
 * 行政区划代码 (null clears it). The city's name and level stay as set up.
 * @throws AppError FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, RULE_VIOLATION
 */
export const updateJurisdiction = async (app: AppContext, actor: Actor, id: string, patch: z.infer<typeof jurisdictionPatchSchema>) => {
  authorizeReferenceEdit(actor, 'jurisdiction');
  const all = await listJurisdictions(app.db, app.tenantId);
  const before = all.find((jurisdiction) => jurisdiction.id === id);
  if (before === undefined) throw new AppError('NOT_FOUND', `行政区划不存在：${id}`);
  assertCityKept(before, patch);
  const changes = {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.level === undefined ? {} : { level: patch.level }),
    ...(patch.divisionCode === undefined ? {} : { divisionCode: patch.divisionCode }),
  };
  assertJurisdictionDistinct({ ...before, ...changes }, all.filter((other) => other.id !== id));
  return app.db.transaction(async (tx) => {
    const [after] = await tx.update(jurisdictions).set(changes).where(and(eq(jurisdictions.tenantId, app.tenantId), eq(jurisdictions.id, id))).returning();
    await recordReferenceChange(tx, app, actor, 'jurisdiction', id, before, after);
    return jurisdictionRow(after!);
  });
};
