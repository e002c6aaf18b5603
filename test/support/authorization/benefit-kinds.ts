/**
 * The matrix's kinds of the policy line's library and window (P1, P2, P5): policies, enterprises'
 * files (一企一档) and applications (兑现), each against its own access rules.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../../../src/domain/access/roles.ts';
import {
  APPLICATION_STEP_FROM,
  availableActions,
  canReadApplication,
  isFinanceBureau,
  type ApplicationAction,
  type ApplicationRecord,
  type Material,
} from '../../../src/domain/benefits/application.ts';
import { canEditProfile, canReadEnterprise, type EnterpriseRef } from '../../../src/domain/enterprises/profile.ts';
import { authorizePolicyReading, canMaintainPolicy, type PolicyIssuer } from '../../../src/domain/policy-library/access.ts';
import { applicationRecordOf } from '../../../src/benefits/application-store.ts';
import { benefitApplications, benefitPolicies, enterpriseProfiles } from '../../../src/db/schema.ts';
import { allowedIf, factsOf, passes, unitRelation, type ObjectKind, type ObjectOperation } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

/** P1: the library is read by everyone but the three administrators. */
const readsPolicies = (actor: Actor): boolean => passes(() => authorizePolicyReading(actor));

interface MatrixPolicy extends PolicyIssuer {
  readonly id: string;
  readonly documentNo: string;
  readonly version: number;
}

export const policyKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixPolicy>> => {
  const { db, app } = world.demo;
  const rows = await db
    .select({ id: benefitPolicies.id, documentNo: benefitPolicies.documentNo, unitId: benefitPolicies.issuerUnitId, jurisdictionId: benefitPolicies.jurisdictionId, version: benefitPolicies.version, status: benefitPolicies.status })
    .from(benefitPolicies)
    .where(eq(benefitPolicies.tenantId, app.tenantId))
    .orderBy(benefitPolicies.documentNo);
  const url = (policy: MatrixPolicy, tail = '') => `/api/policies/${policy.id}${tail}`;
  const read = (actor: Actor) => allowedIf(readsPolicies(actor));
  const maintain = (actor: Actor, policy: MatrixPolicy) => allowedIf(canMaintainPolicy(actor, policy));
  return {
    name: 'policies',
    objects: rows.filter((row) => row.status === 'in_force'),
    label: (policy) => policy.documentNo,
    // The issuing department, and the jurisdiction the policy is of (P7).
    relation: (actor, policy) => `issued ${unitRelation(actor, { id: policy.unitId, jurisdictionId: policy.jurisdictionId }, 'by own unit')}`,
    hiddenCode: 'POLICY_NOT_FOUND',
    operations: [
      { operationId: 'getPolicy', expected: read, request: (policy) => ({ method: 'GET', url: url(policy) }) },
      { operationId: 'listPolicyPublications', expected: read, request: (policy) => ({ method: 'GET', url: url(policy, '/publications') }) },
      {
        operationId: 'changePolicy',
        expected: maintain,
        request: (policy) => ({ method: 'POST', url: url(policy, '/changes'), payload: { action: 'abolish', expectedVersion: policy.version, on: world.today, note: '已被新出台的政策替代' } }),
      },
      {
        operationId: 'recordPolicyPublication',
        expected: maintain,
        request: (policy) => ({ method: 'POST', url: url(policy, '/publications'), payload: { kind: 'interpretation', publishedOn: world.today, link: 'https://www.hanjiang.gov.cn/zcjd/2026/118.html' } }),
      },
    ],
  };
};

interface MatrixEnterprise extends EnterpriseRef {
  readonly name: string;
  readonly profileVersion: number | null;
}

const PROFILE = { industryCode: 'C3484', employees: 120, annualRevenue: 8_000_000_000, totalAssets: 12_000_000_000, figuresYear: 2025, registeredOn: '2015-06-01', tags: ['高新技术企业'] };

