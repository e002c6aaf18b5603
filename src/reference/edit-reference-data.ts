import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { isLocalDate } from '../domain/calendar.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { holidays, referenceChanges, responsibilityMatrix, timeLimits, UNIT_KINDS, units, type ReferenceEntity } from '../db/schema.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { DEFAULT_TIME_LIMITS, isTimedState } from '../domain/supervision/time-limits.ts';
import { getUnit, listJurisdictions } from './reference-data.ts';

export const holidaySchema = z.object({
  kind: z.enum(['holiday', 'workday'], { error: '类型应为 holiday（放假）或 workday（调休上班）' }),
  name: z.string().trim().min(1, { error: '请填写节日名称' }).max(50),
});

export const matrixRowPatchSchema = z.object({
  description: z.string().trim().min(1).max(500).optional(),
  leadUnitId: z.string().max(100).nullable().optional(),
  cooperatingUnitIds: z.array(z.string().max(100)).max(20).optional(),
});

export const unitInputSchema = z.object({
  name: z.string().trim().min(2, { error: '请填写单位名称' }).max(200),
  kind: z.enum(UNIT_KINDS.filter((kind) => kind !== 'enterprise') as ['government'], { error: '单位类型无效' }),
  creditCode: z.string().trim().max(30).nullable().optional(),
  jurisdictionId: z.string().max(100),
  parentUnitId: z.string().max(100).nullable().optional(),
});

export const timeLimitSchema = z.object({
  unit: z.enum(['working_days', 'calendar_days'], { error: '计算方式应为 working_days（工作日）或 calendar_days（自然日）' }),
  days: z.int({ error: '时限天数应为整数' }).min(1, { error: '时限天数应大于0' }).max(366, { error: '时限天数不能超过366天' }),
});

export const unitPatchSchema = z.object({
  name: z.string().trim().min(2).max(200).optional(),
  creditCode: z.string().trim().max(30).nullable().optional(),
});

/** Logs one edit of reference data in `reference_changes`, with the row before and after. */
export const recordReferenceChange = (tx: Db, app: AppContext, actor: Actor, entity: ReferenceEntity, entityId: string, before: unknown, after: unknown) =>
  tx.insert(referenceChanges).values({
    id: randomUUID(),
    tenantId: app.tenantId,
    entity,
    entityId,
    before: before ?? null,
    after: after ?? null,
    actorId: actor.id,
    actorName: actor.name,
    at: app.clock(),
  });
const record = recordReferenceChange;

/**
 * Sets one day of the calendar (S1): an official day off or a 调休 working day. Years the
 * official data does not cover yet (e.g. 2027 before the State Council publishes it) are
 * entered this way.
 * @throws AppError FORBIDDEN, DATE_INVALID
 */
export const setHoliday = async (app: AppContext, actor: Actor, day: string, input: z.infer<typeof holidaySchema>) => {
  authorizeReferenceEdit(actor, 'holiday');
  if (!isLocalDate(day)) throw new AppError('DATE_INVALID', `日期无效：${day}`, { field: 'day' });
  return app.db.transaction(async (tx) => {
    const where = and(eq(holidays.tenantId, app.tenantId), eq(holidays.day, day));
    const [before] = await tx.select().from(holidays).where(where);
    const row = { tenantId: app.tenantId, day, ...input };
    await tx.insert(holidays).values(row).onConflictDoUpdate({ target: [holidays.tenantId, holidays.day], set: input });
    await record(tx, app, actor, 'holiday', day, before, row);
    return row;
  });
};

/** Makes `day` an ordinary day again. @throws AppError FORBIDDEN, NOT_FOUND */
export const removeHoliday = async (app: AppContext, actor: Actor, day: string) => {
  authorizeReferenceEdit(actor, 'holiday');
  await app.db.transaction(async (tx) => {
    const where = and(eq(holidays.tenantId, app.tenantId), eq(holidays.day, day));
    const [before] = await tx.delete(holidays).where(where).returning();
    if (before === undefined) throw new AppError('NOT_FOUND', `${day} 不在节假日表中`);
    await record(tx, app, actor, 'holiday', day, before, null);
  });
};

const assertUnits = async (db: Db, tenantId: string, ids: readonly string[]) => {
  for (const id of ids) await getUnit(db, tenantId, id);
};

