import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { authorizePolicyMaintenance } from '../domain/policy-library/access.ts';
import { checkPolicyDates, type Clause, type PolicyInput } from '../domain/policy-library/library.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { benefitPolicies, jurisdictions } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { appendPolicyChange, loadPolicy, snapshot } from './policy-store.ts';

/** The issuing department of a policy, its level and jurisdiction, checked against who records it. */
export const resolveIssuer = async (db: Db, tenantId: string, actor: Actor, issuerUnitId: string) => {
  const unit = await getUnit(db, tenantId, issuerUnitId).catch((error: unknown) => {
    // Name the field; any other failure (the database's) is not a missing unit.
    if (isAppError(error) && error.code === 'UNIT_NOT_FOUND') throw new AppError('UNIT_NOT_FOUND', `发布部门不存在：${issuerUnitId}`, { field: 'issuerUnitId' });
    throw error;
  });
  // Policies are made by governments and their departments (P1), not by courts, institutions or companies.
  if (unit.kind !== 'government' && unit.kind !== 'department') {
    throw new AppError('VALIDATION_FAILED', `${unit.name}不是政策制定部门`, { field: 'issuerUnitId' });
  }
  const [jurisdiction] = await db
    .select({ id: jurisdictions.id, level: jurisdictions.level })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.tenantId, tenantId), eq(jurisdictions.id, unit.jurisdictionId)));
  if (jurisdiction === undefined) throw new AppError('UNIT_NOT_FOUND', `发布部门的属地不存在：${unit.name}`, { field: 'issuerUnitId' });
  authorizePolicyMaintenance(actor, { unitId: unit.id, jurisdictionId: jurisdiction.id });
  return { unitId: unit.id, level: jurisdiction.level, jurisdictionId: jurisdiction.id };
};

/** A policy's clauses as stored: numbered in order, each with an id of its own (kept across edits when given). */
export const storedClauses = (input: PolicyInput, previous: readonly Clause[] = []): Clause[] =>
  input.clauses.map((clause, index) => ({
    ...clause,
    id: previous.find((old) => old.article === clause.article)?.id ?? randomUUID(),
    seq: index + 1,
  }));

/** The columns a policy input sets. */
export const policyColumns = (input: PolicyInput, issuer: Awaited<ReturnType<typeof resolveIssuer>>, clauses: Clause[]) => ({
  documentNo: input.documentNo,
  title: input.title,
  issuerUnitId: issuer.unitId,
  level: issuer.level,
  jurisdictionId: issuer.jurisdictionId,
  packageTag: input.packageTag || null,
  publishedOn: input.publishedOn,
  effectiveOn: input.effectiveOn,
  expiresOn: input.expiresOn ?? null,
  clauses,
});

/** Inserts a new policy in force; its 文号 must be new. @throws AppError POLICY_DOCUMENT_DUPLICATE */
export const insertPolicy = async (db: Db, tenantId: string, input: PolicyInput, issuer: Awaited<ReturnType<typeof resolveIssuer>>, at: Date): Promise<string> => {
  const id = randomUUID();
  const inserted = await db
    .insert(benefitPolicies)
    .values({ id, tenantId, ...policyColumns(input, issuer, storedClauses(input)), status: 'in_force', endedOn: null, supersededBy: null, version: 1, createdAt: at, updatedAt: at })
    .onConflictDoNothing()
    .returning({ id: benefitPolicies.id });
  if (inserted.length === 0) throw new AppError('POLICY_DOCUMENT_DUPLICATE', `文号“${input.documentNo}”的政策已在政策库中`, { field: 'documentNo' });
  return id;
};

/**
 * P7: a county or department records a new policy (新增) with its clauses, in force from its
 * effective date; the library and everything matched against it follow at once.
 * @returns the new policy's id
 * @throws AppError FORBIDDEN, UNIT_NOT_FOUND, VALIDATION_FAILED, POLICY_DOCUMENT_DUPLICATE
 */
export const recordPolicy = async (app: AppContext, actor: Actor, input: PolicyInput): Promise<string> => {
  checkPolicyDates(input);
  const issuer = await resolveIssuer(app.db, app.tenantId, actor, input.issuerUnitId);
  const now = app.clock();
  return app.db.transaction(async (tx) => {
    const id = await insertPolicy(tx, app.tenantId, input, issuer, now);
    const policy = await loadPolicy(tx, app.tenantId, id);
    await appendPolicyChange(tx, { tenantId: app.tenantId, policyId: id, seq: 1, kind: 'create', effectiveOn: input.effectiveOn, note: null, before: null, after: snapshot(policy), actor, at: now });
    return id;
  });
};
