import { eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { DEFAULT_DISBURSEMENT_LIMITS, type DisbursementLimits } from '../domain/benefits/disbursement.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { benefitSettings } from '../db/schema.ts';

/** The city's disbursement limits (P5), or the defaults until 营商办 sets them. */
export const loadDisbursementLimits = async (db: Db, tenantId: string): Promise<DisbursementLimits> => {
  const [row] = await db.select().from(benefitSettings).where(eq(benefitSettings.tenantId, tenantId));
  return row ? { fastTrackWorkingDays: row.fastTrackWorkingDays, standardWorkingDays: row.standardWorkingDays } : DEFAULT_DISBURSEMENT_LIMITS;
};

/**
 * 营商办 sets how long approved funds may wait (P5, S1's configuration).
 * @throws AppError FORBIDDEN
 */
export const saveDisbursementLimits = async (app: AppContext, actor: Actor, limits: DisbursementLimits): Promise<DisbursementLimits> => {
  if (actor.role !== 'business_office') throw new AppError('FORBIDDEN', '只有市营商办可以设置惠企资金拨付时限');
  const values = { ...limits, updatedByName: actor.name, updatedAt: app.clock() };
  await app.db
    .insert(benefitSettings)
    .values({ tenantId: app.tenantId, ...values })
    .onConflictDoUpdate({ target: benefitSettings.tenantId, set: values });
  return loadDisbursementLimits(app.db, app.tenantId);
};
