import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { optionalText } from '../domain/case/fields.ts';
import {
  authorizeEnterpriseReading,
  canEditProfile,
  enterpriseListScope,
  sizeOf,
  type EnterpriseProfileRecord,
} from '../domain/enterprises/profile.ts';
import type { EnterpriseProfile } from '../domain/policy-library/conditions.ts';
import { SIZE_CLASSES } from '../domain/policy-library/enterprise-size.ts';
import { amountRuleText, CLAUSE_CLASS_LABEL, inForceOn, type Policy } from '../domain/policy-library/library.ts';
import { matchClauses } from '../domain/policy-library/matching.ts';
import { containsPattern } from '../db/like-pattern.ts';
import type { Db } from '../db/connection.ts';
import { benefitPolicies, enterpriseProfileChanges, enterpriseProfiles, units } from '../db/schema.ts';
import { policyOf } from '../policy-library/policy-store.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import { loadEnterprise, profileOf, type StoredEnterprise } from './profile-store.ts';

/** Names as a Chinese list orders them: by 拼音. */
const BY_PINYIN = new Intl.Collator('zh-Hans-CN');

/** The most enterprises one list answers; a search narrows the rest. */
export const ENTERPRISE_LIST_LIMIT = 500;

export const listEnterprisesQuerySchema = z.object({
  q: optionalText('企业名称或统一社会信用代码', 100),
  sizeClass: z.enum(SIZE_CLASSES, { error: '企业规模应为 large、medium、small 或 micro' }).optional(),
});
export type ListEnterprisesQuery = z.infer<typeof listEnterprisesQuerySchema>;

/** The policies in force on `today`, the library matching reads. */
export const policiesInForce = async (db: Db, tenantId: string, today: LocalDate): Promise<Policy[]> => {
  const rows = await db
    .select()
    .from(benefitPolicies)
    .where(and(eq(benefitPolicies.tenantId, tenantId), eq(benefitPolicies.status, 'in_force')))
    .orderBy(desc(benefitPolicies.effectiveOn), asc(benefitPolicies.documentNo));
  return rows.map(policyOf).filter((policy) => inForceOn(policy, today));
};

/** The profile as matching reads it: the figures and the enterprise's registered jurisdiction. */
const matchProfile = (enterprise: { jurisdictionId: string }, profile: EnterpriseProfileRecord): EnterpriseProfile => ({
  ...profile,
  jurisdictionId: enterprise.jurisdictionId,
});

/**
 * 一企一档: enterprises with their size class and how many clauses in force they qualify for,
 * found by name or credit code — every one for 营商办, leaders and the departments, a county's
 * own for its coordinator.
 * @throws AppError FORBIDDEN for enterprises, the credit office and the administrators
 */
export const listEnterprises = async (app: AppContext, actor: Actor, query: ListEnterprisesQuery) => {
  const scope = enterpriseListScope(actor);
  const today = todayInShanghai(app.clock());
  const filters: SQL[] = [eq(units.tenantId, app.tenantId), eq(units.kind, 'enterprise')];
  if (scope !== null) filters.push(inArray(units.jurisdictionId, scope.length ? [...scope] : ['']));
  if (query.sizeClass) filters.push(eq(enterpriseProfiles.sizeClass, query.sizeClass));
  if (query.q) {
    const word = containsPattern(query.q);
    filters.push(or(ilike(units.name, word), ilike(units.creditCode, word)) as SQL);
  }
  const rows = await app.db
    .select({ unit: units, profile: enterpriseProfiles })
    .from(units)
    .leftJoin(enterpriseProfiles, and(eq(enterpriseProfiles.tenantId, units.tenantId), eq(enterpriseProfiles.unitId, units.id)))
    .where(and(...filters))
    // Which enterprises make the page: code-point order, the same on every server whatever its
    // collation; the page itself is shown in 拼音 order.
    .orderBy(sql`${units.name} collate "C"`)
    .limit(ENTERPRISE_LIST_LIMIT + 1);
  const policies = await policiesInForce(app.db, app.tenantId, today);
  const names = await namesOf(app.db, app.tenantId, [], rows.map((row) => row.unit.jurisdictionId));
  const context = { today, jurisdictionName: (id: string) => names.jurisdiction(id).name };
  const items = rows
    .slice(0, ENTERPRISE_LIST_LIMIT)
    .sort((a, b) => BY_PINYIN.compare(a.unit.name, b.unit.name))
    .map(({ unit, profile: row }) => {
    const profile = row ? profileOf(row) : null;
    const size = profile ? sizeOf(profile) : null;
    return {
        unitId: unit.id,
        name: unit.name,
        creditCode: unit.creditCode,
        jurisdictionName: names.jurisdiction(unit.jurisdictionId).name,
        industryCode: profile?.industryCode ?? null,
        sizeClass: size?.sizeClass ?? null,
        sizeLabel: size?.sizeLabel ?? null,
        tags: profile?.tags ?? [],
      qualifyingClauses: profile ? matchClauses(matchProfile(unit, profile), policies, context).filter((match) => match.qualifies).length : null,
    };
  });
  return { items, truncated: rows.length > ENTERPRISE_LIST_LIMIT };
};

