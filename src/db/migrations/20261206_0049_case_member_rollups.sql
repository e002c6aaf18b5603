-- A lead bureau's cockpit (scope 'supervising', src/cases/case-conditions.ts caseScopeCondition)
-- counted its cases on each call: those it leads (lead_unit_id), cooperates on (detail ->
-- 'cooperatingUnitIds'), or that are against or handled by its own unit: 1.4–1.7 s at 100,000
-- cases (docs/BENCHMARKS.md, "The cockpit from maintained rollups"). These rollups hold the same
-- figures as 0048's per member unit: a case's member units are the distinct units among its lead,
-- responsible and handling unit and its cooperating units, and the case counts once under each.
-- A lead bureau reads the rows of its own unit. The same triggers as 0048's keep them, through
-- the same deltas, which now carry the case's member units.

create table case_member_rollups (
  tenant_id text not null,
  member_unit_id text not null,
  line text not null,
  state text not null,
  jurisdiction_id text not null,
  responsible_unit_id text not null,
  handling_unit_id text not null,
  cases integer not null,
  claimed_amount numeric not null,
  confirmed_amount numeric not null,
  paid_amount numeric not null,
  outstanding_amount numeric not null,
  deadline_cases integer not null,
  statutory_cases integer not null,
  year_rule_cases integer not null,
  year_exception_cases integer not null,
  primary key (tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id)
);

create table case_member_date_rollups (
  tenant_id text not null,
  member_unit_id text not null,
  kind text not null,
  day date not null,
  line text not null,
  jurisdiction_id text not null,
  responsible_unit_id text not null,
  handling_unit_id text not null,
  cases integer not null,
  amount numeric not null,
  constraint case_member_date_rollups_kind_check check (kind in ('deadline', 'statutory', 'year_rule', 'registered', 'closed', 'paid')),
  primary key (tenant_id, member_unit_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id)
);

-- A case's member units, distinct and in order (so that two deltas of one case compare equal when
-- they are the same set): a cooperating unit is a string of the list, as the scope's containment
-- (`detail -> 'cooperatingUnitIds' @> '["u"]'`) finds it.
create function case_member_units(c cases) returns text[] language sql immutable as $$
  select array(
    select distinct unit from (
      select unnest(array[c.lead_unit_id, c.responsible_unit_id, c.handling_unit_id])
      union all
      select cooperating #>> '{}'
      from jsonb_array_elements(case when jsonb_typeof(c.detail -> 'cooperatingUnitIds') = 'array' then c.detail -> 'cooperatingUnitIds' else '[]' end) as cooperating
      where jsonb_typeof(cooperating) = 'string'
    ) as units (unit)
    where unit is not null
    order by unit)
$$;

alter type case_rollup_delta add attribute member_unit_ids text[];
alter type case_date_delta add attribute member_unit_ids text[];

create or replace function case_rollup_delta(c cases, sign integer) returns case_rollup_delta language sql immutable as $$
  select row(sign, c.tenant_id, c.id, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id,
             c.claimed_amount, c.confirmed_amount, c.paid_amount, c.deadline, c.statutory_due_on, c.year_rule_due_on,
             c.year_exception, c.registered_at, c.closed_at, case_member_units(c))::case_rollup_delta
$$;

create or replace function case_rollup_dates(d case_rollup_delta) returns setof case_date_delta language sql stable as $$
  select row(d.sign, d.tenant_id, kind, day, d.line, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id, 0, d.member_unit_ids)::case_date_delta
  from (values
    ('deadline', case when d.state not in ('closed', 'dismissed', 'withdrawn', 'litigating') then d.deadline end),
    ('statutory', case when d.state not in ('settled', 'feedback_submitted', 'closed', 'dismissed', 'withdrawn') then d.statutory_due_on end),
    ('year_rule', case when d.state not in ('closed', 'dismissed', 'withdrawn') and case_year_rule_owed(d) and not d.year_exception
                       then d.year_rule_due_on end),
    ('registered', date_trunc('week', d.registered_at at time zone 'Asia/Shanghai')::date),
    ('closed', case when d.state = 'closed' then date_trunc('week', d.closed_at at time zone 'Asia/Shanghai')::date end)
  ) as dates (kind, day)
  where day is not null
$$;

create or replace function case_payment_date(sign integer, e case_events, c case_rollup_delta) returns case_date_delta language sql immutable as $$
  select row(sign, c.tenant_id, 'paid', date_trunc('week', (e.payload ->> 'paidOn')::date::timestamp)::date,
             c.line, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id, (e.payload ->> 'amount')::numeric, c.member_unit_ids)::case_date_delta
$$;

