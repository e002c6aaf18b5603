-- The cockpit (src/cases/case-statistics.ts) counted and summed every case of the city on each
-- call: 3.1 s at 100,000 cases (docs/BENCHMARKS.md, "The cockpit from maintained rollups"). These
-- rollups hold the same figures per scope key, kept in the transaction of every write of `cases`
-- and of payment events by the triggers below, whichever writer it is (the write path, the batch
-- registrations, a bench seed, plain SQL). Rows reaching zero cases are deleted, so a rollup
-- holds only what has cases.
--
-- The scope key (line, jurisdiction, responsible unit, handling unit) is what the cockpit groups
-- by and what a reader's scope filters on (src/cases/case-conditions.ts, caseScopeCondition: a
-- county by jurisdiction, a unit by responsible or handling unit). A lead bureau's cooperating
-- cases and an enterprise's are not in the key: their cockpits count their own cases directly.


-- Per state: the counts and the exact sums (numeric, as the cockpit's moneySum) of the money
-- columns, and how many of the cases have each due date that a dated count below counts by.
create table case_rollups (
  tenant_id text not null,
  line text not null,
  state text not null,
  jurisdiction_id text not null,
  responsible_unit_id text not null,
  handling_unit_id text not null,
  cases integer not null,
  claimed_amount numeric not null,
  confirmed_amount numeric not null,
  paid_amount numeric not null,
  -- sum(confirmed_amount - paid_amount) over the cases with a confirmed amount.
  outstanding_amount numeric not null,
  -- With a deadline; with a statutory due date; with a lump sum outstanding under a year rule,
  -- without and with an approved exception (A2).
  deadline_cases integer not null,
  statutory_cases integer not null,
  year_rule_cases integer not null,
  year_exception_cases integer not null,
  primary key (tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id)
);

-- Counts by a date:
--   deadline    the cases overdueCondition counts once `day`, their deadline, is past;
--   statutory   those overdueByLawCondition counts once `day`, their statutory due date, is past;
--   year_rule   those yearEndRiskCondition counts once `day`, year_rule_due_on, is within its
--               horizon (without an exception, which it counts whatever the day);
--   registered  the cases registered in the week starting `day` (Monday, Asia/Shanghai);
--   closed      the cases closed (销号) in the week starting `day`;
--   paid        the payments (record_payment events) made in the week starting `day`, and `amount`.
-- An overdue count is the cases with that due date (case_rollups) less those due today or later:
-- the rows read are the days ahead, which the time limits bound, not the whole past.
create table case_date_rollups (
  tenant_id text not null,
  kind text not null,
  day date not null,
  line text not null,
  jurisdiction_id text not null,
  responsible_unit_id text not null,
  handling_unit_id text not null,
  cases integer not null,
  amount numeric not null,
  constraint case_date_rollups_kind_check check (kind in ('deadline', 'statutory', 'year_rule', 'registered', 'closed', 'paid')),
  primary key (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id)
);

-- What one case row adds to the rollups (sign +1) or takes away from them (sign -1).
create type case_rollup_delta as (
  sign integer,
  tenant_id text,
  id uuid,
  line text,
  state text,
  jurisdiction_id text,
  responsible_unit_id text,
  handling_unit_id text,
  claimed_amount bigint,
  confirmed_amount bigint,
  paid_amount bigint,
  deadline date,
  statutory_due_on date,
  year_rule_due_on date,
  year_exception boolean,
  registered_at timestamptz,
  closed_at timestamptz
);

-- What one dated count gains or loses.
create type case_date_delta as (
  sign integer,
  tenant_id text,
  kind text,
  day date,
  line text,
  jurisdiction_id text,
  responsible_unit_id text,
  handling_unit_id text,
  amount numeric
);

create function case_rollup_delta(c cases, sign integer) returns case_rollup_delta language sql immutable as $$
  select row(sign, c.tenant_id, c.id, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id,
             c.claimed_amount, c.confirmed_amount, c.paid_amount, c.deadline, c.statutory_due_on, c.year_rule_due_on,
             c.year_exception, c.registered_at, c.closed_at)::case_rollup_delta
$$;

-- A lump sum outstanding under a year rule (A2, yearEndRiskCondition but for the state and the day).
create function case_year_rule_owed(d case_rollup_delta) returns boolean language sql immutable as $$
  select d.year_rule_due_on is not null and coalesce(d.confirmed_amount > d.paid_amount, false)
$$;

-- The dated counts a case takes part in. The state lists are those of src/cases/case-conditions.ts
-- (from src/domain/case/states.ts and NOTHING_OWED): verify-rollups.test.ts checks them state by
-- state, and verifyRollups recomputes every row with the ledger's own conditions.
create function case_rollup_dates(d case_rollup_delta) returns setof case_date_delta language sql stable as $$
  select row(d.sign, d.tenant_id, kind, day, d.line, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id, 0)::case_date_delta
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

-- A payment event under its case's scope key, by the week of its paidOn (as the cockpit's series).
create function case_payment_date(sign integer, e case_events, c case_rollup_delta) returns case_date_delta language sql immutable as $$
  select row(sign, c.tenant_id, 'paid', date_trunc('week', (e.payload ->> 'paidOn')::date::timestamp)::date,
             c.line, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id, (e.payload ->> 'amount')::numeric)::case_date_delta
