-- I1–I6, SPEC §6: 市招商局 leads the clean-up of every unkept investment promise, whichever
-- government, committee or unit made it. Databases seeded before the matrix row
-- `investment_promises` named the debtor kinds it covers keep an empty list, and their
-- investment cases would get no lead unit; give the row every kind but a private enterprise, as
-- the seed now does. A row an office has already edited (a non-empty list) is left alone.
update responsibility_matrix
set debtor_kinds = '["government", "department", "institution", "soe", "court", "justice"]'::jsonb
where topic = 'investment_promises' and debtor_kinds = '[]'::jsonb;
