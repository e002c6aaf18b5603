/**
 * The annual disclosure of overdue payments (保障中小企业款项支付条例 Arts. 18, 22; migration 0036),
 * part of the drizzle schema `schema.ts` re-exports. A published row is immutable (a trigger).
 */
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tenantForeignKey } from './tenant-keys.ts';
import type { DisclosureKind, DisclosureStatus } from '../domain/disclosure/annual-disclosure.ts';
import { day, instant, money } from './columns.ts';
import { units } from './schema.ts';

export const annualDisclosures = pgTable(
  'annual_disclosures',
  {
    tenantId: text('tenant_id').notNull(),
    year: integer('year').notNull(),
    unitId: text('unit_id').notNull(),
    /** 机关 or 事业单位, as the unit disclosed. */
    kind: text('kind').$type<DisclosureKind>().notNull(),
    contracts: integer('contracts').notNull(),
    /** 分 the counted contracts still owed at the year's end. */
    amount: money('amount').notNull(),
    /** Arrears against the unit without a statutory due date (合同信息不全，未计入). */
    incomplete: integer('incomplete').notNull(),
    status: text('status').$type<DisclosureStatus>().notNull(),
    generatedAt: instant('generated_at').notNull(),
    generatedBy: text('generated_by').notNull(),
    generatedByName: text('generated_by_name').notNull(),
    publishedAt: instant('published_at'),
    publishedBy: text('published_by'),
    publishedByName: text('published_by_name'),
    /** The unit's explanation, given when it publishes. */
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.year, t.unitId] }),
    check('annual_disclosures_year_check', sql`${t.year} between 2025 and 2100`),
    check('annual_disclosures_kind_check', sql`${t.kind} in ('organ', 'institution')`),
    check('annual_disclosures_contracts_check', sql`${t.contracts} >= 0`),
    check('annual_disclosures_incomplete_check', sql`${t.incomplete} >= 0`),
    check('annual_disclosures_status_check', sql`${t.status} in ('draft', 'published')`),
    check('annual_disclosures_amount_check', sql`${t.amount} >= 0 and (${t.amount} = 0) = (${t.contracts} = 0)`),
    check('annual_disclosures_published_check', sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
    tenantForeignKey('annual_disclosures_unit_id_fkey', t.tenantId, t.unitId, () => units),
  ],
);

export type AnnualDisclosureRow = typeof annualDisclosures.$inferSelect;

/** The sweep's claims: a unit reminded in a week of March, or reported to 营商办 on 1 April as having missed 31 March. */
export const annualDisclosureNotices = pgTable(
  'annual_disclosure_notices',
  {
    tenantId: text('tenant_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').$type<'reminder' | 'missed'>().notNull(),
    /** The reminder's day (1, 8, 15, 22 or 29 March) or 1 April. */
    noticeOn: day('notice_on').notNull(),
    unitId: text('unit_id').notNull(),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.year, t.kind, t.noticeOn, t.unitId] }),
    check('annual_disclosure_notices_kind_check', sql`${t.kind} in ('reminder', 'missed')`),
    tenantForeignKey('annual_disclosure_notices_unit_id_fkey', t.tenantId, t.unitId, () => units),
  ],
);
