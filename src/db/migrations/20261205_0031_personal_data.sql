-- Personal data encrypted at rest (issue 11, 个人信息保护法): the phone numbers of accounts and of
-- enterprises' registrations are kept SM4-encrypted (`*_sealed`: `v1:<iv>:<base64>`) beside their
-- masked form (`*_masked`: 138****0000, what every list shows without decrypting).
--
-- The SM4 key lives outside the database on purpose (chengxin.key), so plain SQL cannot encrypt
-- the numbers already stored. This migration keeps them, renamed `*_clear`, and the server seals
-- them when it starts, before it serves (src/accounts/seal-clear-phones.ts), emptying `*_clear`.
-- Until then they are read as they were: masked in lists, revealed only by a logged reveal.
-- A row holds its number either sealed (with its mask) or, until that start, in clear; never both.

alter table account_contacts rename column phone to phone_clear;
alter table account_contacts alter column phone_clear drop not null;
alter table account_contacts add column phone_masked text;
alter table account_contacts add column phone_sealed text;
alter table account_contacts add constraint account_contacts_phone_check
  check ((phone_sealed is null) = (phone_masked is null) and (phone_sealed is null) = (phone_clear is not null));

alter table enterprise_registrations rename column contact_phone to contact_phone_clear;
alter table enterprise_registrations alter column contact_phone_clear drop not null;
alter table enterprise_registrations add column contact_phone_masked text;
alter table enterprise_registrations add column contact_phone_sealed text;
alter table enterprise_registrations add constraint enterprise_registrations_contact_phone_check
  check ((contact_phone_sealed is null) = (contact_phone_masked is null) and (contact_phone_sealed is null) = (contact_phone_clear is not null));
