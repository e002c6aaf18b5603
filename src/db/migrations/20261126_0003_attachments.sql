-- Uploaded files: an enterprise's complaint evidence and a unit's feedback documents (G3).
-- A file is uploaded first, unlinked; the registration or the feedback that names it links
-- it to its case in the same transaction as the event, which records its SHA-256. The bytes
-- live in the database (at most 10 MB each) so that one backup holds the whole ledger.
create table attachments (
  id uuid primary key,
  tenant_id text not null,
  uploaded_by text not null references accounts (id),
  file_name text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  case_id uuid references cases (id),
  created_at timestamptz not null,
  constraint attachments_size_bytes_check check (size_bytes > 0 and size_bytes = octet_length(content))
);
create index attachments_tenant_case_idx on attachments (tenant_id, case_id) where case_id is not null;
create index attachments_tenant_uploader_idx on attachments (tenant_id, uploaded_by, created_at);

-- The case projection gains the registration's attachments and the enterprise's rating; cases
-- registered before have neither, which is also what replaying their events gives.
update cases set detail = jsonb_build_object('attachments', '[]'::jsonb, 'rating', null) || detail;
