/**
 * Identity (issue 11, migration 0027), part of the drizzle schema `schema.ts` re-exports: each
 * city's security policy and the hashes of the passwords an account used before. The identity
 * columns of `accounts` and `sessions` are in `schema.ts` with their tables.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tenantForeignKey } from './tenant-keys.ts';
import type { Role } from '../domain/access/roles.ts';
import type { PasswordProfile } from '../domain/identity/password-policy.ts';
import { instant } from './columns.ts';
import { accounts } from './schema.ts';

export const securityPolicies = pgTable(
  'security_policies',
  {
    tenantId: text('tenant_id').primaryKey(),
    passwordProfile: text('password_profile').$type<PasswordProfile>().notNull(),
    lockoutMaxFailures: integer('lockout_max_failures').notNull(),
    lockoutMinutes: integer('lockout_minutes').notNull(),
    staffIdleMinutes: integer('staff_idle_minutes').notNull(),
    enterpriseIdleMinutes: integer('enterprise_idle_minutes').notNull(),
    absoluteHours: integer('absolute_hours').notNull(),
    secondFactorRoles: jsonb('second_factor_roles').$type<Role[]>().notNull(),
    staffAllowedNetworks: jsonb('staff_allowed_networks').$type<string[]>().notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    check('security_policies_password_profile_check', sql`${t.passwordProfile} in ('dengbao', 'asvs')`),
    check('security_policies_lockout_max_failures_check', sql`${t.lockoutMaxFailures} between 1 and 100`),
    check('security_policies_lockout_minutes_check', sql`${t.lockoutMinutes} between 1 and 1440`),
    check('security_policies_staff_idle_minutes_check', sql`${t.staffIdleMinutes} between 1 and 1440`),
    check('security_policies_enterprise_idle_minutes_check', sql`${t.enterpriseIdleMinutes} between 1 and 1440`),
    check('security_policies_absolute_hours_check', sql`${t.absoluteHours} between 1 and 720`),
    tenantForeignKey('security_policies_updated_by_fkey', t.tenantId, t.updatedBy, () => accounts),
  ],
);

export const passwordHistory = pgTable(
  'password_history',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    passwordHash: text('password_hash').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    index('password_history_account_idx').on(t.accountId, t.at),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('password_history_account_id_fkey', t.tenantId, t.accountId, () => accounts).onDelete('cascade'),
  ],
);

export type SecurityPolicyRow = typeof securityPolicies.$inferSelect;
