import { and, asc, desc, eq, ilike, inArray, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { localDate, optionalText, referenceKey } from '../domain/case/fields.ts';
import { authorizeRegisterReading, canKeepRegister, keepsSomeRegister, type PromiseLead } from '../domain/investment/access.ts';
import { byUrgency, deliveredOf, PROMISE_STATUS_LABEL, PROMISE_STATUSES, projectStatus, promiseStanding, statusTotals } from '../domain/investment/promise-status.ts';
import { byClause, LEGALITY_FILTERS, PROMISE_TYPES } from '../domain/investment/register.ts';
import { containsPattern } from '../db/like-pattern.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import type { Db } from '../db/connection.ts';
import { investmentProjects, investmentPromises, units, type InvestmentProjectRow } from '../db/schema.ts';
import { promiseDetails, promiseViews, registerNames, type PromiseView } from './promise-views.ts';
import { fulfilmentsOf, loadPromiseLead, loadReadablePromise, loadReadableProject, projectScopeCondition, promiseScopeCondition, selectPromises } from './register-store.ts';

/** The most projects one list answers; a city signs a few hundred agreements. */
export const PROJECT_LIST_LIMIT = 500;
/** The most promises the tracking list shows; its totals count them all. */
export const TRACKING_LIST_LIMIT = 1_000;

export const listProjectsQuerySchema = z.object({
  jurisdictionId: referenceKey('属地').optional(),
  q: optionalText('关键词', 100).describe('项目名称、企业名称或协议名称、编号中的文字'),
  status: z.enum(PROMISE_STATUSES, { error: '项目状态无效' }).optional().describe('项目按其承诺：有逾期的为 overdue，全部兑现为 kept，有兑现的为 partly_kept，其余 due'),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuerySchema>;

export const trackPromisesQuerySchema = z.object({
  status: z.enum(PROMISE_STATUSES, { error: '承诺状态无效' }).optional(),
  type: z.enum(PROMISE_TYPES, { error: '承诺类型无效' }).optional(),
  jurisdictionId: referenceKey('属地').optional(),
  responsibleUnitId: referenceKey('履约责任单位').optional(),
  legality: z.enum(LEGALITY_FILTERS, { error: '合法性审查结论应为 compliant、flawed 或 unreviewed' }).optional(),
  dueBefore: localDate('兑现期限').optional().describe('兑现期限在该日及以前的'),
  projectId: z.uuid({ error: '项目编号格式不正确' }).optional(),
});
export type TrackPromisesQuery = z.infer<typeof trackPromisesQuerySchema>;

/** A project as the lists show it, with its promises' standing counted (those the reader may see). */
const projectSummaries = async (db: Db, tenantId: string, actor: Actor, lead: PromiseLead, projects: readonly InvestmentProjectRow[], promiseScope: SQL, today: string) => {
  const ids = projects.map((project) => project.id);
  const promises = ids.length === 0 ? [] : await selectPromises(db, and(eq(investmentPromises.tenantId, tenantId), inArray(investmentPromises.projectId, ids), promiseScope));
  const fulfilments = await fulfilmentsOf(db, tenantId, promises.map((row) => row.promise.id));
  const standings = new Map<string, { status: (typeof PROMISE_STATUSES)[number]; amount: number; delivered: number }[]>();
  for (const row of promises) {
    const delivered = deliveredOf(fulfilments.get(row.promise.id) ?? []);
    const standing = promiseStanding(row.promise, delivered, today);
    standings.set(row.project.id, [...(standings.get(row.project.id) ?? []), { status: standing.status, amount: row.promise.amount ?? 0, delivered: delivered.amount }]);
  }
  const names = await registerNames(
    db,
    tenantId,
    projects.flatMap((project) => [project.enterpriseUnitId, project.signingUnitId]),
    projects.map((project) => project.jurisdictionId),
  );
  return projects.map((project) => {
    const own = standings.get(project.id) ?? [];
    const status = projectStatus(own.map((standing) => standing.status));
    return {
      id: project.id,
      name: project.name,
      agreementName: project.agreementName,
      agreementNo: project.agreementNo,
      enterprise: names.enterprise(project.enterpriseUnitId),
      signingUnit: names.unit(project.signingUnitId),
      jurisdiction: names.jurisdiction(project.jurisdictionId),
      signedOn: project.signedOn,
      investmentAmount: project.investmentAmount,
      milestones: project.milestones,
      version: project.version,
      status,
      statusLabel: PROMISE_STATUS_LABEL[status],
      totals: statusTotals(own),
      promisedAmount: own.reduce((sum, standing) => sum + standing.amount, 0),
      deliveredAmount: own.reduce((sum, standing) => sum + standing.delivered, 0),
      mayEdit: canKeepRegister(actor, lead, project.jurisdictionId),
    };
  });
};

/**
 * S6: the investment projects the actor reads, newest signing first, filtered by jurisdiction,
 * a word of the project, enterprise or agreement, and the project's standing.
 * @throws AppError FORBIDDEN for whom the register reaches nothing
 */
export const listProjects = async (app: AppContext, actor: Actor, query: ListProjectsQuery) => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  const scope = authorizeRegisterReading(actor, lead);
  const filters: SQL[] = [eq(investmentProjects.tenantId, app.tenantId), projectScopeCondition(scope)];
  if (query.jurisdictionId) filters.push(eq(investmentProjects.jurisdictionId, query.jurisdictionId));
  if (query.q) {
    const word = containsPattern(query.q);
    filters.push(or(ilike(investmentProjects.name, word), ilike(investmentProjects.agreementNo, word), ilike(investmentProjects.agreementName, word), ilike(units.name, word)) as SQL);
  }
  const rows = await app.db
    .select({ project: investmentProjects })
    .from(investmentProjects)
    .innerJoin(units, and(eq(units.tenantId, investmentProjects.tenantId), eq(units.id, investmentProjects.enterpriseUnitId)))
    .where(and(...filters))
    .orderBy(desc(investmentProjects.signedOn), asc(investmentProjects.name));
  const summaries = await projectSummaries(app.db, app.tenantId, actor, lead, rows.map((row) => row.project), promiseScopeCondition(scope), todayInShanghai(app.clock()));
  const items = query.status ? summaries.filter((project) => project.status === query.status) : summaries;
  return { items: items.slice(0, PROJECT_LIST_LIMIT), truncated: items.length > PROJECT_LIST_LIMIT, mayRecord: keepsSomeRegister(actor, lead) };
};

/**
 * One project with its promises the actor reads, each with its deliveries and legality reviews.
 * @throws AppError PROJECT_NOT_FOUND
 */
export const getProject = async (app: AppContext, actor: Actor, id: string) => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  const scope = authorizeRegisterReading(actor, lead);
  const project = await loadReadableProject(app.db, app.tenantId, actor, lead, id);
  const today = todayInShanghai(app.clock());
  const promiseScope = promiseScopeCondition(scope);
  const [summary] = await projectSummaries(app.db, app.tenantId, actor, lead, [project], promiseScope, today);
  const rows = await selectPromises(app.db, and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.projectId, id), promiseScope));
  const promises = await promiseDetails(app.db, app.tenantId, actor, lead, rows, today);
  // 个人信息保护法: to the enterprise, who registered the project is their unit; the last editor, kept by name alone, is not shown.
  const disclosure = await loadDisclosure(app, actor, [project.createdById]);
  return {
    ...summary!,
    clauses: project.clauses,
    createdByName: disclosure.actor({ id: project.createdById, name: project.createdByName }).name,
    createdAt: project.createdAt.toISOString(),
    updatedByName: disclosure.unattributed(project.updatedByName),
    updatedAt: project.updatedAt.toISOString(),
    mayAddPromise: summary!.mayEdit,
    promises: promises.sort(byClause),
  };
};

