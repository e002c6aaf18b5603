-- 保障中小企业款项支付条例 (国务院令第802号) 第十七条: an agreed late-interest rate may not be below the
-- one-year LPR in force when the contract was signed. Each city keeps the published one-year LPR
-- as reference data, in basis points (3.45% = 345), one row per change from the day it took
-- effect; the 系统管理员 edits it like the holiday calendar, each edit in reference_changes.
create table lpr_rates (
  tenant_id text not null,
  effective_on date not null,
  one_year_bp integer not null constraint lpr_rates_one_year_bp_check check (one_year_bp between 1 and 10000),
  primary key (tenant_id, effective_on)
);

-- The cities set up before this migration start with the published rows (中国人民银行授权全国银行间
-- 同业拆借中心公布), as a new city does. These rows must match PUBLISHED_LPR in
-- src/domain/reference/lpr-published.ts: a test compares the two.
insert into lpr_rates (tenant_id, effective_on, one_year_bp)
select t.id, v.effective_on::date, v.one_year_bp
from tenants t
cross join (values
  ('2019-08-20', 425),
  ('2019-09-20', 420),
  ('2019-11-20', 415),
  ('2020-02-20', 405),
  ('2020-04-20', 385),
  ('2021-12-20', 380),
  ('2022-01-20', 370),
  ('2022-08-22', 365),
  ('2023-06-20', 355),
  ('2023-08-21', 345),
  ('2024-07-22', 335),
  ('2024-10-21', 310),
  ('2025-05-20', 300)
) as v (effective_on, one_year_bp)
on conflict (tenant_id, effective_on) do nothing;

alter table reference_changes drop constraint reference_changes_entity_check;
alter table reference_changes add constraint reference_changes_entity_check
  check (entity in ('unit', 'responsibility_matrix', 'holiday', 'time_limit', 'supervision_threshold', 'jurisdiction', 'lpr'));