/** Edits a row of the responsibility matrix (SPEC §6). @throws AppError FORBIDDEN, NOT_FOUND, UNIT_NOT_FOUND */
export const updateMatrixRow = async (app: AppContext, actor: Actor, id: string, patch: z.infer<typeof matrixRowPatchSchema>) => {
  authorizeReferenceEdit(actor, 'responsibility_matrix');
  await assertUnits(app.db, app.tenantId, [...(patch.leadUnitId ? [patch.leadUnitId] : []), ...(patch.cooperatingUnitIds ?? [])]);
  return app.db.transaction(async (tx) => {
    const where = and(eq(responsibilityMatrix.tenantId, app.tenantId), eq(responsibilityMatrix.id, id));
    const [before] = await tx.select().from(responsibilityMatrix).where(where);
    if (before === undefined) throw new AppError('NOT_FOUND', `职责分工不存在：${id}`);
    const [after] = await tx.update(responsibilityMatrix).set(patch).where(where).returning();
    await record(tx, app, actor, 'responsibility_matrix', id, before, after);
    return after!;
  });
};

const normalizedCode = (creditCode: string | null | undefined) => (creditCode ? assertCreditCode(creditCode) : null);

/** Adds a government unit, public institution, SOE, court or justice bureau. @throws AppError FORBIDDEN, CREDIT_CODE_INVALID, VALIDATION_FAILED */
export const createUnit = async (app: AppContext, actor: Actor, input: z.infer<typeof unitInputSchema>) => {
  authorizeReferenceEdit(actor, 'unit');
  const creditCode = normalizedCode(input.creditCode);
  if (!(await listJurisdictions(app.db, app.tenantId)).some((jurisdiction) => jurisdiction.id === input.jurisdictionId)) {
    throw new AppError('VALIDATION_FAILED', `属地不存在：${input.jurisdictionId}`, { field: 'jurisdictionId' });
  }
  if (input.parentUnitId) await getUnit(app.db, app.tenantId, input.parentUnitId);
  return app.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(units)
      .values({ id: `u-${randomUUID()}`, tenantId: app.tenantId, name: input.name, kind: input.kind, creditCode, jurisdictionId: input.jurisdictionId, parentUnitId: input.parentUnitId ?? null })
      .onConflictDoNothing()
      .returning();
    if (created === undefined) throw new AppError('VALIDATION_FAILED', `统一社会信用代码${creditCode}已被其他单位使用`, { field: 'creditCode' });
    await record(tx, app, actor, 'unit', created.id, null, created);
    return created;
  });
};

/** Renames a unit or corrects its credit code. @throws AppError FORBIDDEN, UNIT_NOT_FOUND, CREDIT_CODE_INVALID */
export const updateUnit = async (app: AppContext, actor: Actor, id: string, patch: z.infer<typeof unitPatchSchema>) => {
  authorizeReferenceEdit(actor, 'unit');
  const before = await getUnit(app.db, app.tenantId, id);
  const changes = {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.creditCode === undefined ? {} : { creditCode: normalizedCode(patch.creditCode) }),
  };
  if (changes.creditCode) {
    const [holder] = await app.db.select({ id: units.id }).from(units).where(and(eq(units.tenantId, app.tenantId), eq(units.creditCode, changes.creditCode)));
    if (holder !== undefined && holder.id !== id) {
      throw new AppError('VALIDATION_FAILED', `统一社会信用代码${changes.creditCode}已被其他单位使用`, { field: 'creditCode' });
    }
  }
  return app.db.transaction(async (tx) => {
    const [after] = await tx.update(units).set(changes).where(and(eq(units.tenantId, app.tenantId), eq(units.id, id))).returning();
    await record(tx, app, actor, 'unit', id, before, after);
    return after!;
  });
};

/**
 * Sets a state's time limit (S1). Only deadlines set from now on use it: a deadline already
 * set stays as its event recorded it.
 * @throws AppError FORBIDDEN, NOT_FOUND for a state without a time limit
 */
export const setTimeLimit = async (app: AppContext, actor: Actor, state: string, input: z.infer<typeof timeLimitSchema>) => {
  authorizeReferenceEdit(actor, 'time_limit');
  if (!isTimedState(state)) throw new AppError('NOT_FOUND', `该状态没有办理时限：${state}`, { field: 'state' });
  return app.db.transaction(async (tx) => {
    const where = and(eq(timeLimits.tenantId, app.tenantId), eq(timeLimits.state, state));
    const [stored] = await tx.select().from(timeLimits).where(where);
    const before = stored ?? { tenantId: app.tenantId, state, ...DEFAULT_TIME_LIMITS[state] };
    const row = { tenantId: app.tenantId, state, ...input };
    await tx.insert(timeLimits).values(row).onConflictDoUpdate({ target: [timeLimits.tenantId, timeLimits.state], set: input });
    await record(tx, app, actor, 'time_limit', state, before, row);
    return { state, label: CASE_STATE_LABEL[state], unit: row.unit, days: row.days };
  });
};
