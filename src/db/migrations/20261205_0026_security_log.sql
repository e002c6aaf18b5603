-- Issue 11 (等保 level 3, 安全审计): the security audit log, the anchors of the audit heads and
-- the upgrade of the case event chain to a keyed seal.

-- One chain per tenant: each event's MAC (HMAC-SM3 under the key kept outside the database)
-- covers its fields and the MAC of the event before it. Writers lock the tenant's head row, so
-- two writers at once never fork the chain.
create table security_log_heads (
  tenant_id text primary key,
  seq bigint not null,
  mac text not null
);

create table security_events (
  tenant_id text not null,
  seq bigint not null constraint security_events_seq_check check (seq >= 1),
  at timestamptz not null,
  kind text not null constraint security_events_kind_check check (kind in (
    'sign_in', 'sign_in_failed', 'sign_out', 'locked_out', 'unlocked', 'password_changed', 'password_reset',
    'second_factor_enrolled', 'second_factor_reset', 'session_revoked', 'account_created', 'account_changed',
    'account_disabled', 'account_enabled', 'role_changed', 'security_policy_changed', 'enterprise_registered',
    'export', 'download', 'personal_data_revealed', 'access_denied', 'server_error', 'audit_log_exported',
    'audit_log_purged', 'anchor_written')),
  outcome text not null constraint security_events_outcome_check check (outcome in ('success', 'failure')),
  account_id text,
  username text,
  address text,
  object text,
  details jsonb not null,
  prev_mac text not null,
  mac text not null,
  primary key (tenant_id, seq)
);
-- The audit administrator's page: newest first, by time, kind or account.
create index security_events_tenant_at_idx on security_events (tenant_id, at);
create index security_events_tenant_kind_idx on security_events (tenant_id, kind, seq);
create index security_events_tenant_account_idx on security_events (tenant_id, account_id, seq);

-- Append-only: no UPDATE, DELETE or TRUNCATE, except the retention purge, which sets
-- chengxin.security_log_purge for its own transaction (src/security/audit-log.ts).
create function security_events_append_only() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('chengxin.security_log_purge', true), '') <> 'on' or tg_op <> 'DELETE' then
    raise exception '安全审计日志只能追加，不能修改或删除（%）', tg_op using errcode = 'insufficient_privilege';
  end if;
  return old;
end
$$;
create trigger security_events_append_only before update or delete on security_events
  for each row execute function security_events_append_only();
create trigger security_events_no_truncate before truncate on security_events
  for each statement execute function security_events_append_only();
revoke update, delete, truncate on security_events from public;

-- The heads written out daily (and by `chengxin verify-audit --anchor`): the security log's head
-- and a digest over every case's version and head hash, MAC'd, also appended to a file outside
-- the database. A truncated log or a case whose tail events were removed no longer matches.
create table audit_anchors (
  id uuid primary key,
  tenant_id text not null,
  at timestamptz not null,
  security_seq bigint not null,
  security_mac text not null,
  case_count integer not null,
  case_digest text not null,
  mac text not null
);
create index audit_anchors_tenant_at_idx on audit_anchors (tenant_id, at);

-- The case heads the latest anchor covers (its case_digest is over these rows in case id
-- order); an anchor only ever moves a case forward.
create table audit_anchor_cases (
  tenant_id text not null,
  case_id uuid not null,
  version integer not null,
  head_hash text not null,
  primary key (tenant_id, case_id)
);

-- Tenants whose case events were sealed with bare SM3 before this version. The first daily
-- audit job re-seals their chains with the key (after checking them with SM3), writes an anchor
-- and removes the row; until then verify-audit accepts either seal for them. A fresh database
-- has no row and accepts only the keyed seal.
create table audit_legacy_seals (
  tenant_id text primary key,
  marked_at timestamptz not null
);
insert into audit_legacy_seals (tenant_id, marked_at)
  select distinct tenant_id, now() from case_events;
