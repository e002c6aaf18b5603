-- P2 (政数局's one window): the consultations (咨询) and application coaching (申报辅导) the
-- service hall gives enterprises, about a policy or one of its clauses, each recorded once.
create table window_services (
  id uuid primary key,
  tenant_id text not null,
  kind text not null constraint window_services_kind_check check (kind in ('consultation', 'coaching')),
  channel text not null constraint window_services_channel_check check (channel in ('counter', 'phone', 'online')),
  -- A registered enterprise, or only the name a walk-in gave.
  enterprise_unit_id text references units (id),
  enterprise_name text not null,
  policy_id uuid references benefit_policies (id),
  clause_id uuid,
  question text not null,
  answer text not null,
  served_by_id text not null,
  served_by_name text not null,
  served_by_unit_id text references units (id),
  served_at timestamptz not null
);
create index window_services_tenant_at_idx on window_services (tenant_id, served_at desc);
create index window_services_tenant_enterprise_idx on window_services (tenant_id, enterprise_unit_id) where enterprise_unit_id is not null;
