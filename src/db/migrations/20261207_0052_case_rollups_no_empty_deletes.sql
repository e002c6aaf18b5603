-- 0049's application of a statement's deltas, which deleted the rollup rows its keys left at
-- zero cases after every statement. Only a delta that takes a case away (sign -1: an update's old
-- side, a deletion) can leave a row at zero; an INSERT's deltas, and a payment's, only add. So
-- the deletes now run only when a delta subtracts: a batch of 3,000 new cases spent about a third
-- of its trigger's time (0.23 of 0.71 s) deleting nothing (docs/BENCHMARKS.md, "Where a case's
-- insert goes").
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

    if exists (select from unnest(deltas) as d where d.sign < 0) then
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

    if exists (select from unnest(dated) as d where d.sign < 0) then
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
  end if;
end
$$;
