/**
 * The cockpit's rollups (migration 0048), part of the drizzle schema `schema.ts` re-exports: the
 * cases' counts and money per scope key and state, and their counts by a date (the due dates
 * that move with "today", the weeks of registration, closing and payment); the same per member
 * unit of the cases (migration 0049), which a lead bureau's cockpit reads. Written only by the
 * triggers on `cases` and `case_events`, in the transaction of each write; read by
 * src/cases/statistics-from-rollups.ts, checked by src/cases/verify-rollups.ts.
 */
import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, primaryKey, text, type PgColumn } from 'drizzle-orm/pg-core';
import type { CaseState } from '../domain/case/states.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import { day } from './columns.ts';

/** The scope key every rollup row carries beside its line: what the cockpit groups by and a reader's scope filters on. */
const scopeKey = () => ({
  jurisdictionId: text('jurisdiction_id').notNull(),
  responsibleUnitId: text('responsible_unit_id').notNull(),
  handlingUnitId: text('handling_unit_id').notNull(),
});

/** What a rollup row holds per state. */
const stateFigures = () => ({
  cases: integer('cases').notNull(),
  // Exact sums in 分 (numeric), read through `fenTotal` as the cockpit's `moneySum`.
  claimedAmount: numeric('claimed_amount').notNull(),
  confirmedAmount: numeric('confirmed_amount').notNull(),
  paidAmount: numeric('paid_amount').notNull(),
  /** sum(confirmed − paid) over the cases with a confirmed amount. */
  outstandingAmount: numeric('outstanding_amount').notNull(),
  /** The cases with a deadline, a statutory due date, a lump sum owed under a year rule without and with an exception (A2). */
  deadlineCases: integer('deadline_cases').notNull(),
  statutoryCases: integer('statutory_cases').notNull(),
  yearRuleCases: integer('year_rule_cases').notNull(),
  yearExceptionCases: integer('year_exception_cases').notNull(),
});

export const caseRollups = pgTable(
  'case_rollups',
  {
    tenantId: text('tenant_id').notNull(),
    line: text('line').$type<Line>().notNull(),
    state: text('state').$type<CaseState>().notNull(),
    ...scopeKey(),
    ...stateFigures(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.line, t.state, t.jurisdictionId, t.responsibleUnitId, t.handlingUnitId] })],
);

/**
 * `case_rollups` per member unit (migration 0049): a case counts once under each distinct unit
 * among its lead, responsible, handling and cooperating units, the cases a lead bureau reads.
 */
export const caseMemberRollups = pgTable(
  'case_member_rollups',
  {
    tenantId: text('tenant_id').notNull(),
    memberUnitId: text('member_unit_id').notNull(),
    line: text('line').$type<Line>().notNull(),
    state: text('state').$type<CaseState>().notNull(),
    ...scopeKey(),
    ...stateFigures(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.memberUnitId, t.line, t.state, t.jurisdictionId, t.responsibleUnitId, t.handlingUnitId] })],
);

/** What a dated count counts (migration 0048 says each in full). */
export const CASE_DATE_KINDS = ['deadline', 'statutory', 'year_rule', 'registered', 'closed', 'paid'] as const;
export type CaseDateKind = (typeof CASE_DATE_KINDS)[number];

/** A dated row beside its city (and member unit): what is counted, on which day, and for which line and scope key. */
const datedCount = () => ({
  kind: text('kind').$type<CaseDateKind>().notNull(),
  /** The due day (deadline, statutory, year rule), or the Monday of the week (registered, closed, paid). */
  day: day('day').notNull(),
  line: text('line').$type<Line>().notNull(),
  ...scopeKey(),
  /** Cases; for `paid`, payments. */
  cases: integer('cases').notNull(),
  /** For `paid`, the amount paid (分, exact); 0 otherwise. */
  amount: numeric('amount').notNull(),
});

/** The check of a dated table's `kind`, as the migrations name and write it. */
const kindCheck = (name: string, kind: PgColumn) => check(name, sql`${kind} in (${sql.raw(CASE_DATE_KINDS.map((value) => `'${value}'`).join(', '))})`);

export const caseDateRollups = pgTable(
  'case_date_rollups',
  { tenantId: text('tenant_id').notNull(), ...datedCount() },
  (t) => [
    kindCheck('case_date_rollups_kind_check', t.kind),
    primaryKey({ columns: [t.tenantId, t.kind, t.day, t.line, t.jurisdictionId, t.responsibleUnitId, t.handlingUnitId] }),
  ],
);

/** `case_date_rollups` per member unit (migration 0049), as `caseMemberRollups`. */
export const caseMemberDateRollups = pgTable(
  'case_member_date_rollups',
  { tenantId: text('tenant_id').notNull(), memberUnitId: text('member_unit_id').notNull(), ...datedCount() },
  (t) => [
    kindCheck('case_member_date_rollups_kind_check', t.kind),
    primaryKey({ columns: [t.tenantId, t.memberUnitId, t.kind, t.day, t.line, t.jurisdictionId, t.responsibleUnitId, t.handlingUnitId] }),
  ],
);
