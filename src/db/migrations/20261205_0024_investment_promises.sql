-- S6 (SPEC §3.3): the promise register of the investment line. 招商局 and the counties keep each
-- investment project (the enterprise, the agreement, the government unit that signed it and its
-- jurisdiction, the investment, the milestones), the promises made in it, and for each promise
-- its deliveries (履约记录) and legality reviews (合法性审查): both append-only, numbered per
-- promise. A promise's status is derived from its terms and deliveries, never stored.

create table investment_projects (
  id uuid primary key,
  tenant_id text not null,
  name text not null,
  enterprise_unit_id text not null references units (id),
  agreement_name text not null,
  agreement_no text not null,
  signing_unit_id text not null references units (id),
  -- The signing unit's jurisdiction, as it was when the project was recorded or last edited.
  jurisdiction_id text not null references jurisdictions (id),
  signed_on date not null,
  investment_amount bigint not null constraint investment_projects_investment_amount_check check (investment_amount > 0),
  milestones jsonb not null,
  clauses text,
  version integer not null constraint investment_projects_version_check check (version >= 1),
  created_by_id text not null,
  created_by_name text not null,
  created_at timestamptz not null,
  updated_by_name text not null,
  updated_at timestamptz not null
);
-- An agreement is one project of one enterprise: the key the workbook import finds it by.
create unique index investment_projects_agreement_key on investment_projects (tenant_id, agreement_no, enterprise_unit_id);
create index investment_projects_tenant_jurisdiction_idx on investment_projects (tenant_id, jurisdiction_id);
create index investment_projects_tenant_enterprise_idx on investment_projects (tenant_id, enterprise_unit_id);

create table investment_promises (
  id uuid primary key,
  tenant_id text not null,
  project_id uuid not null references investment_projects (id),
  type text not null constraint investment_promises_type_check check (type in ('policy', 'funds', 'land', 'other')),
  clause text not null,
  content text not null,
  -- 分.
  amount bigint constraint investment_promises_amount_check check (amount > 0),
  -- Hundredths of a 亩, exact: 50.5亩 is 5050.
  area integer constraint investment_promises_area_check check (area > 0),
  due_on date not null,
  conditions text,
  responsible_unit_id text not null references units (id),
  -- The investment case registered about this promise, when there is one.
  case_id uuid references cases (id),
  version integer not null constraint investment_promises_version_check check (version >= 1),
  created_at timestamptz not null,
  updated_by_name text not null,
  updated_at timestamptz not null
);
-- A promise is its clause and its words within its project (md5: the words may be long).
create unique index investment_promises_clause_key on investment_promises (project_id, clause, md5(content));
create index investment_promises_tenant_due_idx on investment_promises (tenant_id, due_on);
create index investment_promises_tenant_responsible_idx on investment_promises (tenant_id, responsible_unit_id);
create index investment_promises_case_idx on investment_promises (case_id) where case_id is not null;

create table investment_promise_fulfilments (
  tenant_id text not null,
  promise_id uuid not null references investment_promises (id),
  seq integer not null constraint investment_promise_fulfilments_seq_check check (seq >= 1),
  delivered_on date not null,
  amount bigint constraint investment_promise_fulfilments_amount_check check (amount > 0),
  area integer constraint investment_promise_fulfilments_area_check check (area > 0),
  description text not null,
  voucher text,
  -- A promise without amount or area is kept when a delivery says so.
  completes boolean not null,
  recorded_by_id text not null,
  recorded_by_name text not null,
  recorded_by_unit_id text references units (id),
  recorded_at timestamptz not null,
  primary key (promise_id, seq)
);

create table investment_promise_reviews (
  tenant_id text not null,
  promise_id uuid not null references investment_promises (id),
  seq integer not null constraint investment_promise_reviews_seq_check check (seq >= 1),
  legality text not null constraint investment_promise_reviews_legality_check check (legality in ('compliant', 'flawed')),
  reason text,
  reviewed_on date not null,
  reviewer_id text not null,
  reviewer_name text not null,
  reviewer_unit_id text references units (id),
  -- The reviewer's unit as it was named on the day.
  reviewer_unit_name text,
  recorded_at timestamptz not null,
  primary key (promise_id, seq),
  constraint investment_promise_reviews_reason_check check (legality = 'compliant' or reason is not null)
);
