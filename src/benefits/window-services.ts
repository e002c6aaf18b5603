import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { referenceKey } from '../domain/case/fields.ts';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import {
  authorizeWindowService,
  WINDOW_SERVICE_CHANNEL_LABEL,
  WINDOW_SERVICE_KIND_LABEL,
  WINDOW_SERVICE_KINDS,
  type WindowServiceInput,
} from '../domain/benefits/window-service.ts';
import { AppError } from '../domain/errors.ts';
import { benefitPolicies, units, windowServices } from '../db/schema.ts';
import { loadEnterprise } from '../enterprises/profile-store.ts';
import { loadPolicy } from '../policy-library/policy-store.ts';
import { loadDisclosure } from '../reference/acting-units.ts';

/** The most records one list answers, newest first. */
export const WINDOW_SERVICE_LIST_LIMIT = 200;

export const listWindowServicesQuerySchema = z.object({
  kind: z.enum(WINDOW_SERVICE_KINDS, { error: '服务类型无效' }).optional(),
  enterpriseUnitId: referenceKey('企业').optional(),
});

/**
 * P2: the service hall records a consultation or an application coaching, for a registered
 * enterprise or a walk-in by name, about a policy (and one of its clauses) or in general.
 * @returns the record's id
 * @throws AppError FORBIDDEN, VALIDATION_FAILED, ENTERPRISE_NOT_FOUND, POLICY_NOT_FOUND, CLAUSE_NOT_FOUND
 */
export const recordWindowService = async (app: AppContext, actor: Actor, input: WindowServiceInput): Promise<string> => {
  authorizeWindowService(actor);
  const enterprise = input.enterpriseUnitId ? await loadEnterprise(app.db, app.tenantId, input.enterpriseUnitId) : null;
  const enterpriseName = enterprise?.name ?? input.enterpriseName;
  if (!enterpriseName) throw new AppError('VALIDATION_FAILED', '请选择企业或填写企业名称', { field: 'enterpriseName' });
  if (input.clauseId && !input.policyId) throw new AppError('VALIDATION_FAILED', '请先选择条款所属的政策', { field: 'policyId' });
  if (input.policyId) {
    const policy = await loadPolicy(app.db, app.tenantId, input.policyId);
    if (input.clauseId && !policy.clauses.some((clause) => clause.id === input.clauseId)) {
      throw new AppError('CLAUSE_NOT_FOUND', '该政策没有这一条款', { field: 'clauseId' });
    }
  }
  const id = randomUUID();
  await app.db.insert(windowServices).values({
    id,
    tenantId: app.tenantId,
    kind: input.kind,
    channel: input.channel,
    enterpriseUnitId: enterprise?.unitId ?? null,
    enterpriseName,
    policyId: input.policyId ?? null,
    clauseId: input.clauseId ?? null,
    question: input.question,
    answer: input.answer,
    servedById: actor.id,
    servedByName: actor.name,
    servedByUnitId: actor.unitId,
    servedAt: app.clock(),
  });
  return id;
};

/**
 * The records the actor may see: all for 营商办 and leaders; a county's, those its window gave
 * or its enterprises received; an enterprise's, its own.
 * @throws AppError FORBIDDEN
 */
export const listWindowServices = async (app: AppContext, actor: Actor, query: z.infer<typeof listWindowServicesQuerySchema>) => {
  const filters: SQL[] = [eq(windowServices.tenantId, app.tenantId)];
  switch (actor.role) {
    case 'business_office':
    case 'leader':
      break;
    case 'county_coordinator': {
      const scope = actor.jurisdictionScope.length ? [...actor.jurisdictionScope] : [''];
      filters.push(or(eq(windowServices.servedByUnitId, actor.unitId ?? ''), inArray(units.jurisdictionId, scope)) as SQL);
      break;
    }
    case 'enterprise':
      filters.push(eq(windowServices.enterpriseUnitId, actor.unitId ?? ''));
      break;
    default:
      throw new AppError('FORBIDDEN', '无权查看窗口咨询和申报辅导记录');
  }
  if (query.kind) filters.push(eq(windowServices.kind, query.kind));
  if (query.enterpriseUnitId) filters.push(eq(windowServices.enterpriseUnitId, query.enterpriseUnitId));
  const rows = await app.db
    .select({ service: windowServices, documentNo: benefitPolicies.documentNo, policyTitle: benefitPolicies.title, clauses: benefitPolicies.clauses })
    .from(windowServices)
    .leftJoin(units, and(eq(units.tenantId, windowServices.tenantId), eq(units.id, windowServices.enterpriseUnitId)))
    .leftJoin(benefitPolicies, and(eq(benefitPolicies.tenantId, windowServices.tenantId), eq(benefitPolicies.id, windowServices.policyId)))
    .where(and(...filters))
    .orderBy(desc(windowServices.servedAt), desc(windowServices.id))
    .limit(WINDOW_SERVICE_LIST_LIMIT);
  // To an enterprise, the window that served it is its unit, not the official (个人信息保护法).
  const disclosure = await loadDisclosure(app, actor, rows.map(({ service }) => service.servedById));
  return {
    items: rows.map(({ service, documentNo, policyTitle, clauses }) => {
      const clause = clauses?.find((candidate) => candidate.id === service.clauseId);
      return {
        id: service.id,
        kind: service.kind,
        kindLabel: WINDOW_SERVICE_KIND_LABEL[service.kind],
        channel: service.channel,
        channelLabel: WINDOW_SERVICE_CHANNEL_LABEL[service.channel],
        enterpriseUnitId: service.enterpriseUnitId,
        enterpriseName: service.enterpriseName,
        policy: documentNo && policyTitle ? `《${policyTitle}》${documentNo}${clause ? ` ${clause.article} ${clause.title}` : ''}` : null,
        question: service.question,
        answer: service.answer,
        servedByName: disclosure.actor({ id: service.servedById, name: service.servedByName }).name,
        servedAt: service.servedAt.toISOString(),
      };
    }),
  };
};

export type WindowServiceRow = Awaited<ReturnType<typeof listWindowServices>>['items'][number];
