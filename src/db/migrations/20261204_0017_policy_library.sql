-- P1, P7: the policy library. A policy keeps its clauses (条款) as one JSON array, edited with
-- it; every change is a dated row of benefit_policy_changes, whose (policy_id, seq) guards
-- concurrent edits as case events do. 文号 is unique per tenant.
create table benefit_policies (
  id uuid primary key,
  tenant_id text not null,
  document_no text not null,
  title text not null,
  issuer_unit_id text not null references units (id),
  -- The issuing department's level and jurisdiction, as they were when the policy was recorded.
  level text not null constraint benefit_policies_level_check check (level in ('city', 'county', 'zone')),
  jurisdiction_id text not null references jurisdictions (id),
  package_tag text,
  published_on date not null,
  effective_on date not null,
  expires_on date,
  status text not null constraint benefit_policies_status_check check (status in ('in_force', 'revised', 'abolished')),
  ended_on date,
  superseded_by uuid references benefit_policies (id),
  clauses jsonb not null,
  version integer not null constraint benefit_policies_version_check check (version >= 1),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index benefit_policies_tenant_document_key on benefit_policies (tenant_id, document_no);
create index benefit_policies_tenant_status_idx on benefit_policies (tenant_id, status, effective_on desc);
create index benefit_policies_tenant_issuer_idx on benefit_policies (tenant_id, issuer_unit_id);

create table benefit_policy_changes (
  tenant_id text not null,
  policy_id uuid not null references benefit_policies (id) deferrable initially deferred,
  seq integer not null constraint benefit_policy_changes_seq_check check (seq >= 1),
  kind text not null constraint benefit_policy_changes_kind_check check (kind in ('create', 'update', 'revise', 'abolish')),
  -- The day the change takes effect (施行, 修订, 废止), as the department dates it.
  effective_on date not null,
  note text,
  before jsonb,
  after jsonb not null,
  actor_id text not null,
  actor_name text not null,
  at timestamptz not null,
  primary key (policy_id, seq)
);
create index benefit_policy_changes_tenant_at_idx on benefit_policy_changes (tenant_id, at);
