import { and, asc, eq, gt, isNotNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { availableActions } from '../domain/benefits/application.ts';
import { byUrgency, fundsByDepartment, fundsTotals, mayReadFunds } from '../domain/benefits/funds.ts';
import { todayInShanghai, workingDaysBetween } from '../domain/calendar.ts';
import { optionalText, referenceKey } from '../domain/case/fields.ts';
import { AppError } from '../domain/errors.ts';
import { benefitApplications, benefitPolicies } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { applicationRecordOf } from './application-store.ts';
import { enterpriseUnits, scopeOf, selectApplications, summaries } from './read-applications.ts';

/** The most items one answer lists; the totals and the departments always count every one. */
export const FUNDS_LIST_LIMIT = 500;

export const fundsQuerySchema = z.object({
  packageTag: optionalText('政策包', 30).describe('政策包，如“16条”'),
  handlingUnitId: referenceKey('部门').optional().describe('核准（审核）部门'),
  jurisdictionId: referenceKey('属地').optional().describe('企业注册地或政策所属的县市区、管委会'),
  late: z
    .enum(['true', 'false'], { error: '“只看逾期”应为 true 或 false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('只看逾期未拨付的'),
});
export type FundsQuery = z.infer<typeof fundsQuerySchema>;

/**
 * P5: the approved money still owed that the actor may see (the application list's scope: every
 * department's for 营商办, leaders and the finance bureaus, a department's own, a county's for its
 * coordinator), each with what is owed, how many working days it is late and whether the actor
 * may record its payment; the late first.
 * Totals and departments count every item; the list stops at `limit`.
 * @throws AppError FORBIDDEN (enterprises, the credit office, the administrators)
 */
export const readFunds = async (app: AppContext, actor: Actor, query: FundsQuery, options: { limit?: number } = {}) => {
  if (!mayReadFunds(actor)) throw new AppError('FORBIDDEN', '资金拨付情况由营商办、领导、财政部门、政策部门和县市区查看');
  const filters: SQL[] = [
    eq(benefitApplications.tenantId, app.tenantId),
    eq(benefitApplications.state, 'approved'),
    gt(benefitApplications.approvedAmount, benefitApplications.disbursedAmount),
  ];
  const scope = scopeOf(actor);
  if (scope) filters.push(scope);
  if (query.packageTag) filters.push(eq(benefitPolicies.packageTag, query.packageTag));
  if (query.handlingUnitId) filters.push(eq(benefitApplications.handlingUnitId, query.handlingUnitId));
  if (query.jurisdictionId) filters.push(or(eq(benefitApplications.policyJurisdictionId, query.jurisdictionId), eq(enterpriseUnits.jurisdictionId, query.jurisdictionId)) as SQL);
  const rows = await selectApplications(app).where(and(...filters));
  const summary = await summaries(app, rows);
  const calendar = await loadCalendar(app.db, app.tenantId);
  const today = todayInShanghai(app.clock());
  const all = rows
    .map((row) => {
      const item = summary(row);
      const approvedAmount = item.approvedAmount ?? 0;
      return {
        ...item,
        approvedAmount,
        outstanding: approvedAmount - item.disbursedAmount,
        workingDaysLate: item.late ? workingDaysBetween(item.dueOn, today, calendar) : null,
        // The page offers 登记拨付 only to those who may record it (the department, a finance bureau).
        mayDisburse: availableActions(actor, applicationRecordOf(row.row, row.enterpriseJurisdictionId)).includes('disburse'),
      };
    })
    .filter((item) => !query.late || item.late)
    .sort(byUrgency);
  const limit = options.limit ?? FUNDS_LIST_LIMIT;
  const packages = await app.db
    .selectDistinct({ tag: benefitPolicies.packageTag })
    .from(benefitPolicies)
    .where(and(eq(benefitPolicies.tenantId, app.tenantId), isNotNull(benefitPolicies.packageTag)))
    .orderBy(asc(benefitPolicies.packageTag));
  return {
    asOf: today,
    totals: fundsTotals(all),
    byDepartment: fundsByDepartment(all),
    items: all.slice(0, limit),
    truncated: all.length > limit,
    packageTags: packages.map((row) => row.tag).filter((tag): tag is string => tag !== null),
  };
};

export type BenefitFunds = Awaited<ReturnType<typeof readFunds>>;
export type FundsItem = BenefitFunds['items'][number];