export type ProjectView = Awaited<ReturnType<typeof getProject>>;
export type ProjectSummary = Awaited<ReturnType<typeof listProjects>>['items'][number];

/**
 * One promise with its deliveries and reviews.
 * @throws AppError PROMISE_NOT_FOUND
 */
export const getPromise = async (app: AppContext, actor: Actor, id: string) => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  authorizeRegisterReading(actor, lead);
  const row = await loadReadablePromise(app.db, app.tenantId, actor, lead, id);
  const [detail] = await promiseDetails(app.db, app.tenantId, actor, lead, [row], todayInShanghai(app.clock()));
  return detail!;
};

/**
 * S6 (实时跟踪): the promises the actor reads, where each stands today — the overdue first, then
 * by due date — filtered by status, type, jurisdiction, responsible unit, legality review (有瑕疵
 * for 招商局's problem list) and due date; with how many stand in each status under the other
 * filters (the status filter narrows the list, not the totals).
 * @throws AppError FORBIDDEN for whom the register reaches nothing
 */
export const trackPromises = async (app: AppContext, actor: Actor, query: TrackPromisesQuery, options: { limit?: number } = {}) => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  const scope = authorizeRegisterReading(actor, lead);
  const today = todayInShanghai(app.clock());
  const filters: SQL[] = [eq(investmentPromises.tenantId, app.tenantId), promiseScopeCondition(scope)];
  if (query.type) filters.push(eq(investmentPromises.type, query.type));
  if (query.jurisdictionId) filters.push(eq(investmentProjects.jurisdictionId, query.jurisdictionId));
  if (query.responsibleUnitId) filters.push(eq(investmentPromises.responsibleUnitId, query.responsibleUnitId));
  if (query.dueBefore) filters.push(lte(investmentPromises.dueOn, query.dueBefore));
  if (query.projectId) filters.push(eq(investmentPromises.projectId, query.projectId));
  const rows = await selectPromises(app.db, and(...filters));
  const views = (await promiseViews(app.db, app.tenantId, actor, lead, rows, today)).filter((view) => {
    if (query.legality === undefined) return true;
    return query.legality === 'unreviewed' ? view.legality === null : view.legality?.legality === query.legality;
  });
  const totals = { ...statusTotals(views), flawed: views.filter((view) => view.legality?.legality === 'flawed').length };
  const items: PromiseView[] = (query.status ? views.filter((view) => view.status === query.status) : views).sort(byUrgency);
  const limit = options.limit ?? TRACKING_LIST_LIMIT;
  return { asOf: today, totals, items: items.slice(0, limit), truncated: items.length > limit };
};

export type PromiseTracking = Awaited<ReturnType<typeof trackPromises>>;
