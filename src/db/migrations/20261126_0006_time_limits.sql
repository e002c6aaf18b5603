-- S1: each state's time limit is configuration, per tenant, in working or calendar days.
-- A missing row means the built-in default; edits are logged in reference_changes like the
-- rest of the reference data, since they move every later deadline.
create table time_limits (
  tenant_id text not null,
  state text not null,
  unit text not null constraint time_limits_unit_check check (unit in ('working_days', 'calendar_days')),
  days integer not null constraint time_limits_days_check check (days > 0),
  primary key (tenant_id, state)
);

alter table reference_changes drop constraint reference_changes_entity_check;
alter table reference_changes add constraint reference_changes_entity_check
  check (entity in ('unit', 'responsibility_matrix', 'holiday', 'time_limit'));
