-- The 系统管理员 keeps the jurisdictions after setup (issue 11): a jurisdiction carries its
-- GB/T 2260 行政区划代码, names and codes stay unique within a city as setup checks them, and
-- each edit is written to reference_changes like every other edit of reference data.
alter table jurisdictions add column division_code text
  constraint jurisdictions_division_code_check check (division_code ~ '^[0-9]{6}$');
create unique index jurisdictions_tenant_name_key on jurisdictions (tenant_id, name);
create unique index jurisdictions_tenant_division_code_key on jurisdictions (tenant_id, division_code)
  where division_code is not null;

alter table reference_changes drop constraint reference_changes_entity_check;
alter table reference_changes add constraint reference_changes_entity_check
  check (entity in ('unit', 'responsibility_matrix', 'holiday', 'time_limit', 'supervision_threshold', 'jurisdiction'));
