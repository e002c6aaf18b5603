/**
 * The drizzle view of the tables created by `migrations/*.sql`. The SQL files are the source
 * of truth; this file mirrors them column for column (checked by `schema.test.ts`).
 * Money columns are BIGINT counts of 分 read as JS numbers; DATE columns are 'YYYY-MM-DD'.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '../domain/access/roles.ts';
import type { CaseState } from '../domain/case/states.ts';
import type { Line, Source } from '../domain/lines.ts';
import type { TimedState, TimeLimit } from '../domain/supervision/time-limits.ts';

// These unions mirror the SQL check constraints; the domain may re-export them.
export const JURISDICTION_LEVELS = ['city', 'county', 'zone'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export const UNIT_KINDS = ['government', 'department', 'institution', 'soe', 'court', 'justice', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];


const money = (name: string) => bigint(name, { mode: 'number' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** BYTEA as a Buffer on both backends (PGlite gives a Uint8Array, node-postgres a Buffer). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    level: text('level').$type<JurisdictionLevel>().notNull(),
    parentId: text('parent_id').references((): AnyPgColumn => jurisdictions.id),
    // FK to units, DEFERRABLE INITIALLY DEFERRED in SQL (drizzle cannot say so).
    governmentUnitId: text('government_unit_id').references((): AnyPgColumn => units.id),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    check('jurisdictions_level_check', sql`${t.level} in ('city', 'county', 'zone')`),
    index('jurisdictions_tenant_parent_idx').on(t.tenantId, t.parentId),
  ],
);

export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<UnitKind>().notNull(),
    creditCode: text('credit_code'),
    jurisdictionId: text('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    parentUnitId: text('parent_unit_id').references((): AnyPgColumn => units.id),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'units_kind_check',
      sql`${t.kind} in ('government', 'department', 'institution', 'soe', 'court', 'justice', 'enterprise')`,
    ),
    uniqueIndex('units_tenant_credit_code_key').on(t.tenantId, t.creditCode).where(sql`credit_code is not null`),
    index('units_tenant_kind_idx').on(t.tenantId, t.kind),
    index('units_tenant_jurisdiction_idx').on(t.tenantId, t.jurisdictionId),
    index('units_tenant_name_idx').on(t.tenantId, t.name.op('text_pattern_ops')),
  ],
);

export const responsibilityMatrix = pgTable(
  'responsibility_matrix',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    line: text('line').$type<Line>().notNull(),
    topic: text('topic').notNull(),
    description: text('description').notNull(),
    /** Unit kinds of the debtor this row covers; empty when the row is not about a debtor. */
    debtorKinds: jsonb('debtor_kinds').$type<UnitKind[]>().notNull().default([]),
    /** 'city' | 'county' | null (any level). */
    debtorLevel: text('debtor_level').$type<'city' | 'county'>(),
    leadUnitId: text('lead_unit_id').references(() => units.id),
    /** True for "each 县市区 / 管委会" rows: the lead is the case's own jurisdiction. */
    leadIsJurisdiction: boolean('lead_is_jurisdiction').notNull().default(false),
    cooperatingUnitIds: jsonb('cooperating_unit_ids').$type<string[]>().notNull().default([]),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    check('responsibility_matrix_line_check', sql`${t.line} in ('arrears', 'policy', 'investment', 'integrity')`),
    check('responsibility_matrix_debtor_level_check', sql`${t.debtorLevel} in ('city', 'county')`),
    uniqueIndex('responsibility_matrix_tenant_topic_key').on(t.tenantId, t.topic),
  ],
);

export const holidays = pgTable(
  'holidays',
  {
    tenantId: text('tenant_id').notNull(),
    day: day('day').notNull(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.day] }),
    check('holidays_kind_check', sql`${t.kind} in ('holiday', 'workday')`),
  ],
);

