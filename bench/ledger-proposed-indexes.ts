/**
 * Evidence for the fixes proposed in docs/BENCHMARKS.md, measured on a throw-away database whose
 * own copies of the indexes are dropped first to measure "before" (both fixes have since been
 * built: migrations 0004 and 0046):
 *
 *   npx tsx bench/ledger-proposed-indexes.ts [--cases 100000] [--runs 30] [--warmup 5]
 *   DATABASE_URL=postgres://… npx tsx bench/ledger-proposed-indexes.ts   (fresh cx_bench_<random>)
 *
 * 1. A lead bureau's ledger (`lead_unit_id = $u OR detail->'cooperatingUnitIds' @> [$u]`) has
 *    no index for either arm, so a bureau with few cases reads the tenant's whole table. The
 *    unchanged `listCases` is timed before and after two indexes:
 *      cases_tenant_lead_idx        btree (tenant_id, lead_unit_id, registered_at desc, id desc)
 *      cases_cooperating_units_idx  gin ((detail -> 'cooperatingUnitIds') jsonb_path_ops)
 * 2. The text search `q` (ILIKE '%…%' on four columns) had no index, so a rare or absent term
 *    read the whole table. Bigrams (what pg_bigm does, in plain SQL: works on PostgreSQL 15 and
 *    PGlite without an extension, and for two-character Chinese terms, which pg_trgm cannot
 *    serve) in a stored generated column with a GIN index: the ledger's SQL with and without
 *    the condition listCases added then, `search_bigrams @> case_search_bigrams(lower(q))`. The
 *    column of today (0051's bigrams and trigrams) is dropped (`drop function … cascade`) for
 *    "before", then 0046 is applied again from its file and timed: what it costs on a table of
 *    this size.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { listCases, listCasesQuerySchema } from '../src/cases/list-cases.ts';
import { UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { seedCases } from './seed-cases.ts';
import { captureListSql, explainAnalyze, formatMs, openBenchDatabase, planSummary, time, type Timing } from './support.ts';
import { ephemeralKeys } from '../src/security/keys.ts';

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
  },
});
const CASES = Number(options.cases);
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
const TENANT = 'hanjiang';
const NOW = new Date('2026-06-01T10:00:00+08:00');

const bureau = (key: keyof typeof UNIT_IDS, name: string): Actor => ({
  id: `bench-${key}`,
  name,
  role: 'lead_bureau',
  unitId: UNIT_IDS[key],
  jurisdictionScope: [],
});
const BUREAUS = [
  bureau('zhaoshangju', '市招商局'),
  bureau('wenlvju', '市文旅局'),
  bureau('guoziwei', '市国资委'),
  bureau('jingxinju', '市经信局'),
];
const OFFICE: Actor = { id: 'bench-office', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

const LEDGER_COLUMNS = sql`c.id, c.number, c.line, c.source, c.state, c.title, c.enterprise_name, c.enterprise_credit_code,
  c.responsible_unit_id, r.name as responsible_unit_name, c.jurisdiction_id, j.name as jurisdiction_name,
  c.claimed_amount, c.confirmed_amount, c.paid_amount, c.rule, c.deadline, c.year_exception,
  c.registered_at, c.updated_at, c.version`;
const BIGRAMS_MIGRATION = new URL('../src/db/migrations/20261206_0046_case_search_bigrams.sql', import.meta.url);

/** The ledger's text search as listCases sends it, optionally narrowed by the bigram index. */
const textSearch = (text: string, bigrams: boolean) => {
  const pattern = `%${text}%`;
  return sql`
    select ${LEDGER_COLUMNS}
    from cases c
    join units r on r.id = c.responsible_unit_id
    join jurisdictions j on j.id = c.jurisdiction_id
    where c.tenant_id = ${TENANT}
      ${bigrams ? sql`and c.search_bigrams @> case_search_bigrams(lower(${text}::text))` : sql``}
      and (c.title ilike ${pattern} or c.number ilike ${pattern} or c.enterprise_name ilike ${pattern} or c.enterprise_credit_code ilike ${pattern})
    order by c.registered_at desc, c.id desc
    limit 21`;
};

