import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { authorizeProfileEditing, checkProfile, type SaveProfileInput } from '../domain/enterprises/profile.ts';
import { sizeClassOf } from '../domain/policy-library/enterprise-size.ts';
import { AppError } from '../domain/errors.ts';
import { enterpriseProfiles } from '../db/schema.ts';
import { appendProfileChange, loadEnterprise, profileSnapshot } from './profile-store.ts';

const conflict = () => new AppError('VERSION_CONFLICT', '企业档案已被他人修改，请刷新后重试');

/**
 * 一企一档: the enterprise (or the service window on its behalf) records or corrects its profile.
 * The save and its numbered change-log row are one transaction; a save of an outdated version
 * writes nothing.
 * @throws AppError ENTERPRISE_NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, VERSION_CONFLICT
 */
export const saveProfile = async (app: AppContext, actor: Actor, unitId: string, input: SaveProfileInput): Promise<void> => {
  const now = app.clock();
  checkProfile(input.profile, todayInShanghai(now));
  await app.db.transaction(async (tx) => {
    const enterprise = await loadEnterprise(tx, app.tenantId, unitId);
    authorizeProfileEditing(actor, enterprise);
    const current = enterprise.profile;
    if ((current?.version ?? null) !== input.expectedVersion) {
      throw current === null
        ? new AppError('VERSION_CONFLICT', '该企业尚未建档，请刷新后重试', { expectedVersion: input.expectedVersion })
        : new AppError('VERSION_CONFLICT', '企业档案已被他人修改，请刷新后重试', { expectedVersion: input.expectedVersion, version: current.version });
    }
    const seq = (current?.version ?? 0) + 1;
    const columns = { ...input.profile, sizeClass: sizeClassOf(input.profile), version: seq, updatedByName: actor.name, updatedAt: now };
    if (current === null) {
      const inserted = await tx
        .insert(enterpriseProfiles)
        .values({ unitId, tenantId: app.tenantId, ...columns })
        .onConflictDoNothing()
        .returning({ unitId: enterpriseProfiles.unitId });
      if (inserted.length === 0) throw conflict();
    } else {
      const updated = await tx
        .update(enterpriseProfiles)
        .set(columns)
        .where(and(eq(enterpriseProfiles.tenantId, app.tenantId), eq(enterpriseProfiles.unitId, unitId), eq(enterpriseProfiles.version, current.version)))
        .returning({ unitId: enterpriseProfiles.unitId });
      if (updated.length === 0) throw conflict();
    }
    await appendProfileChange(tx, {
      tenantId: app.tenantId,
      unitId,
      seq,
      before: current === null ? null : profileSnapshot(current),
      after: input.profile,
      actor,
      at: now,
    });
  });
};
