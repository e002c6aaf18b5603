-- Accounts administered in the platform (issue 11 point 2, 三员分立) and enterprises registering
-- themselves (SPEC §5).

-- An account's phone number, optional. Kept beside the account (the accounts table is the
-- identity's); stored as given for now, and every view shows it masked (138****0000).
create table account_contacts (
  account_id text primary key references accounts (id) on delete cascade,
  tenant_id text not null,
  phone text not null
);

-- An enterprise's self-registration: its unified social credit code (checked), name and county,
-- a contact, and the username and password it chose (argon2id; kept only while pending). 营商办
-- or the system administrator confirms it — the enterprise unit is found by its credit code or
-- registered, and the account made with the chosen password — or rejects it with a reason.
create table enterprise_registrations (
  id uuid primary key,
  tenant_id text not null,
  credit_code text not null,
  enterprise_name text not null,
  jurisdiction_id text not null references jurisdictions (id),
  contact_name text not null,
  contact_phone text not null,
  username text not null,
  password_hash text,
  status text not null,
  submitted_at timestamptz not null,
  submitted_address text,
  decided_at timestamptz,
  decided_by text,
  decided_by_name text,
  rejection_reason text,
  unit_id text references units (id),
  account_id text references accounts (id),
  constraint enterprise_registrations_status_check check (status in ('pending', 'confirmed', 'rejected')),
  -- Decided once, by someone; the password leaves with the decision (into the account, or nowhere).
  constraint enterprise_registrations_decision_check check (
    (status = 'pending') = (decided_at is null)
    and (status = 'pending') = (password_hash is not null)
    and (status = 'pending') = (decided_by is null)
  ),
  constraint enterprise_registrations_rejected_check check (status <> 'rejected' or rejection_reason is not null),
  constraint enterprise_registrations_confirmed_check check (status <> 'confirmed' or (unit_id is not null and account_id is not null))
);
-- One pending registration per username and per enterprise: two submissions at once get one.
create unique index enterprise_registrations_pending_username_key on enterprise_registrations (tenant_id, username)
  where status = 'pending';
create unique index enterprise_registrations_pending_credit_code_key on enterprise_registrations (tenant_id, credit_code)
  where status = 'pending';
create index enterprise_registrations_tenant_status_idx on enterprise_registrations (tenant_id, status, submitted_at);
create index enterprise_registrations_tenant_username_idx on enterprise_registrations (tenant_id, username);
