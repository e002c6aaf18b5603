-- Each line keeps its own facts on its cases (src/domain/lines/<line>/): an integrity item no
-- longer carries the arrears line's plan, payments and year exception, nor an arrear the
-- integrity line's rectification. Projections stored before intake, merging and progress
-- existed get those fields as a replay of their events gives them (null).
update cases
set detail = detail - 'arrears' - 'plan' - 'proposedPlan' - 'payments' - 'yearException'
where line = 'integrity';

update cases set detail = detail - 'rectification' where line <> 'integrity';

update cases
set detail = jsonb_build_object('rectification', null) || detail
where line = 'integrity' and not detail ? 'rectification';

update cases
set detail = jsonb_build_object('intake', null, 'mergedInto', null, 'progress', null) || detail
where not detail ?& array['intake', 'mergedInto', 'progress'];

-- A2, I1: the day a line's year rule wants the case's lump sum paid by (the line module's
-- `yearRule`), so that year-end risk is one condition on a column for every line.
alter table cases add column year_rule_due_on date;

update cases
set year_rule_due_on = (detail #>> '{plan,installments,0,dueOn}')::date
where line = 'arrears' and detail #>> '{plan,kind}' = 'lump_sum';
