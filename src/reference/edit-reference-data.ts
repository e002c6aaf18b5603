import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { isLocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { holidays, referenceChanges, responsibilityMatrix, timeLimits, type ReferenceEntity } from '../db/schema.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { DEFAULT_TIME_LIMITS, isTimedState } from '../domain/supervision/time-limits.ts';
import { assertMatrixUnits } from '../domain/reference/organisation-rules.ts';
import { cityJurisdiction, getUnit, listJurisdictions } from './reference-data.ts';

export const holidaySchema = z.object({
  kind: z.enum(['holiday', 'workday'], { error: '类型应为 holiday（放假）或 workday（调休上班）' }),
  name: z.string().trim().min(1, { error: '请填写节日名称' }).max(50),
});

export const matrixRowPatchSchema = z.object({
  description: z.string().trim().min(1).max(500).optional(),
  leadUnitId: z.string().max(100).nullable().optional(),
  cooperatingUnitIds: z
    .array(z.string().max(100))
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, { error: '配合单位重复' })
    .optional(),
});

export const timeLimitSchema = z.object({
  unit: z.enum(['working_days', 'calendar_days'], { error: '计算方式应为 working_days（工作日）或 calendar_days（自然日）' }),
  days: z.int({ error: '时限天数应为整数' }).min(1, { error: '时限天数应大于0' }).max(366, { error: '时限天数不能超过366天' }),
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

/**
 * The units a matrix row would name, read and held to the matrix's rule.
 * @throws AppError UNIT_NOT_FOUND, VALIDATION_FAILED
 */
const assertMatrixPatchUnits = async (db: Db, tenantId: string, patch: z.infer<typeof matrixRowPatchSchema>) => {
  const cityId = cityJurisdiction(await listJurisdictions(db, tenantId)).id;
  const read = (ids: readonly string[]) => Promise.all(ids.map((id) => getUnit(db, tenantId, id)));
  if (patch.leadUnitId) assertMatrixUnits(await read([patch.leadUnitId]), cityId, 'leadUnitId');
  if (patch.cooperatingUnitIds) assertMatrixUnits(await read(patch.cooperatingUnitIds), cityId, 'cooperatingUnitIds');
};

/**
 * Edits a row of the responsibility matrix (SPEC §6). A row led by each case's own 县市区 or
 * 管委会 takes no lead unit.
 * @throws AppError FORBIDDEN, NOT_FOUND, UNIT_NOT_FOUND, VALIDATION_FAILED
 */
export const updateMatrixRow = async (app: AppContext, actor: Actor, id: string, patch: z.infer<typeof matrixRowPatchSchema>) => {
  authorizeReferenceEdit(actor, 'responsibility_matrix');
  await assertMatrixPatchUnits(app.db, app.tenantId, patch);
  return app.db.transaction(async (tx) => {
    const where = and(eq(responsibilityMatrix.tenantId, app.tenantId), eq(responsibilityMatrix.id, id));
    const [before] = await tx.select().from(responsibilityMatrix).where(where);
    if (before === undefined) throw new AppError('NOT_FOUND', `职责分工不存在：${id}`);
    if (before.leadIsJurisdiction && patch.leadUnitId) {
      throw new AppError('VALIDATION_FAILED', '该项由各县市区、管委会分别牵头，不指定牵头单位', { field: 'leadUnitId' });
    }
    const [after] = await tx.update(responsibilityMatrix).set(patch).where(where).returning();
    await record(tx, app, actor, 'responsibility_matrix', id, before, after);
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
