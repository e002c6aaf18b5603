/**
 * The promise register of the investment line (S6), part of the drizzle schema `schema.ts`
 * re-exports: projects, their promises, and each promise's deliveries and legality reviews
 * (migration 0024). Checked against the SQL with the rest.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantForeignKey } from './tenant-keys.ts';
import type { PromiseLegality, PromiseType, Milestone } from '../domain/investment/register.ts';
import { day, instant, money } from './columns.ts';
import { cases, jurisdictions, units } from './schema.ts';

export const investmentProjects = pgTable(
  'investment_projects',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    enterpriseUnitId: text('enterprise_unit_id').notNull(),
    agreementName: text('agreement_name').notNull(),
    agreementNo: text('agreement_no').notNull(),
    signingUnitId: text('signing_unit_id').notNull(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    signedOn: day('signed_on').notNull(),
    investmentAmount: money('investment_amount').notNull(),
    milestones: jsonb('milestones').$type<Milestone[]>().notNull(),
    clauses: text('clauses'),
    version: integer('version').notNull(),
    createdById: text('created_by_id').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('investment_projects_investment_amount_check', sql`${t.investmentAmount} > 0`),
    check('investment_projects_version_check', sql`${t.version} >= 1`),
    uniqueIndex('investment_projects_agreement_key').on(t.tenantId, t.agreementNo, t.enterpriseUnitId),
    index('investment_projects_tenant_jurisdiction_idx').on(t.tenantId, t.jurisdictionId),
    index('investment_projects_tenant_enterprise_idx').on(t.tenantId, t.enterpriseUnitId),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('investment_projects_enterprise_unit_id_fkey', t.tenantId, t.enterpriseUnitId, () => units),
    tenantForeignKey('investment_projects_signing_unit_id_fkey', t.tenantId, t.signingUnitId, () => units),
    tenantForeignKey('investment_projects_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, () => jurisdictions),
  ],
);

export type InvestmentProjectRow = typeof investmentProjects.$inferSelect;

export const investmentPromises = pgTable(
  'investment_promises',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    projectId: uuid('project_id').notNull(),
    type: text('type').$type<PromiseType>().notNull(),
    clause: text('clause').notNull(),
    content: text('content').notNull(),
    amount: money('amount'),
    /** Hundredths of a 亩. */
    area: integer('area'),
    dueOn: day('due_on').notNull(),
    conditions: text('conditions'),
    responsibleUnitId: text('responsible_unit_id').notNull(),
    caseId: uuid('case_id'),
    version: integer('version').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('investment_promises_type_check', sql`${t.type} in ('policy', 'funds', 'land', 'other')`),
    check('investment_promises_amount_check', sql`${t.amount} > 0`),
    check('investment_promises_area_check', sql`${t.area} > 0`),
    check('investment_promises_version_check', sql`${t.version} >= 1`),
    uniqueIndex('investment_promises_clause_key').on(t.tenantId, t.projectId, t.clause, sql`md5(${t.content})`),
    index('investment_promises_tenant_due_idx').on(t.tenantId, t.dueOn),
    index('investment_promises_tenant_responsible_idx').on(t.tenantId, t.responsibleUnitId),
    index('investment_promises_case_idx').on(t.caseId).where(sql`case_id is not null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('investment_promises_project_id_fkey', t.tenantId, t.projectId, () => investmentProjects),
    tenantForeignKey('investment_promises_responsible_unit_id_fkey', t.tenantId, t.responsibleUnitId, () => units),
    tenantForeignKey('investment_promises_case_id_fkey', t.tenantId, t.caseId, () => cases),
  ],
);

export type InvestmentPromiseRow = typeof investmentPromises.$inferSelect;

export const investmentPromiseFulfilments = pgTable(
  'investment_promise_fulfilments',
  {
    tenantId: text('tenant_id').notNull(),
    promiseId: uuid('promise_id').notNull(),
    seq: integer('seq').notNull(),
    deliveredOn: day('delivered_on').notNull(),
    amount: money('amount'),
    area: integer('area'),
    description: text('description').notNull(),
    voucher: text('voucher'),
    completes: boolean('completes').notNull(),
    recordedById: text('recorded_by_id').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    recordedByUnitId: text('recorded_by_unit_id'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.promiseId, t.seq] }),
    check('investment_promise_fulfilments_seq_check', sql`${t.seq} >= 1`),
    check('investment_promise_fulfilments_amount_check', sql`${t.amount} > 0`),
    check('investment_promise_fulfilments_area_check', sql`${t.area} > 0`),
    tenantForeignKey('investment_promise_fulfilments_promise_id_fkey', t.tenantId, t.promiseId, () => investmentPromises),
    tenantForeignKey('investment_promise_fulfilments_recorded_by_unit_id_fkey', t.tenantId, t.recordedByUnitId, () => units),
  ],
);

export const investmentPromiseReviews = pgTable(
  'investment_promise_reviews',
  {
    tenantId: text('tenant_id').notNull(),
    promiseId: uuid('promise_id').notNull(),
    seq: integer('seq').notNull(),
    legality: text('legality').$type<PromiseLegality>().notNull(),
    reason: text('reason'),
    reviewedOn: day('reviewed_on').notNull(),
    reviewerId: text('reviewer_id').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    reviewerUnitId: text('reviewer_unit_id'),
    reviewerUnitName: text('reviewer_unit_name'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.promiseId, t.seq] }),
    check('investment_promise_reviews_seq_check', sql`${t.seq} >= 1`),
    check('investment_promise_reviews_legality_check', sql`${t.legality} in ('compliant', 'flawed')`),
    check('investment_promise_reviews_reason_check', sql`${t.legality} = 'compliant' or ${t.reason} is not null`),
    tenantForeignKey('investment_promise_reviews_promise_id_fkey', t.tenantId, t.promiseId, () => investmentPromises),
    tenantForeignKey('investment_promise_reviews_reviewer_unit_id_fkey', t.tenantId, t.reviewerUnitId, () => units),
  ],
);
