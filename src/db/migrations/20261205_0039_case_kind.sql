-- 保障中小企业款项支付条例第二十条: a line may keep a kind of case apart from its ordinary ones (a
-- complaint of retaliation on the arrears line). The kind is kept on the case so that the ledger
-- and the intake queue filter on it; every case before is an ordinary one.
alter table cases add column case_kind text;
create index cases_tenant_kind_idx on cases (tenant_id, case_kind, registered_at desc, id desc) where case_kind is not null;
