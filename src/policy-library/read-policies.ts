import { and, asc, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { optionalText } from '../domain/case/fields.ts';
import { JURISDICTION_LEVEL_LABEL } from '../domain/jurisdictions.ts';
import { authorizePolicyReading, canMaintainPolicy } from '../domain/policy-library/access.ts';
import { describeCondition } from '../domain/policy-library/conditions.ts';
import {
  amountRuleText,
  CLAUSE_CLASS_LABEL,
  inForceOn,
  POLICY_CHANGE_LABEL,
  POLICY_STATUS_LABEL,
  POLICY_STATUSES,
  type Policy,
} from '../domain/policy-library/library.ts';
import type { Db } from '../db/connection.ts';
import { benefitPolicies, benefitPolicyChanges } from '../db/schema.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import { loadPolicy, policyOf } from './policy-store.ts';

/** The most policies one list answers; the library of a city is a few hundred. */
export const POLICY_LIST_LIMIT = 500;

export const listPoliciesQuerySchema = z.object({
  status: z.enum(POLICY_STATUSES, { error: '政策状态无效' }).optional(),
  packageTag: optionalText('政策包', 30),
  issuerUnitId: optionalText('发布部门', 100),
  q: optionalText('关键词', 100),
});
export type ListPoliciesQuery = z.infer<typeof listPoliciesQuerySchema>;

/** A policy as the API shows it (`PolicyView`): names, labels, each clause's class and amount in words, and whether the reader may keep it. */
const policyViews = async (db: Db, tenantId: string, actor: Actor, policies: readonly Policy[], today: string) => {
  const conditionJurisdictions = policies.flatMap((policy) =>
    policy.clauses.flatMap((clause) => clause.conditions.flatMap((condition) => (condition.field === 'jurisdiction' ? condition.values : []))),
  );
  const names = await namesOf(
    db,
    tenantId,
    policies.map((policy) => policy.issuerUnitId),
    [...policies.map((policy) => policy.jurisdictionId), ...conditionJurisdictions],
  );
  const jurisdictionName = (id: string) => names.jurisdiction(id).name;
  return policies.map((policy) => ({
    ...policy,
    issuerName: names.unit(policy.issuerUnitId).name,
    jurisdictionName: names.jurisdiction(policy.jurisdictionId).name,
    levelLabel: JURISDICTION_LEVEL_LABEL[policy.level],
    statusLabel: POLICY_STATUS_LABEL[policy.status],
    inForce: inForceOn(policy, today),
    clauses: policy.clauses.map((clause) => ({
      ...clause,
      classLabel: CLAUSE_CLASS_LABEL[clause.class],
      amountText: amountRuleText(clause.amountRule),
      conditionTexts: clause.conditions.map((condition) => describeCondition(condition, jurisdictionName)),
    })),
    canMaintain: canMaintainPolicy(actor, { unitId: policy.issuerUnitId, jurisdictionId: policy.jurisdictionId }),
  }));
};

/**
 * P1, P7: the policy library, newest in effect first, filtered by status, package, issuing
 * department or a word of the title or 文号.
 * @throws AppError FORBIDDEN for the three administrators
 */
export const listPolicies = async (app: AppContext, actor: Actor, query: ListPoliciesQuery) => {
  authorizePolicyReading(actor);
  const filters: SQL[] = [eq(benefitPolicies.tenantId, app.tenantId)];
  if (query.status) filters.push(eq(benefitPolicies.status, query.status));
  if (query.packageTag) filters.push(eq(benefitPolicies.packageTag, query.packageTag));
  if (query.issuerUnitId) filters.push(eq(benefitPolicies.issuerUnitId, query.issuerUnitId));
  if (query.q) {
    const word = `%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    filters.push(or(ilike(benefitPolicies.title, word), ilike(benefitPolicies.documentNo, word)) as SQL);
  }
  const rows = await app.db
    .select()
    .from(benefitPolicies)
    .where(and(...filters))
    .orderBy(desc(benefitPolicies.effectiveOn), asc(benefitPolicies.documentNo))
    .limit(POLICY_LIST_LIMIT + 1);
  const items = await policyViews(app.db, app.tenantId, actor, rows.slice(0, POLICY_LIST_LIMIT).map(policyOf), todayInShanghai(app.clock()));
  return { items, truncated: rows.length > POLICY_LIST_LIMIT };
};

/**
 * One policy with its clauses and its dated change log (P7), each change by whom the reader may
 * be shown: to an enterprise the department, not the official (个人信息保护法).
 * @throws AppError POLICY_NOT_FOUND, FORBIDDEN
 */
export const getPolicy = async (app: AppContext, actor: Actor, id: string) => {
  authorizePolicyReading(actor);
  const policy = await loadPolicy(app.db, app.tenantId, id);
  const [view] = await policyViews(app.db, app.tenantId, actor, [policy], todayInShanghai(app.clock()));
  const changes = await app.db
    .select({
      seq: benefitPolicyChanges.seq,
      kind: benefitPolicyChanges.kind,
      effectiveOn: benefitPolicyChanges.effectiveOn,
      note: benefitPolicyChanges.note,
      actorId: benefitPolicyChanges.actorId,
      actorName: benefitPolicyChanges.actorName,
      at: benefitPolicyChanges.at,
    })
    .from(benefitPolicyChanges)
    .where(and(eq(benefitPolicyChanges.tenantId, app.tenantId), eq(benefitPolicyChanges.policyId, id)))
    .orderBy(desc(benefitPolicyChanges.seq));
  const disclosure = await loadDisclosure(app, actor, changes.map((change) => change.actorId));
  return {
    ...view!,
    changes: changes.map(({ actorId, actorName, ...change }) => ({
      ...change,
      kindLabel: POLICY_CHANGE_LABEL[change.kind],
      actorName: disclosure.actor({ id: actorId, name: actorName }).name,
      at: change.at.toISOString(),
    })),
  };
};

export type PolicyView = Awaited<ReturnType<typeof getPolicy>>;