-- Each row's net change, the scope key's (member_unit_id null: case_rollups) and each member
-- unit's (case_member_rollups), without the changes that net to nothing.
create function case_rollup_changes(deltas case_rollup_delta[])
  returns table (tenant_id text, member_unit_id text, line text, state text, jurisdiction_id text, responsible_unit_id text, handling_unit_id text,
                 cases integer, claimed_amount numeric, confirmed_amount numeric, paid_amount numeric, outstanding_amount numeric,
                 deadline_cases integer, statutory_cases integer, year_rule_cases integer, year_exception_cases integer)
  language sql stable as $$
  select * from (
    select d.tenant_id, m.unit, d.line, d.state, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id, sum(d.sign)::int,
           coalesce(sum(d.sign * d.claimed_amount), 0), coalesce(sum(d.sign * d.confirmed_amount), 0),
           sum(d.sign * d.paid_amount), coalesce(sum(d.sign * (d.confirmed_amount - d.paid_amount)), 0),
           coalesce(sum(d.sign) filter (where d.deadline is not null), 0)::int,
           coalesce(sum(d.sign) filter (where d.statutory_due_on is not null), 0)::int,
           coalesce(sum(d.sign) filter (where case_year_rule_owed(d) and not d.year_exception), 0)::int,
           coalesce(sum(d.sign) filter (where case_year_rule_owed(d) and d.year_exception), 0)::int
    from unnest(deltas) d cross join lateral (select null::text union all select unnest(d.member_unit_ids)) as m (unit)
    group by d.tenant_id, m.unit, d.line, d.state, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id
  ) as change (tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
               claimed_amount, confirmed_amount, paid_amount, outstanding_amount, deadline_cases, statutory_cases, year_rule_cases, year_exception_cases)
  where (cases, claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
         deadline_cases, statutory_cases, year_rule_cases, year_exception_cases) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
$$;

-- The same for the dated counts.
create function case_date_changes(dated case_date_delta[])
  returns table (tenant_id text, member_unit_id text, kind text, day date, line text, jurisdiction_id text, responsible_unit_id text,
                 handling_unit_id text, cases integer, amount numeric)
  language sql stable as $$
  select d.tenant_id, m.unit, d.kind, d.day, d.line, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id,
         sum(d.sign)::int, coalesce(sum(d.sign * d.amount), 0)
  from unnest(dated) d cross join lateral (select null::text union all select unnest(d.member_unit_ids)) as m (unit)
  group by d.tenant_id, m.unit, d.kind, d.day, d.line, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id
  having sum(d.sign) <> 0 or coalesce(sum(d.sign * d.amount), 0) <> 0
$$;

-- 0048's application of a statement's deltas, to the scope key's rows and then to the member
-- units': each row's net change in the key's order, rows reaching zero cases deleted.
create or replace function case_rollups_apply(deltas case_rollup_delta[], payments case_date_delta[]) returns void language plpgsql as $$
declare
  dated case_date_delta[] := array(select k from unnest(deltas) d cross join lateral case_rollup_dates(d) k) || payments;
begin
  if cardinality(deltas) > 0 then
    insert into case_rollups as r (tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
                                   claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                                   deadline_cases, statutory_cases, year_rule_cases, year_exception_cases)
      select tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
             claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
             deadline_cases, statutory_cases, year_rule_cases, year_exception_cases
      from case_rollup_changes(deltas) where member_unit_id is null
      order by tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id
    on conflict (tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id) do update set
      cases = r.cases + excluded.cases,
      claimed_amount = r.claimed_amount + excluded.claimed_amount,
      confirmed_amount = r.confirmed_amount + excluded.confirmed_amount,
      paid_amount = r.paid_amount + excluded.paid_amount,
      outstanding_amount = r.outstanding_amount + excluded.outstanding_amount,
      deadline_cases = r.deadline_cases + excluded.deadline_cases,
      statutory_cases = r.statutory_cases + excluded.statutory_cases,
      year_rule_cases = r.year_rule_cases + excluded.year_rule_cases,
      year_exception_cases = r.year_exception_cases + excluded.year_exception_cases;
    insert into case_member_rollups as r (tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
                                          claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                                          deadline_cases, statutory_cases, year_rule_cases, year_exception_cases)
      select * from case_rollup_changes(deltas) where member_unit_id is not null
      order by tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id
    on conflict (tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id) do update set
      cases = r.cases + excluded.cases,
      claimed_amount = r.claimed_amount + excluded.claimed_amount,
      confirmed_amount = r.confirmed_amount + excluded.confirmed_amount,
      paid_amount = r.paid_amount + excluded.paid_amount,
      outstanding_amount = r.outstanding_amount + excluded.outstanding_amount,
      deadline_cases = r.deadline_cases + excluded.deadline_cases,
      statutory_cases = r.statutory_cases + excluded.statutory_cases,
      year_rule_cases = r.year_rule_cases + excluded.year_rule_cases,
      year_exception_cases = r.year_exception_cases + excluded.year_exception_cases;

    delete from case_rollups r
      using (select distinct tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id from unnest(deltas)) d
      where r.tenant_id = d.tenant_id and r.line = d.line and r.state = d.state and r.jurisdiction_id = d.jurisdiction_id
        and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id and r.cases = 0;
    delete from case_member_rollups r
      using (select distinct d.tenant_id, m.unit, d.line, d.state, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id
             from unnest(deltas) d cross join lateral unnest(d.member_unit_ids) as m (unit)) d
      where r.tenant_id = d.tenant_id and r.member_unit_id = d.unit and r.line = d.line and r.state = d.state and r.jurisdiction_id = d.jurisdiction_id
        and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id and r.cases = 0;
  end if;

  if cardinality(dated) > 0 then
    insert into case_date_rollups as r (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount)
      select tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount
      from case_date_changes(dated) where member_unit_id is null
      order by tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id
    on conflict (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id) do update set
      cases = r.cases + excluded.cases,
      amount = r.amount + excluded.amount;
    insert into case_member_date_rollups as r (tenant_id, member_unit_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount)
      select * from case_date_changes(dated) where member_unit_id is not null
      order by tenant_id, member_unit_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id
    on conflict (tenant_id, member_unit_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id) do update set
      cases = r.cases + excluded.cases,
      amount = r.amount + excluded.amount;

    delete from case_date_rollups r
      using (select distinct tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id from unnest(dated)) d
      where r.tenant_id = d.tenant_id and r.kind = d.kind and r.day = d.day and r.line = d.line and r.jurisdiction_id = d.jurisdiction_id
        and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id and r.cases = 0;
    delete from case_member_date_rollups r
      using (select distinct d.tenant_id, m.unit, d.kind, d.day, d.line, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id
             from unnest(dated) d cross join lateral unnest(d.member_unit_ids) as m (unit)) d
      where r.tenant_id = d.tenant_id and r.member_unit_id = d.unit and r.kind = d.kind and r.day = d.day and r.line = d.line
        and r.jurisdiction_id = d.jurisdiction_id and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id
        and r.cases = 0;
  end if;
