-- The reference data a process keeps in memory (the holiday calendar, the state time limits,
-- the responsibility matrix, the jurisdiction tree and the LPR table: src/reference/reference-cache.ts)
-- is as new as its tenant's row here. Every change to those tables, by whatever writer (the
-- audited edits, setup, a seed, plain SQL), moves the row to a new random version in the writing
-- transaction, so every process sees the change at its next check once it commits. The
-- version is random (gen_random_uuid), never a counter: a rolled-back edit's version never names
-- committed data, and two databases of one process (copies of one template in the tests) name the
-- same data by the same version only while neither has changed it.
create table reference_versions (
  tenant_id text primary key,
  version text not null
);

create function bump_reference_version() returns trigger language plpgsql as $$
begin
  insert into reference_versions (tenant_id, version)
    values (case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end, gen_random_uuid()::text)
    on conflict (tenant_id) do update set version = excluded.version;
  return null;
end
$$;

create trigger holidays_reference_version after insert or update or delete on holidays
  for each row execute function bump_reference_version();
create trigger time_limits_reference_version after insert or update or delete on time_limits
  for each row execute function bump_reference_version();
create trigger responsibility_matrix_reference_version after insert or update or delete on responsibility_matrix
  for each row execute function bump_reference_version();
create trigger jurisdictions_reference_version after insert or update or delete on jurisdictions
  for each row execute function bump_reference_version();
create trigger lpr_rates_reference_version after insert or update or delete on lpr_rates
  for each row execute function bump_reference_version();

-- TRUNCATE fires no row trigger: it renews every tenant's version.
create function renew_reference_versions() returns trigger language plpgsql as $$
begin
  update reference_versions set version = gen_random_uuid()::text;
  return null;
end
$$;
create trigger holidays_reference_truncate after truncate on holidays for each statement execute function renew_reference_versions();
create trigger time_limits_reference_truncate after truncate on time_limits for each statement execute function renew_reference_versions();
create trigger responsibility_matrix_reference_truncate after truncate on responsibility_matrix for each statement execute function renew_reference_versions();
create trigger jurisdictions_reference_truncate after truncate on jurisdictions for each statement execute function renew_reference_versions();
create trigger lpr_rates_reference_truncate after truncate on lpr_rates for each statement execute function renew_reference_versions();

-- What is there now gets its first version.
insert into reference_versions (tenant_id, version)
  select tenant_id, gen_random_uuid()::text from (
    select tenant_id from holidays union select tenant_id from time_limits union select tenant_id from responsibility_matrix
    union select tenant_id from jurisdictions union select tenant_id from lpr_rates
  ) as tenants;
