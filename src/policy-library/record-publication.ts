import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { authorizePolicyMaintenance } from '../domain/policy-library/access.ts';
import { checkPublicationDate, type PublicationInput } from '../domain/policy-library/publication.ts';
import { policyPublications } from '../db/schema.ts';
import { loadPolicy } from './policy-store.ts';

/**
 * P1: the policy's keepers (its department, the county or zone of that department, 营商办)
 * record where and when it was made known: the home page, the government website, the
 * interpretation, the consultation window or the application guide, with its link. A record
 * closes the gap of its kind at once; an integrity item already raised for the gap stays and is
 * rectified and closed the usual way (G2, G3). A policy no longer in force may still get its
 * records: they state what was done while it was.
 * @returns the new record's id
 * @throws AppError POLICY_NOT_FOUND, FORBIDDEN, VALIDATION_FAILED
 */
export const recordPublication = async (app: AppContext, actor: Actor, policyId: string, input: PublicationInput): Promise<string> => {
  const now = app.clock();
  const policy = await loadPolicy(app.db, app.tenantId, policyId);
  authorizePolicyMaintenance(actor, { unitId: policy.issuerUnitId, jurisdictionId: policy.jurisdictionId });
  checkPublicationDate(policy, input.publishedOn, todayInShanghai(now));
  const id = randomUUID();
  await app.db.insert(policyPublications).values({
    id,
    tenantId: app.tenantId,
    policyId,
    kind: input.kind,
    publishedOn: input.publishedOn,
    link: input.link,
    guide: input.kind === 'application_guide' ? input.guide : null,
    recordedById: actor.id,
    recordedByName: actor.name,
    recordedAt: now,
  });
  return id;
};