/** The enterprise as its page shows it: names and the profile with its size class. */
const enterpriseView = async (app: AppContext, actor: Actor, enterprise: StoredEnterprise) => {
  const names = await namesOf(app.db, app.tenantId, [], [enterprise.jurisdictionId]);
  return {
    unitId: enterprise.unitId,
    name: enterprise.name,
    creditCode: enterprise.creditCode,
    jurisdictionId: enterprise.jurisdictionId,
    jurisdictionName: names.jurisdiction(enterprise.jurisdictionId).name,
    profile: enterprise.profile ? { ...enterprise.profile, ...sizeOf(enterprise.profile) } : null,
    updatedAt: enterprise.updatedAt?.toISOString() ?? null,
    canEdit: canEditProfile(actor, enterprise),
  };
};

/**
 * One enterprise's profile (一企一档) and the saves it has had, newest first, each by whom the
 * reader may be shown: the enterprise itself sees the window that kept it for it as the unit,
 * not the official (个人信息保护法).
 * @throws AppError ENTERPRISE_NOT_FOUND, FORBIDDEN
 */
export const getEnterprise = async (app: AppContext, actor: Actor, unitId: string) => {
  const enterprise = await loadEnterprise(app.db, app.tenantId, unitId);
  authorizeEnterpriseReading(actor, enterprise);
  const changes = await app.db
    .select({ seq: enterpriseProfileChanges.seq, id: enterpriseProfileChanges.actorId, name: enterpriseProfileChanges.actorName, at: enterpriseProfileChanges.at })
    .from(enterpriseProfileChanges)
    .where(and(eq(enterpriseProfileChanges.tenantId, app.tenantId), eq(enterpriseProfileChanges.unitId, unitId)))
    .orderBy(desc(enterpriseProfileChanges.seq))
    .limit(20);
  const disclosure = await loadDisclosure(app, actor, changes.map((change) => change.id));
  const [lastSave] = changes;
  return {
    ...(await enterpriseView(app, actor, enterprise)),
    // Who saved it last: each save writes the profile and its change together (save-profile.ts).
    updatedByName: lastSave === undefined ? null : disclosure.actor(lastSave).name,
    changes: changes.map((change) => ({ seq: change.seq, actorName: disclosure.actor(change).name, at: change.at.toISOString() })),
  };
};

export type EnterpriseView = Awaited<ReturnType<typeof getEnterprise>>;

/**
 * P2, 一企一档: every clause in force matched against the enterprise's profile — those it
 * qualifies for first, then the others, each condition met or not in plain words
 * ("上年度营业收入须 ≥ 2,000万元，当前 1,250万元"). Without a profile there is nothing to match:
 * `profiled` is false and the list is empty.
 * @throws AppError ENTERPRISE_NOT_FOUND, FORBIDDEN
 */
export const matchEnterprise = async (app: AppContext, actor: Actor, unitId: string) => {
  const enterprise = await loadEnterprise(app.db, app.tenantId, unitId);
  authorizeEnterpriseReading(actor, enterprise);
  const today = todayInShanghai(app.clock());
  if (enterprise.profile === null) return { profiled: false, asOf: today, qualifying: 0, items: [] };
  const policies = await policiesInForce(app.db, app.tenantId, today);
  const conditionJurisdictions = policies.flatMap((policy) =>
    policy.clauses.flatMap((clause) => clause.conditions.flatMap((condition) => (condition.field === 'jurisdiction' ? condition.values : []))),
  );
  const names = await namesOf(
    app.db,
    app.tenantId,
    policies.map((policy) => policy.issuerUnitId),
    [enterprise.jurisdictionId, ...conditionJurisdictions],
  );
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  // The clauses it misses, those closest to qualifying (fewest conditions unmet) first.
  const unmet = (match: { results: readonly { met: boolean }[] }) => match.results.filter((result) => !result.met).length;
  const matches = matchClauses(matchProfile(enterprise, enterprise.profile), policies, { today, jurisdictionName: (id) => names.jurisdiction(id).name }).sort(
    (a, b) => unmet(a) - unmet(b),
  );
  const items = matches.map((match) => {
    const policy = byId.get(match.policyId)!;
    return {
      policyId: match.policyId,
      documentNo: match.documentNo,
      policyTitle: match.policyTitle,
      packageTag: policy.packageTag,
      issuerName: names.unit(policy.issuerUnitId).name,
      clauseId: match.clause.id,
      article: match.clause.article,
      title: match.clause.title,
      class: match.clause.class,
      classLabel: CLAUSE_CLASS_LABEL[match.clause.class],
      amountText: amountRuleText(match.clause.amountRule),
      materials: match.clause.materials,
      noApplication: match.clause.noApplication,
      fastTrack: match.clause.fastTrack,
      qualifies: match.qualifies,
      conditions: match.results.map((result) => ({ field: result.condition.field, met: result.met, text: result.text })),
    };
  });
  return { profiled: true, asOf: today, qualifying: items.filter((item) => item.qualifies).length, items };
};

export type EnterpriseMatches = Awaited<ReturnType<typeof matchEnterprise>>;
