-- S4 and 发改财金〔2023〕1103号: before a breach is determined (认定) the unit is ordered to rectify
-- (责令整改) by a deadline; it rectifies in time (the record ends as 已整改, never reported) or its
-- refusal is recorded (拒不整改: the deadline passed, or it refused in writing), and only then does
-- 市信用办 determine the breach. A record now opens with the order: it is the same row and the same
-- event history from the order to the repair. Records made before this migration were determined
-- at once; they keep their status and dates and have no order.

alter table credit_records
  drop constraint credit_records_status_check,
  add constraint credit_records_status_check
    check (status in ('ordered', 'rectified', 'refused', 'recorded', 'objected', 'revoked', 'repaired'));

-- 认定日期 is known once the breach is determined.
alter table credit_records alter column breach_on drop not null;

-- The order (责令整改): what the unit must do, the order's document number (文号), the day it was
-- issued and the deadline. Then one of the two outcomes: rectified (the day and the evidence), or
-- refused (the ground, the facts and the day it was recorded).
alter table credit_records
  add column order_requirement text,
  add column order_document_number text,
  add column ordered_on date,
  add column rectification_deadline date,
  add column rectified_on date,
  add column rectification_evidence text,
  add column refusal_ground text constraint credit_records_refusal_ground_check check (refusal_ground in ('lapse', 'written')),
  add column refusal_facts text,
  add column refused_on date;

alter table credit_records
  -- A record before its determination was opened by an order, with everything the order says.
  add constraint credit_records_order_check check (
    status not in ('ordered', 'rectified', 'refused')
    or (order_requirement is not null and order_document_number is not null and ordered_on is not null and rectification_deadline is not null)
  ),
  add constraint credit_records_rectified_check check (status <> 'rectified' or (rectified_on is not null and rectification_evidence is not null)),
  add constraint credit_records_refusal_check check ((refused_on is null) = (refusal_ground is null) and (refused_on is null) = (refusal_facts is null)),
  -- Determined, revoked or repaired: the breach was determined on a day.
  add constraint credit_records_determined_check check (status in ('ordered', 'rectified', 'refused') or breach_on is not null);

-- 主体类型: new records name only 机关 and 事业单位 (src/domain/credit/states.ts CREDIT_UNIT_KINDS);
-- credit_records_unit_kind_check keeps 'soe' so that an SOE recorded before stays as reported.

alter table credit_record_events
  drop constraint credit_record_events_type_check,
  add constraint credit_record_events_type_check check (type in (
    'order_rectification', 'record_rectified', 'record_refusal',
    'record', 'object', 'decide_objection', 'apply_repair', 'decide_repair', 'export'));

-- One open record per case, from the order until it is revoked or repaired: two officers ordering
-- the same case at once get one record. A rectified record closes without a breach.
drop index credit_records_case_in_effect_key;
create unique index credit_records_case_open_key on credit_records (tenant_id, case_id)
  where case_id is not null and status in ('ordered', 'refused', 'recorded', 'objected');
