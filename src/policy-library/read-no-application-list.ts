import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { authorizePolicyReading } from '../domain/policy-library/access.ts';
import { describeCondition } from '../domain/policy-library/conditions.ts';
import { amountRuleText, CLAUSE_CLASS_LABEL } from '../domain/policy-library/library.ts';
import {
  LIST_CHANGE_REASON_LABEL,
  LIST_MOVE_LABEL,
  listHistory,
  listOn,
  listPeriods,
  type LoggedPolicyChange,
} from '../domain/policy-library/no-application-list.ts';
import { benefitPolicies, benefitPolicyChanges } from '../db/schema.ts';
import { policyOf } from './policy-store.ts';

/** What the list reads of a logged snapshot (`snapshot` in policy-store.ts): each clause's id, article, title and mark. */
const loggedClausesSchema = z.object({
  clauses: z.array(z.object({ id: z.string(), article: z.string(), title: z.string(), noApplication: z.boolean() })),
});

/**
 * P2: the published 免申即享 list (清单) as of today — every clause so marked of a policy in force,
 * with its standard, its conditions and the day it entered the list — and the list's history,
 * newest first: each clause's entering and leaving with the reason (施行, 更新, 修订, 废止, 到期).
 * Both are read from the policies and their change log (P7), so they follow every change at once.
 * The whole library is read: a city's is a few hundred policies.
 * @throws AppError FORBIDDEN for the three administrators
 */
export const getNoApplicationList = async (app: AppContext, actor: Actor) => {
  authorizePolicyReading(actor);
  const asOf = todayInShanghai(app.clock());
  const rows = await app.db
    .select()
    .from(benefitPolicies)
    .where(eq(benefitPolicies.tenantId, app.tenantId))
    .orderBy(desc(benefitPolicies.effectiveOn), asc(benefitPolicies.documentNo));
  const changes = await app.db
    .select({ policyId: benefitPolicyChanges.policyId, kind: benefitPolicyChanges.kind, effectiveOn: benefitPolicyChanges.effectiveOn, after: benefitPolicyChanges.after })
    .from(benefitPolicyChanges)
    .where(eq(benefitPolicyChanges.tenantId, app.tenantId))
    .orderBy(asc(benefitPolicyChanges.policyId), asc(benefitPolicyChanges.seq));
  const logs = new Map<string, LoggedPolicyChange[]>();
  for (const change of changes) {
    const log = logs.get(change.policyId) ?? [];
    log.push({ kind: change.kind, effectiveOn: change.effectiveOn, clauses: loggedClausesSchema.parse(change.after).clauses });
    logs.set(change.policyId, log);
  }
  const policies = rows.map(policyOf);
  const periods = policies.flatMap((policy) => listPeriods(policy, logs.get(policy.id) ?? []));
  const listed = new Map(listOn(periods, asOf).map((period) => [period.clauseId, period]));
  const current = policies.flatMap((policy) => policy.clauses.flatMap((clause) => {
    const period = listed.get(clause.id);
    return period === undefined ? [] : [{ policy, clause, period }];
  }));

  const names = await namesOf(
    app.db,
    app.tenantId,
    current.map(({ policy }) => policy.issuerUnitId),
    current.flatMap(({ clause }) => clause.conditions.flatMap((condition) => (condition.field === 'jurisdiction' ? condition.values : []))),
  );
  return {
    asOf,
    current: current.map(({ policy, clause, period }) => ({
      policyId: policy.id,
      documentNo: policy.documentNo,
      policyTitle: policy.title,
      packageTag: policy.packageTag,
      issuerName: names.unit(policy.issuerUnitId).name,
      clauseId: clause.id,
      article: clause.article,
      title: clause.title,
      classLabel: CLAUSE_CLASS_LABEL[clause.class],
      amountText: amountRuleText(clause.amountRule),
      conditionTexts: clause.conditions.map((condition) => describeCondition(condition, (id) => names.jurisdiction(id).name)),
      enteredOn: period.enteredOn,
      enteredBecause: period.enteredBecause,
      enteredBecauseLabel: LIST_CHANGE_REASON_LABEL[period.enteredBecause],
    })),
    history: listHistory(periods, asOf).map((event) => ({
      ...event,
      moveLabel: LIST_MOVE_LABEL[event.move],
      reasonLabel: LIST_CHANGE_REASON_LABEL[event.reason],
    })),
  };
};

export type NoApplicationList = Awaited<ReturnType<typeof getNoApplicationList>>;