export const enterpriseKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixEnterprise>> => {
  const { db, app } = world.demo;
  const profiles = new Map(
    (await db.select({ unitId: enterpriseProfiles.unitId, version: enterpriseProfiles.version }).from(enterpriseProfiles).where(eq(enterpriseProfiles.tenantId, app.tenantId))).map((row) => [row.unitId, row.version]),
  );
  const objects = [...world.units.values()]
    .filter((unit) => unit.kind === 'enterprise')
    .map((unit) => ({ unitId: unit.id, jurisdictionId: unit.jurisdictionId, name: unit.name, profileVersion: profiles.get(unit.id) ?? null }));
  const url = (enterprise: MatrixEnterprise, tail = '') => `/api/enterprises/${enterprise.unitId}${tail}`;
  const read = (actor: Actor, enterprise: MatrixEnterprise) => allowedIf(canReadEnterprise(actor, enterprise));
  return {
    name: 'enterprises',
    objects,
    label: (enterprise) => enterprise.name,
    relation: (actor, enterprise) => unitRelation(actor, { id: enterprise.unitId, jurisdictionId: enterprise.jurisdictionId }, 'own enterprise'),
    hiddenCode: 'ENTERPRISE_NOT_FOUND',
    operations: [
      { operationId: 'getEnterprise', expected: read, request: (enterprise) => ({ method: 'GET', url: url(enterprise) }) },
      { operationId: 'matchEnterprise', expected: read, request: (enterprise) => ({ method: 'GET', url: url(enterprise, '/matches') }) },
      { operationId: 'getEnterpriseMaterials', expected: read, request: (enterprise) => ({ method: 'GET', url: url(enterprise, '/materials') }) },
      {
        operationId: 'saveEnterpriseProfile',
        expected: (actor, enterprise) => allowedIf(canEditProfile(actor, enterprise)),
        offered: (actor, enterprise) => canEditProfile(actor, enterprise),
        request: (enterprise) => ({ method: 'PUT', url: url(enterprise, '/profile'), payload: { profile: PROFILE, expectedVersion: enterprise.profileVersion } }),
      },
    ],
  };
};

interface MatrixApplication extends ApplicationRecord {
  readonly materials: readonly Material[];
}

/** The facts the application rules read: whose enterprise, who reviews it, where its policy and enterprise are, and finance. */
const applicationRelation = (actor: Actor, application: MatrixApplication): string =>
  factsOf(
    {
      'own enterprise': actor.unitId === application.enterpriseUnitId,
      'reviewed by own unit': actor.unitId === application.handlingUnitId,
      'policy of own county': actor.jurisdictionScope.includes(application.policyJurisdictionId),
      'enterprise in own county': actor.jurisdictionScope.includes(application.enterpriseJurisdictionId),
      'a finance bureau': isFinanceBureau(actor.unitId),
    },
    'none of its parties',
  );

/** A representative step, valid on an application whose page offers it. */
const STEP: { [A in ApplicationAction]: (application: MatrixApplication, today: string) => object } = {
  request_supplement: () => ({ missing: ['营业执照副本'], note: '请补充' }),
  // The enterprise's material already on file, reused.
  supplement: (application) => ({ materials: application.materials.slice(0, 1).map((material) => ({ name: material.name, attachmentId: material.attachment.id })), note: '已补正' }),
  approve: (application) => ({ amount: application.approvedAmount ?? 0, note: '符合条件' }),
  refuse: () => ({ reason: '不符合申报条件' }),
  disburse: (application, today) => ({ paidOn: today, amount: Math.max(1, (application.approvedAmount ?? 0) - application.disbursedAmount), note: '国库集中支付' }),
};

const stepOperation = (action: ApplicationAction, today: string): ObjectOperation<MatrixApplication> => ({
  operationId: 'actOnBenefitApplication',
  variant: action,
  // The step's state is checked before who takes it.
  reaches: (application) => APPLICATION_STEP_FROM[action].includes(application.state),
  expected: (actor, application) =>
    !canReadApplication(actor, application) ? 'refused' : availableActions(actor, application).includes(action) ? 'allowed' : 'forbidden',
  offered: (actor, application) => action !== 'approve' && availableActions(actor, application).includes(action),
  request: (application) => ({
    method: 'POST',
    url: `/api/benefit-applications/${application.id}/actions`,
    payload: { action, expectedVersion: application.version, ...STEP[action](application, today) },
  }),
});

export const applicationKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixApplication>> => {
  const { db, app } = world.demo;
  const rows = await db.select().from(benefitApplications).where(eq(benefitApplications.tenantId, app.tenantId)).orderBy(benefitApplications.createdAt, benefitApplications.id);
  const objects = rows.map((row) => ({ ...applicationRecordOf(row, unitOf(world, row.enterpriseUnitId).jurisdictionId), materials: row.materials as Material[] }));
  return {
    name: 'benefit applications',
    objects,
    label: (application) => `${application.state} ${application.id.slice(0, 8)}`,
    relation: applicationRelation,
    hiddenCode: 'APPLICATION_NOT_FOUND',
    operations: [
      { operationId: 'getBenefitApplication', expected: (actor, application) => allowedIf(canReadApplication(actor, application)), request: (application) => ({ method: 'GET', url: `/api/benefit-applications/${application.id}` }) },
      ...(['request_supplement', 'supplement', 'approve', 'refuse', 'disburse'] as const).map((action) => stepOperation(action, world.today)),
    ],
  };
};
