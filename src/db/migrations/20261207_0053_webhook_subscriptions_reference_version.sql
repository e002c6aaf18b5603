-- Every case event reads the tenant's active webhook subscriptions to fill the outbox; they change
-- when an administrator edits them, a few times a year. They are now kept in process with the
-- reference data (src/reference/reference-cache.ts), trusted as long as the tenant's version of
-- 0045 names them: every change to webhook_subscriptions moves that version, in the writing
-- transaction, whoever writes, as a change to the calendar or the matrix does.
create trigger webhook_subscriptions_reference_version after insert or update or delete on webhook_subscriptions
  for each row execute function bump_reference_version();
create trigger webhook_subscriptions_reference_truncate after truncate on webhook_subscriptions
  for each statement execute function renew_reference_versions();
