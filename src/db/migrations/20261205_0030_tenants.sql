-- The cities on this installation (租户). A tenant exists once its organisation is set up
-- (`chengxin init`, the first-run page, or the demo); the business-environment office
-- (市营商办) is the unit the platform's own jobs act for (the daily supervision sweep).
create table tenants (
  id text primary key,
  name text not null,
  business_office_unit_id text references units (id),
  demo boolean not null default false,
  set_up_at timestamptz not null default now()
);

-- Installations from before: every tenant with a city already has its organisation.
insert into tenants (id, name, business_office_unit_id, demo)
select j.tenant_id, j.name,
       (select u.id from units u where u.tenant_id = j.tenant_id and u.id = 'u-yingshangban'),
       j.id = 'city'
from jurisdictions j
where j.level = 'city' and j.parent_id is null
on conflict (id) do nothing;
