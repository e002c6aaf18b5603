-- Chengxin initial schema. Runs unchanged on PostgreSQL 15 and PGlite (PostgreSQL 18):
-- nothing newer than 15. Every table carries tenant_id (the city) so a provincial deployment
-- can shard by it. Money is BIGINT 分; calendar days are DATE; instants are TIMESTAMPTZ.

create table jurisdictions (
  id text primary key,
  tenant_id text not null,
  name text not null,
  level text not null constraint jurisdictions_level_check check (level in ('city', 'county', 'zone')),
  parent_id text references jurisdictions (id),
  government_unit_id text,
  sort integer not null default 0
);
create index jurisdictions_tenant_parent_idx on jurisdictions (tenant_id, parent_id);

create table units (
  id text primary key,
  tenant_id text not null,
  name text not null,
  kind text not null constraint units_kind_check
    check (kind in ('government', 'department', 'institution', 'soe', 'court', 'justice', 'enterprise')),
  credit_code text,
  jurisdiction_id text not null references jurisdictions (id),
  parent_unit_id text references units (id),
  created_at timestamptz not null default now()
);
create unique index units_tenant_credit_code_key on units (tenant_id, credit_code) where credit_code is not null;
create index units_tenant_kind_idx on units (tenant_id, kind);
create index units_tenant_jurisdiction_idx on units (tenant_id, jurisdiction_id);
-- Prefix search (name LIKE '汉江%'); PGlite has no zh collation and PG 15 has no trigram
-- index without an extension, so infix search scans the tenant's units (a few thousand rows).
create index units_tenant_name_idx on units (tenant_id, name text_pattern_ops);

-- The seed inserts a jurisdiction before its government unit, and the unit points back to
-- its jurisdiction: the check waits for the end of the transaction.
alter table jurisdictions add constraint jurisdictions_government_unit_id_fkey
  foreign key (government_unit_id) references units (id) deferrable initially deferred;

create table responsibility_matrix (
  id text primary key,
  tenant_id text not null,
  line text not null constraint responsibility_matrix_line_check
    check (line in ('arrears', 'policy', 'investment', 'integrity')),
  topic text not null,
  description text not null,
  debtor_kinds jsonb not null default '[]',
  debtor_level text constraint responsibility_matrix_debtor_level_check check (debtor_level in ('city', 'county')),
  lead_unit_id text references units (id),
  lead_is_jurisdiction boolean not null default false,
  cooperating_unit_ids jsonb not null default '[]',
  sort integer not null default 0
);
create unique index responsibility_matrix_tenant_topic_key on responsibility_matrix (tenant_id, topic);

create table holidays (
  tenant_id text not null,
  day date not null,
  kind text not null constraint holidays_kind_check check (kind in ('holiday', 'workday')),
  name text not null,
  primary key (tenant_id, day)
);

create table accounts (
  id text primary key,
  tenant_id text not null,
  username text not null,
  display_name text not null,
  password_hash text not null,
  role text not null constraint accounts_role_check check (role in (
    'enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office',
    'leader', 'credit_office', 'system_admin', 'security_admin', 'audit_admin')),
  unit_id text references units (id),
  jurisdiction_id text references jurisdictions (id),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create unique index accounts_tenant_username_key on accounts (tenant_id, username);

-- id is the SHA-256 of the session token: a leaked table does not leak live sessions.
create table sessions (
  id text primary key,
  tenant_id text not null,
  account_id text not null references accounts (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_account_idx on sessions (account_id);
create index sessions_expires_idx on sessions (expires_at);

create table case_counters (
  tenant_id text not null,
  prefix text not null,
  year integer not null,
  next_value integer not null,
  primary key (tenant_id, prefix, year)
);

create table cases (
  id uuid primary key,
  tenant_id text not null,
  number text not null,
  line text not null constraint cases_line_check check (line in ('arrears', 'policy', 'investment', 'integrity')),
  source text not null,
  state text not null,
  title text not null,
  enterprise_unit_id text references units (id),
  enterprise_name text not null,
  enterprise_credit_code text not null,
  responsible_unit_id text not null references units (id),
  handling_unit_id text not null references units (id),
  jurisdiction_id text not null references jurisdictions (id),
  lead_unit_id text references units (id),
  claimed_amount bigint constraint cases_claimed_amount_check check (claimed_amount >= 0),
  confirmed_amount bigint constraint cases_confirmed_amount_check check (confirmed_amount >= 0),
  paid_amount bigint not null default 0,
  rule text,
  deadline date,
  year_exception boolean not null default false,
  registered_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  version integer not null,
  head_hash text not null,
  detail jsonb not null,
  -- Invariant at every step: 0 <= paid <= confirmed (DESIGN "Money").
  constraint cases_paid_amount_check
    check (paid_amount >= 0 and (confirmed_amount is null or paid_amount <= confirmed_amount))
);
create unique index cases_tenant_number_key on cases (tenant_id, number);
-- Keyset pagination: ORDER BY registered_at DESC, id DESC, alone or within one filter.
create index cases_tenant_registered_idx on cases (tenant_id, registered_at desc, id desc);
create index cases_tenant_state_idx on cases (tenant_id, state, registered_at desc, id desc);
create index cases_tenant_line_idx on cases (tenant_id, line, registered_at desc, id desc);
create index cases_tenant_jurisdiction_idx on cases (tenant_id, jurisdiction_id, registered_at desc, id desc);
create index cases_tenant_responsible_idx on cases (tenant_id, responsible_unit_id, registered_at desc, id desc);
create index cases_tenant_handling_idx on cases (tenant_id, handling_unit_id, registered_at desc, id desc);
create index cases_tenant_enterprise_idx on cases (tenant_id, enterprise_unit_id, registered_at desc, id desc);
create index cases_tenant_deadline_idx on cases (tenant_id, deadline) where deadline is not null;

-- The record. (case_id, seq) is the optimistic-concurrency guard: of two commands on one
-- case, only one can insert the next seq.
create table case_events (
  tenant_id text not null,
  -- Deferred so a use case may append the event before or after writing the projection.
  case_id uuid not null references cases (id) deferrable initially deferred,
  seq integer not null constraint case_events_seq_check check (seq >= 1),
  type text not null,
  payload jsonb not null,
  actor_id text not null,
  actor_role text not null,
  actor_name text not null,
  at timestamptz not null,
  rule text,
  state_before text,
  state_after text not null,
  -- The case's deadline after this event (S1), part of the hashed record.
  deadline date,
  prev_hash text not null,
  hash text not null,
  primary key (case_id, seq)
);
create index case_events_tenant_at_idx on case_events (tenant_id, at);

create table idempotency_keys (
  tenant_id text not null,
  account_id text not null,
  key text not null,
  request_hash text not null,
  status_code integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, account_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