end
$$;

-- 0048's update trigger, with a case's member units among what moves its payments: a case that
-- changes its lead or cooperating units (a reassignment) takes its payments to its new members.
create or replace function cases_rollups_updated() returns trigger language plpgsql as $$
declare
  changed_from case_rollup_delta[];
  changed_to case_rollup_delta[];
begin
  select coalesce(array_agg(case_rollup_delta(o, -1)), '{}'), coalesce(array_agg(case_rollup_delta(n, 1)), '{}')
    into changed_from, changed_to
    from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
    where case_rollup_delta(o, 1) is distinct from case_rollup_delta(n, 1);
  if cardinality(changed_from) = 0 then
    return null;
  end if;
  perform case_rollups_apply(
    changed_from || changed_to,
    array(
      select p from generate_subscripts(changed_from, 1) as i
        cross join lateral (select changed_from[i] union all select changed_to[i]) as side (d)
        cross join lateral case_payment_dates(side.d) p
      where ((changed_from[i]).line, (changed_from[i]).jurisdiction_id, (changed_from[i]).responsible_unit_id, (changed_from[i]).handling_unit_id,
             (changed_from[i]).member_unit_ids)
            is distinct from ((changed_to[i]).line, (changed_to[i]).jurisdiction_id, (changed_to[i]).responsible_unit_id, (changed_to[i]).handling_unit_id,
                              (changed_to[i]).member_unit_ids)));
  return null;
end
$$;

create or replace function cases_rollups_truncated() returns trigger language plpgsql as $$
begin
  delete from case_rollups;
  delete from case_date_rollups;
  delete from case_member_rollups;
  delete from case_member_date_rollups;
  return null;
end
$$;

-- What is there now, as the triggers would have counted it case by case.
insert into case_member_rollups (tenant_id, member_unit_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
                                 claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                                 deadline_cases, statutory_cases, year_rule_cases, year_exception_cases)
  select c.tenant_id, m.unit, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id, count(*),
         coalesce(sum(c.claimed_amount), 0), coalesce(sum(c.confirmed_amount), 0), sum(c.paid_amount),
         coalesce(sum(c.confirmed_amount - c.paid_amount), 0),
         count(*) filter (where c.deadline is not null), count(*) filter (where c.statutory_due_on is not null),
         count(*) filter (where case_year_rule_owed(case_rollup_delta(c, 1)) and not c.year_exception),
         count(*) filter (where case_year_rule_owed(case_rollup_delta(c, 1)) and c.year_exception)
  from cases c cross join lateral unnest(case_member_units(c)) as m (unit)
  group by c.tenant_id, m.unit, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id;

insert into case_member_date_rollups (tenant_id, member_unit_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount)
  select k.tenant_id, m.unit, k.kind, k.day, k.line, k.jurisdiction_id, k.responsible_unit_id, k.handling_unit_id, count(*), coalesce(sum(k.amount), 0)
  from (
    select (case_rollup_dates(case_rollup_delta(c, 1))).* from cases c
    union all
    select (case_payment_date(1, e, case_rollup_delta(c, 1))).*
    from case_events e join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
    where e.type = 'record_payment'
  ) as k cross join lateral unnest(k.member_unit_ids) as m (unit)
  group by k.tenant_id, m.unit, k.kind, k.day, k.line, k.jurisdiction_id, k.responsible_unit_id, k.handling_unit_id;

analyze case_member_rollups, case_member_date_rollups;
