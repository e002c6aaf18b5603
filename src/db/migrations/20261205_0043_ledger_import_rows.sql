-- 台账导入: a case loaded from a county's or a bureau's ledger keeps the file (name, SHA-256) and
-- its row as `importedFrom` on its register event, and so on the projection. One case per tenant,
-- file and row: importing the same file again registers nothing twice, and of two imports racing
-- on the same file one fails and writes nothing.
create unique index cases_tenant_imported_row_key
  on cases (tenant_id, (detail #>> '{importedFrom,sha256}'), (detail #>> '{importedFrom,row}'))
  where detail #>> '{importedFrom,sha256}' is not null;
