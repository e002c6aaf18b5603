-- S4: a case proposed to 市信用办 as a breach (提请认定失信) by 营商办 or the bureau that leads it
-- (市招商局 for an unkept investment promise), with the facts. 信用办 alone determines the breach;
-- the record it makes from the case takes the proposal up (credit_record_id, set in the same
-- transaction as the record).
create table credit_proposals (
  id uuid primary key,
  tenant_id text not null,
  case_id uuid not null references cases (id),
  -- The case's responsible unit: the unit the breach would be recorded against.
  unit_id text not null references units (id),
  facts text not null,
  proposed_by text not null,
  proposed_by_name text not null,
  -- The proposer's unit (汉江市招商局, 市营商办), as the credit page shows it.
  proposing_unit_name text not null,
  proposed_at timestamptz not null,
  credit_record_id uuid references credit_records (id)
);
-- One proposal per case waiting for 信用办: two proposers at once get one proposal.
create unique index credit_proposals_case_pending_key on credit_proposals (tenant_id, case_id)
  where credit_record_id is null;
create index credit_proposals_credit_record_idx on credit_proposals (credit_record_id)
  where credit_record_id is not null;