$$;

-- The payments recorded on a case (its record_payment events) under its key: what a case brings
-- along when it is written before its events, deleted after them, or moved to another key.
create function case_payment_dates(d case_rollup_delta) returns setof case_date_delta language sql stable as $$
  select case_payment_date(d.sign, e, d) from case_events e where e.tenant_id = d.tenant_id and e.case_id = d.id and e.type = 'record_payment'
$$;

-- Applies a statement's deltas: each key's net change, in the key's order, so that two
-- transactions take the rollup rows they share in the same order and cannot deadlock on them
-- within a statement; a key whose change nets to nothing (a progress report) is not touched.
create function case_rollups_apply(deltas case_rollup_delta[], payments case_date_delta[]) returns void language plpgsql as $$
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
      from (
        select d.tenant_id, d.line, d.state, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id, sum(d.sign) as cases,
               coalesce(sum(d.sign * d.claimed_amount), 0) as claimed_amount, coalesce(sum(d.sign * d.confirmed_amount), 0) as confirmed_amount,
               sum(d.sign * d.paid_amount) as paid_amount, coalesce(sum(d.sign * (d.confirmed_amount - d.paid_amount)), 0) as outstanding_amount,
               coalesce(sum(d.sign) filter (where d.deadline is not null), 0) as deadline_cases,
               coalesce(sum(d.sign) filter (where d.statutory_due_on is not null), 0) as statutory_cases,
               coalesce(sum(d.sign) filter (where case_year_rule_owed(d) and not d.year_exception), 0) as year_rule_cases,
               coalesce(sum(d.sign) filter (where case_year_rule_owed(d) and d.year_exception), 0) as year_exception_cases
        from unnest(deltas) d
        group by d.tenant_id, d.line, d.state, d.jurisdiction_id, d.responsible_unit_id, d.handling_unit_id
      ) as change
      where (cases, claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
             deadline_cases, statutory_cases, year_rule_cases, year_exception_cases) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
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

    delete from case_rollups r
      using (select distinct tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id from unnest(deltas)) d
      where r.tenant_id = d.tenant_id and r.line = d.line and r.state = d.state and r.jurisdiction_id = d.jurisdiction_id
        and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id and r.cases = 0;
  end if;

  if cardinality(dated) > 0 then
    insert into case_date_rollups as r (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount)
      select tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, sum(sign), coalesce(sum(sign * amount), 0)
      from unnest(dated)
      group by tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id
      having sum(sign) <> 0 or coalesce(sum(sign * amount), 0) <> 0
      order by tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id
    on conflict (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id) do update set
      cases = r.cases + excluded.cases,
      amount = r.amount + excluded.amount;

    delete from case_date_rollups r
      using (select distinct tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id from unnest(dated)) d
      where r.tenant_id = d.tenant_id and r.kind = d.kind and r.day = d.day and r.line = d.line and r.jurisdiction_id = d.jurisdiction_id
        and r.responsible_unit_id = d.responsible_unit_id and r.handling_unit_id = d.handling_unit_id and r.cases = 0;
  end if;
end
$$;

-- One trigger per kind of statement: a trigger with transition tables serves one event only.
-- A case's payments go with it: added when it is inserted after its events (the foreign key of
-- case_events is deferred), taken away when it is deleted before them, moved with its key.
create function cases_rollups_inserted() returns trigger language plpgsql as $$
begin
  perform case_rollups_apply(
    array(select case_rollup_delta(n, 1) from new_rows n),
    array(select p from new_rows n cross join lateral case_payment_dates(case_rollup_delta(n, 1)) p));
  return null;
end
$$;

-- Only the rows whose rollup columns changed: most updates (a progress report, a supervision step)
-- change none, and touch no rollup row.
create function cases_rollups_updated() returns trigger language plpgsql as $$
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
      where ((changed_from[i]).line, (changed_from[i]).jurisdiction_id, (changed_from[i]).responsible_unit_id, (changed_from[i]).handling_unit_id)
            is distinct from ((changed_to[i]).line, (changed_to[i]).jurisdiction_id, (changed_to[i]).responsible_unit_id, (changed_to[i]).handling_unit_id)));
  return null;
end
$$;