interface Measured {
  readonly name: string;
  readonly matching: number;
  readonly before: Timing;
  readonly planBefore: string;
  after?: Timing;
  planAfter?: string;
  readonly afterSql: () => SQL | Promise<SQL>;
}

const main = async () => {
  const bench = await openBenchDatabase();
  const { db } = bench.database;
  try {
    const app: AppContext = { db, tenantId: TENANT, clock: () => NOW, keys: ephemeralKeys() };
    await seedReferenceData(db, TENANT);
    console.error(`# seeding ${CASES.toLocaleString('en')} cases on ${bench.label} …`);
    await seedCases(db, { tenantId: TENANT, count: CASES });
    // Migrations 0004 and 0046 have since built the fixes (0051 put trigrams beside the bigrams):
    // without them again, to measure "before" (the function's CASCADE drops the generated column
    // and its index), and 0046 applied again for "after".
    await db.execute(sql`drop index cases_tenant_lead_idx, cases_cooperating_units_idx`);
    await db.execute(sql`drop function case_search_grams(text, integer) cascade`);
    await db.execute(sql`analyze cases`);
    const count = async (where: SQL) =>
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from cases c where c.tenant_id = ${TENANT} and ${where}`)).rows[0]!.n;
    const timeIt = (work: () => Promise<unknown>) => time(work, RUNS, WARMUP);

    const rows: Measured[] = [];
    const page = listCasesQuerySchema.parse({ limit: '20' });
    for (const actor of BUREAUS) {
      const unitId = actor.unitId!;
      const statement = await captureListSql(app, actor, page);
      rows.push({
        name: `lead bureau ${actor.name}`,
        matching: await count(sql`(c.lead_unit_id = ${unitId} or c.detail -> 'cooperatingUnitIds' @> ${JSON.stringify([unitId])}::jsonb)`),
        before: await timeIt(() => listCases(app, actor, page)),
        planBefore: await planSummary(db, statement),
        afterSql: () => captureListSql(app, actor, page),
      });
    }
    const firstPage = await captureListSql(app, OFFICE, page);
    rows.push({
      name: 'first page (营商办), for regressions',
      matching: CASES,
      before: await timeIt(() => listCases(app, OFFICE, page)),
      planBefore: await planSummary(db, firstPage),
      afterSql: () => firstPage,
    });

    // 1. The lead bureau's indexes.
    const building = performance.now();
    await db.execute(sql`create index cases_tenant_lead_idx on cases (tenant_id, lead_unit_id, registered_at desc, id desc)`);
    await db.execute(sql`create index cases_cooperating_units_idx on cases using gin ((detail -> 'cooperatingUnitIds') jsonb_path_ops)`);
    await db.execute(sql`analyze cases`);
    const leadBuildMs = performance.now() - building;
    for (const row of rows) {
      const actor = BUREAUS.find((candidate) => row.name.endsWith(candidate.name)) ?? OFFICE;
      row.after = await timeIt(() => listCases(app, actor, page));
      row.planAfter = await planSummary(db, await row.afterSql());
    }
    const zhaoshangju = await captureListSql(app, BUREAUS[0]!, page);

    // 2. The bigram index for q.
    const searches: { name: string; matching: number; before: Timing; planBefore: string; after: Timing; planAfter: string }[] = [];
    const terms = ['黄河', '楚风', '汉东', '91422900MA4'];
    const beforeSearch = new Map<string, { timing: Timing; plan: string }>();
    for (const term of terms) {
      beforeSearch.set(term, { timing: await timeIt(() => db.execute(textSearch(term, false))), plan: await planSummary(db, textSearch(term, false)) });
    }
    // Migration 0046 as shipped (function, stored generated column, GIN index, ANALYZE), timed.
    // One statement per call (PGlite's execute takes one): the file's comments are whole lines.
    const statements = (await readFile(BIGRAMS_MIGRATION, 'utf8'))
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .split(/;\s*$/m)
      .map((statement) => statement.trim())
      .filter((statement) => statement !== '');
    if (statements.length !== 4) throw new Error(`migration 0046: expected 4 statements, found ${statements.length}`);
    const bigramBuilding = performance.now();
    for (const statement of statements) await db.execute(sql.raw(statement));
    const bigramBuildMs = performance.now() - bigramBuilding;
    for (const term of terms) {
      const pattern = `%${term}%`;
      const plain = (await db.execute<{ id: string }>(textSearch(term, false))).rows.map((row) => row.id);
      const narrowed = (await db.execute<{ id: string }>(textSearch(term, true))).rows.map((row) => row.id);
      if (JSON.stringify(plain) !== JSON.stringify(narrowed)) throw new Error(`bigram search of ${term} differs`);
      searches.push({
        name: `q = ${term}`,
        matching: await count(
          sql`(c.title ilike ${pattern} or c.number ilike ${pattern} or c.enterprise_name ilike ${pattern} or c.enterprise_credit_code ilike ${pattern})`,
        ),
        before: beforeSearch.get(term)!.timing,
        planBefore: beforeSearch.get(term)!.plan,
        after: await timeIt(() => db.execute(textSearch(term, true))),
        planAfter: await planSummary(db, textSearch(term, true)),
      });
    }
    const sizes = (
      await db.execute<{ name: string; size: string }>(sql`
        select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size from pg_class c
        where c.relname in ('cases_tenant_lead_idx', 'cases_cooperating_units_idx', 'cases_search_bigrams_idx', 'cases_tenant_registered_idx')
        order by c.relname`)
    ).rows;

    const out: string[] = [];
    out.push(`### Proposed indexes on ${bench.label}: ${CASES.toLocaleString('en')} cases`);
    out.push('');
    out.push(`${RUNS} runs after ${WARMUP} warm-up calls. Index sizes: ${sizes.map((row) => `\`${row.name}\` ${row.size}`).join(', ')}.`);
    out.push(
      `Build over the loaded rows: lead + cooperating indexes ${(leadBuildMs / 1000).toFixed(1)} s; ` +
        `migration 0046 (bigram column: table rewrite, GIN index, ANALYZE) ${(bigramBuildMs / 1000).toFixed(1)} s.`,
    );
    out.push('');
    out.push('`listCases` unchanged, before and after `cases_tenant_lead_idx` + `cases_cooperating_units_idx`:');
    out.push('');
    out.push('| query | cases matching | before median / p95 ms | plan before | after median / p95 ms | plan after |');
    out.push('|---|---:|---:|---|---:|---|');
    for (const row of rows) {
      out.push(
        `| ${row.name} | ${row.matching.toLocaleString('en')} | ${formatMs(row.before.median)} / ${formatMs(row.before.p95)} | ${row.planBefore} | ` +
          `${formatMs(row.after!.median)} / ${formatMs(row.after!.p95)} | ${row.planAfter} |`,
      );
    }
    out.push('');
    out.push(
      "The ledger's text search (its SQL, first page) without and with `search_bigrams @> case_search_bigrams(lower(q))`, " +
        '`search_bigrams` the stored generated column of the four searched columns with `cases_search_bigrams_idx` (GIN), migration 0046:',
    );
    out.push('');
    out.push('| query | cases matching | ILIKE only: median / p95 ms | plan | + bigrams: median / p95 ms | plan |');
    out.push('|---|---:|---:|---|---:|---|');
    for (const row of searches) {
      out.push(
        `| ${row.name} | ${row.matching.toLocaleString('en')} | ${formatMs(row.before.median)} / ${formatMs(row.before.p95)} | ${row.planBefore} | ` +
          `${formatMs(row.after.median)} / ${formatMs(row.after.p95)} | ${row.planAfter} |`,
      );
    }
    out.push('');
    out.push('#### EXPLAIN (ANALYZE, BUFFERS): lead bureau 市招商局 with the proposed indexes');
    out.push('');
    out.push('```');
    out.push(await explainAnalyze(db, zhaoshangju));
    out.push('```');
    out.push('');
    out.push('#### EXPLAIN (ANALYZE, BUFFERS): q = 黄河 with the bigram index');
    out.push('');
    out.push('```');
    out.push(await explainAnalyze(db, textSearch('黄河', true)));
    out.push('```');
    console.log(out.join('\n'));
  } finally {
    await bench.database.close();
    await bench.drop();
  }
};

await main();
