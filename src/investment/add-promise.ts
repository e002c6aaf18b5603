import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { authorizeKeeping } from '../domain/investment/access.ts';
import type { PromiseInput } from '../domain/investment/register.ts';
import type { Db } from '../db/connection.ts';
import { investmentPromises } from '../db/schema.ts';
import { loadPromiseLead, loadReadableProject } from './register-store.ts';
import { resolveResponsibleUnit } from './resolve-parties.ts';

export const promiseDuplicate = (clause: string) =>
  new AppError('PROMISE_DUPLICATE', `该项目“${clause}”已有内容相同的承诺事项`, { field: 'content' });

/** The columns a promise input sets. */
export const promiseColumns = (input: PromiseInput) => ({
  type: input.type,
  clause: input.clause,
  content: input.content,
  amount: input.amount ?? null,
  area: input.area ?? null,
  dueOn: input.dueOn,
  conditions: input.conditions || null,
  responsibleUnitId: input.responsibleUnitId,
});

/**
 * Inserts a promise new to its project (its clause and words).
 * @throws AppError PROMISE_DUPLICATE
 */
export const insertPromise = async (db: Db, tenantId: string, actor: Actor, projectId: string, input: PromiseInput, at: Date): Promise<string> => {
  const id = randomUUID();
  const inserted = await db
    .insert(investmentPromises)
    .values({ id, tenantId, projectId, ...promiseColumns(input), caseId: null, version: 1, createdAt: at, updatedByName: actor.name, updatedAt: at })
    .onConflictDoNothing()
    .returning({ id: investmentPromises.id });
  if (inserted.length === 0) throw promiseDuplicate(input.clause);
  return id;
};

/**
 * S6: a project's keeper records one of the government's promises in it.
 * @returns the promise's id
 * @throws AppError PROJECT_NOT_FOUND, FORBIDDEN, UNIT_NOT_FOUND, VALIDATION_FAILED, PROMISE_DUPLICATE
 */
export const addPromise = async (app: AppContext, actor: Actor, projectId: string, input: PromiseInput): Promise<string> =>
  app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const project = await loadReadableProject(tx, app.tenantId, actor, lead, projectId);
    authorizeKeeping(actor, lead, project.jurisdictionId);
    await resolveResponsibleUnit(tx, app.tenantId, input.responsibleUnitId);
    return insertPromise(tx, app.tenantId, actor, project.id, input, app.clock());
  });
