-- A notification is about a case (S2, S3, G3) or about a breach record (S4): the unit told of
-- a breach recorded against it, of the decision on its objection or repair, and 市信用办 told
-- of an objection or a repair application. Exactly one of the two is set; `event_seq` is the
-- seq of the case event or of the credit record event that caused it.
alter table notifications alter column case_id drop not null;
alter table notifications add column credit_record_id uuid references credit_records (id) deferrable initially deferred;
alter table notifications add constraint notifications_subject_check
  check ((case_id is null) <> (credit_record_id is null));
create index notifications_credit_record_event_idx on notifications (credit_record_id, event_seq)
  where credit_record_id is not null;
