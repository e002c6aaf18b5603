/**
 * The security audit log of issue 11 (migration 0026), part of the drizzle schema `schema.ts`
 * re-exports: the per-tenant chain of security events and its head, the anchors of the audit
 * heads, the case heads the latest anchor covers, and the tenants whose case chains still carry
 * the bare SM3 seal. Checked against the SQL with the rest.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from '../security/event-kinds.ts';
import { instant } from './columns.ts';

export const securityLogHeads = pgTable('security_log_heads', {
  tenantId: text('tenant_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  mac: text('mac').notNull(),
});

export const securityEvents = pgTable(
  'security_events',
  {
    tenantId: text('tenant_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: instant('at').notNull(),
    kind: text('kind').$type<SecurityEventKind>().notNull(),
    outcome: text('outcome').$type<'success' | 'failure'>().notNull(),
    accountId: text('account_id'),
    username: text('username'),
    address: text('address'),
    object: text('object'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevMac: text('prev_mac').notNull(),
    mac: text('mac').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    check('security_events_seq_check', sql`${t.seq} >= 1`),
    check('security_events_kind_check', sql`${t.kind} in (${sql.join(SECURITY_EVENT_KINDS.map((kind) => sql.raw(`'${kind}'`)), sql.raw(', '))})`),
    check('security_events_outcome_check', sql`${t.outcome} in ('success', 'failure')`),
    index('security_events_tenant_at_idx').on(t.tenantId, t.at),
    index('security_events_tenant_kind_idx').on(t.tenantId, t.kind, t.seq),
    index('security_events_tenant_account_idx').on(t.tenantId, t.accountId, t.seq),
  ],
);

export const auditAnchors = pgTable(
  'audit_anchors',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    at: instant('at').notNull(),
    securitySeq: bigint('security_seq', { mode: 'number' }).notNull(),
    securityMac: text('security_mac').notNull(),
    caseCount: integer('case_count').notNull(),
    caseDigest: text('case_digest').notNull(),
    mac: text('mac').notNull(),
  },
  (t) => [
    index('audit_anchors_tenant_at_idx').on(t.tenantId, t.at),
    primaryKey({ columns: [t.tenantId, t.id] }),
  ],
);

export const auditAnchorCases = pgTable(
  'audit_anchor_cases',
  {
    tenantId: text('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    version: integer('version').notNull(),
    headHash: text('head_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.caseId] })],
);

export const auditLegacySeals = pgTable('audit_legacy_seals', {
  tenantId: text('tenant_id').primaryKey(),
  markedAt: instant('marked_at').notNull(),
});
