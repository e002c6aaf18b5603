-- P1 (知晓难): where and when each policy was made known — the department's home page, the
-- government website, the interpretation, the consultation window and the application guide
-- (申兑指南, whose five fields travel as JSON) — each with its date and link. A kind may be
-- recorded more than once (a reissued guide); one is enough to close its gap.
create table policy_publications (
  id uuid primary key,
  tenant_id text not null,
  policy_id uuid not null references benefit_policies (id),
  kind text not null constraint policy_publications_kind_check
    check (kind in ('department_site', 'government_site', 'interpretation', 'consultation_window', 'application_guide')),
  published_on date not null,
  link text not null,
  guide jsonb,
  recorded_by_id text not null,
  recorded_by_name text not null,
  recorded_at timestamptz not null,
  -- Only the application guide has the guide's fields, and it always has them.
  constraint policy_publications_guide_check check ((kind = 'application_guide') = (guide is not null))
);
create index policy_publications_tenant_policy_idx on policy_publications (tenant_id, policy_id, kind);

-- G2: each gap of a policy raises at most one integrity item, ever. The sweep claims the
-- (tenant, policy, kind) row first, registers the case in the same transaction and then names
-- it here; a second sweep, concurrent or later, finds the row and raises nothing.
create table policy_publication_gaps (
  tenant_id text not null,
  policy_id uuid not null references benefit_policies (id),
  kind text not null constraint policy_publication_gaps_kind_check
    check (kind in ('department_site', 'government_site', 'interpretation', 'consultation_window', 'application_guide')),
  due_on date not null,
  -- Set in the claim's own transaction, once the case is registered.
  case_id uuid references cases (id),
  raised_at timestamptz not null,
  primary key (tenant_id, policy_id, kind)
);
