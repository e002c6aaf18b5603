import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { authorizeKeeping } from '../domain/investment/access.ts';
import { checkProjectDates, type ProjectEdit } from '../domain/investment/register.ts';
import { investmentProjects } from '../db/schema.ts';
import { projectColumns, projectDuplicate } from './record-project.ts';
import { loadPromiseLead, loadReadableProject } from './register-store.ts';
import { resolveEnterprise, resolveSigningUnit } from './resolve-parties.ts';

export const versionConflict = (what: string) => new AppError('VERSION_CONFLICT', `该${what}已被他人修改，请刷新后重试`);

/**
 * S6: a project's keeper corrects it, from the version read. Moving it to another signing unit
 * needs the right to keep both jurisdictions.
 * @throws AppError PROJECT_NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, UNIT_NOT_FOUND, VALIDATION_FAILED,
 *   CREDIT_CODE_INVALID, PROJECT_DUPLICATE
 */
export const editProject = async (app: AppContext, actor: Actor, id: string, edit: ProjectEdit): Promise<void> => {
  const now = app.clock();
  checkProjectDates(edit, todayInShanghai(now));
  await app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const before = await loadReadableProject(tx, app.tenantId, actor, lead, id, { lock: true });
    authorizeKeeping(actor, lead, before.jurisdictionId);
    if (edit.expectedVersion !== before.version) throw versionConflict('招商项目');
    const signing = await resolveSigningUnit(tx, app.tenantId, edit.signingUnitId);
    authorizeKeeping(actor, lead, signing.jurisdictionId, 'signingUnitId');
    const enterprise = await resolveEnterprise(tx, app.tenantId, edit.enterprise, signing.jurisdictionId, { register: true });
    const columns = projectColumns(edit, enterprise.unitId!, signing);
    const updated = await tx
      .update(investmentProjects)
      .set({ ...columns, version: before.version + 1, updatedByName: actor.name, updatedAt: now })
      .where(and(eq(investmentProjects.tenantId, app.tenantId), eq(investmentProjects.id, id), eq(investmentProjects.version, before.version)))
      .returning({ id: investmentProjects.id })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw projectDuplicate(columns.agreementNo);
        throw error;
      });
    if (updated.length === 0) throw versionConflict('招商项目');
  });
};
