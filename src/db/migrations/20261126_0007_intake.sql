-- Intake (S3) and the integrity line (G2, G3).

-- G2: a rectification item of the integrity line may concern no enterprise (a county's own
-- unlawful contract clause found by self-inspection); every other line is an enterprise's case.
alter table cases alter column enterprise_name drop not null;
alter table cases alter column enterprise_credit_code drop not null;
alter table cases add constraint cases_enterprise_check
  check (line = 'integrity' or (enterprise_name is not null and enterprise_credit_code is not null));

-- S3: duplicate candidates are the cases of one enterprise against one responsible unit.
create index cases_tenant_enterprise_code_idx on cases (tenant_id, enterprise_credit_code, responsible_unit_id)
  where enterprise_credit_code is not null;

-- S3: the cases merged into a case (`merge` records the target in the projection).
create index cases_tenant_merged_into_idx on cases (tenant_id, (detail #>> '{mergedInto,caseId}'))
  where detail #>> '{mergedInto,caseId}' is not null;

-- G1: the projection now keeps the latest progress report. Fill it for existing cases from
-- their events, exactly as `evolve` replays it, so `chengxin verify-audit` finds no drift.
update cases c
set detail = c.detail || jsonb_build_object('progress', jsonb_build_object(
  'text', e.payload ->> 'progress',
  'percent', null,
  'reportedAt', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
from (
  select distinct on (case_id) case_id, payload, at
  from case_events where type = 'report_progress'
  order by case_id, seq desc
) e
where e.case_id = c.id;