/** S1: a state's time limit; a state without a row keeps its default (`DEFAULT_TIME_LIMITS`). */
export const timeLimits = pgTable(
  'time_limits',
  {
    tenantId: text('tenant_id').notNull(),
    state: text('state').$type<TimedState>().notNull(),
    unit: text('unit').$type<TimeLimit['unit']>().notNull(),
    days: integer('days').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.state] }),
    check('time_limits_unit_check', sql`${t.unit} in ('working_days', 'calendar_days')`),
    check('time_limits_days_check', sql`${t.days} > 0`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    unitId: text('unit_id').references(() => units.id),
    jurisdictionId: text('jurisdiction_id').references(() => jurisdictions.id),
    active: boolean('active').notNull().default(true),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'accounts_role_check',
      sql`${t.role} in ('enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office', 'leader', 'credit_office', 'system_admin', 'security_admin', 'audit_admin')`,
    ),
    uniqueIndex('accounts_tenant_username_key').on(t.tenantId, t.username),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token, never the token itself. */
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const caseCounters = pgTable(
  'case_counters',
  {
    tenantId: text('tenant_id').notNull(),
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    nextValue: integer('next_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.prefix, t.year] })],
);

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    line: text('line').$type<Line>().notNull(),
    source: text('source').$type<Source>().notNull(),
    state: text('state').$type<CaseState>().notNull(),
    title: text('title').notNull(),
    enterpriseUnitId: text('enterprise_unit_id').references(() => units.id),
    enterpriseName: text('enterprise_name').notNull(),
    enterpriseCreditCode: text('enterprise_credit_code').notNull(),
    responsibleUnitId: text('responsible_unit_id')
      .notNull()
      .references(() => units.id),
    handlingUnitId: text('handling_unit_id')
      .notNull()
      .references(() => units.id),
    jurisdictionId: text('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    leadUnitId: text('lead_unit_id').references(() => units.id),
    claimedAmount: money('claimed_amount'),
    confirmedAmount: money('confirmed_amount'),
    paidAmount: money('paid_amount').notNull().default(0),
    rule: text('rule'),
    deadline: day('deadline'),
    yearException: boolean('year_exception').notNull().default(false),
    registeredAt: instant('registered_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    closedAt: instant('closed_at'),
    version: integer('version').notNull(),
    headHash: text('head_hash').notNull(),
    /** The rest of the projection (`CaseRecord`), as JSON. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    check('cases_line_check', sql`${t.line} in ('arrears', 'policy', 'investment', 'integrity')`),
    check('cases_claimed_amount_check', sql`${t.claimedAmount} >= 0`),
    check('cases_confirmed_amount_check', sql`${t.confirmedAmount} >= 0`),
    check(
      'cases_paid_amount_check',
      sql`${t.paidAmount} >= 0 and (${t.confirmedAmount} is null or ${t.paidAmount} <= ${t.confirmedAmount})`,
    ),
    check('cases_registered_at_ms_check', sql`${t.registeredAt} = date_trunc('milliseconds', ${t.registeredAt})`),
    uniqueIndex('cases_tenant_number_key').on(t.tenantId, t.number),
    index('cases_tenant_registered_idx').on(t.tenantId, t.registeredAt.desc(), t.id.desc()),
    ...(
      [
        ['state', t.state],
        ['line', t.line],
        ['jurisdiction', t.jurisdictionId],
        ['responsible', t.responsibleUnitId],
        ['handling', t.handlingUnitId],
        ['enterprise', t.enterpriseUnitId],
        ['lead', t.leadUnitId],
      ] as const
    ).map(([name, column]) =>
      index(`cases_tenant_${name}_idx`).on(t.tenantId, column, t.registeredAt.desc(), t.id.desc()),
    ),
    index('cases_tenant_deadline_idx').on(t.tenantId, t.deadline).where(sql`deadline is not null`),
    index('cases_cooperating_units_idx').using('gin', sql`(${t.detail} -> 'cooperatingUnitIds') jsonb_path_ops`),
    // The ledger's orders (src/cases/ledger-sort.ts), migration 0005.
    index('cases_tenant_deadline_order_idx').on(t.tenantId, sql`coalesce(${t.deadline}, 'infinity'::date)`, t.id),
    index('cases_tenant_outstanding_idx').on(t.tenantId, sql`coalesce(${t.confirmedAmount} - ${t.paidAmount}, -1) desc`, t.id.desc()),
    index('cases_tenant_updated_idx').on(t.tenantId, t.updatedAt.desc(), t.id.desc()),
    index('cases_tenant_state_deadline_order_idx').on(t.tenantId, t.state, sql`coalesce(${t.deadline}, 'infinity'::date)`, t.id),
    index('cases_tenant_state_outstanding_idx').on(t.tenantId, t.state, sql`coalesce(${t.confirmedAmount} - ${t.paidAmount}, -1) desc`, t.id.desc()),
    index('cases_tenant_closed_idx').on(t.tenantId, t.closedAt).where(sql`closed_at is not null`),
  ],
);

export const caseEvents = pgTable(
  'case_events',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to cases, DEFERRABLE INITIALLY DEFERRED in SQL.
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
    rule: text('rule'),
    stateBefore: text('state_before').$type<CaseState>(),
    stateAfter: text('state_after').$type<CaseState>().notNull(),
    /** The case's deadline after this event (S1). */
    deadline: day('deadline'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.seq] }),
    check('case_events_seq_check', sql`${t.seq} >= 1`),
    index('case_events_tenant_at_idx').on(t.tenantId, t.at),
    // The ledger's paidFrom/paidTo (src/cases/case-conditions.ts), migration 0005.
    index('case_events_tenant_paid_on_idx')
      .on(t.tenantId, sql`((${t.payload} ->> 'paidOn') collate "C")`, t.caseId)
      .where(sql`type = 'record_payment'`),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').$type<unknown>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

export const REFERENCE_ENTITIES = ['unit', 'responsibility_matrix', 'holiday', 'time_limit'] as const;
export type ReferenceEntity = (typeof REFERENCE_ENTITIES)[number];

export const referenceChanges = pgTable(
  'reference_changes',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    entity: text('entity').$type<ReferenceEntity>().notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    check('reference_changes_entity_check', sql`${t.entity} in ('unit', 'responsibility_matrix', 'holiday', 'time_limit')`),
    index('reference_changes_tenant_at_idx').on(t.tenantId, t.at),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => accounts.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
    /** Null until a registration or a feedback links it. */
    caseId: uuid('case_id').references(() => cases.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    check('attachments_size_bytes_check', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} = octet_length(${t.content})`),
    index('attachments_tenant_case_idx').on(t.tenantId, t.caseId).where(sql`case_id is not null`),
    index('attachments_tenant_uploader_idx').on(t.tenantId, t.uploadedBy, t.createdAt),
  ],
);

export type Jurisdiction = typeof jurisdictions.$inferSelect;
export type NewJurisdiction = typeof jurisdictions.$inferInsert;
export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type ResponsibilityMatrixRow = typeof responsibilityMatrix.$inferSelect;
export type NewResponsibilityMatrixRow = typeof responsibilityMatrix.$inferInsert;
export type Holiday = typeof holidays.$inferSelect;
export type TimeLimitRow = typeof timeLimits.$inferSelect;
export type NewHoliday = typeof holidays.$inferInsert;
export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type CaseCounter = typeof caseCounters.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type NewCaseRow = typeof cases.$inferInsert;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type NewCaseEventRow = typeof caseEvents.$inferInsert;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type NewIdempotencyKeyRow = typeof idempotencyKeys.$inferInsert;
export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachmentRow = typeof attachments.$inferInsert;
