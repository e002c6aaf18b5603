import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { referenceKey } from '../domain/case/fields.ts';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import type { Actor } from '../domain/access/roles.ts';
import {
  APPLICATION_CHANNEL_LABEL,
  APPLICATION_CHANNELS,
  APPLICATION_EVENT_LABEL,
  APPLICATION_STATE_LABEL,
  APPLICATION_STATES,
  applicationStatusText,
  availableActions,
  canReadApplication,
  isFinanceBureau,
} from '../domain/benefits/application.ts';
import { authorizeEnterpriseReading } from '../domain/enterprises/profile.ts';
import { AppError } from '../domain/errors.ts';
import { amountRuleText, CLAUSE_CLASS_LABEL } from '../domain/policy-library/library.ts';
import { benefitApplicationEvents, benefitApplications, benefitDisbursementCases, benefitPolicies, cases, units } from '../db/schema.ts';
import { disbursementDueOn, isSlowDisbursement } from '../domain/benefits/disbursement.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { Db } from '../db/connection.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { loadDisbursementLimits } from './disbursement-settings.ts';
import { loadEnterprise } from '../enterprises/profile-store.ts';
import { applicationRecordOf } from './application-store.ts';
import { materialLibrary } from './materials.ts';

/** The most applications one list answers. */
export const APPLICATION_LIST_LIMIT = 500;

export const listApplicationsQuerySchema = z.object({
  state: z.enum(APPLICATION_STATES, { error: '申报状态无效' }).optional(),
  channel: z.enum(APPLICATION_CHANNELS, { error: '申报渠道无效' }).optional(),
  enterpriseUnitId: referenceKey('企业').optional(),
  policyId: z.uuid({ error: '政策编号格式不正确' }).optional(),
});
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuerySchema>;

/** The applicant enterprise's unit row, beside the other units a query may join. */
export const enterpriseUnits = alias(units, 'enterprise_units');

/**
 * P5: for each application, the day its approved money is due by and whether it is late; the
 * 资金拨付缓慢 case the sweep raised for it, if any.
 */
export const disbursementClock = async (db: Db, tenantId: string, now: Date) => {
  const calendar = await loadCalendar(db, tenantId);
  const limits = await loadDisbursementLimits(db, tenantId);
  const today = todayInShanghai(now);
  return (row: typeof benefitApplications.$inferSelect, fastTrack: boolean) => {
    const dueOn = disbursementDueOn(row.submittedOn, fastTrack, limits, calendar);
    return { dueOn, late: isSlowDisbursement(row, dueOn, today) };
  };
};

/**
 * The applications the actor may see: its own for an enterprise; those its department reviews
 * (every one for a finance bureau, which pays them out); a county's for its coordinator; all for
 * 营商办 and leaders.
 * @throws AppError FORBIDDEN
 */
export const scopeOf = (actor: Actor): SQL | null => {
  switch (actor.role) {
    case 'business_office':
    case 'leader':
      return null;
    case 'enterprise':
      return eq(benefitApplications.enterpriseUnitId, actor.unitId ?? '');
    case 'county_coordinator': {
      const scope = actor.jurisdictionScope.length ? [...actor.jurisdictionScope] : [''];
      return or(inArray(benefitApplications.policyJurisdictionId, scope), inArray(enterpriseUnits.jurisdictionId, scope)) as SQL;
    }
    case 'unit_handler':
    case 'lead_bureau':
      return isFinanceBureau(actor.unitId) ? null : eq(benefitApplications.handlingUnitId, actor.unitId ?? '');
    default:
      throw new AppError('FORBIDDEN', '无权查看政策兑现申报');
  }
};

/** Applications with their enterprise, policy and the 资金拨付缓慢 case raised for them, if any. */
export const selectApplications = (app: AppContext) =>
  app.db
    .select({
      row: benefitApplications,
      enterpriseName: enterpriseUnits.name,
      enterpriseJurisdictionId: enterpriseUnits.jurisdictionId,
      enterpriseCreditCode: enterpriseUnits.creditCode,
      policy: benefitPolicies,
      caseId: benefitDisbursementCases.caseId,
      caseNumber: cases.number,
    })
    .from(benefitApplications)
    .innerJoin(enterpriseUnits, and(eq(enterpriseUnits.tenantId, benefitApplications.tenantId), eq(enterpriseUnits.id, benefitApplications.enterpriseUnitId)))
    .innerJoin(benefitPolicies, and(eq(benefitPolicies.tenantId, benefitApplications.tenantId), eq(benefitPolicies.id, benefitApplications.policyId)))
    .leftJoin(benefitDisbursementCases, and(eq(benefitDisbursementCases.tenantId, benefitApplications.tenantId), eq(benefitDisbursementCases.applicationId, benefitApplications.id)))
    .leftJoin(cases, and(eq(cases.tenantId, benefitDisbursementCases.tenantId), eq(cases.id, benefitDisbursementCases.caseId)))
    .$dynamic();

export type SelectedApplication = Awaited<ReturnType<ReturnType<typeof selectApplications>['execute']>>[number];