create function cases_rollups_deleted() returns trigger language plpgsql as $$
begin
  perform case_rollups_apply(
    array(select case_rollup_delta(o, -1) from old_rows o),
    array(select p from old_rows o cross join lateral case_payment_dates(case_rollup_delta(o, -1)) p));
  return null;
end
$$;

create trigger cases_rollups_insert after insert on cases
  referencing new table as new_rows for each statement execute function cases_rollups_inserted();
create trigger cases_rollups_update after update on cases
  referencing old table as old_rows new table as new_rows for each statement execute function cases_rollups_updated();
create trigger cases_rollups_delete after delete on cases
  referencing old table as old_rows for each statement execute function cases_rollups_deleted();

-- A payment event counts under its case's key while the case is there (else the case's own
-- triggers count it when the case comes, or counted it away when the case went).
create function case_event_payments(events case_events[], sign integer) returns case_date_delta[] language sql stable as $$
  select array(
    select case_payment_date(sign, e, case_rollup_delta(c, 1))
    from unnest(events) e join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
    where e.type = 'record_payment')
$$;

create function case_events_rollups_inserted() returns trigger language plpgsql as $$
begin
  perform case_rollups_apply('{}', case_event_payments(array(select n::case_events from new_rows n where n.type = 'record_payment'), 1));
  return null;
end
$$;

create function case_events_rollups_updated() returns trigger language plpgsql as $$
begin
  perform case_rollups_apply('{}',
    case_event_payments(array(select o::case_events from old_rows o where o.type = 'record_payment'), -1)
      || case_event_payments(array(select n::case_events from new_rows n where n.type = 'record_payment'), 1));
  return null;
end
$$;

create function case_events_rollups_deleted() returns trigger language plpgsql as $$
begin
  perform case_rollups_apply('{}', case_event_payments(array(select o::case_events from old_rows o where o.type = 'record_payment'), -1));
  return null;
end
$$;

create trigger case_events_rollups_insert after insert on case_events
  referencing new table as new_rows for each statement execute function case_events_rollups_inserted();
create trigger case_events_rollups_update after update on case_events
  referencing old table as old_rows new table as new_rows for each statement execute function case_events_rollups_updated();
create trigger case_events_rollups_delete after delete on case_events
  referencing old table as old_rows for each statement execute function case_events_rollups_deleted();

-- TRUNCATE fires no row or transition trigger: emptying the cases (and so their events) empties the rollups.
create function cases_rollups_truncated() returns trigger language plpgsql as $$
begin
  delete from case_rollups;
  delete from case_date_rollups;
  return null;
end
$$;
create trigger cases_rollups_truncate after truncate on cases for each statement execute function cases_rollups_truncated();

-- The year-end risk list of the cockpit (A2): the first cases by deadline among those with a lump
-- sum outstanding under a year rule, whichever the scope; the rest is the ledger's yearEndRisk=true.
create index cases_tenant_year_end_risk_idx on cases (tenant_id, coalesce(deadline, 'infinity'::date), number)
  where year_rule_due_on is not null and confirmed_amount > paid_amount;

-- What is there now, as the triggers would have counted it case by case.
insert into case_rollups (tenant_id, line, state, jurisdiction_id, responsible_unit_id, handling_unit_id, cases,
                          claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                          deadline_cases, statutory_cases, year_rule_cases, year_exception_cases)
  select c.tenant_id, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id, count(*),
         coalesce(sum(c.claimed_amount), 0), coalesce(sum(c.confirmed_amount), 0), sum(c.paid_amount),
         coalesce(sum(c.confirmed_amount - c.paid_amount), 0),
         count(*) filter (where c.deadline is not null), count(*) filter (where c.statutory_due_on is not null),
         count(*) filter (where case_year_rule_owed(case_rollup_delta(c, 1)) and not c.year_exception),
         count(*) filter (where case_year_rule_owed(case_rollup_delta(c, 1)) and c.year_exception)
  from cases c
  group by c.tenant_id, c.line, c.state, c.jurisdiction_id, c.responsible_unit_id, c.handling_unit_id;

insert into case_date_rollups (tenant_id, kind, day, line, jurisdiction_id, responsible_unit_id, handling_unit_id, cases, amount)
  select k.tenant_id, k.kind, k.day, k.line, k.jurisdiction_id, k.responsible_unit_id, k.handling_unit_id, count(*), coalesce(sum(k.amount), 0)
  from (
    select (case_rollup_dates(case_rollup_delta(c, 1))).* from cases c
    union all
    select (case_payment_date(1, e, case_rollup_delta(c, 1))).*
    from case_events e join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
    where e.type = 'record_payment'
  ) as k
  group by k.tenant_id, k.kind, k.day, k.line, k.jurisdiction_id, k.responsible_unit_id, k.handling_unit_id;

-- Their first statistics, so that the cockpit's first reads are planned on what is there.
analyze case_rollups, case_date_rollups;
