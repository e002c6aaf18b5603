-- Identity (issue 11, GB/T 22239 身份鉴别): each city's security policy, the state of an
-- account's password, lockout and second factor, the passwords it used before, and sessions
-- with an absolute lifetime, their address and browser, and a public id to list and end them by.

-- The 安全管理员's policy; no row means the defaults of src/domain/identity/security-policy.ts.
create table security_policies (
  tenant_id text primary key,
  password_profile text not null constraint security_policies_password_profile_check
    check (password_profile in ('dengbao', 'asvs')),
  lockout_max_failures integer not null constraint security_policies_lockout_max_failures_check
    check (lockout_max_failures between 1 and 100),
  lockout_minutes integer not null constraint security_policies_lockout_minutes_check
    check (lockout_minutes between 1 and 1440),
  staff_idle_minutes integer not null constraint security_policies_staff_idle_minutes_check
    check (staff_idle_minutes between 1 and 1440),
  enterprise_idle_minutes integer not null constraint security_policies_enterprise_idle_minutes_check
    check (enterprise_idle_minutes between 1 and 1440),
  absolute_hours integer not null constraint security_policies_absolute_hours_check
    check (absolute_hours between 1 and 720),
  -- Role[] as a JSON array: the roles that must pass a TOTP second factor.
  second_factor_roles jsonb not null,
  -- CIDR[] as a JSON array: where staff may sign in from; empty = anywhere.
  staff_allowed_networks jsonb not null,
  updated_at timestamptz not null,
  updated_by text references accounts (id)
);

alter table accounts add column must_change_password boolean not null default false;
alter table accounts add column password_changed_at timestamptz;
alter table accounts add column failed_sign_ins integer not null default 0;
alter table accounts add column locked_until timestamptz;
-- The TOTP secret (base32) sealed with the key file's SM4 key (AppKeys.encrypt); set while
-- enrolling, in force once totp_enrolled_at is set.
alter table accounts add column totp_secret text;
alter table accounts add column totp_enrolled_at timestamptz;
-- The last TOTP time step accepted: a code is accepted once.
alter table accounts add column totp_last_step integer;
-- A published demo account (src/demo/accounts.ts): signs in with its password alone when the
-- server runs with --demo, and is held to the policy otherwise.
alter table accounts add column demo boolean not null default false;
update accounts set demo = true where id like 'acc-demo-%';

-- The hashes of an account's earlier passwords (等保: no reuse of the last five).
create table password_history (
  id uuid primary key,
  tenant_id text not null,
  account_id text not null references accounts (id) on delete cascade,
  password_hash text not null,
  at timestamptz not null
);
create index password_history_account_idx on password_history (account_id, at);

-- Sessions opened before this migration have no absolute lifetime: they end here.
delete from sessions;
alter table sessions add column absolute_expires_at timestamptz not null;
alter table sessions add column address text;
alter table sessions add column user_agent text;
-- The id a session is listed and ended by; never the token's hash.
alter table sessions add column view_id uuid not null;
alter table sessions add column second_factor_passed boolean not null default false;
-- A session that may only change its password or enroll a second factor.
alter table sessions add column restricted text constraint sessions_restricted_check
  check (restricted in ('change_password', 'enroll_second_factor'));
create unique index sessions_view_id_key on sessions (view_id);
