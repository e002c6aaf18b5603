import { and, eq, ne, or } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { isAppError } from '../domain/errors.ts';
import { matchClauses } from '../domain/policy-library/matching.ts';
import { benefitApplications, enterpriseProfiles, units } from '../db/schema.ts';
import { namesOf } from '../cases/case-view.ts';
import { policiesInForce } from '../enterprises/read-enterprises.ts';
import { profileOf } from '../enterprises/profile-store.ts';
import { submitApplication } from './submit-application.ts';
import { asBusinessOffice } from '../setup/tenant.ts';

/** The job that makes 免申即享 items acts for 营商办; it is no account and no one signs in as it. */
export const NO_APPLICATION_SWEEP_ACTOR: Actor = {
  id: 'system:no-application-sweep',
  name: '免申即享匹配（系统）',
  role: 'business_office',
  // The tenant's 市营商办, filled in when the job runs (asBusinessOffice).
  unitId: null,
  jurisdictionScope: [],
};

/**
 * P2, 免申即享: for every clause in force marked so, an item for every profiled enterprise that
 * meets its conditions, with no application — once per enterprise and clause, ever (an item the
 * department refused is not made again; two runs racing make one).
 * Runs as of `now` (the CLI's `--now`), else the app's clock.
 * @returns how many items it made
 */
export const raiseNoApplicationItems = async (context: AppContext, options: { now?: Date; actor?: Actor } = {}): Promise<number> => {
  const now = options.now ?? context.clock();
  const app: AppContext = { ...context, clock: () => now };
  const actor = options.actor ?? (await asBusinessOffice(app, NO_APPLICATION_SWEEP_ACTOR));
  const today = todayInShanghai(now);
  const policies = (await policiesInForce(app.db, app.tenantId, today))
    .map((policy) => ({ ...policy, clauses: policy.clauses.filter((clause) => clause.noApplication) }))
    .filter((policy) => policy.clauses.length > 0);
  if (policies.length === 0) return 0;
  const profiled = await app.db
    .select({ unit: units, profile: enterpriseProfiles })
    .from(enterpriseProfiles)
    .innerJoin(units, and(eq(units.tenantId, enterpriseProfiles.tenantId), eq(units.id, enterpriseProfiles.unitId)))
    .where(eq(enterpriseProfiles.tenantId, app.tenantId));
  // Pairs that already have an item (any state) or a live application of any channel.
  const existing = await app.db
    .select({ unitId: benefitApplications.enterpriseUnitId, clauseId: benefitApplications.clauseId })
    .from(benefitApplications)
    .where(and(eq(benefitApplications.tenantId, app.tenantId), or(eq(benefitApplications.channel, 'automatic'), ne(benefitApplications.state, 'refused'))));
  const taken = new Set(existing.map((row) => `${row.unitId} ${row.clauseId}`));
  const conditionJurisdictions = policies.flatMap((policy) => policy.clauses.flatMap((clause) => clause.conditions.flatMap((condition) => (condition.field === 'jurisdiction' ? condition.values : []))));
  const names = await namesOf(app.db, app.tenantId, [], [...profiled.map((row) => row.unit.jurisdictionId), ...conditionJurisdictions]);
  let made = 0;
  for (const { unit, profile } of profiled) {
    const matches = matchClauses({ ...profileOf(profile), jurisdictionId: unit.jurisdictionId }, policies, { today, jurisdictionName: (id) => names.jurisdiction(id).name });
    for (const match of matches) {
      if (!match.qualifies || taken.has(`${unit.id} ${match.clause.id}`)) continue;
      try {
        await submitApplication(app, actor, { enterpriseUnitId: unit.id, policyId: match.policyId, clauseId: match.clause.id, materials: [] }, true);
        made += 1;
      } catch (error) {
        // Another run made it first.
        if (isAppError(error) && error.code === 'APPLICATION_DUPLICATE') continue;
        throw error;
      }
    }
  }
  return made;
};
