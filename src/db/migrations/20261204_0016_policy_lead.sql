-- P5, SPEC §6: 市财政局 leads the rectification of every policy-fulfilment problem. Databases
-- seeded before the matrix row `policy_fulfilment_funds` named the debtor kinds it covers keep
-- an empty list, and their policy cases would get no lead unit; give the row every kind but a
-- private enterprise, as the seed now does. A row an office has already edited (a non-empty
-- list) is left alone.
update responsibility_matrix
set debtor_kinds = '["government", "department", "institution", "soe", "court", "justice"]'::jsonb
where topic = 'policy_fulfilment_funds' and debtor_kinds = '[]'::jsonb;
