-- The ledger's text search `q` (src/cases/ledger-filter.ts) is `title ILIKE '%q%' OR number …
-- OR enterprise_name … OR enterprise_credit_code …`, which no B-tree serves: a rare or absent
-- term read every case of the tenant (docs/BENCHMARKS.md, "Finding 2"). pg_trgm does not help a
-- two-character Chinese term (it has no trigram) and PGlite would need the extension loaded, so
-- this is what pg_bigm does, in plain SQL: the distinct two-character substrings of the four
-- searched columns, lower-cased, in a stored column with a GIN index. For a `q` of two
-- characters or more the ledger adds `search_bigrams @> case_search_bigrams(lower(q))` beside
-- the ILIKE conditions, which stay as the exact check.
--
-- Lower-cased with SQL's lower(), the function PostgreSQL's ILIKE applies to both of its sides
-- on a UTF-8 database, and the query lowers q with it too: a row ILIKE finds always holds every
-- bigram of q, so the index never leaves one out. Bigrams across the line breaks between the
-- columns are harmless extras (ILIKE still decides).

-- The distinct two-character substrings (by character, not byte) of its argument; '{}' when it
-- has fewer than two characters.
create function case_search_bigrams(text) returns text[] language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct substr($1, i, 2)), '{}')
  from generate_series(1, char_length($1) - 1) as i
$$;

-- Stored, so that a read compares arrays and never recomputes the bigrams; written by
-- PostgreSQL on every insert and update (no writer names it). Rewrites the table.
alter table cases add column search_bigrams text[] not null generated always as (
  case_search_bigrams(lower(
    title || E'\n' || number || E'\n' || coalesce(enterprise_name, '') || E'\n' || coalesce(enterprise_credit_code, '')
  ))
) stored;

create index cases_search_bigrams_idx on cases using gin (search_bigrams);

-- The new column's statistics (its most common bigrams), so that a frequent term keeps the ledger's
-- ordered index scan instead of reading all its matches through the bitmap and sorting them.
analyze cases;
