-- Issue 11 (个人信息保护法: retention periods, src/domain/retention.ts): the daily retention
-- purge finds each kind of expired record by its age without reading the rest. Idempotency
-- keys already have idempotency_keys_created_idx.

-- Read notifications go 180 days after their reading, unread ones a year after their creation.
create index notifications_read_at_idx on notifications (tenant_id, read_at)
  where read_at is not null;
create index notifications_unread_created_idx on notifications (tenant_id, created_at)
  where read_at is null;

-- Delivered and failed deliveries go after 30 and 90 days; a pending one is never purged.
create index webhook_deliveries_settled_created_idx on webhook_deliveries (tenant_id, status, created_at)
  where status <> 'pending';
