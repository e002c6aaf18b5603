import { and, asc, eq, notInArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { caseScopeCondition } from '../cases/case-conditions.ts';
import { namesOf } from '../cases/case-view.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { referenceKey } from '../domain/case/fields.ts';
import type { CaseOf } from '../domain/case/record.ts';
import { authorizeProblemLists, caseListRow, figuresBy, type CaseListRow } from '../domain/investment/problem-lists.ts';
import { cases } from '../db/schema.ts';
import { trackPromises, type PromiseTracking } from './read-register.ts';
import { loadPromiseLead } from './register-store.ts';

export const problemListsQuerySchema = z.object({
  jurisdictionId: referenceKey('县市区').optional(),
  responsibleUnitId: referenceKey('责任单位').optional(),
  open: z.enum(['true', 'false'], { error: 'open 应为 true 或 false' }).optional().describe('true：只看未销号的问题'),
});
export type ProblemListsQuery = z.infer<typeof problemListsQuerySchema>;

type PromiseItem = PromiseTracking['items'][number];

/** A promise of the register that is overdue or flawed and not yet raised as a case: a problem only the register knows. */
const isUnregisteredProblem = (item: PromiseItem): boolean => item.case === null && (item.status === 'overdue' || item.legality?.legality === 'flawed');

const promiseProblem = (item: PromiseItem): string =>
  [
    item.status === 'overdue' ? `逾期未兑现（逾期${item.daysOverdue ?? 0}天）` : null,
    item.legality?.legality === 'flawed' ? `有瑕疵：${item.legality.reason ?? ''}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join('；');

/**
 * S6: the problem list and the rectification-responsibility list of the investment line, live:
 * every investment case the reader's ledger shows (the same read scope, none dismissed) and every
 * promise of the register, within the reader's reach, that is overdue or flawed with no case yet;
 * with their figures per county and per responsible unit.
 * @throws AppError FORBIDDEN
 */
export const readProblemLists = async (app: AppContext, actor: Actor, query: ProblemListsQuery) => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  authorizeProblemLists(actor, lead);
  const today = todayInShanghai(app.clock());
  const filters: (SQL | undefined)[] = [eq(cases.tenantId, app.tenantId), eq(cases.line, 'investment'), notInArray(cases.state, ['dismissed', 'withdrawn']), caseScopeCondition(caseReadScope(actor))];
  if (query.jurisdictionId) filters.push(eq(cases.jurisdictionId, query.jurisdictionId));
  if (query.responsibleUnitId) filters.push(eq(cases.responsibleUnitId, query.responsibleUnitId));
  const caseRows = await app.db.select({ detail: cases.detail }).from(cases).where(and(...filters)).orderBy(asc(cases.registeredAt), asc(cases.number));
  const openOnly = query.open === 'true';
  const caseItems: CaseListRow[] = caseRows.map((row) => caseListRow(row.detail as unknown as CaseOf<'investment'>, today)).filter((row) => !openOnly || row.open);
  const tracking = await trackPromises(
    app,
    actor,
    { ...(query.jurisdictionId ? { jurisdictionId: query.jurisdictionId } : {}), ...(query.responsibleUnitId ? { responsibleUnitId: query.responsibleUnitId } : {}) },
    { limit: Number.POSITIVE_INFINITY },
  );
  const promiseItems = tracking.items.filter(isUnregisteredProblem);
  const names = await namesOf(
    app.db,
    app.tenantId,
    caseItems.flatMap((row) => [row.responsibleUnitId, ...(row.leadUnitId === null ? [] : [row.leadUnitId])]),
    caseItems.map((row) => row.jurisdictionId),
  );
  const problems = [
    ...caseItems.map((row) => ({
      kind: 'case' as const,
      key: row.caseId,
      case: { id: row.caseId, number: row.number },
      promiseId: null,
      jurisdiction: names.jurisdiction(row.jurisdictionId),
      responsibleUnit: names.unit(row.responsibleUnitId),
      enterpriseName: row.enterpriseName,
      projectName: null,
      promise: row.promise,
      problem: row.problem,
      stateLabel: row.stateLabel,
      deadline: row.deadline,
      overdue: row.overdue,
      open: row.open,
      amount: row.amount,
    })),
    ...promiseItems.map((item) => ({
      kind: 'promise' as const,
      key: item.id,
      case: null,
      promiseId: item.id,
      jurisdiction: item.project.jurisdiction,
      responsibleUnit: item.responsibleUnit,
      enterpriseName: item.project.enterpriseName,
      projectName: item.project.name,
      promise: `${item.clause}：${item.content}`,
      problem: promiseProblem(item),
      stateLabel: '未立案',
      deadline: item.dueOn,
      overdue: item.status === 'overdue',
      open: true,
      amount: item.amount,
    })),
  ];
  const responsibilities = caseItems.map((row) => ({
    caseId: row.caseId,
    number: row.number,
    title: row.title,
    jurisdiction: names.jurisdiction(row.jurisdictionId),
    responsibleUnit: names.unit(row.responsibleUnitId),
    leadUnit: row.leadUnitId === null ? null : names.unit(row.leadUnitId),
    problem: row.problem,
    measures: row.measures,
    deadline: row.deadline,
    overdue: row.overdue,
    stateLabel: row.stateLabel,
    progress: row.progress,
    closedAt: row.closedAt,
  }));
  type Problem = (typeof problems)[number];
  const figures = (row: Problem) => ({ open: row.open, closed: row.stateLabel === '已销号', overdue: row.overdue, unregistered: row.kind === 'promise' });
  const jurisdictionName = new Map(problems.map((row) => [row.jurisdiction.id, row.jurisdiction.name]));
  const unitName = new Map(problems.map((row) => [row.responsibleUnit.id, row.responsibleUnit.name]));
  const byCounty = figuresBy(problems, (row) => row.jurisdiction.id, figures).map((group) => ({ ...group, name: jurisdictionName.get(group.id) ?? group.id }));
  const byUnit = figuresBy(problems, (row) => row.responsibleUnit.id, figures).map((group) => ({ ...group, name: unitName.get(group.id) ?? group.id }));
  const totals = figuresBy(problems, () => 'all', figures)[0] ?? { id: 'all', problems: 0, open: 0, closed: 0, overdue: 0, unregistered: 0 };
  return { asOf: today, totals, byCounty, byUnit, problems, responsibilities };
};

export type ProblemLists = Awaited<ReturnType<typeof readProblemLists>>;
