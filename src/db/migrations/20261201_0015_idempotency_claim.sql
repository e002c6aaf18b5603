-- An idempotency key is claimed before the write it guards, in the write's own transaction;
-- its response is stored when the write is done. Rows that exist outside that transaction
-- always carry one.
alter table idempotency_keys alter column status_code drop not null;
alter table idempotency_keys alter column response drop not null;
