import { and, eq } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { ApplicationEvent, ApplicationRecord, Material } from '../domain/benefits/application.ts';
import type { LocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { benefitApplicationEvents, benefitApplications, units, type BenefitApplicationRow } from '../db/schema.ts';

/** An application as stored: the rules' record and the rest of its row. */
export interface StoredApplication {
  readonly record: ApplicationRecord;
  readonly row: BenefitApplicationRow;
}

export const applicationRecordOf = (row: BenefitApplicationRow, enterpriseJurisdictionId: string): ApplicationRecord => ({
  id: row.id,
  enterpriseUnitId: row.enterpriseUnitId,
  enterpriseJurisdictionId,
  handlingUnitId: row.handlingUnitId,
  policyJurisdictionId: row.policyJurisdictionId,
  channel: row.channel,
  state: row.state,
  approvedAmount: row.approvedAmount,
  disbursedAmount: row.disbursedAmount,
  version: row.version,
});

/** @throws AppError APPLICATION_NOT_FOUND */
export const loadApplication = async (db: Db, tenantId: string, id: string): Promise<StoredApplication> => {
  const [found] = await db
    .select({ row: benefitApplications, jurisdictionId: units.jurisdictionId })
    .from(benefitApplications)
    .innerJoin(units, and(eq(units.tenantId, benefitApplications.tenantId), eq(units.id, benefitApplications.enterpriseUnitId)))
    .where(and(eq(benefitApplications.tenantId, tenantId), eq(benefitApplications.id, id)));
  if (found === undefined) throw new AppError('APPLICATION_NOT_FOUND', '申报不存在或无权查看', { id });
  return { record: applicationRecordOf(found.row, found.jurisdictionId), row: found.row };
};

/**
 * Appends event number `seq` of the application. Two steps on one version collide on the
 * primary key: one wins, the other gets VERSION_CONFLICT having written nothing.
 */
export const appendApplicationEvent = async (
  db: Db,
  entry: { tenantId: string; applicationId: string; seq: number; event: ApplicationEvent; actor: Actor; at: Date },
): Promise<void> => {
  const inserted = await db
    .insert(benefitApplicationEvents)
    .values({
      tenantId: entry.tenantId,
      applicationId: entry.applicationId,
      seq: entry.seq,
      type: entry.event.type,
      payload: entry.event.payload,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      at: entry.at,
    })
    .onConflictDoNothing()
    .returning({ seq: benefitApplicationEvents.seq });
  if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '该申报已被他人处理，请刷新后重试', { applicationId: entry.applicationId });
};

/**
 * Records one step of a stored application: its row as the step leaves it and the step's
 * numbered event, guarded by the version it was decided on.
 * @throws AppError VERSION_CONFLICT when another step came first (nothing written)
 */
export const saveApplicationStep = async (
  db: Db,
  step: {
    tenantId: string;
    stored: StoredApplication;
    event: ApplicationEvent;
    next: Pick<ApplicationRecord, 'state' | 'approvedAmount' | 'disbursedAmount'> & { budgetSource?: string | null };
    /** The files a 补正 gave. */
    materials?: Material[];
    actor: Actor;
    at: Date;
    today: LocalDate;
  },
): Promise<void> => {
  const { stored, event, next, today } = step;
  const seq = stored.record.version + 1;
  const updated = await db
    .update(benefitApplications)
    .set({
      state: next.state,
      approvedAmount: next.approvedAmount,
      disbursedAmount: next.disbursedAmount,
      ...(next.budgetSource === undefined ? {} : { budgetSource: next.budgetSource }),
      ...(event.type === 'supplement' ? { materials: [...stored.row.materials, ...(step.materials ?? [])], missing: [] } : {}),
      ...(event.type === 'request_supplement' ? { missing: event.payload.missing } : {}),
      ...(event.type === 'approve' || event.type === 'refuse' ? { decidedOn: today } : {}),
      ...(next.state === 'disbursed' && stored.record.state !== 'disbursed' ? { disbursedOn: event.type === 'disburse' ? event.payload.paidOn : today } : {}),
      version: seq,
      updatedAt: step.at,
    })
    .where(and(eq(benefitApplications.tenantId, step.tenantId), eq(benefitApplications.id, stored.record.id), eq(benefitApplications.version, stored.record.version)))
    .returning({ id: benefitApplications.id });
  if (updated.length === 0) throw new AppError('VERSION_CONFLICT', '该申报已被他人处理，请刷新后重试');
  await appendApplicationEvent(db, { tenantId: step.tenantId, applicationId: stored.record.id, seq, event, actor: step.actor, at: step.at });
};