/** How a list and a page show an application: names, labels, its due day and what the enterprise is told. */
export const summaries = async (app: AppContext, rows: readonly SelectedApplication[]) => {
  const names = await namesOf(app.db, app.tenantId, rows.map((row) => row.row.handlingUnitId), []);
  const due = await disbursementClock(app.db, app.tenantId, app.clock());
  return ({ row, enterpriseName, policy, caseId, caseNumber }: SelectedApplication) => {
    const clause = policy.clauses.find((candidate) => candidate.id === row.clauseId);
    return {
      ...due(row, clause?.fastTrack ?? false),
      slowCase: caseId && caseNumber ? { id: caseId, number: caseNumber } : null,
      id: row.id,
      enterpriseUnitId: row.enterpriseUnitId,
      enterpriseName,
      policyId: row.policyId,
      documentNo: policy.documentNo,
      policyTitle: policy.title,
      packageTag: policy.packageTag,
      clauseId: row.clauseId,
      clauseTitle: clause ? `${clause.article} ${clause.title}` : '',
      handlingUnitId: row.handlingUnitId,
      handlingUnitName: names.unit(row.handlingUnitId).name,
      channel: row.channel,
      channelLabel: APPLICATION_CHANNEL_LABEL[row.channel],
      state: row.state,
      stateLabel: APPLICATION_STATE_LABEL[row.state],
      statusText: applicationStatusText(row, row.missing),
      approvedAmount: row.approvedAmount,
      disbursedAmount: row.disbursedAmount,
      submittedOn: row.submittedOn,
      decidedOn: row.decidedOn,
      disbursedOn: row.disbursedOn,
      version: row.version,
    };
  };
};

/** Applications, newest first, with names, labels and the words the enterprise is told. */
export const listApplications = async (app: AppContext, actor: Actor, query: ListApplicationsQuery) => {
  const filters: SQL[] = [eq(benefitApplications.tenantId, app.tenantId)];
  const scope = scopeOf(actor);
  if (scope) filters.push(scope);
  if (query.state) filters.push(eq(benefitApplications.state, query.state));
  if (query.channel) filters.push(eq(benefitApplications.channel, query.channel));
  if (query.enterpriseUnitId) filters.push(eq(benefitApplications.enterpriseUnitId, query.enterpriseUnitId));
  if (query.policyId) filters.push(eq(benefitApplications.policyId, query.policyId));
  const rows = await selectApplications(app).where(and(...filters)).orderBy(desc(benefitApplications.updatedAt), desc(benefitApplications.id)).limit(APPLICATION_LIST_LIMIT + 1);
  const summary = await summaries(app, rows);
  const items = rows.slice(0, APPLICATION_LIST_LIMIT).map(summary);
  return { items, truncated: rows.length > APPLICATION_LIST_LIMIT };
};

export type ApplicationSummary = Awaited<ReturnType<typeof listApplications>>['items'][number];

/** An application's steps, oldest first, each with who took it as the reader may be shown them (to an enterprise, the unit). */
const applicationHistory = async (app: AppContext, actor: Actor, applicationId: string) => {
  const events = await app.db
    .select()
    .from(benefitApplicationEvents)
    .where(and(eq(benefitApplicationEvents.tenantId, app.tenantId), eq(benefitApplicationEvents.applicationId, applicationId)))
    .orderBy(benefitApplicationEvents.seq);
  const disclosure = await loadDisclosure(app, actor, events.map((event) => event.actorId));
  return events.map((event) => ({
    seq: event.seq,
    type: event.type,
    label: APPLICATION_EVENT_LABEL[event.type],
    payload: event.payload as Record<string, unknown>,
    actorName: disclosure.actor({ id: event.actorId, name: event.actorName }).name,
    at: event.at.toISOString(),
  }));
};

/**
 * One application: the clause it claims, its materials, each step with who took it, and the
 * steps the reader may take now.
 * @throws AppError APPLICATION_NOT_FOUND (also for an application the actor may not see)
 */
export const getApplication = async (app: AppContext, actor: Actor, id: string) => {
  const [found] = await selectApplications(app).where(and(eq(benefitApplications.tenantId, app.tenantId), eq(benefitApplications.id, id)));
  const record = found ? applicationRecordOf(found.row, found.enterpriseJurisdictionId) : null;
  if (!found || !record || !canReadApplication(actor, record)) throw new AppError('APPLICATION_NOT_FOUND', '申报不存在或无权查看', { id });
  const { row, policy } = found;
  const clause = policy.clauses.find((candidate) => candidate.id === row.clauseId)!;
  return {
    ...(await summaries(app, [found]))(found),
    enterpriseCreditCode: found.enterpriseCreditCode,
    clause: {
      id: clause.id,
      article: clause.article,
      title: clause.title,
      classLabel: CLAUSE_CLASS_LABEL[clause.class],
      amountText: amountRuleText(clause.amountRule),
      amountRule: clause.amountRule,
      materials: clause.materials,
      noApplication: clause.noApplication,
      fastTrack: clause.fastTrack,
    },
    missing: row.missing,
    materials: row.materials,
    budgetSource: row.budgetSource,
    actions: availableActions(actor, record),
    events: await applicationHistory(app, actor, id),
  };
};

export type ApplicationView = Awaited<ReturnType<typeof getApplication>>;

/**
 * The enterprise's materials, each name with the file it gave last, for its next application.
 * @throws AppError ENTERPRISE_NOT_FOUND, FORBIDDEN
 */
export const getMaterialLibrary = async (app: AppContext, actor: Actor, unitId: string) => {
  const enterprise = await loadEnterprise(app.db, app.tenantId, unitId);
  authorizeEnterpriseReading(actor, enterprise);
  return { items: await materialLibrary(app.db, app.tenantId, unitId) };
};
