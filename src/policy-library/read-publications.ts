import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { authorizePolicyReading, canMaintainPolicy } from '../domain/policy-library/access.ts';
import { inForceOn, type Policy } from '../domain/policy-library/library.ts';
import { PUBLICATION_KIND_LABEL, publicationGaps, type PublicationKind, type PublicationRecord } from '../domain/policy-library/publication.ts';
import { cases, policyPublicationGaps } from '../db/schema.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { loadPolicy } from './policy-store.ts';
import { loadPublications } from './publication-store.ts';

/** Each gap of the policy today with its kind's label and the integrity item raised for it, if any. */
const gapViews = async (app: AppContext, policy: Policy, records: readonly PublicationRecord[], today: LocalDate) => {
  const raised = await app.db
    .select({ kind: policyPublicationGaps.kind, caseId: cases.id, number: cases.number })
    .from(policyPublicationGaps)
    .innerJoin(cases, and(eq(cases.tenantId, policyPublicationGaps.tenantId), eq(cases.id, policyPublicationGaps.caseId)))
    .where(and(eq(policyPublicationGaps.tenantId, app.tenantId), eq(policyPublicationGaps.policyId, policy.id)));
  const raisedCase = new Map<PublicationKind, { id: string; number: string }>(raised.map((row) => [row.kind, { id: row.caseId, number: row.number }]));
  return publicationGaps(policy, records, today, await loadCalendar(app.db, app.tenantId)).map((gap) => ({
    ...gap,
    kindLabel: PUBLICATION_KIND_LABEL[gap.kind],
    raisedCase: raisedCase.get(gap.kind) ?? null,
  }));
};

/**
 * P1: a policy's publication records and, as of today, what it still lacks with the day each
 * item was due and the integrity item the sweep registered for it. Enterprises read the records
 * (they are public pages), each recorded by the department rather than the official
 * (个人信息保护法), but not the gaps: those are the government's own rectification work,
 * which SPEC §5 keeps from enterprises.
 * @throws AppError POLICY_NOT_FOUND, FORBIDDEN
 */
export const getPublications = async (app: AppContext, actor: Actor, policyId: string) => {
  authorizePolicyReading(actor);
  const policy = await loadPolicy(app.db, app.tenantId, policyId);
  const today = todayInShanghai(app.clock());
  const records = (await loadPublications(app.db, app.tenantId, [policyId])).get(policyId) ?? [];
  const gaps = actor.role === 'enterprise' ? null : await gapViews(app, policy, records, today);
  const disclosure = await loadDisclosure(app, actor, records.map((record) => record.recordedBy.id));
  return {
    policyId,
    asOf: today,
    inForce: inForceOn(policy, today),
    records: records.map((record) => ({ ...record, kindLabel: PUBLICATION_KIND_LABEL[record.kind], recordedBy: disclosure.actor(record.recordedBy) })),
    gaps,
    canRecord: canMaintainPolicy(actor, { unitId: policy.issuerUnitId, jurisdictionId: policy.jurisdictionId }),
  };
};

export type PublicationsView = Awaited<ReturnType<typeof getPublications>>;
