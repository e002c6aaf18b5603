-- G1: 营商办 leads every rectification item of the integrity line. Databases seeded before the
-- matrix row `integrity_coordination` named the debtor kinds it covers keep an empty list, and
-- their integrity cases get no lead unit; give the row every kind but a private enterprise, as
-- the seed now does. A row an office has already edited (a non-empty list) is left alone.
update responsibility_matrix
set debtor_kinds = '["government", "department", "institution", "soe", "court", "justice"]'::jsonb
where topic = 'integrity_coordination' and debtor_kinds = '[]'::jsonb;
