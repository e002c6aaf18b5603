import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, isLocalDate, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { isLprBasisPoints, type LprRate } from '../domain/lines/arrears/late-interest.ts';
import { latestLprEffectiveOn, LPR_ADVANCE_DAYS, type lprRateSchema } from '../domain/reference/lpr-rates.ts';
import type { Db } from '../db/connection.ts';
import { lprRates } from '../db/schema.ts';
import { recordReferenceChange } from './edit-reference-data.ts';
import { referenceData } from './reference-cache.ts';

/**
 * The one-year LPR table of a city (保障中小企业款项支付条例 第十七条: an agreed late-interest rate is
 * floored at the LPR in force at signing): read for the case view, kept by the 系统管理员 like the
 * holiday calendar, each edit in `reference_changes`.
 */

/** The city's LPR table, the earliest first. */
export const loadLprTable = async (db: Db, tenantId: string): Promise<LprRate[]> => [...(await referenceData(db, tenantId)).lpr];

/**
 * Sets the one-year LPR in force from `effectiveOn`: a newly published rate, or a correction.
 * @throws AppError FORBIDDEN, DATE_INVALID, LPR_INVALID (a rate outside 1–10,000 bp, a day more
 *   than a month ahead)
 */
export const setLprRate = async (app: AppContext, actor: Actor, effectiveOn: string, input: z.infer<typeof lprRateSchema>): Promise<LprRate> => {
  authorizeReferenceEdit(actor, 'lpr');
  if (!isLocalDate(effectiveOn)) throw new AppError('DATE_INVALID', `生效日期无效：${effectiveOn}`, { field: 'effectiveOn' });
  if (!isLprBasisPoints(input.oneYearBp)) throw new AppError('LPR_INVALID', '一年期LPR应为1至10000之间的整数基点（3.45%填345）', { field: 'oneYearBp' });
  const latest = latestLprEffectiveOn(todayInShanghai(app.clock()));
  if (compareLocalDates(effectiveOn, latest) > 0) {
    throw new AppError('LPR_INVALID', `生效日期不能晚于${latest}（今天起${LPR_ADVANCE_DAYS}天内）`, { field: 'effectiveOn', latest });
  }
  return app.db.transaction(async (tx) => {
    const where = and(eq(lprRates.tenantId, app.tenantId), eq(lprRates.effectiveOn, effectiveOn));
    const [before] = await tx.select().from(lprRates).where(where);
    const row = { tenantId: app.tenantId, effectiveOn, oneYearBp: input.oneYearBp };
    await tx.insert(lprRates).values(row).onConflictDoUpdate({ target: [lprRates.tenantId, lprRates.effectiveOn], set: { oneYearBp: input.oneYearBp } });
    await recordReferenceChange(tx, app, actor, 'lpr', effectiveOn, before, row);
    return { effectiveOn, oneYearBp: row.oneYearBp };
  });
};

/** Removes the row in force from `effectiveOn`: the rate before it applies again. @throws AppError FORBIDDEN, DATE_INVALID, NOT_FOUND */
export const removeLprRate = async (app: AppContext, actor: Actor, effectiveOn: LocalDate): Promise<void> => {
  authorizeReferenceEdit(actor, 'lpr');
  if (!isLocalDate(effectiveOn)) throw new AppError('DATE_INVALID', `生效日期无效：${effectiveOn}`, { field: 'effectiveOn' });
  await app.db.transaction(async (tx) => {
    const where = and(eq(lprRates.tenantId, app.tenantId), eq(lprRates.effectiveOn, effectiveOn));
    const [before] = await tx.delete(lprRates).where(where).returning();
    if (before === undefined) throw new AppError('NOT_FOUND', `${effectiveOn} 起没有一年期LPR记录`);
    await recordReferenceChange(tx, app, actor, 'lpr', effectiveOn, before, null);
  });
};
