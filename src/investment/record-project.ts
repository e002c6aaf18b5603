import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { authorizeKeeping } from '../domain/investment/access.ts';
import { checkProjectDates, type ProjectInput } from '../domain/investment/register.ts';
import type { Db } from '../db/connection.ts';
import { investmentProjects } from '../db/schema.ts';
import { loadPromiseLead } from './register-store.ts';
import { resolveEnterprise, resolveSigningUnit } from './resolve-parties.ts';

export const projectDuplicate = (agreementNo: string) =>
  new AppError('PROJECT_DUPLICATE', `该企业协议编号为“${agreementNo}”的招商项目已登记`, { field: 'agreementNo' });

/** The columns a project input sets, its parties resolved. */
export const projectColumns = (input: ProjectInput, enterpriseUnitId: string, signing: { id: string; jurisdictionId: string }) => ({
  name: input.name,
  enterpriseUnitId,
  agreementName: input.agreementName,
  agreementNo: input.agreementNo,
  signingUnitId: signing.id,
  jurisdictionId: signing.jurisdictionId,
  signedOn: input.signedOn,
  investmentAmount: input.investmentAmount,
  milestones: input.milestones,
  clauses: input.clauses || null,
});

/**
 * Inserts a project whose agreement is new for its enterprise.
 * @throws AppError PROJECT_DUPLICATE
 */
export const insertProject = async (db: Db, tenantId: string, actor: Actor, columns: ReturnType<typeof projectColumns>, at: Date): Promise<string> => {
  const id = randomUUID();
  const inserted = await db
    .insert(investmentProjects)
    .values({ id, tenantId, ...columns, version: 1, createdById: actor.id, createdByName: actor.name, createdAt: at, updatedByName: actor.name, updatedAt: at })
    .onConflictDoNothing()
    .returning({ id: investmentProjects.id });
  if (inserted.length === 0) throw projectDuplicate(columns.agreementNo);
  return id;
};

/**
 * S6: 招商局 or a county records an investment project: the enterprise (found by its credit code
 * or registered), the agreement, the government unit that signed it — whose jurisdiction the
 * project belongs to, and must be the recorder's — the investment and the milestones.
 * @returns the project's id
 * @throws AppError FORBIDDEN, UNIT_NOT_FOUND, VALIDATION_FAILED, CREDIT_CODE_INVALID, PROJECT_DUPLICATE
 */
export const recordProject = async (app: AppContext, actor: Actor, input: ProjectInput): Promise<string> => {
  const now = app.clock();
  checkProjectDates(input, todayInShanghai(now));
  return app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const signing = await resolveSigningUnit(tx, app.tenantId, input.signingUnitId);
    authorizeKeeping(actor, lead, signing.jurisdictionId, 'signingUnitId');
    const enterprise = await resolveEnterprise(tx, app.tenantId, input.enterprise, signing.jurisdictionId, { register: true });
    return insertProject(tx, app.tenantId, actor, projectColumns(input, enterprise.unitId!, signing), now);
  });
};
