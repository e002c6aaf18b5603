/**
 * The drizzle view of the tables created by `migrations/*.sql`. The SQL files are the source
 * of truth; this file mirrors them column for column (checked by `schema.test.ts`).
 * Money columns are BIGINT counts of 分 read as JS numbers; DATE columns are 'YYYY-MM-DD'.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { day, instant, money } from './columns.ts';
import { type TenantKeyed, tenantForeignKey } from './tenant-keys.ts';
import type { Role } from '../domain/access/roles.ts';
import type { CaseState } from '../domain/case/states.ts';
import type { CreditEventType, CreditStatus, ExportChange, ObjectionDecision, RecordedUnitKind, RefusalGround, RepairDecision } from '../domain/credit/states.ts';
import type { Line, Source } from '../domain/lines/vocabulary.ts';
import type { TimedState, TimeLimit } from '../domain/supervision/time-limits.ts';

// These unions mirror the SQL check constraints; the domain may re-export them.
export { JURISDICTION_LEVELS, type JurisdictionLevel } from '../domain/jurisdictions.ts';
import type { JurisdictionLevel } from '../domain/jurisdictions.ts';

export const UNIT_KINDS = ['government', 'department', 'institution', 'soe', 'court', 'justice', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];



/** BYTEA as a Buffer on both backends (PGlite gives a Uint8Array, node-postgres a Buffer). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    level: text('level').$type<JurisdictionLevel>().notNull(),
    parentId: text('parent_id'),
    // FK to units, DEFERRABLE INITIALLY DEFERRED in SQL (drizzle cannot say so).
    governmentUnitId: text('government_unit_id'),
    sort: integer('sort').notNull().default(0),
    /** GB/T 2260 行政区划代码, six digits; null where the city did not give it. */
    divisionCode: text('division_code'),
  },
  (t) => [
    check('jurisdictions_level_check', sql`${t.level} in ('city', 'county', 'zone')`),
    check('jurisdictions_division_code_check', sql`${t.divisionCode} ~ '^[0-9]{6}$'`),
    index('jurisdictions_tenant_parent_idx').on(t.tenantId, t.parentId),
    uniqueIndex('jurisdictions_tenant_name_key').on(t.tenantId, t.name),
    uniqueIndex('jurisdictions_tenant_division_code_key').on(t.tenantId, t.divisionCode).where(sql`division_code is not null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('jurisdictions_parent_id_fkey', t.tenantId, t.parentId, (): TenantKeyed => jurisdictions),
    tenantForeignKey('jurisdictions_government_unit_id_fkey', t.tenantId, t.governmentUnitId, (): TenantKeyed => units),
  ],
);

export const units = pgTable(
  'units',
  {
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<UnitKind>().notNull(),
    creditCode: text('credit_code'),
    jurisdictionId: text('jurisdiction_id').notNull(),
    parentUnitId: text('parent_unit_id'),
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
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('units_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, (): TenantKeyed => jurisdictions),
    tenantForeignKey('units_parent_unit_id_fkey', t.tenantId, t.parentUnitId, (): TenantKeyed => units),
  ],
);

export const responsibilityMatrix = pgTable(
  'responsibility_matrix',
  {
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    line: text('line').$type<Line>().notNull(),
    topic: text('topic').notNull(),
    description: text('description').notNull(),
    /** Unit kinds of the debtor this row covers; empty when the row is not about a debtor. */
    debtorKinds: jsonb('debtor_kinds').$type<UnitKind[]>().notNull().default([]),
    /** 'city' | 'county' | null (any level). */
    debtorLevel: text('debtor_level').$type<'city' | 'county'>(),
    leadUnitId: text('lead_unit_id'),
    /** True for "each 县市区 / 管委会" rows: the lead is the case's own jurisdiction. */
    leadIsJurisdiction: boolean('lead_is_jurisdiction').notNull().default(false),
    cooperatingUnitIds: jsonb('cooperating_unit_ids').$type<string[]>().notNull().default([]),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    check('responsibility_matrix_line_check', sql`${t.line} in ('arrears', 'policy', 'investment', 'integrity')`),
    check('responsibility_matrix_debtor_level_check', sql`${t.debtorLevel} in ('city', 'county')`),
    uniqueIndex('responsibility_matrix_tenant_topic_key').on(t.tenantId, t.topic),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('responsibility_matrix_lead_unit_id_fkey', t.tenantId, t.leadUnitId, (): TenantKeyed => units),
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

/**
 * 保障中小企业款项支付条例 第十七条: the one-year LPR as published, in basis points, in force from
 * `effectiveOn` (the floor of an agreed late-interest rate at signing).
 */
export const lprRates = pgTable(
  'lpr_rates',
  {
    tenantId: text('tenant_id').notNull(),
    effectiveOn: day('effective_on').notNull(),
    oneYearBp: integer('one_year_bp').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.effectiveOn] }),
    check('lpr_rates_one_year_bp_check', sql`${t.oneYearBp} between 1 and 10000`),
  ],
);

/** S1: a state's time limit; a state without a row keeps its default (`DEFAULT_TIME_LIMITS`). */
/**
 * The version of a tenant's reference data (holidays, time limits, the matrix, jurisdictions, LPR):
 * a new random value whenever a trigger sees one of those tables change (migration 0045), what
 * the in-process cache (`src/reference/reference-cache.ts`) compares before it trusts its copy.
 */
export const referenceVersions = pgTable('reference_versions', {
  tenantId: text('tenant_id').primaryKey(),
  version: text('version').notNull(),
});

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
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<Role>().notNull(),
    unitId: text('unit_id'),
    jurisdictionId: text('jurisdiction_id'),
    active: boolean('active').notNull().default(true),
    createdAt: instant('created_at').notNull().defaultNow(),
    // Identity (migration 0027): the password's state, lockout, the TOTP second factor, demo.
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: instant('password_changed_at'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: instant('locked_until'),
    /** The base32 TOTP secret sealed with `AppKeys.encrypt`; in force once `totpEnrolledAt` is set. */
    totpSecret: text('totp_secret'),
    totpEnrolledAt: instant('totp_enrolled_at'),
    /** The last TOTP time step accepted: a code is accepted once. */
    totpLastStep: integer('totp_last_step'),
    /** A published demo account: its password alone signs it in when the server runs with --demo. */
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [
    check(
      'accounts_role_check',
      sql`${t.role} in ('enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office', 'leader', 'credit_office', 'system_admin', 'security_admin', 'audit_admin')`,
    ),
    uniqueIndex('accounts_tenant_username_key').on(t.tenantId, t.username),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('accounts_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
    tenantForeignKey('accounts_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, (): TenantKeyed => jurisdictions),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session token, never the token itself. */
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    // Migration 0027: the lifetime that no activity extends, where and in what it was opened,
    // the id it is listed and ended by, and what it still has to do before anything else.
    absoluteExpiresAt: instant('absolute_expires_at').notNull(),
    address: text('address'),
    userAgent: text('user_agent'),
    viewId: uuid('view_id').notNull(),
    secondFactorPassed: boolean('second_factor_passed').notNull().default(false),
    restricted: text('restricted').$type<'change_password' | 'enroll_second_factor'>(),
  },
  (t) => [
    index('sessions_account_idx').on(t.accountId),
    index('sessions_expires_idx').on(t.expiresAt),
    uniqueIndex('sessions_view_id_key').on(t.tenantId, t.viewId),
    check('sessions_restricted_check', sql`${t.restricted} in ('change_password', 'enroll_second_factor')`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('sessions_account_id_fkey', t.tenantId, t.accountId, () => accounts).onDelete('cascade'),
  ],
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

/** The four columns of a case the ledger's text search reads, one a line (migrations 0046, 0051). */
const SEARCHED_TEXT = sql.raw(`title || E'\\n' || number || E'\\n' || coalesce(enterprise_name, '') || E'\\n' || coalesce(enterprise_credit_code, '')`);

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    line: text('line').$type<Line>().notNull(),
    source: text('source').$type<Source>().notNull(),
    state: text('state').$type<CaseState>().notNull(),
    title: text('title').notNull(),
    enterpriseUnitId: text('enterprise_unit_id'),
    // Null only on the integrity line (G2), migration 0007.
    enterpriseName: text('enterprise_name'),
    enterpriseCreditCode: text('enterprise_credit_code'),
    responsibleUnitId: text('responsible_unit_id').notNull(),
    handlingUnitId: text('handling_unit_id').notNull(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    leadUnitId: text('lead_unit_id'),
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
    /** A2, I1: the day the line's year rule wants the lump sum paid by (the line's `yearRule`, migration 0014). */
    yearRuleDueOn: day('year_rule_due_on'),
    /** 保障中小企业款项支付条例 Arts. 9, 10: the statutory due date the contract's facts give (the line's `statutoryDueOn`, migration 0034). */
    statutoryDueOn: day('statutory_due_on'),
    /** The kind of case its line keeps apart (the line's `kindOf`: `retaliation`), null for an ordinary one (migration 0039). */
    caseKind: text('case_kind'),
    /** 按期办结: closed, and last settled on time (`CaseCore.settledOnTime`; the dispatch report's figure, migration 0050). */
    closedOnTime: boolean('closed_on_time').notNull().default(false),
    /**
     * The ledger's text search (`q`, src/cases/ledger-filter.ts): the distinct two- and
     * three-character substrings of the four columns it searches, lower-cased by SQL's lower() as
     * ILIKE lowers them, computed by PostgreSQL on every write (migrations 0046, 0051). Never
     * written by the application.
     */
    searchGrams: text('search_grams')
      .array()
      .notNull()
      .generatedAlwaysAs(
        sql`case_search_grams(lower(${SEARCHED_TEXT}), 2) || case_search_grams(lower(${SEARCHED_TEXT}), 3)`,
      ),
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
    // The ledger's text search, migrations 0046 and 0051.
    index('cases_search_grams_idx').using('gin', t.searchGrams),
    // Cases overdue by law (保障中小企业款项支付条例), migration 0034.
    index('cases_tenant_statutory_due_idx').on(t.tenantId, t.statutoryDueOn).where(sql`statutory_due_on is not null`),
    // The cockpit's year-end risk list (A2), first by deadline, migration 0048.
    index('cases_tenant_year_end_risk_idx')
      .on(t.tenantId, sql`coalesce(${t.deadline}, 'infinity'::date)`, t.number)
      .where(sql`year_rule_due_on is not null and confirmed_amount > paid_amount`),
    // The kinds of case a line keeps apart (a complaint of retaliation), migration 0039.
    index('cases_tenant_kind_idx').on(t.tenantId, t.caseKind, t.registeredAt.desc(), t.id.desc()).where(sql`case_kind is not null`),
    // Intake (S3), migration 0007: duplicate candidates and merged cases.
    check('cases_enterprise_check', sql`${t.line} = 'integrity' or (${t.enterpriseName} is not null and ${t.enterpriseCreditCode} is not null)`),
    index('cases_tenant_enterprise_code_idx')
      .on(t.tenantId, t.enterpriseCreditCode, t.responsibleUnitId)
      .where(sql`enterprise_credit_code is not null`),
    index('cases_tenant_merged_into_idx')
      .on(t.tenantId, sql`(${t.detail} #>> '{mergedInto,caseId}')`)
      .where(sql`detail #>> '{mergedInto,caseId}' is not null`),
    // Import from the provincial SME platform (S3), migration 0011: one case per platform id.
    uniqueIndex('cases_tenant_source_external_ref_key')
      .on(t.tenantId, t.source, sql`(${t.detail} ->> 'externalRef')`)
      .where(sql`detail ->> 'externalRef' is not null`),
    // 台账导入, migration 0043: one case per ledger file (SHA-256) and row.
    uniqueIndex('cases_tenant_imported_row_key')
      .on(t.tenantId, sql`(${t.detail} #>> '{importedFrom,sha256}')`, sql`(${t.detail} #>> '{importedFrom,row}')`)
      .where(sql`detail #>> '{importedFrom,sha256}' is not null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('cases_enterprise_unit_id_fkey', t.tenantId, t.enterpriseUnitId, (): TenantKeyed => units),
    tenantForeignKey('cases_responsible_unit_id_fkey', t.tenantId, t.responsibleUnitId, (): TenantKeyed => units),
    tenantForeignKey('cases_handling_unit_id_fkey', t.tenantId, t.handlingUnitId, (): TenantKeyed => units),
    tenantForeignKey('cases_jurisdiction_id_fkey', t.tenantId, t.jurisdictionId, (): TenantKeyed => jurisdictions),
    tenantForeignKey('cases_lead_unit_id_fkey', t.tenantId, t.leadUnitId, (): TenantKeyed => units),
  ],
);

export const caseEvents = pgTable(
  'case_events',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to cases, DEFERRABLE INITIALLY DEFERRED in SQL.
    caseId: uuid('case_id').notNull(),
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
    primaryKey({ columns: [t.tenantId, t.caseId, t.seq] }),
    check('case_events_seq_check', sql`${t.seq} >= 1`),
    index('case_events_tenant_at_idx').on(t.tenantId, t.at),
    // The ledger's paidFrom/paidTo (src/cases/case-conditions.ts), migration 0005.
    index('case_events_tenant_paid_on_idx')
      .on(t.tenantId, sql`((${t.payload} ->> 'paidOn') collate "C")`, t.caseId)
      .where(sql`type = 'record_payment'`),
    // The dispatch report's events of a period (returns, ratings, requests to reopen), migration 0047.
    index('case_events_period_figures_idx').on(t.tenantId, t.at).where(sql`type in ('return', 'rate', 'request_reopen')`),
    // Its 约谈 and 通报 lists: the period's supervisions at those steps of the ladder, migration 0047.
    index('case_events_ladder_steps_idx').on(t.tenantId, t.at).where(sql`type = 'supervise' and payload ->> 'level' in ('interview', 'notice')`),
    tenantForeignKey('case_events_case_id_fkey', t.tenantId, t.caseId, () => cases),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Null only inside the transaction that claimed the key, until its write is done. */
    statusCode: integer('status_code'),
    response: jsonb('response').$type<unknown>(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

export const REFERENCE_ENTITIES = ['unit', 'responsibility_matrix', 'holiday', 'time_limit', 'supervision_threshold', 'jurisdiction', 'lpr'] as const;
export type ReferenceEntity = (typeof REFERENCE_ENTITIES)[number];

export const referenceChanges = pgTable(
  'reference_changes',
  {
    id: uuid('id').notNull(),
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
    check('reference_changes_entity_check', sql`${t.entity} in ('unit', 'responsibility_matrix', 'holiday', 'time_limit', 'supervision_threshold', 'jurisdiction', 'lpr')`),
    index('reference_changes_tenant_at_idx').on(t.tenantId, t.at),
    primaryKey({ columns: [t.tenantId, t.id] }),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
    /** Null until a registration or a feedback links it. */
    caseId: uuid('case_id'),
    createdAt: instant('created_at').notNull(),
    /** P2: an enterprise's application material, reused across its applications (migration 0020). */
    ownerUnitId: text('owner_unit_id'),
  },
  (t) => [
    check('attachments_size_bytes_check', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} = octet_length(${t.content})`),
    index('attachments_tenant_case_idx').on(t.tenantId, t.caseId).where(sql`case_id is not null`),
    index('attachments_tenant_owner_idx').on(t.tenantId, t.ownerUnitId).where(sql`owner_unit_id is not null`),
    index('attachments_tenant_uploader_idx').on(t.tenantId, t.uploadedBy, t.createdAt),
    // Migration 0029: the uploads nothing took, by age, for the daily purge.
    index('attachments_unlinked_created_idx').on(t.tenantId, t.createdAt).where(sql`case_id is null and owner_unit_id is null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('attachments_uploaded_by_fkey', t.tenantId, t.uploadedBy, () => accounts),
    tenantForeignKey('attachments_case_id_fkey', t.tenantId, t.caseId, () => cases),
    tenantForeignKey('attachments_owner_unit_id_fkey', t.tenantId, t.ownerUnitId, (): TenantKeyed => units),
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

// S4: breach-of-trust records and the batches reported to the national platform (migration 0010).
export const creditExportBatches = pgTable(
  'credit_export_batches',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: instant('created_at').notNull(),
    recordCount: integer('record_count').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
  },
  (t) => [
    check('credit_export_batches_record_count_check', sql`${t.recordCount} >= 1`),
    uniqueIndex('credit_export_batches_tenant_number_key').on(t.tenantId, t.number),
    index('credit_export_batches_tenant_created_idx').on(t.tenantId, t.createdAt.desc()),
    primaryKey({ columns: [t.tenantId, t.id] }),
  ],
);

export const creditRecords = pgTable(
  'credit_records',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    number: text('number').notNull(),
    unitId: text('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    unitCreditCode: text('unit_credit_code').notNull(),
    unitKind: text('unit_kind').$type<RecordedUnitKind>().notNull(),
    caseId: uuid('case_id'),
    caseNumber: text('case_number'),
    status: text('status').$type<CreditStatus>().notNull(),
    // Null until the breach is determined (migration 0037).
    breachOn: day('breach_on'),
    facts: text('facts').notNull(),
    basis: text('basis').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    recordingUnitName: text('recording_unit_name').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    objectionReason: text('objection_reason'),
    objectedAt: instant('objected_at'),
    objectionDecision: text('objection_decision').$type<ObjectionDecision>(),
    objectionDecisionReason: text('objection_decision_reason'),
    objectionDecidedAt: instant('objection_decided_at'),
    revokedOn: day('revoked_on'),
    repairMeasures: text('repair_measures'),
    repairAppliedAt: instant('repair_applied_at'),
    repairDecision: text('repair_decision').$type<RepairDecision>(),
    repairDecisionReason: text('repair_decision_reason'),
    repairDecidedAt: instant('repair_decided_at'),
    repairedOn: day('repaired_on'),
    exportedChange: text('exported_change').$type<ExportChange>(),
    exportedBatchId: uuid('exported_batch_id'),
    version: integer('version').notNull(),
    updatedAt: instant('updated_at').notNull(),
    // 发改财金〔2023〕1103号 (migration 0037): the order to rectify (责令整改) and its outcome.
    orderRequirement: text('order_requirement'),
    orderDocumentNumber: text('order_document_number'),
    orderedOn: day('ordered_on'),
    rectificationDeadline: day('rectification_deadline'),
    rectifiedOn: day('rectified_on'),
    rectificationEvidence: text('rectification_evidence'),
    refusalGround: text('refusal_ground').$type<RefusalGround>(),
    refusalFacts: text('refusal_facts'),
    refusedOn: day('refused_on'),
  },
  (t) => [
    check('credit_records_unit_kind_check', sql`${t.unitKind} in ('government', 'department', 'institution', 'soe')`),
    check(
      'credit_records_status_check',
      sql`${t.status} in ('ordered', 'rectified', 'refused', 'recorded', 'objected', 'revoked', 'repaired')`,
    ),
    check('credit_records_refusal_ground_check', sql`${t.refusalGround} in ('lapse', 'written')`),
    check(
      'credit_records_order_check',
      sql`${t.status} not in ('ordered', 'rectified', 'refused') or (${t.orderRequirement} is not null and ${t.orderDocumentNumber} is not null and ${t.orderedOn} is not null and ${t.rectificationDeadline} is not null)`,
    ),
    check('credit_records_rectified_check', sql`${t.status} <> 'rectified' or (${t.rectifiedOn} is not null and ${t.rectificationEvidence} is not null)`),
    check(
      'credit_records_refusal_check',
      sql`(${t.refusedOn} is null) = (${t.refusalGround} is null) and (${t.refusedOn} is null) = (${t.refusalFacts} is null)`,
    ),
    check('credit_records_determined_check', sql`${t.status} in ('ordered', 'rectified', 'refused') or ${t.breachOn} is not null`),
    check('credit_records_objection_decision_check', sql`${t.objectionDecision} in ('upheld', 'rejected')`),
    check('credit_records_repair_decision_check', sql`${t.repairDecision} in ('approved', 'rejected')`),
    check('credit_records_exported_change_check', sql`${t.exportedChange} in ('added', 'revoked', 'repaired')`),
    check('credit_records_version_check', sql`${t.version} >= 1`),
    uniqueIndex('credit_records_tenant_number_key').on(t.tenantId, t.number),
    index('credit_records_tenant_recorded_idx').on(t.tenantId, t.recordedAt.desc(), t.id.desc()),
    index('credit_records_tenant_unit_idx').on(t.tenantId, t.unitId, t.status),
    index('credit_records_tenant_case_idx').on(t.tenantId, t.caseId).where(sql`case_id is not null`),
    uniqueIndex('credit_records_case_open_key')
      .on(t.tenantId, t.caseId)
      .where(sql`case_id is not null and status in ('ordered', 'refused', 'recorded', 'objected')`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('credit_records_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
    tenantForeignKey('credit_records_case_id_fkey', t.tenantId, t.caseId, () => cases),
    tenantForeignKey('credit_records_exported_batch_id_fkey', t.tenantId, t.exportedBatchId, () => creditExportBatches),
  ],
);

export const creditRecordEvents = pgTable(
  'credit_record_events',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to credit_records, DEFERRABLE INITIALLY DEFERRED in SQL.
    recordId: uuid('record_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').$type<CreditEventType>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    statusBefore: text('status_before').$type<CreditStatus>(),
    statusAfter: text('status_after').$type<CreditStatus>().notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.recordId, t.seq] }),
    check('credit_record_events_seq_check', sql`${t.seq} >= 1`),
    check(
      'credit_record_events_type_check',
      sql`${t.type} in ('order_rectification', 'record_rectified', 'record_refusal', 'record', 'object', 'decide_objection', 'apply_repair', 'decide_repair', 'export')`,
    ),
    index('credit_record_events_tenant_at_idx').on(t.tenantId, t.at),
    tenantForeignKey('credit_record_events_record_id_fkey', t.tenantId, t.recordId, () => creditRecords),
  ],
);

// S4 (migration 0025): a case proposed to 信用办 as a breach (提请认定失信), and the record that took it up.
export const creditProposals = pgTable(
  'credit_proposals',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    unitId: text('unit_id').notNull(),
    facts: text('facts').notNull(),
    proposedBy: text('proposed_by').notNull(),
    proposedByName: text('proposed_by_name').notNull(),
    proposingUnitName: text('proposing_unit_name').notNull(),
    proposedAt: instant('proposed_at').notNull(),
    creditRecordId: uuid('credit_record_id'),
  },
  (t) => [
    uniqueIndex('credit_proposals_case_pending_key').on(t.tenantId, t.caseId).where(sql`credit_record_id is null`),
    index('credit_proposals_credit_record_idx').on(t.creditRecordId).where(sql`credit_record_id is not null`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('credit_proposals_case_id_fkey', t.tenantId, t.caseId, () => cases),
    tenantForeignKey('credit_proposals_unit_id_fkey', t.tenantId, t.unitId, (): TenantKeyed => units),
    tenantForeignKey('credit_proposals_credit_record_id_fkey', t.tenantId, t.creditRecordId, () => creditRecords),
  ],
);

export type CreditRecordRow = typeof creditRecords.$inferSelect;
export type CreditRecordEventRow = typeof creditRecordEvents.$inferSelect;
export type CreditExportBatchRow = typeof creditExportBatches.$inferSelect;

// Issue 4 (S2): ladder thresholds, notifications, 督办单 numbers, webhooks, job runs (migration 0008).
export const supervisionThresholds = pgTable(
  'supervision_thresholds',
  {
    tenantId: text('tenant_id').primaryKey(),
    reminderDaysAhead: integer('reminder_days_ahead').notNull(),
    supervisionAfterDays: integer('supervision_after_days').notNull(),
    noticeAfterDays: integer('notice_after_days').notNull(),
    // 保障中小企业款项支付条例 第二十三条: 约谈 between 督办 and 通报 (migration 0038).
    interviewAfterDays: integer('interview_after_days').notNull(),
  },
  (t) => [
    check('supervision_thresholds_reminder_check', sql`${t.reminderDaysAhead} between 0 and 30`),
    check('supervision_thresholds_supervision_check', sql`${t.supervisionAfterDays} between 1 and 60`),
    check('supervision_thresholds_interview_check', sql`${t.interviewAfterDays} between 2 and 90`),
    check('supervision_thresholds_notice_check', sql`${t.noticeAfterDays} between 3 and 120`),
    check(
      'supervision_thresholds_order_check',
      sql`${t.interviewAfterDays} > ${t.supervisionAfterDays} and ${t.noticeAfterDays} > ${t.interviewAfterDays}`,
    ),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    // FK to cases, DEFERRABLE INITIALLY DEFERRED in SQL; null for a breach record's notification (migration 0012).
    caseId: uuid('case_id'),
    /** The seq of the case event, or of the credit record event, that caused the notification. */
    eventSeq: integer('event_seq').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
    // S4 (migration 0012): FK to credit_records, DEFERRABLE INITIALLY DEFERRED in SQL.
    creditRecordId: uuid('credit_record_id'),
    // 保障中小企业款项支付条例 Art. 18 (migration 0036): the year of the disclosure a reminder or the missed notice is about.
    disclosureYear: integer('disclosure_year'),
  },
  (t) => [
    index('notifications_account_order_idx').on(t.tenantId, t.accountId, sql`(read_at is null) desc`, t.createdAt.desc(), t.eventSeq.desc(), t.id.desc()),
    index('notifications_case_event_idx').on(t.caseId, t.eventSeq),
    index('notifications_credit_record_event_idx').on(t.creditRecordId, t.eventSeq).where(sql`credit_record_id is not null`),
    // The retention purge (migration 0032): read ones by their reading, unread ones by their creation.
    index('notifications_read_at_idx').on(t.tenantId, t.readAt).where(sql`read_at is not null`),
    index('notifications_unread_created_idx').on(t.tenantId, t.createdAt).where(sql`read_at is null`),
    check('notifications_subject_check', sql`num_nonnulls(${t.caseId}, ${t.creditRecordId}, ${t.disclosureYear}) = 1`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('notifications_account_id_fkey', t.tenantId, t.accountId, () => accounts).onDelete('cascade'),
    tenantForeignKey('notifications_case_id_fkey', t.tenantId, t.caseId, () => cases),
    tenantForeignKey('notifications_credit_record_id_fkey', t.tenantId, t.creditRecordId, () => creditRecords),
  ],
);

export const supervisionOrders = pgTable(
  'supervision_orders',
  {
    tenantId: text('tenant_id').notNull(),
    // FK to cases, DEFERRABLE INITIALLY DEFERRED in SQL.
    caseId: uuid('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.caseId, t.eventSeq] }),
    check('supervision_orders_number_check', sql`${t.number} > 0`),
    uniqueIndex('supervision_orders_tenant_year_number_key').on(t.tenantId, t.year, t.number),
    tenantForeignKey('supervision_orders_case_id_fkey', t.tenantId, t.caseId, () => cases),
  ],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    /** Case event types delivered; empty means every type. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('webhook_subscriptions_tenant_idx').on(t.tenantId),
    primaryKey({ columns: [t.tenantId, t.id] }),
  ],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    subscriptionId: uuid('subscription_id').notNull(),
    // FK to cases, DEFERRABLE INITIALLY DEFERRED in SQL.
    caseId: uuid('case_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'failed')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_subscription_idx').on(t.tenantId, t.subscriptionId, t.createdAt.desc()),
    // The retention purge of delivered and failed deliveries (migration 0032).
    index('webhook_deliveries_settled_created_idx').on(t.tenantId, t.status, t.createdAt).where(sql`status <> 'pending'`),
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantForeignKey('webhook_deliveries_subscription_id_fkey', t.tenantId, t.subscriptionId, () => webhookSubscriptions).onDelete('cascade'),
    tenantForeignKey('webhook_deliveries_case_id_fkey', t.tenantId, t.caseId, () => cases),
  ],
);

export const jobRuns = pgTable(
  'job_runs',
  {
    tenantId: text('tenant_id').notNull(),
    job: text('job').notNull(),
    day: day('day').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    result: jsonb('result').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.job, t.day] })],
);

// The policy line's tables (issue 9) live in their own file; they are part of this schema.
export * from './schema-policy-line.ts';
// The investment line's promise register (S6) too.
export * from './schema-investment.ts';
// The cities of the installation.
export * from './schema-tenants.ts';
// Accounts administered in the platform and enterprises' self-registrations (issue 11).
export * from './schema-accounts.ts';
// The security audit log, its anchors and the keyed case seal (issue 11).
export * from './schema-security.ts';
// Security policies and password history (issue 11, identity).
export * from './schema-identity.ts';
// The annual disclosure of overdue payments (保障中小企业款项支付条例 Arts. 18, 22).
export * from './schema-disclosure.ts';
// Dispatch rounds (日常调度), their snapshot of open cases and the units' reports (G1, G4, S5).
export * from './schema-dispatch.ts';
// The cockpit's rollups of the cases, kept by triggers on `cases` (issue 14).
export * from './schema-rollups.ts';
