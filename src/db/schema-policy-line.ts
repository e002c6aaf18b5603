/**
 * The policy line's tables (issue 9), part of the drizzle schema `schema.ts` re-exports: the
 * policy library and its change log (0017), publications and their gaps (0018), enterprise
 * profiles (0019), applications, their events, the disbursement limits and the slow-disbursement
 * claims (0020), the window's consultations (0021). Checked against the SQL with the rest.
 */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { type TenantKeyed, tenantForeignKey } from './tenant-keys.ts';
import type { ApplicationChannel, ApplicationEvent, ApplicationState, Material } from '../domain/benefits/application.ts';
import type { WindowServiceChannel, WindowServiceKind } from '../domain/benefits/window-service.ts';
import type { JurisdictionLevel } from '../domain/jurisdictions.ts';
import type { SizeClass } from '../domain/policy-library/enterprise-size.ts';
import type { Clause, PolicyChangeKind, PolicyStatus } from '../domain/policy-library/library.ts';
import type { ApplicationGuide, PublicationKind } from '../domain/policy-library/publication.ts';
import { day, instant, money } from './columns.ts';
import { cases, jurisdictions, units } from './schema.ts';

// Issue 9 (P1, P7): the policy library (migration 0017).
export const benefitPolicies = pgTable(
  'benefit_policies',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    documentNo: text('document_no').notNull(),
    title: text('title').notNull(),
    issuerUnitId: text('issuer_unit_id').notNull(),
    level: text('level').$type<JurisdictionLevel>().notNull(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    packageTag: text('package_tag'),
    publishedOn: day('published_on').notNull(),
    effectiveOn: day('effective_on').notNull(),
    expiresOn: day('expires_on'),
    status: text('status').$type<PolicyStatus>().notNull(),
    endedOn: day('ended_on'),
    supersededBy: uuid('superseded_by'),
    clauses: jsonb('clauses').$type<Clause[]>().notNull(),
    version: integer('version').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('benefit_policies_level_check', sql`${t.level} in ('city', 'county', 'zone')`),
    check('benefit_policies_status_check', sql`${t.status} in ('in_force', 'revised', 'abolished')`),
    check('benefit_policies_version_check', sql`${t.version} >= 1`),
    uniqueIndex('benefit_policies_tenant_document_key').on(t.tenantId, t.documentNo),
    index('benefit_policies_tenant_status_idx').on(t.tenantId, t.status, t.effectiveOn.desc()),
    index('benefit_policies_tenant_issuer_idx').on(t.tenantId, t.issuerUnitId),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('benefit_policies_issuer_unit_id_fkey', t.tenantId, t.issuerUnitId, (): TenantKeyed => units),
    tenantForeignKey('benefit_policies_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, (): TenantKeyed => jurisdictions),
    tenantForeignKey('benefit_policies_superseded_by_fkey', t.tenantId, t.supersededBy, (): TenantKeyed => benefitPolicies),
  ],
);

export const benefitPolicyChanges = pgTable(
  'benefit_policy_changes',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to benefit_policies, DEFERRABLE INITIALLY DEFERRED in SQL.
    policyId: uuid('policy_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<PolicyChangeKind>().notNull(),
    effectiveOn: day('effective_on').notNull(),
    note: text('note'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>().notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.seq] }),
    check('benefit_policy_changes_seq_check', sql`${t.seq} >= 1`),
    check('benefit_policy_changes_kind_check', sql`${t.kind} in ('create', 'update', 'revise', 'abolish')`),
    index('benefit_policy_changes_tenant_at_idx').on(t.tenantId, t.at),
    tenantForeignKey('benefit_policy_changes_policy_id_fkey', t.tenantId, t.policyId, (): TenantKeyed => benefitPolicies),
  ],
);

export type BenefitPolicyRow = typeof benefitPolicies.$inferSelect;

