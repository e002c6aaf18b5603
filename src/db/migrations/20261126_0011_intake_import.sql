-- S3: demands imported from 湖北省中小微企业诉求响应平台 keep the platform's own id (诉求编号)
-- as `externalRef` on their register event, and so on the projection. One case per tenant,
-- source and platform id: a re-import of the same file registers nothing twice, and of two
-- imports racing on the same demand one fails and writes nothing.
create unique index cases_tenant_source_external_ref_key
  on cases (tenant_id, source, (detail ->> 'externalRef'))
  where detail ->> 'externalRef' is not null;
