-- Issue 11 (resource limits): an account's upload quota is counted from its stored files over
-- the last minute and day, which attachments_tenant_uploader_idx (tenant, uploader, created_at)
-- already serves. Uploads that nothing took — no case (case_id), no enterprise's file
-- (owner_unit_id) — are purged a day after their upload; this index finds them by age
-- without reading the linked ones.
create index attachments_unlinked_created_idx on attachments (tenant_id, created_at)
  where case_id is null and owner_unit_id is null;