// Issue 9 (P2): 一企一档, the enterprise profiles matched against the library (migration 0019).
export const enterpriseProfiles = pgTable(
  'enterprise_profiles',
  {
    unitId: text('unit_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    industryCode: text('industry_code').notNull(),
    employees: integer('employees').notNull(),
    annualRevenue: money('annual_revenue').notNull(),
    totalAssets: money('total_assets').notNull(),
    figuresYear: integer('figures_year').notNull(),
    registeredOn: day('registered_on').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull(),
    sizeClass: text('size_class').$type<SizeClass>().notNull(),
    version: integer('version').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('enterprise_profiles_industry_code_check', sql`${t.industryCode} ~ '^[A-T]([0-9]{2}([0-9]{1,2})?)?$'`),
    check('enterprise_profiles_employees_check', sql`${t.employees} >= 0`),
    check('enterprise_profiles_annual_revenue_check', sql`${t.annualRevenue} >= 0`),
    check('enterprise_profiles_total_assets_check', sql`${t.totalAssets} >= 0`),
    check('enterprise_profiles_size_class_check', sql`${t.sizeClass} in ('large', 'medium', 'small', 'micro')`),
    check('enterprise_profiles_version_check', sql`${t.version} >= 1`),
    index('enterprise_profiles_tenant_size_idx').on(t.tenantId, t.sizeClass),
    primaryKey({ columns: [t.tenantId, t.unitId] }),
    tenantForeignKey('enterprise_profiles_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
  ],
);

export const enterpriseProfileChanges = pgTable(
  'enterprise_profile_changes',
  {
    tenantId: text('tenant_id').notNull(),
    unitId: text('unit_id').notNull(),
    seq: integer('seq').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>().notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.unitId, t.seq] }), check('enterprise_profile_changes_seq_check', sql`${t.seq} >= 1`),
    tenantForeignKey('enterprise_profile_changes_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
  ],
);

export type EnterpriseProfileRow = typeof enterpriseProfiles.$inferSelect;

// P1: publication records of a policy and the gaps the sweep raised (migration 0018).

const PUBLICATION_KIND_CHECK = sql.raw(`('department_site', 'government_site', 'interpretation', 'consultation_window', 'application_guide')`);

export const policyPublications = pgTable(
  'policy_publications',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    policyId: uuid('policy_id').notNull(),
    kind: text('kind').$type<PublicationKind>().notNull(),
    publishedOn: day('published_on').notNull(),
    link: text('link').notNull(),
    guide: jsonb('guide').$type<ApplicationGuide>(),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    check('policy_publications_kind_check', sql`${t.kind} in ${PUBLICATION_KIND_CHECK}`),
    check('policy_publications_guide_check', sql`(${t.kind} = 'application_guide') = (${t.guide} is not null)`),
    index('policy_publications_tenant_policy_idx').on(t.tenantId, t.policyId, t.kind),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('policy_publications_policy_id_fkey', t.tenantId, t.policyId, (): TenantKeyed => benefitPolicies),
  ],
);

export const policyPublicationGaps = pgTable(
  'policy_publication_gaps',
  {
    tenantId: text('tenant_id').notNull(),
    policyId: uuid('policy_id').notNull(),
    kind: text('kind').$type<PublicationKind>().notNull(),
    dueOn: day('due_on').notNull(),
    caseId: uuid('case_id'),
    raisedAt: instant('raised_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.kind] }),
    check('policy_publication_gaps_kind_check', sql`${t.kind} in ${PUBLICATION_KIND_CHECK}`),
    tenantForeignKey('policy_publication_gaps_policy_id_fkey', t.tenantId, t.policyId, (): TenantKeyed => benefitPolicies),
    tenantForeignKey('policy_publication_gaps_case_id_fkey', t.tenantId, t.caseId, () => cases),
  ],
);

// Issue 9 (P2, P5): 兑现, the applications and 免申即享 items on the clauses, and their events (migration 0020).
export const benefitApplications = pgTable(
  'benefit_applications',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    enterpriseUnitId: text('enterprise_unit_id').notNull(),
    policyId: uuid('policy_id').notNull(),
    clauseId: uuid('clause_id').notNull(),
    handlingUnitId: text('handling_unit_id').notNull(),
    policyJurisdictionId: text('policy_jurisdiction_id').notNull(),
    channel: text('channel').$type<ApplicationChannel>().notNull(),
    state: text('state').$type<ApplicationState>().notNull(),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    missing: jsonb('missing').$type<string[]>().notNull(),
    approvedAmount: money('approved_amount'),
    disbursedAmount: money('disbursed_amount').notNull().default(0),
    budgetSource: text('budget_source'),
    submittedOn: day('submitted_on').notNull(),
    decidedOn: day('decided_on'),
    disbursedOn: day('disbursed_on'),
    version: integer('version').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('benefit_applications_channel_check', sql`${t.channel} in ('portal', 'window', 'automatic')`),
    check('benefit_applications_state_check', sql`${t.state} in ('submitted', 'supplement_requested', 'approved', 'refused', 'disbursed')`),
    check('benefit_applications_approved_amount_check', sql`${t.approvedAmount} >= 0`),
    check('benefit_applications_version_check', sql`${t.version} >= 1`),
    check(
      'benefit_applications_disbursed_amount_check',
      sql`${t.disbursedAmount} >= 0 and (${t.approvedAmount} is null or ${t.disbursedAmount} <= ${t.approvedAmount})`,
    ),
    uniqueIndex('benefit_applications_live_key').on(t.tenantId, t.enterpriseUnitId, t.clauseId).where(sql`state <> 'refused'`),
    index('benefit_applications_tenant_state_idx').on(t.tenantId, t.state, t.submittedOn),
    index('benefit_applications_tenant_handler_idx').on(t.tenantId, t.handlingUnitId, t.state),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('benefit_applications_enterprise_unit_id_fkey', t.tenantId, t.enterpriseUnitId, (): TenantKeyed => units),
    tenantForeignKey('benefit_applications_policy_id_fkey', t.tenantId, t.policyId, (): TenantKeyed => benefitPolicies),
    tenantForeignKey('benefit_applications_handling_unit_id_fkey', t.tenantId, t.handlingUnitId, (): TenantKeyed => units),
    tenantForeignKey('benefit_applications_policy_jurisdiction_id_fkey', t.tenantId, t.policyJurisdictionId, (): TenantKeyed => jurisdictions),
  ],
);

