import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { canReadProject, canReadPromise, type PromiseLead, type PromiseReadScope, type PromiseRef } from '../domain/investment/access.ts';
import { deliveredOf, type Delivered } from '../domain/investment/promise-status.ts';
import type { Db } from '../db/connection.ts';
import {
  investmentProjects,
  investmentPromiseFulfilments,
  investmentPromiseReviews,
  investmentPromises,
  responsibilityMatrix,
  type InvestmentProjectRow,
  type InvestmentPromiseRow,
} from '../db/schema.ts';

/** SPEC §6: the matrix row whose lead is 市招商局. */
export const PROMISES_MATRIX_TOPIC = 'investment_promises';

/** The bureau that leads the promise clean-up, as the responsibility matrix says today (营商办 may edit it). */
export const loadPromiseLead = async (db: Db, tenantId: string): Promise<PromiseLead> => {
  const [row] = await db
    .select({ leadUnitId: responsibilityMatrix.leadUnitId })
    .from(responsibilityMatrix)
    .where(and(eq(responsibilityMatrix.tenantId, tenantId), eq(responsibilityMatrix.topic, PROMISES_MATRIX_TOPIC)));
  return { leadUnitId: row?.leadUnitId ?? null };
};

/** The units that must keep some promise of each project. */
const responsibleUnitsOf = async (db: Db, tenantId: string, projectIds: readonly string[]): Promise<Map<string, string[]>> => {
  const byProject = new Map<string, string[]>();
  if (projectIds.length === 0) return byProject;
  const rows = await db
    .selectDistinct({ projectId: investmentPromises.projectId, unitId: investmentPromises.responsibleUnitId })
    .from(investmentPromises)
    .where(and(eq(investmentPromises.tenantId, tenantId), inArray(investmentPromises.projectId, [...projectIds])));
  for (const row of rows) byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row.unitId]);
  return byProject;
};

/**
 * A project the actor may read; one it may not is not found, so its existence is not disclosed.
 * @throws AppError PROJECT_NOT_FOUND
 */
