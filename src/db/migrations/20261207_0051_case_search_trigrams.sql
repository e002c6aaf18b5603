-- The ledger's text search narrowed by trigrams as well as bigrams. Migration 0046's bigrams
-- serve a Chinese term well, but barely narrow one of digits and letters: every case number of
-- a year holds most of the bigrams of another's prefix, so at 1,000,000 cases `q = QK2026-0001`
-- had the index give 24,349 candidates for the 101 cases that match, and the exact ILIKE check
-- read 10,290 blocks of the table to keep them (1.0 s; docs/BENCHMARKS.md, "A province
-- measured"). A case that holds a term of three characters or more holds each of its
-- three-character substrings too, which a term's neighbours rarely all share.
--
-- One stored column holds both, a gram's length telling them apart: a term of two characters
-- is looked up by its bigram, a longer one by its trigrams (src/cases/ledger-filter.ts). As in
-- 0046, both sides are lower-cased by SQL's lower(), as ILIKE compares, so the index never leaves
-- out a case the ILIKE conditions (the exact check, which stay) would find.

-- The distinct substrings of `n` characters (by character, not byte) of its argument; '{}' when
-- it is shorter.
create function case_search_grams(text, integer) returns text[] language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct substr($1, i, $2)), '{}')
  from generate_series(1, char_length($1) - $2 + 1) as i
$$;

-- The bigram column and its index go; the new column rewrites the table.
alter table cases drop column search_bigrams;
drop function case_search_bigrams(text);

alter table cases add column search_grams text[] not null generated always as (
  case_search_grams(lower(
    title || E'\n' || number || E'\n' || coalesce(enterprise_name, '') || E'\n' || coalesce(enterprise_credit_code, '')
  ), 2)
  || case_search_grams(lower(
    title || E'\n' || number || E'\n' || coalesce(enterprise_name, '') || E'\n' || coalesce(enterprise_credit_code, '')
  ), 3)
) stored;

create index cases_search_grams_idx on cases using gin (search_grams);

-- The new column's statistics (its most common grams), as 0046 gathered them for the bigrams.
analyze cases;
