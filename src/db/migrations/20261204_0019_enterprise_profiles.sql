-- 一企一档 (P2): an enterprise's profile, kept to match it against the policy library. One row
-- per enterprise unit; every save is a numbered row of enterprise_profile_changes, whose
-- (unit_id, seq) guards concurrent edits as a policy's change log does.
create table enterprise_profiles (
  unit_id text primary key references units (id),
  tenant_id text not null,
  -- GB/T 4754-2017 国民经济行业分类 code: a section letter and up to four digits.
  industry_code text not null constraint enterprise_profiles_industry_code_check check (industry_code ~ '^[A-T]([0-9]{2}([0-9]{1,2})?)?$'),
  employees integer not null constraint enterprise_profiles_employees_check check (employees >= 0),
  annual_revenue bigint not null constraint enterprise_profiles_annual_revenue_check check (annual_revenue >= 0),
  total_assets bigint not null constraint enterprise_profiles_total_assets_check check (total_assets >= 0),
  figures_year integer not null,
  registered_on date not null,
  tags jsonb not null,
  -- The size class the figures give by 国统字〔2017〕213号, kept with them so lists filter on it.
  size_class text not null constraint enterprise_profiles_size_class_check check (size_class in ('large', 'medium', 'small', 'micro')),
  version integer not null constraint enterprise_profiles_version_check check (version >= 1),
  updated_by_name text not null,
  updated_at timestamptz not null
);
create index enterprise_profiles_tenant_size_idx on enterprise_profiles (tenant_id, size_class);

create table enterprise_profile_changes (
  tenant_id text not null,
  unit_id text not null references units (id),
  seq integer not null constraint enterprise_profile_changes_seq_check check (seq >= 1),
  before jsonb,
  after jsonb not null,
  actor_id text not null,
  actor_name text not null,
  at timestamptz not null,
  primary key (unit_id, seq)
);
