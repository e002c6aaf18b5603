/**
 * Dispatch rounds (日常调度, G1, G4, S5), part of the drizzle schema `schema.ts` re-exports: a
 * round, its snapshot of open cases under their responsible units, and the units' reports
 * (migration 0009). Checked against the SQL with the rest.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { DispatchRoundStatus } from '../domain/dispatch/round-status.ts';
import { day, instant } from './columns.ts';
import { cases, units } from './schema.ts';
import { type TenantKeyed, tenantForeignKey } from './tenant-keys.ts';

export { DISPATCH_ROUND_STATUSES, type DispatchRoundStatus } from '../domain/dispatch/round-status.ts';

export const dispatchRounds = pgTable(
  'dispatch_rounds',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    title: text('title').notNull(),
    periodStart: day('period_start').notNull(),
    periodEnd: day('period_end').notNull(),
    dueOn: day('due_on').notNull(),
    status: text('status').$type<DispatchRoundStatus>().notNull(),
    openedBy: text('opened_by').notNull(),
    openedByName: text('opened_by_name').notNull(),
    openedAt: instant('opened_at').notNull(),
    closedBy: text('closed_by'),
    closedByName: text('closed_by_name'),
    closedAt: instant('closed_at'),
  },
  (t) => [
    check('dispatch_rounds_status_check', sql`${t.status} in ('open', 'closed')`),
    check('dispatch_rounds_period_check', sql`${t.periodStart} <= ${t.periodEnd}`),
    index('dispatch_rounds_tenant_opened_idx').on(t.tenantId, t.openedAt.desc(), t.id.desc()),
    primaryKey({ columns: [t.tenantId, t.id] }),
  ],
);

export const dispatchRoundItems = pgTable(
  'dispatch_round_items',
  {
    tenantId: text('tenant_id').notNull(),
    roundId: uuid('round_id').notNull(),
    caseId: uuid('case_id').notNull(),
    unitId: text('unit_id').notNull(),
    progress: text('progress'),
    /** The case's `report_progress` event (case_events.seq) carrying the progress. */
    eventSeq: integer('event_seq'),
    reportedBy: text('reported_by'),
    reportedByName: text('reported_by_name'),
    reportedAt: instant('reported_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roundId, t.caseId] }),
    check(
      'dispatch_round_items_reported_check',
      sql`(${t.progress} is null) = (${t.eventSeq} is null) and (${t.progress} is null) = (${t.reportedAt} is null)`,
    ),
    index('dispatch_round_items_tenant_round_unit_idx').on(t.tenantId, t.roundId, t.unitId),
    tenantForeignKey('dispatch_round_items_round_id_fkey', t.tenantId, t.roundId, () => dispatchRounds),
    tenantForeignKey('dispatch_round_items_case_id_fkey', t.tenantId, t.caseId, () => cases),
    tenantForeignKey('dispatch_round_items_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
  ],
);

export const dispatchUnitReports = pgTable(
  'dispatch_unit_reports',
  {
    tenantId: text('tenant_id').notNull(),
    roundId: uuid('round_id').notNull(),
    unitId: text('unit_id').notNull(),
    summary: text('summary').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: instant('submitted_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roundId, t.unitId] }),
    tenantForeignKey('dispatch_unit_reports_round_id_fkey', t.tenantId, t.roundId, () => dispatchRounds),
    tenantForeignKey('dispatch_unit_reports_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
  ],
);
