import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { authorizePolicyMaintenance } from '../domain/policy-library/access.ts';
import { checkCorrection, checkEnding, checkPolicyDates, type PolicyChange } from '../domain/policy-library/library.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { benefitPolicies } from '../db/schema.ts';
import { insertPolicy, policyColumns, resolveIssuer, storedClauses } from './record-policy.ts';
import { appendPolicyChange, loadPolicy, snapshot } from './policy-store.ts';

/**
 * P7: a policy is corrected (更新), replaced by a revision from a date (修订: the new document is
 * recorded in force and the old one marks it as its successor), or abolished from a date (废止).
 * Each change is one dated row of the policy's log, in one transaction with the change itself.
 * @returns the id of the policy to show next: the new document after a revision, else the same
 * @throws AppError POLICY_NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, POLICY_NOT_IN_FORCE, VALIDATION_FAILED,
 *   POLICY_DOCUMENT_DUPLICATE
 */
export const changePolicy = async (app: AppContext, actor: Actor, id: string, change: PolicyChange): Promise<string> => {
  const now = app.clock();
  const today = todayInShanghai(now);
  return app.db.transaction(async (tx) => {
    const before = await loadPolicy(tx, app.tenantId, id);
    authorizePolicyMaintenance(actor, { unitId: before.issuerUnitId, jurisdictionId: before.jurisdictionId });
    if (change.expectedVersion !== before.version) {
      throw new AppError('VERSION_CONFLICT', '该政策已被他人修改，请刷新后重试', { expectedVersion: change.expectedVersion, version: before.version });
    }
    const seq = before.version + 1;
    const bump = { version: seq, updatedAt: now };
    const where = and(eq(benefitPolicies.tenantId, app.tenantId), eq(benefitPolicies.id, id), eq(benefitPolicies.version, before.version));
    let next = id;
    switch (change.action) {
      case 'update': {
        checkCorrection(before);
        checkPolicyDates(change.policy);
        const issuer = await resolveIssuer(tx, app.tenantId, actor, change.policy.issuerUnitId);
        const duplicate = change.policy.documentNo !== before.documentNo;
        const updated = await tx
          .update(benefitPolicies)
          .set({ ...policyColumns(change.policy, issuer, storedClauses(change.policy, before.clauses)), ...bump })
          .where(where)
          .returning({ id: benefitPolicies.id })
          .catch((error: unknown) => {
            if (duplicate && isUniqueViolation(error)) {
              throw new AppError('POLICY_DOCUMENT_DUPLICATE', `文号“${change.policy.documentNo}”的政策已在政策库中`, { field: 'documentNo' });
            }
            throw error;
          });
        if (updated.length === 0) throw new AppError('VERSION_CONFLICT', '该政策已被他人修改，请刷新后重试');
        const after = await loadPolicy(tx, app.tenantId, id);
        await appendPolicyChange(tx, { tenantId: app.tenantId, policyId: id, seq, kind: 'update', effectiveOn: today, note: change.note || null, before: snapshot(before), after: snapshot(after), actor, at: now });
        break;
      }
      case 'revise': {
        checkEnding(before, change.on, today);
        checkPolicyDates(change.policy);
        const issuer = await resolveIssuer(tx, app.tenantId, actor, change.policy.issuerUnitId);
        next = await insertPolicy(tx, app.tenantId, change.policy, issuer, now);
        const successor = await loadPolicy(tx, app.tenantId, next);
        await appendPolicyChange(tx, { tenantId: app.tenantId, policyId: next, seq: 1, kind: 'create', effectiveOn: change.policy.effectiveOn, note: `修订《${before.title}》（${before.documentNo}）`, before: null, after: snapshot(successor), actor, at: now });
        await tx.update(benefitPolicies).set({ status: 'revised', endedOn: change.on, supersededBy: next, ...bump }).where(where);
        const after = await loadPolicy(tx, app.tenantId, id);
        await appendPolicyChange(tx, { tenantId: app.tenantId, policyId: id, seq, kind: 'revise', effectiveOn: change.on, note: change.note, before: snapshot(before), after: snapshot(after), actor, at: now });
        break;
      }
      case 'abolish': {
        checkEnding(before, change.on, today);
        await tx.update(benefitPolicies).set({ status: 'abolished', endedOn: change.on, ...bump }).where(where);
        const after = await loadPolicy(tx, app.tenantId, id);
        await appendPolicyChange(tx, { tenantId: app.tenantId, policyId: id, seq, kind: 'abolish', effectiveOn: change.on, note: change.note, before: snapshot(before), after: snapshot(after), actor, at: now });
        break;
      }
    }
    return next;
  });
};
