import { and, eq } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { EnterpriseProfileRecord, ProfileInput } from '../domain/enterprises/profile.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { enterpriseProfileChanges, enterpriseProfiles, units, type EnterpriseProfileRow } from '../db/schema.ts';

/** An enterprise as the platform knows it: its unit, and its profile once it has one. */
export interface StoredEnterprise {
  readonly unitId: string;
  readonly name: string;
  readonly creditCode: string | null;
  readonly jurisdictionId: string;
  readonly profile: EnterpriseProfileRecord | null;
  readonly updatedByName: string | null;
  readonly updatedAt: Date | null;
}

export const profileOf = (row: EnterpriseProfileRow): EnterpriseProfileRecord => ({
  unitId: row.unitId,
  industryCode: row.industryCode,
  employees: row.employees,
  annualRevenue: row.annualRevenue,
  totalAssets: row.totalAssets,
  figuresYear: row.figuresYear,
  registeredOn: row.registeredOn,
  tags: row.tags,
  version: row.version,
});

/** What a profile's change log records of it: the figures, without the unit and the version. */
export const profileSnapshot = ({ unitId: _unitId, version: _version, ...figures }: EnterpriseProfileRecord): ProfileInput => figures;

/**
 * The enterprise `unitId` names, with its profile.
 * @throws AppError ENTERPRISE_NOT_FOUND when there is no such unit or it is not an enterprise
 */
export const loadEnterprise = async (db: Db, tenantId: string, unitId: string): Promise<StoredEnterprise> => {
  const [row] = await db
    .select({ unit: units, profile: enterpriseProfiles })
    .from(units)
    .leftJoin(enterpriseProfiles, and(eq(enterpriseProfiles.tenantId, units.tenantId), eq(enterpriseProfiles.unitId, units.id)))
    .where(and(eq(units.tenantId, tenantId), eq(units.id, unitId), eq(units.kind, 'enterprise')));
  if (row === undefined) throw new AppError('ENTERPRISE_NOT_FOUND', '企业不存在', { unitId });
  return {
    unitId: row.unit.id,
    name: row.unit.name,
    creditCode: row.unit.creditCode,
    jurisdictionId: row.unit.jurisdictionId,
    profile: row.profile ? profileOf(row.profile) : null,
    updatedByName: row.profile?.updatedByName ?? null,
    updatedAt: row.profile?.updatedAt ?? null,
  };
};

/**
 * Appends the profile's change number `seq` (its new version). Two saves of one version collide
 * on the primary key: one wins, the other gets VERSION_CONFLICT having written nothing.
 */
export const appendProfileChange = async (
  db: Db,
  change: { tenantId: string; unitId: string; seq: number; before: ProfileInput | null; after: ProfileInput; actor: Actor; at: Date },
): Promise<void> => {
  const inserted = await db
    .insert(enterpriseProfileChanges)
    .values({
      tenantId: change.tenantId,
      unitId: change.unitId,
      seq: change.seq,
      before: change.before,
      after: change.after,
      actorId: change.actor.id,
      actorName: change.actor.name,
      at: change.at,
    })
    .onConflictDoNothing()
    .returning({ seq: enterpriseProfileChanges.seq });
  if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '企业档案已被他人修改，请刷新后重试', { unitId: change.unitId });
};
