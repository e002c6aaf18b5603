-- S4: breach-of-trust records (违约失信记录) of government units, kept by 市信用办, and the
-- batches reported to 全国信用信息共享平台. A record is a projection of its events
-- (credit_record_events): nothing is edited in place without an event saying who, when, what.

create table credit_records (
  id uuid primary key,
  tenant_id text not null,
  -- XY2026-0001: per tenant and year of recording.
  number text not null,
  unit_id text not null references units (id),
  -- The unit as recorded on the breach date: a later rename does not rewrite what was reported.
  unit_name text not null,
  unit_credit_code text not null,
  unit_kind text not null constraint credit_records_unit_kind_check
    check (unit_kind in ('government', 'department', 'institution', 'soe')),
  case_id uuid null references cases (id),
  case_number text,
  status text not null constraint credit_records_status_check
    check (status in ('recorded', 'objected', 'revoked', 'repaired')),
  breach_on date not null,
  facts text not null,
  basis text not null,
  recorded_by text not null,
  recorded_by_name text not null,
  -- 认定单位: the recorder's unit (汉江市社会信用体系建设领导小组办公室), as the export prints it.
  recording_unit_name text not null,
  recorded_at timestamptz not null,
  -- The latest objection (异议) and its decision; earlier ones stay in the events.
  objection_reason text,
  objected_at timestamptz,
  objection_decision text constraint credit_records_objection_decision_check
    check (objection_decision in ('upheld', 'rejected')),
  objection_decision_reason text,
  objection_decided_at timestamptz,
  revoked_on date,
  -- The latest repair application (信用修复) and its decision.
  repair_measures text,
  repair_applied_at timestamptz,
  repair_decision text constraint credit_records_repair_decision_check
    check (repair_decision in ('approved', 'rejected')),
  repair_decision_reason text,
  repair_decided_at timestamptz,
  repaired_on date,
  -- What the national platform was last told about the record, and in which batch.
  exported_change text constraint credit_records_exported_change_check
    check (exported_change in ('added', 'revoked', 'repaired')),
  exported_batch_id uuid,
  version integer not null constraint credit_records_version_check check (version >= 1),
  updated_at timestamptz not null
);
create unique index credit_records_tenant_number_key on credit_records (tenant_id, number);
create index credit_records_tenant_recorded_idx on credit_records (tenant_id, recorded_at desc, id desc);
create index credit_records_tenant_unit_idx on credit_records (tenant_id, unit_id, status);
create index credit_records_tenant_case_idx on credit_records (tenant_id, case_id) where case_id is not null;
-- One record in effect per case: two officers recording the same case at once get one record.
create unique index credit_records_case_in_effect_key on credit_records (tenant_id, case_id)
  where case_id is not null and status in ('recorded', 'objected');

-- The record's history. (record_id, seq) is the optimistic-concurrency guard, as for cases.
create table credit_record_events (
  tenant_id text not null,
  record_id uuid not null references credit_records (id) deferrable initially deferred,
  seq integer not null constraint credit_record_events_seq_check check (seq >= 1),
  type text not null constraint credit_record_events_type_check check (type in (
    'record', 'object', 'decide_objection', 'apply_repair', 'decide_repair', 'export')),
  payload jsonb not null,
  status_before text,
  status_after text not null,
  actor_id text not null,
  actor_role text not null,
  actor_name text not null,
  at timestamptz not null,
  primary key (record_id, seq)
);
create index credit_record_events_tenant_at_idx on credit_record_events (tenant_id, at);

-- One file reported to the national platform. The exact bytes are kept, so a re-download is
-- byte-identical and its SHA-256 can be checked against what was uploaded.
create table credit_export_batches (
  id uuid primary key,
  tenant_id text not null,
  -- BS2026-0001: the 数据批次号 printed in every row of the file.
  number text not null,
  created_by text not null,
  created_by_name text not null,
  created_at timestamptz not null,
  record_count integer not null constraint credit_export_batches_record_count_check check (record_count >= 1),
  file_name text not null,
  content_type text not null,
  sha256 text not null,
  content bytea not null
);
create unique index credit_export_batches_tenant_number_key on credit_export_batches (tenant_id, number);
create index credit_export_batches_tenant_created_idx on credit_export_batches (tenant_id, created_at desc);

alter table credit_records add constraint credit_records_exported_batch_id_fkey
  foreign key (exported_batch_id) references credit_export_batches (id);