export const loadReadableProject = async (db: Db, tenantId: string, actor: Actor, lead: PromiseLead, id: string, options: { lock?: boolean } = {}): Promise<InvestmentProjectRow> => {
  const query = db
    .select()
    .from(investmentProjects)
    .where(and(eq(investmentProjects.tenantId, tenantId), eq(investmentProjects.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  const responsibleUnitIds = row === undefined ? [] : ((await responsibleUnitsOf(db, tenantId, [row.id])).get(row.id) ?? []);
  if (row === undefined || !canReadProject(actor, lead, { ...row, responsibleUnitIds })) throw new AppError('PROJECT_NOT_FOUND', '招商项目不存在', { id });
  return row;
};

/** A promise with what the access rules read of its project. */
export interface PromiseWithProject {
  readonly promise: InvestmentPromiseRow;
  readonly project: Pick<InvestmentProjectRow, 'id' | 'name' | 'agreementNo' | 'enterpriseUnitId' | 'signingUnitId' | 'jurisdictionId'>;
  readonly caseNumber: string | null;
}

export const refOf = (row: PromiseWithProject): PromiseRef => ({
  jurisdictionId: row.project.jurisdictionId,
  enterpriseUnitId: row.project.enterpriseUnitId,
  responsibleUnitId: row.promise.responsibleUnitId,
});

export const promiseSelection = {
  promise: investmentPromises,
  project: {
    id: investmentProjects.id,
    name: investmentProjects.name,
    agreementNo: investmentProjects.agreementNo,
    enterpriseUnitId: investmentProjects.enterpriseUnitId,
    signingUnitId: investmentProjects.signingUnitId,
    jurisdictionId: investmentProjects.jurisdictionId,
  },
  caseNumber: sql<string | null>`(select number from cases where cases.tenant_id = ${investmentPromises.tenantId} and cases.id = ${investmentPromises.caseId})`,
};

/** The promises of the register that match `where`, with their projects. */
export const selectPromises = (db: Db, where: SQL | undefined) =>
  db
    .select(promiseSelection)
    .from(investmentPromises)
    .innerJoin(investmentProjects, and(eq(investmentProjects.tenantId, investmentPromises.tenantId), eq(investmentProjects.id, investmentPromises.projectId)))
    .where(where)
    .orderBy(asc(investmentPromises.dueOn), asc(investmentPromises.createdAt));

/**
 * A promise the actor may read, locked for the write that follows when `lock` is set (its
 * deliveries and reviews are numbered under that lock). One it may not read is not found.
 * @throws AppError PROMISE_NOT_FOUND
 */
export const loadReadablePromise = async (db: Db, tenantId: string, actor: Actor, lead: PromiseLead, id: string, options: { lock?: boolean } = {}): Promise<PromiseWithProject> => {
  const where = and(eq(investmentPromises.tenantId, tenantId), eq(investmentPromises.id, id));
  if (options.lock) await db.select({ id: investmentPromises.id }).from(investmentPromises).where(where).for('update');
  const [row] = await selectPromises(db, where);
  if (row === undefined || !canReadPromise(actor, lead, refOf(row))) throw new AppError('PROMISE_NOT_FOUND', '承诺事项不存在', { id });
  return row;
};

/** The promises within `scope`, as a condition on the promise joined with its project. */
export const promiseScopeCondition = (scope: PromiseReadScope): SQL => {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.jurisdictionIds.length > 0) parts.push(inArray(investmentProjects.jurisdictionId, [...scope.jurisdictionIds]));
  if (scope.responsibleUnitId !== null) parts.push(eq(investmentPromises.responsibleUnitId, scope.responsibleUnitId));
  if (scope.enterpriseUnitId !== null) parts.push(eq(investmentProjects.enterpriseUnitId, scope.enterpriseUnitId));
  return parts.length === 0 ? sql`false` : (or(...parts) as SQL);
};

/** The projects within `scope`: by place or enterprise, or holding a promise of the unit. */
export const projectScopeCondition = (scope: PromiseReadScope): SQL => {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.jurisdictionIds.length > 0) parts.push(inArray(investmentProjects.jurisdictionId, [...scope.jurisdictionIds]));
  if (scope.enterpriseUnitId !== null) parts.push(eq(investmentProjects.enterpriseUnitId, scope.enterpriseUnitId));
  if (scope.responsibleUnitId !== null) {
    parts.push(
      sql`exists (select 1 from ${investmentPromises} where ${investmentPromises.tenantId} = ${investmentProjects.tenantId} and ${investmentPromises.projectId} = ${investmentProjects.id} and ${investmentPromises.responsibleUnitId} = ${scope.responsibleUnitId})`,
    );
  }
  return parts.length === 0 ? sql`false` : (or(...parts) as SQL);
};

export type FulfilmentRow = typeof investmentPromiseFulfilments.$inferSelect;
export type ReviewRow = typeof investmentPromiseReviews.$inferSelect;

/** Each promise's deliveries, in order. */
export const fulfilmentsOf = async (db: Db, tenantId: string, promiseIds: readonly string[]): Promise<Map<string, FulfilmentRow[]>> => {
  const byPromise = new Map<string, FulfilmentRow[]>();
  if (promiseIds.length === 0) return byPromise;
  const rows = await db
    .select()
    .from(investmentPromiseFulfilments)
    .where(and(eq(investmentPromiseFulfilments.tenantId, tenantId), inArray(investmentPromiseFulfilments.promiseId, [...new Set(promiseIds)])))
    .orderBy(asc(investmentPromiseFulfilments.promiseId), asc(investmentPromiseFulfilments.seq));
  for (const row of rows) byPromise.set(row.promiseId, [...(byPromise.get(row.promiseId) ?? []), row]);
  return byPromise;
};

/** Each promise's legality reviews, in order: the last is the one in force. */
export const reviewsOf = async (db: Db, tenantId: string, promiseIds: readonly string[]): Promise<Map<string, ReviewRow[]>> => {
  const byPromise = new Map<string, ReviewRow[]>();
  if (promiseIds.length === 0) return byPromise;
  const rows = await db
    .select()
    .from(investmentPromiseReviews)
    .where(and(eq(investmentPromiseReviews.tenantId, tenantId), inArray(investmentPromiseReviews.promiseId, [...new Set(promiseIds)])))
    .orderBy(asc(investmentPromiseReviews.promiseId), asc(investmentPromiseReviews.seq));
  for (const row of rows) byPromise.set(row.promiseId, [...(byPromise.get(row.promiseId) ?? []), row]);
  return byPromise;
};

/** What has been delivered on one promise. */
export const deliveredOn = async (db: Db, tenantId: string, promiseId: string): Promise<Delivered> =>
  deliveredOf((await fulfilmentsOf(db, tenantId, [promiseId])).get(promiseId) ?? []);
