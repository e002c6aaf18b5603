import { and, eq, gte, inArray, lte, notInArray } from 'drizzle-orm';
import { TERMINAL_STATES } from '../domain/case/states.ts';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import type { Actor } from '../domain/access/roles.ts';
import { benefitFigures, figuresBy } from '../domain/benefits/evaluation.ts';
import { followsPolicyFunds } from '../domain/benefits/funds.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { text } from '../domain/case/fields.ts';
import { AppError } from '../domain/errors.ts';
import { benefitApplications, benefitDisbursementCases, benefitPolicies, cases, units } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { disbursementClock } from './read-applications.ts';

export const evaluationQuerySchema = z.object({
  year: z.coerce.number({ error: '年度应为数字' }).int({ error: '年度应为整数' }).min(2000, { error: '年度无效' }).max(2100, { error: '年度无效' }).optional(),
});
export const packageQuerySchema = z.object({ packageTag: text('政策包', 30) });

/**
 * P6: 营商办 evaluates the policies (and leaders read it); P5: 财政局 follows the packages' funds.
 * @throws AppError FORBIDDEN
 */
const authorizeFigures = (actor: Actor): void => {
  if (!followsPolicyFunds(actor)) throw new AppError('FORBIDDEN', '政策兑现评估由市营商办、领导和财政部门查看');
};

/** The applications on `policyIds`, as the figures read them, with their enterprise's jurisdiction and department. */
const figureRows = async (app: AppContext, policyIds: readonly string[]) => {
  if (policyIds.length === 0) return [];
  const due = await disbursementClock(app.db, app.tenantId, app.clock());
  const rows = await app.db
    .select({ row: benefitApplications, jurisdictionId: units.jurisdictionId, clauses: benefitPolicies.clauses })
    .from(benefitApplications)
    .innerJoin(units, and(eq(units.tenantId, benefitApplications.tenantId), eq(units.id, benefitApplications.enterpriseUnitId)))
    .innerJoin(benefitPolicies, and(eq(benefitPolicies.tenantId, benefitApplications.tenantId), eq(benefitPolicies.id, benefitApplications.policyId)))
    .where(and(eq(benefitApplications.tenantId, app.tenantId), inArray(benefitApplications.policyId, [...policyIds])));
  return rows.map(({ row, jurisdictionId, clauses }) => ({
    policyId: row.policyId,
    enterpriseUnitId: row.enterpriseUnitId,
    state: row.state,
    approvedAmount: row.approvedAmount,
    disbursedAmount: row.disbursedAmount,
    submittedOn: row.submittedOn,
    disbursedOn: row.disbursedOn,
    late: due(row, clauses.find((clause) => clause.id === row.clauseId)?.fastTrack ?? false).late,
    jurisdictionId,
    handlingUnitId: row.handlingUnitId,
  }));
};

/**
 * The open problems of each policy: the `policy` cases not yet closed that name its 文号 (in their
 * title or classification) or were raised for one of its applications (资金拨付缓慢).
 */
const openProblems = async (app: AppContext, policies: readonly { id: string; documentNo: string }[]): Promise<Map<string, number>> => {
  const open = await app.db
    .select({ id: cases.id, title: cases.title, detail: cases.detail })
    .from(cases)
    .where(and(eq(cases.tenantId, app.tenantId), eq(cases.line, 'policy'), notInArray(cases.state, [...TERMINAL_STATES])));
  const linked = policies.length
    ? await app.db
        .select({ caseId: benefitDisbursementCases.caseId, policyId: benefitApplications.policyId })
        .from(benefitDisbursementCases)
        .innerJoin(benefitApplications, and(eq(benefitApplications.tenantId, benefitDisbursementCases.tenantId), eq(benefitApplications.id, benefitDisbursementCases.applicationId)))
        .where(and(eq(benefitDisbursementCases.tenantId, app.tenantId), inArray(benefitApplications.policyId, policies.map((policy) => policy.id))))
    : [];
  const byPolicy = new Map<string, Set<string>>(policies.map((policy) => [policy.id, new Set<string>()]));
  const openIds = new Set(open.map((item) => item.id));
  for (const item of open) {
    const words = `${item.title} ${JSON.stringify(item.detail)}`;
    for (const policy of policies) if (words.includes(policy.documentNo)) byPolicy.get(policy.id)!.add(item.id);
  }
  for (const link of linked) if (link.caseId && openIds.has(link.caseId)) byPolicy.get(link.policyId)?.add(link.caseId);
  return new Map([...byPolicy].map(([id, set]) => [id, set.size]));
};