export const benefitApplicationEvents = pgTable(
  'benefit_application_events',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to benefit_applications, DEFERRABLE INITIALLY DEFERRED in SQL.
    applicationId: uuid('application_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').$type<ApplicationEvent['type']>().notNull(),
    payload: jsonb('payload').$type<ApplicationEvent['payload']>().notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.applicationId, t.seq] }),
    check('benefit_application_events_seq_check', sql`${t.seq} >= 1`),
    check('benefit_application_events_type_check', sql`${t.type} in ('submit', 'request_supplement', 'supplement', 'approve', 'refuse', 'disburse')`),
    tenantForeignKey('benefit_application_events_application_id_fkey', t.tenantId, t.applicationId, () => benefitApplications),
  ],
);

export type BenefitApplicationRow = typeof benefitApplications.$inferSelect;

export const benefitSettings = pgTable(
  'benefit_settings',
  {
    tenantId: text('tenant_id').primaryKey(),
    fastTrackWorkingDays: integer('fast_track_working_days').notNull(),
    standardWorkingDays: integer('standard_working_days').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('benefit_settings_fast_track_check', sql`${t.fastTrackWorkingDays} between 1 and 365`),
    check('benefit_settings_standard_check', sql`${t.standardWorkingDays} between 1 and 365`),
  ],
);

export const benefitDisbursementCases = pgTable('benefit_disbursement_cases', {
  applicationId: uuid('application_id').notNull(),
  tenantId: text('tenant_id').notNull(),
  dueOn: day('due_on').notNull(),
  caseId: uuid('case_id'),
  raisedAt: instant('raised_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.applicationId] }),
  tenantForeignKey('benefit_disbursement_cases_application_id_fkey', t.tenantId, t.applicationId, () => benefitApplications),
  tenantForeignKey('benefit_disbursement_cases_case_id_fkey', t.tenantId, t.caseId, () => cases),
]);

// Issue 9 (P2): the one window's consultations and application coaching (migration 0021).
export const windowServices = pgTable(
  'window_services',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').$type<WindowServiceKind>().notNull(),
    channel: text('channel').$type<WindowServiceChannel>().notNull(),
    enterpriseUnitId: text('enterprise_unit_id'),
    enterpriseName: text('enterprise_name').notNull(),
    policyId: uuid('policy_id'),
    clauseId: uuid('clause_id'),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    servedById: text('served_by_id').notNull(),
    servedByName: text('served_by_name').notNull(),
    servedByUnitId: text('served_by_unit_id'),
    servedAt: instant('served_at').notNull(),
  },
  (t) => [
    check('window_services_kind_check', sql`${t.kind} in ('consultation', 'coaching')`),
    check('window_services_channel_check', sql`${t.channel} in ('counter', 'phone', 'online')`),
    index('window_services_tenant_at_idx').on(t.tenantId, t.servedAt.desc()),
    index('window_services_tenant_enterprise_idx').on(t.tenantId, t.enterpriseUnitId).where(sql`enterprise_unit_id is not null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('window_services_enterprise_unit_id_fkey', t.tenantId, t.enterpriseUnitId, (): TenantKeyed => units),
    tenantForeignKey('window_services_policy_id_fkey', t.tenantId, t.policyId, (): TenantKeyed => benefitPolicies),
    tenantForeignKey('window_services_served_by_unit_id_fkey', t.tenantId, t.servedByUnitId, (): TenantKeyed => units),
  ],
);
