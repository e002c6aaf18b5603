-- A lead bureau's ledger (lead_unit_id = $u or cooperating) read every case when the bureau
-- had few: measured 137 ms on PostgreSQL and 231 ms on PGlite at 100,000 cases, under 1.1 ms
-- with these two indexes (docs/BENCHMARKS.md, finding 1).
create index cases_tenant_lead_idx on cases (tenant_id, lead_unit_id, registered_at desc, id desc);
create index cases_cooperating_units_idx on cases using gin ((detail -> 'cooperatingUnitIds') jsonb_path_ops);

-- The ledger's keyset cursor carries registered_at in JavaScript's millisecond precision; a
-- row with microseconds would be skipped between pages, so no such row may exist.
alter table cases add constraint cases_registered_at_ms_check
  check (registered_at = date_trunc('milliseconds', registered_at));
