-- G1, G4, S5: daily dispatch rounds (日常调度). 营商办 opens a round; the open cases of each
-- responsible unit are snapshotted into it; each unit reports progress on every case (the
-- case's own `report_progress` event, linked here by its seq) and then submits its summary.

create table dispatch_rounds (
  id uuid primary key,
  tenant_id text not null,
  title text not null,
  period_start date not null,
  period_end date not null,
  due_on date not null,
  status text not null constraint dispatch_rounds_status_check check (status in ('open', 'closed')),
  opened_by text not null,
  opened_by_name text not null,
  opened_at timestamptz not null,
  closed_by text,
  closed_by_name text,
  closed_at timestamptz,
  constraint dispatch_rounds_period_check check (period_start <= period_end)
);
create index dispatch_rounds_tenant_opened_idx on dispatch_rounds (tenant_id, opened_at desc, id desc);

-- The snapshot: one row per case open when the round opened, under its responsible unit at
-- that moment; the progress columns are filled when the unit reports on the case.
create table dispatch_round_items (
  tenant_id text not null,
  round_id uuid not null references dispatch_rounds (id),
  case_id uuid not null references cases (id),
  unit_id text not null references units (id),
  progress text,
  -- The `report_progress` event of the case that carries the progress (case_events.seq).
  event_seq integer,
  reported_by text,
  reported_by_name text,
  reported_at timestamptz,
  primary key (round_id, case_id),
  constraint dispatch_round_items_reported_check
    check ((progress is null) = (event_seq is null) and (progress is null) = (reported_at is null))
);
create index dispatch_round_items_tenant_round_unit_idx on dispatch_round_items (tenant_id, round_id, unit_id);

-- A unit's round report (本单位调度报告): submitted once, after which its items are final.
create table dispatch_unit_reports (
  tenant_id text not null,
  round_id uuid not null references dispatch_rounds (id),
  unit_id text not null references units (id),
  summary text not null,
  submitted_by text not null,
  submitted_by_name text not null,
  submitted_at timestamptz not null,
  primary key (round_id, unit_id)
);
