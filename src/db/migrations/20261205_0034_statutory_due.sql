-- 保障中小企业款项支付条例 (国务院令第802号) Arts. 9, 10: an arrear carries the contract behind it,
-- and the statutory due date its facts give is kept on the case so that the ledger and the
-- cockpit can filter and count the cases overdue by law. Cases registered before carry no
-- contract, so the column starts empty.
alter table cases add column statutory_due_on date;
create index cases_tenant_statutory_due_idx on cases (tenant_id, statutory_due_on) where statutory_due_on is not null;
