/**
 * Accounts administered in the platform and enterprises' self-registrations (issue 11, migration
 * 0028; their phone numbers sealed by 0031), part of the drizzle schema `schema.ts` re-exports.
 * Checked against the SQL with the rest.
 */
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantForeignKey } from './tenant-keys.ts';
import type { RegistrationStatus } from '../domain/accounts/registration.ts';
import { instant } from './columns.ts';
import { accounts, jurisdictions, units } from './schema.ts';

export const accountContacts = pgTable(
  'account_contacts',
  {
    accountId: text('account_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    /** Only in a row from before migration 0031, until the server seals it at start (`sealClearPhones`). */
    phoneClear: text('phone_clear'),
    /** 138****0000: what every view shows. */
    phoneMasked: text('phone_masked'),
    /** SM4 under the key file's key (`AppKeys.encrypt`), opened only by a logged reveal. */
    phoneSealed: text('phone_sealed'),
  },
  (t) => [
    check('account_contacts_phone_check', sql`(${t.phoneSealed} is null) = (${t.phoneMasked} is null) and (${t.phoneSealed} is null) = (${t.phoneClear} is not null)`),
    primaryKey({ columns: [t.tenantId, t.accountId] }),
    tenantForeignKey('account_contacts_account_id_fkey', t.tenantId, t.accountId, () => accounts).onDelete('cascade'),
  ],
);

export const enterpriseRegistrations = pgTable(
  'enterprise_registrations',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    creditCode: text('credit_code').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    contactName: text('contact_name').notNull(),
    /** Only in a registration from before migration 0031, until the server seals it at start. */
    contactPhoneClear: text('contact_phone_clear'),
    username: text('username').notNull(),
    /** argon2id of the chosen password, kept only while pending. */
    passwordHash: text('password_hash'),
    status: text('status').$type<RegistrationStatus>().notNull(),
    submittedAt: instant('submitted_at').notNull(),
    submittedAddress: text('submitted_address'),
    decidedAt: instant('decided_at'),
    decidedBy: text('decided_by'),
    decidedByName: text('decided_by_name'),
    rejectionReason: text('rejection_reason'),
    unitId: text('unit_id'),
    accountId: text('account_id'),
    /** Masked and sealed as an account's phone (migration 0031 added them last). */
    contactPhoneMasked: text('contact_phone_masked'),
    contactPhoneSealed: text('contact_phone_sealed'),
  },
  (t) => [
    check('enterprise_registrations_status_check', sql`${t.status} in ('pending', 'confirmed', 'rejected')`),
    check(
      'enterprise_registrations_decision_check',
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null) and (${t.status} = 'pending') = (${t.passwordHash} is not null) and (${t.status} = 'pending') = (${t.decidedBy} is null)`,
    ),
    check('enterprise_registrations_rejected_check', sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`),
    check(
      'enterprise_registrations_contact_phone_check',
      sql`(${t.contactPhoneSealed} is null) = (${t.contactPhoneMasked} is null) and (${t.contactPhoneSealed} is null) = (${t.contactPhoneClear} is not null)`,
    ),
    check('enterprise_registrations_confirmed_check', sql`${t.status} <> 'confirmed' or (${t.unitId} is not null and ${t.accountId} is not null)`),
    uniqueIndex('enterprise_registrations_pending_username_key').on(t.tenantId, t.username).where(sql`status = 'pending'`),
    uniqueIndex('enterprise_registrations_pending_credit_code_key').on(t.tenantId, t.creditCode).where(sql`status = 'pending'`),
    index('enterprise_registrations_tenant_status_idx').on(t.tenantId, t.status, t.submittedAt),
    index('enterprise_registrations_tenant_username_idx').on(t.tenantId, t.username),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('enterprise_registrations_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, () => jurisdictions),
    tenantForeignKey('enterprise_registrations_unit_id_fkey', t.tenantId, t.unitId, () => units),
    tenantForeignKey('enterprise_registrations_account_id_fkey', t.tenantId, t.accountId, () => accounts),
  ],
);

export type EnterpriseRegistrationRow = typeof enterpriseRegistrations.$inferSelect;
