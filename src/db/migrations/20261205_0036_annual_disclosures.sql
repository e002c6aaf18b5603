-- 保障中小企业款项支付条例 (国务院令第802号) 第十八条: 机关、事业单位 publish by 31 March, for the
-- year before, the number and amount of their contracts overdue and still unpaid to small and
-- medium enterprises at that year's end; 第二十二条: the yearly report to the government carries
-- the same figures. One row per unit and year: the figures generated from the cases (a draft,
-- refreshed by each generation), then published by the unit, after which the row never changes.
create table annual_disclosures (
  tenant_id text not null,
  year integer not null constraint annual_disclosures_year_check check (year between 2025 and 2100),
  unit_id text not null references units (id),
  -- 机关 or 事业单位, as the unit disclosed (src/domain/disclosure/annual-disclosure.ts).
  kind text not null constraint annual_disclosures_kind_check check (kind in ('organ', 'institution')),
  contracts integer not null constraint annual_disclosures_contracts_check check (contracts >= 0),
  -- 分: what the counted contracts still owed at the year's end.
  amount bigint not null,
  -- Arrears against the unit without a statutory due date (合同信息不全，未计入).
  incomplete integer not null constraint annual_disclosures_incomplete_check check (incomplete >= 0),
  status text not null constraint annual_disclosures_status_check check (status in ('draft', 'published')),
  generated_at timestamptz not null,
  generated_by text not null,
  generated_by_name text not null,
  published_at timestamptz,
  published_by text,
  published_by_name text,
  -- The unit's explanation, given when it publishes.
  note text,
  primary key (tenant_id, year, unit_id),
  constraint annual_disclosures_amount_check check (amount >= 0 and (amount = 0) = (contracts = 0)),
  constraint annual_disclosures_published_check check (
    (status = 'published') = (published_at is not null and published_by is not null and published_by_name is not null)
    and (note is null or status = 'published')
  )
);

-- What a unit has published is the public record: no UPDATE, DELETE or TRUNCATE reaches it, as
-- the security log is kept (migration 0026). Drafts are refreshed and removed freely.
create function annual_disclosures_published_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    raise exception '已公开的年度逾期账款情况不能清空（%）', tg_op using errcode = 'insufficient_privilege';
  end if;
  if old.status = 'published' then
    raise exception '已公开的年度逾期账款情况不能修改或删除（%）', tg_op using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;
create trigger annual_disclosures_published_immutable before update or delete on annual_disclosures
  for each row execute function annual_disclosures_published_immutable();
create trigger annual_disclosures_no_truncate before truncate on annual_disclosures
  for each statement execute function annual_disclosures_published_immutable();

-- The disclosure sweep's claims: a unit reminded in a week of March (notice_on: 1, 8, 15, 22 or
-- 29 March) and a unit reported to 营商办 as having missed 31 March (notice_on: 1 April). The
-- row is claimed in the transaction that writes the notifications, so a notice goes out once.
create table annual_disclosure_notices (
  tenant_id text not null,
  year integer not null,
  kind text not null constraint annual_disclosure_notices_kind_check check (kind in ('reminder', 'missed')),
  notice_on date not null,
  unit_id text not null references units (id),
  sent_at timestamptz not null,
  primary key (tenant_id, year, kind, notice_on, unit_id)
);

-- A notification may also be about a year's disclosure (its reminders and the missed notice):
-- exactly one of case, breach record and disclosure year is set.
alter table notifications add column disclosure_year integer;
alter table notifications drop constraint notifications_subject_check;
alter table notifications add constraint notifications_subject_check
  check (num_nonnulls(case_id, credit_record_id, disclosure_year) = 1);
