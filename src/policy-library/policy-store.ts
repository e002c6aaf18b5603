import { and, eq } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { LocalDate } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { Policy, PolicyChangeKind } from '../domain/policy-library/library.ts';
import type { Db } from '../db/connection.ts';
import { benefitPolicies, benefitPolicyChanges, type BenefitPolicyRow } from '../db/schema.ts';

/** A stored policy as the domain reads it. */
export const policyOf = (row: BenefitPolicyRow): Policy => ({
  id: row.id,
  documentNo: row.documentNo,
  title: row.title,
  issuerUnitId: row.issuerUnitId,
  level: row.level,
  jurisdictionId: row.jurisdictionId,
  packageTag: row.packageTag,
  publishedOn: row.publishedOn,
  effectiveOn: row.effectiveOn,
  expiresOn: row.expiresOn,
  status: row.status,
  endedOn: row.endedOn,
  supersededBy: row.supersededBy,
  clauses: row.clauses,
  version: row.version,
});

/** @throws AppError POLICY_NOT_FOUND */
export const loadPolicy = async (db: Db, tenantId: string, id: string): Promise<Policy> => {
  const [row] = await db.select().from(benefitPolicies).where(and(eq(benefitPolicies.tenantId, tenantId), eq(benefitPolicies.id, id)));
  if (row === undefined) throw new AppError('POLICY_NOT_FOUND', '政策不存在', { id });
  return policyOf(row);
};

/** What a policy's change log records of it: everything but its id and version. */
export const snapshot = ({ id: _id, version: _version, ...rest }: Policy) => rest;

/**
 * P7: appends the policy's change number `seq` (its new version). Two edits of one version
 * collide on the primary key: one wins, the other gets VERSION_CONFLICT having written nothing.
 */
export const appendPolicyChange = async (
  db: Db,
  change: { tenantId: string; policyId: string; seq: number; kind: PolicyChangeKind; effectiveOn: LocalDate; note: string | null; before: unknown; after: unknown; actor: Actor; at: Date },
): Promise<void> => {
  const inserted = await db
    .insert(benefitPolicyChanges)
    .values({
      tenantId: change.tenantId,
      policyId: change.policyId,
      seq: change.seq,
      kind: change.kind,
      effectiveOn: change.effectiveOn,
      note: change.note,
      before: change.before,
      after: change.after,
      actorId: change.actor.id,
      actorName: change.actor.name,
      at: change.at,
    })
    .onConflictDoNothing()
    .returning({ seq: benefitPolicyChanges.seq });
  if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '该政策已被他人修改，请刷新后重试', { policyId: change.policyId });
};
