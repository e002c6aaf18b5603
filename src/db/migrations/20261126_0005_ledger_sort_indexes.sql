-- The ledger's orders other than registration (src/cases/ledger-sort.ts). Each index holds the
-- order's key, written exactly as listCases writes it, then the id in the same direction, so
-- that a page is one index range after the cursor's (key, id) and reads about one page of rows
-- (docs/BENCHMARKS.md). registered_asc reads cases_tenant_registered_idx backwards.

-- deadline_asc, cases without a deadline last.
create index cases_tenant_deadline_order_idx on cases (tenant_id, coalesce(deadline, 'infinity'::date), id);
-- outstanding_desc: confirmed − paid, unconfirmed cases last (paid <= confirmed, so −1 is below all).
create index cases_tenant_outstanding_idx on cases (tenant_id, coalesce(confirmed_amount - paid_amount, -1) desc, id desc);
-- updated_desc.
create index cases_tenant_updated_idx on cases (tenant_id, updated_at desc, id desc);
-- The same two orders within one state (the ledger's 状态 filter). A state decides where its
-- cases sit in these orders (a case before classification has no amount, a closed one no
-- deadline), so reading the whole-tenant index until 21 cases of that state turn up would read
-- most of the table (94 ms on PostgreSQL at 100,000 cases for state=negotiating by outstanding).
create index cases_tenant_state_deadline_order_idx on cases (tenant_id, state, coalesce(deadline, 'infinity'::date), id);
create index cases_tenant_state_outstanding_idx on cases (tenant_id, state, coalesce(confirmed_amount - paid_amount, -1) desc, id desc);

-- The cockpit's weekly 销号 click-through: closedFrom/closedTo.
create index cases_tenant_closed_idx on cases (tenant_id, closed_at) where closed_at is not null;

-- The weekly 清偿金额 click-through: cases with a payment made in a week (paidFrom/paidTo).
-- paidOn is 'YYYY-MM-DD', so its bytes sort as its dates; "C" makes that true in any locale.
create index case_events_tenant_paid_on_idx on case_events (tenant_id, ((payload ->> 'paidOn') collate "C"), case_id)
  where type = 'record_payment';
