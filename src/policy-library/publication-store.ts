import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PublicationRecord } from '../domain/policy-library/publication.ts';
import type { Db } from '../db/connection.ts';
import { policyPublications } from '../db/schema.ts';

/** A stored publication record as the domain reads it. */
export const publicationOf = (row: typeof policyPublications.$inferSelect): PublicationRecord => ({
  id: row.id,
  policyId: row.policyId,
  kind: row.kind,
  publishedOn: row.publishedOn,
  link: row.link,
  guide: row.guide,
  recordedBy: { id: row.recordedById, name: row.recordedByName },
  recordedAt: row.recordedAt.toISOString(),
});

/** The publication records of some policies, by policy, each list in date order. */
export const loadPublications = async (db: Db, tenantId: string, policyIds: readonly string[]): Promise<Map<string, PublicationRecord[]>> => {
  const byPolicy = new Map<string, PublicationRecord[]>(policyIds.map((id) => [id, []]));
  if (policyIds.length === 0) return byPolicy;
  const rows = await db
    .select()
    .from(policyPublications)
    .where(and(eq(policyPublications.tenantId, tenantId), inArray(policyPublications.policyId, [...policyIds])))
    .orderBy(asc(policyPublications.publishedOn), asc(policyPublications.recordedAt));
  for (const row of rows) byPolicy.get(row.policyId)?.push(publicationOf(row));
  return byPolicy;
};
