import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { namesOf } from '../cases/case-view.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Actor } from '../domain/access/roles.ts';
import { actsForEnterprise, channelOf, type ApplicationChannel, type SubmitApplicationInput } from '../domain/benefits/application.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { evaluateConditions } from '../domain/policy-library/conditions.ts';
import { inForceOn } from '../domain/policy-library/library.ts';
import type { Db } from '../db/connection.ts';
import { benefitApplications } from '../db/schema.ts';
import { loadEnterprise, type StoredEnterprise } from '../enterprises/profile-store.ts';
import { loadPolicy } from '../policy-library/policy-store.ts';
import { appendApplicationEvent } from './application-store.ts';
import { claimFiles, materialsOf } from './materials.ts';

/**
 * The clause of a policy in force, and whether the enterprise meets its conditions.
 * @throws AppError POLICY_NOT_FOUND, POLICY_NOT_IN_FORCE, CLAUSE_NOT_FOUND, PROFILE_REQUIRED, NOT_ELIGIBLE
 */
export const eligibleClause = async (db: Db, tenantId: string, enterprise: StoredEnterprise, policyId: string, clauseId: string, today: string) => {
  const policy = await loadPolicy(db, tenantId, policyId);
  if (!inForceOn(policy, today)) throw new AppError('POLICY_NOT_IN_FORCE', `《${policy.title}》目前不在有效期内，不能申报`);
  const clause = policy.clauses.find((candidate) => candidate.id === clauseId);
  if (clause === undefined) throw new AppError('CLAUSE_NOT_FOUND', '该政策没有这一条款', { field: 'clauseId' });
  if (enterprise.profile === null) throw new AppError('PROFILE_REQUIRED', '请先建立企业档案，再申报政策', { unitId: enterprise.unitId });
  const conditionJurisdictions = clause.conditions.flatMap((condition) => (condition.field === 'jurisdiction' ? condition.values : []));
  const names = await namesOf(db, tenantId, [], [enterprise.jurisdictionId, ...conditionJurisdictions]);
  const { qualifies, results } = evaluateConditions(clause.conditions, { ...enterprise.profile, jurisdictionId: enterprise.jurisdictionId }, {
    today,
    jurisdictionName: (id) => names.jurisdiction(id).name,
  });
  if (!qualifies) {
    const failed = results.filter((result) => !result.met).map((result) => result.text);
    throw new AppError('NOT_ELIGIBLE', `不符合申报条件：${failed.join('；')}`, { failed });
  }
  return { policy, clause };
};

/**
 * P2, one window: the enterprise applies once for a clause, in the portal or at the window
 * where staff apply on its behalf (代办); the application goes to the clause's department. The
 * platform makes the 免申即享 items itself (`channel` automatic, no materials).
 * @returns the new application's id
 * @throws AppError ENTERPRISE_NOT_FOUND, FORBIDDEN, POLICY_NOT_FOUND, POLICY_NOT_IN_FORCE, CLAUSE_NOT_FOUND,
 *   PROFILE_REQUIRED, NOT_ELIGIBLE, NO_APPLICATION_NEEDED, VALIDATION_FAILED, APPLICATION_DUPLICATE,
 *   ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED
 */
export const submitApplication = async (app: AppContext, actor: Actor, input: SubmitApplicationInput, automatic = false): Promise<string> => {
  const now = app.clock();
  const today = todayInShanghai(now);
  return app.db.transaction(async (tx) => {
    const enterprise = await loadEnterprise(tx, app.tenantId, input.enterpriseUnitId);
    if (!automatic && !actsForEnterprise(actor, enterprise)) throw new AppError('FORBIDDEN', '只能为本企业申报；窗口代办限市营商办和企业所在县市区');
    const { policy, clause } = await eligibleClause(tx, app.tenantId, enterprise, input.policyId, input.clauseId, today);
    const channel: ApplicationChannel = automatic ? 'automatic' : channelOf(actor);
    if (clause.noApplication && !automatic) throw new AppError('NO_APPLICATION_NEEDED', `“${clause.title}”免申即享，无需申报，由政策部门直接兑现`);
    if (!automatic) {
      const given = new Set(input.materials.map((material) => material.name));
      const missing = clause.materials.filter((name) => !given.has(name));
      if (missing.length > 0) throw new AppError('VALIDATION_FAILED', `请提供申报材料：${missing.join('、')}`, { field: 'materials', missing });
    }
    const files = await claimFiles(tx, app.tenantId, actor, enterprise.unitId, input.materials.map((material) => material.attachmentId));
    const materials = materialsOf(input.materials, files);
    const id = randomUUID();
    await tx
      .insert(benefitApplications)
      .values({
        id,
        tenantId: app.tenantId,
        enterpriseUnitId: enterprise.unitId,
        policyId: policy.id,
        clauseId: clause.id,
        handlingUnitId: policy.issuerUnitId,
        policyJurisdictionId: policy.jurisdictionId,
        channel,
        state: 'submitted',
        materials,
        missing: [],
        submittedOn: today,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new AppError('APPLICATION_DUPLICATE', `${enterprise.name}已申报“${clause.title}”，请在原申报中继续办理`, { field: 'clauseId' });
        throw error;
      });
    await appendApplicationEvent(tx, { tenantId: app.tenantId, applicationId: id, seq: 1, event: { type: 'submit', payload: { channel, materials, note: input.note || null } }, actor, at: now });
    return id;
  });
};
