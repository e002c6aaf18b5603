import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Actor } from '../domain/access/roles.ts';
import { authorizeKeeping } from '../domain/investment/access.ts';
import { checkTermsCoverDeliveries, type PromiseEdit } from '../domain/investment/register.ts';
import { investmentPromises } from '../db/schema.ts';
import { promiseColumns, promiseDuplicate } from './add-promise.ts';
import { versionConflict } from './edit-project.ts';
import { deliveredOn, loadPromiseLead, loadReadablePromise } from './register-store.ts';
import { resolveResponsibleUnit } from './resolve-parties.ts';

/**
 * S6: a project's keeper corrects a promise, from the version read; its amount and area stay at
 * least what has been delivered on it.
 * @throws AppError PROMISE_NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, UNIT_NOT_FOUND, VALIDATION_FAILED,
 *   FULFILMENT_EXCEEDS_PROMISE, PROMISE_DUPLICATE
 */
export const editPromise = async (app: AppContext, actor: Actor, id: string, edit: PromiseEdit): Promise<void> =>
  app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const { promise, project } = await loadReadablePromise(tx, app.tenantId, actor, lead, id, { lock: true });
    authorizeKeeping(actor, lead, project.jurisdictionId);
    if (edit.expectedVersion !== promise.version) throw versionConflict('承诺事项');
    await resolveResponsibleUnit(tx, app.tenantId, edit.responsibleUnitId);
    const columns = promiseColumns(edit);
    checkTermsCoverDeliveries(columns, await deliveredOn(tx, app.tenantId, id));
    const updated = await tx
      .update(investmentPromises)
      .set({ ...columns, version: promise.version + 1, updatedByName: actor.name, updatedAt: app.clock() })
      .where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.id, id), eq(investmentPromises.version, promise.version)))
      .returning({ id: investmentPromises.id })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw promiseDuplicate(columns.clause);
        throw error;
      });
    if (updated.length === 0) throw versionConflict('承诺事项');
  });
