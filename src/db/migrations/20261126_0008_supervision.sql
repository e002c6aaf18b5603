-- Issue 4: the supervision ladder's configuration and outputs (S2), in-app notifications, the
-- outbound webhook's subscriptions and transactional outbox, the numbers of 督办单, and the
-- scheduler's record of daily job runs.

-- S2: the ladder's thresholds per tenant, in working days; a tenant without a row keeps the
-- built-in defaults (DEFAULT_LADDER_THRESHOLDS). Edits are logged in reference_changes.
create table supervision_thresholds (
  tenant_id text primary key,
  reminder_days_ahead integer not null
    constraint supervision_thresholds_reminder_check check (reminder_days_ahead between 0 and 30),
  supervision_after_days integer not null
    constraint supervision_thresholds_supervision_check check (supervision_after_days between 1 and 60),
  notice_after_days integer not null
    constraint supervision_thresholds_notice_check check (notice_after_days between 2 and 120),
  constraint supervision_thresholds_order_check check (notice_after_days > supervision_after_days)
);

alter table reference_changes drop constraint reference_changes_entity_check;
alter table reference_changes add constraint reference_changes_entity_check
  check (entity in ('unit', 'responsibility_matrix', 'holiday', 'time_limit', 'supervision_threshold'));

-- In-app notifications, written in the transaction of the case event that causes them.
create table notifications (
  id uuid primary key,
  tenant_id text not null,
  account_id text not null references accounts (id) on delete cascade,
  case_id uuid not null references cases (id) deferrable initially deferred,
  event_seq integer not null,
  kind text not null,
  title text not null,
  body text not null,
  created_at timestamptz not null,
  read_at timestamptz
);
-- "Mine, unread first, newest first" is one index range per account.
create index notifications_account_order_idx
  on notifications (tenant_id, account_id, (read_at is null) desc, created_at desc, event_seq desc, id desc);
create index notifications_case_event_idx on notifications (case_id, event_seq);

-- 督办单 (formal supervision orders): a number per formal supervision event, stable once given.
create table supervision_orders (
  tenant_id text not null,
  case_id uuid not null references cases (id) deferrable initially deferred,
  event_seq integer not null,
  year integer not null,
  number integer not null constraint supervision_orders_number_check check (number > 0),
  primary key (case_id, event_seq)
);
create unique index supervision_orders_tenant_year_number_key on supervision_orders (tenant_id, year, number);

-- Outbound webhooks, managed by the system administrator (三员分立).
create table webhook_subscriptions (
  id uuid primary key,
  tenant_id text not null,
  url text not null,
  secret text not null,
  -- Case event types delivered; empty means every type.
  event_types jsonb not null default '[]'::jsonb,
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null
);
create index webhook_subscriptions_tenant_idx on webhook_subscriptions (tenant_id);

-- The transactional outbox: a row per (subscription, event), written with the event; the
-- delivery job posts it and records the outcome.
create table webhook_deliveries (
  id uuid primary key,
  tenant_id text not null,
  subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
  case_id uuid not null references cases (id) deferrable initially deferred,
  event_seq integer not null,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending'
    constraint webhook_deliveries_status_check check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_status integer,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_subscription_idx on webhook_deliveries (tenant_id, subscription_id, created_at desc);

-- The scheduler's daily jobs: one row per (tenant, job, day), so two processes or a restart
-- never run a daily job twice for one day.
create table job_runs (
  tenant_id text not null,
  job text not null,
  day date not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  result jsonb,
  primary key (tenant_id, job, day)
);