/**
 * P6: the policies issued in `year` (by publication date) and how they reached enterprises: per
 * policy and per issuing department, enterprises reached, applications, approval rate, money
 * approved and paid, median working days from application to money, open problems.
 * @throws AppError FORBIDDEN
 */
export const benefitEvaluation = async (app: AppContext, actor: Actor, query: { year?: number | undefined }) => {
  authorizeFigures(actor);
  const today = todayInShanghai(app.clock());
  const year = query.year ?? Number(today.slice(0, 4));
  const policies = await app.db
    .select()
    .from(benefitPolicies)
    .where(and(eq(benefitPolicies.tenantId, app.tenantId), gte(benefitPolicies.publishedOn, `${year}-01-01`), lte(benefitPolicies.publishedOn, `${year}-12-31`)))
    .orderBy(benefitPolicies.publishedOn, benefitPolicies.documentNo);
  const rows = await figureRows(app, policies.map((policy) => policy.id));
  const problems = await openProblems(app, policies);
  const holidays = await loadCalendar(app.db, app.tenantId);
  const departments = [...new Set(policies.map((policy) => policy.issuerUnitId))];
  const names = await namesOf(app.db, app.tenantId, departments, []);
  const byPolicy = figuresBy(rows, (row) => row.policyId, policies.map((policy) => policy.id), holidays);
  const policyRows = policies.map((policy, index) => ({
    policyId: policy.id,
    documentNo: policy.documentNo,
    title: policy.title,
    packageTag: policy.packageTag,
    issuerName: names.unit(policy.issuerUnitId).name,
    publishedOn: policy.publishedOn,
    status: policy.status,
    openProblems: problems.get(policy.id) ?? 0,
    ...byPolicy[index]!.figures,
  }));
  // The policies that reached most enterprises first; those nobody has claimed yet last.
  policyRows.sort((a, b) => b.applications - a.applications || b.approvedAmount - a.approvedAmount || a.publishedOn.localeCompare(b.publishedOn));
  const issuerOf = new Map(policies.map((policy) => [policy.id, policy.issuerUnitId]));
  const byDepartment = figuresBy(rows, (row) => issuerOf.get(row.policyId)!, departments, holidays).map(({ key, figures }) => ({
    unitId: key,
    name: names.unit(key).name,
    policies: policies.filter((policy) => policy.issuerUnitId === key).length,
    openProblems: policies.filter((policy) => policy.issuerUnitId === key).reduce((sum, policy) => sum + (problems.get(policy.id) ?? 0), 0),
    ...figures,
  }));
  byDepartment.sort((a, b) => b.approvedAmount - a.approvedAmount || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  return {
    year,
    asOf: today,
    policies: policyRows,
    departments: byDepartment,
    total: { policies: policies.length, openProblems: [...problems.values()].reduce((sum, count) => sum + count, 0), ...benefitFigures(rows, holidays) },
  };
};

export type BenefitEvaluation = Awaited<ReturnType<typeof benefitEvaluation>>;

/**
 * P5: a package's (16条, 30条) funds — approved, paid, owed and late — by the department that
 * approves them and by the county of the enterprises they reach.
 * @throws AppError FORBIDDEN
 */
export const packageFocus = async (app: AppContext, actor: Actor, packageTag: string) => {
  authorizeFigures(actor);
  const policies = await app.db
    .select({ id: benefitPolicies.id })
    .from(benefitPolicies)
    .where(and(eq(benefitPolicies.tenantId, app.tenantId), eq(benefitPolicies.packageTag, packageTag)));
  const rows = await figureRows(app, policies.map((policy) => policy.id));
  const holidays = await loadCalendar(app.db, app.tenantId);
  const departments = [...new Set(rows.map((row) => row.handlingUnitId))];
  const jurisdictions = [...new Set(rows.map((row) => row.jurisdictionId))];
  const names = await namesOf(app.db, app.tenantId, departments, jurisdictions);
  const order = <T extends { approvedAmount: number; name: string }>(items: T[]) =>
    items.sort((a, b) => b.approvedAmount - a.approvedAmount || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  return {
    packageTag,
    asOf: todayInShanghai(app.clock()),
    policies: policies.length,
    byDepartment: order(figuresBy(rows, (row) => row.handlingUnitId, departments, holidays).map(({ key, figures }) => ({ id: key, name: names.unit(key).name, ...figures }))),
    byCounty: order(figuresBy(rows, (row) => row.jurisdictionId, jurisdictions, holidays).map(({ key, figures }) => ({ id: key, name: names.jurisdiction(key).name, ...figures }))),
    total: { ...benefitFigures(rows, holidays) },
  };
};

export type PackageFocus = Awaited<ReturnType<typeof packageFocus>>;
