/**
 * Where the time of inserting cases goes, on a kept province database (`seed-province.ts`): what
 * each kind of thing that `cases` keeps beside its rows costs a multi-row INSERT like a batch of
 * registrations (a ledger import's statement), measured by taking it away.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx tsx bench/case-insert-costs.bench.ts --database cx_province [--rows 1000] [--runs 5] [--state registered]
 *
 * `--rows` registered arrears cases of the database are copied, each with a new id, number and
 * ledger file row (so that every unique key takes it), into a table beside `cases`. Then, for
 * each variant, in a transaction that is rolled back (and `cases` vacuumed after, so that the
 * dead index entries of one run do not slow the next): the variant's indexes, foreign keys or
 * triggers dropped, and the rows inserted with one `INSERT … SELECT`, timed. The variants run in
 * turn, `--runs` times; medians. The database is left as it was (the copy is dropped).
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import pg from 'pg';
import { keptDatabaseUrl } from './support.ts';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: 'cx_province' },
    rows: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    state: { type: 'string', default: 'registered' },
  },
});
const ROWS = Number(options.rows);
const RUNS = Number(options.runs);
const COPY = 'bench_case_insert_rows';

const client = new pg.Client({ connectionString: keptDatabaseUrl(options.database) });
await client.connect();
const query = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) => (await client.query<T>(text, values)).rows;
const names = async (text: string) => (await query<{ name: string }>(text)).map((row) => row.name);

try {
  const columns = (await names(`select column_name as name from information_schema.columns where table_name = 'cases' and is_generated = 'NEVER' order by ordinal_position`))
    .map((name) => `"${name}"`)
    .join(', ');
  await query(`drop table if exists ${COPY}`);
  await query(`create unlogged table ${COPY} as select ${columns} from cases where line = 'arrears' and state = $1 limit ${ROWS}`, [options.state]);
  const [{ copied } = { copied: 0 }] = await query<{ copied: number }>(`select count(*)::int as copied from ${COPY}`);
  if (copied < ROWS) throw new Error(`only ${copied} arrears cases in state ${options.state}: seed a larger province`);
  await query(`update ${COPY} set id = gen_random_uuid(), number = number || '-copy',
                 detail = jsonb_set(detail - 'externalRef', '{importedFrom}', jsonb_build_object('fileName', 'bench.xlsx', 'sha256', md5(random()::text), 'row', 1))`);

  const indexes = await names(`select indexname as name from pg_indexes where tablename = 'cases' and indexname <> 'cases_pkey' order by indexname`);
  const gin = await names(`select indexname as name from pg_indexes where tablename = 'cases' and indexdef like '%USING gin%'`);
  const foreignKeys = await names(`select conname as name from pg_constraint where conrelid = 'cases'::regclass and contype = 'f'`);
  const triggers = await names(`select tgname as name from pg_trigger where tgrelid = 'cases'::regclass and not tgisinternal`);
  const dropIndexes = (list: readonly string[]) => list.map((name) => `drop index ${name}`);
  const dropKeys = foreignKeys.map((name) => `alter table cases drop constraint ${name}`);
  const dropTriggers = triggers.map((name) => `drop trigger ${name} on cases`);
  const variants: readonly (readonly [string, readonly string[]])[] = [
    ['everything (as served)', []],
    ...gin.map((name) => [`without ${name} (GIN)`, dropIndexes([name])] as const),
    [`without the ${indexes.length - gin.length} btree indexes`, dropIndexes(indexes.filter((name) => !gin.includes(name)))],
    [`without the ${foreignKeys.length} foreign keys`, dropKeys],
    [`without the rollups' triggers (${triggers.length})`, dropTriggers],
    ['without any of them (the row, its checks and generated columns)', [...dropIndexes(indexes), ...dropKeys, ...dropTriggers]],
  ];

  const insert = `insert into cases (${columns}) select ${columns} from ${COPY}`;
  const time = async (setup: readonly string[]) => {
    await query('begin');
    for (const statement of setup) await query(statement);
    const started = performance.now();
    await query(insert);
    const ms = performance.now() - started;
    await query('rollback');
    await query('vacuum cases');
    return ms;
  };
  const timings = new Map(variants.map(([name]) => [name, [] as number[]]));
  for (let run = 0; run < RUNS; run += 1) for (const [name, setup] of variants) timings.get(name)!.push(await time(setup));

  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [{ cases } = { cases: 0 }] = await query<{ cases: number }>(`select count(*)::int as cases from cases`);
  const all = median(timings.get(variants[0]![0])!);
  console.log(`${cases.toLocaleString('en')} cases; ${ROWS.toLocaleString('en')} ${options.state} arrears cases inserted in one statement; medians of ${RUNS} · load average at start ${loadavg().map((load) => load.toFixed(1)).join(' / ')}`);
  console.log('');
  console.log('| variant | ms | µs a row | what it costs, µs a row |');
  console.log('|---|---:|---:|---:|');
  for (const [name] of variants) {
    const ms = median(timings.get(name)!);
    const perRow = (value: number) => ((value / ROWS) * 1000).toFixed(0);
    console.log(`| ${name} | ${ms.toFixed(0)} | ${perRow(ms)} | ${name === variants[0]![0] ? '' : perRow(all - ms)} |`);
  }
} finally {
  await query(`drop table if exists ${COPY}`).catch(() => undefined);
  await client.end();
}
