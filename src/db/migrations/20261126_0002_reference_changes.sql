-- Who changed which reference data (units, the responsibility matrix, the holiday calendar),
-- with the row before and after: reference data steers deadlines and supervision, so its
-- edits are as accountable as case events.
create table reference_changes (
  id uuid primary key,
  tenant_id text not null,
  entity text not null constraint reference_changes_entity_check
    check (entity in ('unit', 'responsibility_matrix', 'holiday')),
  entity_id text not null,
  before jsonb,
  after jsonb,
  actor_id text not null,
  actor_name text not null,
  at timestamptz not null
);
create index reference_changes_tenant_at_idx on reference_changes (tenant_id, at);
