-- P2, P5: 兑现. An enterprise's claim on one clause — applied for in the portal, at the window on
-- its behalf (代办), or made by the platform for a 免申即享 clause — reviewed by the clause's
-- department and paid out. The row is the projection of its numbered events; (application_id,
-- seq) guards concurrent steps as case events do.
create table benefit_applications (
  id uuid primary key,
  tenant_id text not null,
  enterprise_unit_id text not null references units (id),
  policy_id uuid not null references benefit_policies (id),
  clause_id uuid not null,
  -- The department that reviews it (the policy's issuer) and the policy's jurisdiction, as when it was made.
  handling_unit_id text not null references units (id),
  policy_jurisdiction_id text not null references jurisdictions (id),
  channel text not null constraint benefit_applications_channel_check check (channel in ('portal', 'window', 'automatic')),
  state text not null constraint benefit_applications_state_check
    check (state in ('submitted', 'supplement_requested', 'approved', 'refused', 'disbursed')),
  materials jsonb not null,
  missing jsonb not null,
  approved_amount bigint constraint benefit_applications_approved_amount_check check (approved_amount >= 0),
  disbursed_amount bigint not null default 0,
  budget_source text,
  submitted_on date not null,
  decided_on date,
  disbursed_on date,
  version integer not null constraint benefit_applications_version_check check (version >= 1),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint benefit_applications_disbursed_amount_check
    check (disbursed_amount >= 0 and (approved_amount is null or disbursed_amount <= approved_amount))
);
-- One live claim per enterprise and clause: after a refusal it may apply again.
create unique index benefit_applications_live_key on benefit_applications (tenant_id, enterprise_unit_id, clause_id) where state <> 'refused';
create index benefit_applications_tenant_state_idx on benefit_applications (tenant_id, state, submitted_on);
create index benefit_applications_tenant_handler_idx on benefit_applications (tenant_id, handling_unit_id, state);

create table benefit_application_events (
  tenant_id text not null,
  application_id uuid not null references benefit_applications (id) deferrable initially deferred,
  seq integer not null constraint benefit_application_events_seq_check check (seq >= 1),
  type text not null constraint benefit_application_events_type_check
    check (type in ('submit', 'request_supplement', 'supplement', 'approve', 'refuse', 'disburse')),
  payload jsonb not null,
  actor_id text not null,
  actor_name text not null,
  at timestamptz not null,
  primary key (application_id, seq)
);

-- Materials uploaded once are the enterprise's, reused across its applications (P2).
alter table attachments add column owner_unit_id text references units (id);
create index attachments_tenant_owner_idx on attachments (tenant_id, owner_unit_id) where owner_unit_id is not null;

-- P5: how many working days from application an approved amount may stay unpaid before the
-- sweep raises a 资金拨付缓慢 case: 快申快享 clauses and the others. No row: the defaults (60, 90).
create table benefit_settings (
  tenant_id text primary key,
  fast_track_working_days integer not null constraint benefit_settings_fast_track_check check (fast_track_working_days between 1 and 365),
  standard_working_days integer not null constraint benefit_settings_standard_check check (standard_working_days between 1 and 365),
  updated_by_name text not null,
  updated_at timestamptz not null
);

-- P5: the 资金拨付缓慢 case raised for an application, once ever; claimed in the transaction
-- that registers the case.
create table benefit_disbursement_cases (
  application_id uuid primary key references benefit_applications (id),
  tenant_id text not null,
  due_on date not null,
  case_id uuid references cases (id),
  raised_at timestamptz not null
);
