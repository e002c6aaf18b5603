/**
 * The ledger (台账) on a large table: `listCases` over N synthetic cases, on PGlite or PostgreSQL.
 *
 *   npx tsx bench/ledger.bench.ts [--cases 100000] [--runs 30] [--warmup 5] [--explain]
 *
 * Without DATABASE_URL: in-memory PGlite. With DATABASE_URL=postgres://…: a fresh database
 * `cx_bench_<random>` is created on that server and dropped at the end (existing databases are
 * never touched).
 *
 * Seeds the Hanjiang reference data, bulk-loads the cases (`seed-cases.ts`), then times the
 * real use case `listCases(app, actor, query)` as the web ledger calls it (a page without the totals,
 * `totals: 'omit'`) with `performance.now()` — median and p95 over
 * `--runs` calls after `--warmup` calls — for the first page, a page 50 deep by keyset and
 * by OFFSET, the last page by keyset and by OFFSET, each filter and each list scope, the first,
 * 50th and last page of every order (`sort`), orders within filters, and the cockpit's weekly
 * click-through filters (registered, closed and paid in a week); then `ledgerSummary` (共N条 and the
 * totals row, read once per filter) for a few filters and scopes. Prints a
 * markdown table, the plan each query gets on `cases`, EXPLAIN ANALYZE of every query slower
 * than 50 ms (of all with --explain), the seed time and the process RSS.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { encodeLedgerCursor, LEDGER_SORTS, ledgerOrderBy, ledgerSortKey, type LedgerSort } from '../src/cases/ledger-sort.ts';
import { ledgerSummary, listCases, listCasesQuerySchema } from '../src/cases/list-cases.ts';
import { cases } from '../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { makeCreditCode } from '../src/domain/credit-code.ts';
import { seedBenchEvents, seedCases } from './seed-cases.ts';
import {
  captureListSql,
  executionMs,
  explainAnalyze,
  formatMs,
  openBenchDatabase,
  planSummary,
  time as timeRuns,
  type Timing,
} from './support.ts';
import { ephemeralKeys } from '../src/security/keys.ts';

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    batch: { type: 'string', default: '25000' },
    explain: { type: 'boolean', default: false },
  },
});
const CASES = Number(options.cases);
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
const BATCH = Number(options.batch);
if (![CASES, RUNS, WARMUP, BATCH].every((n) => Number.isInteger(n) && n >= 0) || CASES < 2000 || RUNS < 1 || BATCH < 1) {
  throw new Error('usage: npx tsx bench/ledger.bench.ts [--cases N≥2000] [--runs N≥1] [--warmup N] [--batch N] [--explain]');
}
const SLOW_MS = 50;
const PAGE = 20;
const DEPTH = 50;
const TENANT = 'hanjiang';
/** "Today" of the run: deadlines are spread ±200 days around it, so about half are past. */
const NOW = new Date('2026-06-01T10:00:00+08:00');

// ---------------------------------------------------------------------------------------------

const time = (work: () => Promise<unknown>) => timeRuns(work, RUNS, WARMUP);

const actor = (id: string, name: string, role: Actor['role'], unitId: string | null, jurisdictionScope: string[] = []): Actor => ({
  id,
  name,
  role,
  unitId,
  jurisdictionScope,
});
const OFFICE = actor('bench-yingshangban', '市营商办', 'business_office', UNIT_IDS.yingshangban);
const HANDONG = actor('bench-handong', '汉东区统筹人', 'county_coordinator', LOCAL_UNIT_IDS.handong.government, [JURISDICTION_IDS.handong]);
const HD_JIAOYU = actor('bench-hd-jiaoyu', '汉东区教育局经办人', 'unit_handler', LOCAL_UNIT_IDS.handong.jiaoyuju);
const WENLVJU = actor('bench-wenlvju', '市文旅局', 'lead_bureau', UNIT_IDS.wenlvju);
const ZHAOSHANGJU = actor('bench-zhaoshangju', '市招商局', 'lead_bureau', UNIT_IDS.zhaoshangju);

/** A page as the web ledger asks for it: without the totals, which it reads once per filter (`ledgerSummary`). */
const query = (input: Record<string, string> = {}) => listCasesQuerySchema.parse({ limit: String(PAGE), totals: 'omit', ...input });

interface Row {
  readonly name: string;
  readonly matching: number;
  readonly rows: number;
  readonly timing: Timing;
  /** Median server execution time (EXPLAIN ANALYZE, TIMING OFF). */
  readonly dbMs: number;
  readonly plan: string;
  /** Why the row is there, when it is not one of the asked-for measurements. */
  readonly note?: string;
  readonly sqlForExplain: SQL;
}

const main = async () => {
  const startedAt = new Date();
  const bench = await openBenchDatabase();
  const { db } = bench.database;
  try {
    const app: AppContext = { db, tenantId: TENANT, clock: () => NOW, keys: ephemeralKeys() };
    await seedReferenceData(db, TENANT);
    console.error(`# seeding ${CASES.toLocaleString('en')} cases on ${bench.label} …`);
    const seed = await seedCases(db, {
      tenantId: TENANT,
      count: CASES,
      batchSize: BATCH,
      onBatch: (loaded) => console.error(`#   ${loaded.toLocaleString('en')}`),
    });
    console.error('# seeding case_events (register + record_payment) …');
    const events = await seedBenchEvents(db, TENANT);
    const sizes = (
      await db.execute<{ heap: string; indexes: string; total: string; index_count: number }>(sql`
        select pg_size_pretty(pg_relation_size('cases')) as heap,
               (select count(*)::int from pg_indexes where tablename = 'cases') as index_count,
               pg_size_pretty(pg_indexes_size('cases')) as indexes,
               pg_size_pretty(pg_total_relation_size('cases')) as total`)
    ).rows[0]!;
    const count = async (where: SQL) =>
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${TENANT} and ${where}`)).rows[0]!.n;

    const results: Row[] = [];
    const measure = async (name: string, who: Actor, input: Record<string, string>, where: SQL, note?: string, on: AppContext = app) => {
      const q = query(input);
      const page = await listCases(on, who, q);
      const timing = await time(() => listCases(on, who, q));
      const captured = await captureListSql(on, who, q);
      results.push({
        name,
        matching: await count(where),
        rows: page.items.length,
        timing,
        dbMs: await executionMs(db, captured),
        plan: await planSummary(db, captured),
        sqlForExplain: captured,
        ...(note ? { note } : {}),
      });
      return page;
    };

    /** The cursor after the `position`-th case (1-based) of the tenant in `sort`, as listCases encodes it. */
    const cursorAt = async (sort: LedgerSort, position: number) => {
      const [row] = await db
        .select({ id: cases.id, key: ledgerSortKey(sort) })
        .from(cases)
        .where(eq(cases.tenantId, TENANT))
        .orderBy(...ledgerOrderBy(sort))
        .limit(1)
        .offset(position - 1);
      return encodeLedgerCursor({ sort, key: row!.key, id: row!.id });
    };

    // First page as 营商办, and the check that the bench builds cursors as listCases does.
    const first = await measure('first page (营商办)', OFFICE, {}, sql`true`);
    if (first.nextCursor !== (await cursorAt('registered_desc', PAGE))) {
      throw new Error('the bench’s cursor differs from the one listCases issues');
    }

    // Page 50 by keyset: follow nextCursor, then time the 50th fetch with the 49th cursor.
    let cursor = first.nextCursor!;
    for (let page = 2; page < DEPTH; page += 1) cursor = (await listCases(app, OFFICE, query({ cursor }))).nextCursor!;
    const deep = await measure(`page ${DEPTH} by keyset (营商办)`, OFFICE, { cursor }, sql`true`);

    // The same page by OFFSET, written directly: the ledger's columns, joins and ORDER BY.
    const offsetSql = (offset: number) => sql`
      select c.id, c.number, c.line, c.source, c.state, c.title, c.enterprise_name, c.enterprise_credit_code,
             c.responsible_unit_id, r.name as responsible_unit_name, c.jurisdiction_id, j.name as jurisdiction_name,
             c.claimed_amount, c.confirmed_amount, c.paid_amount, c.rule, c.deadline, c.year_exception,
             c.registered_at, c.updated_at, c.version
      from cases c
      join units r on r.id = c.responsible_unit_id
      join jurisdictions j on j.id = c.jurisdiction_id
      where c.tenant_id = ${TENANT}
      order by c.registered_at desc, c.id desc
      limit ${PAGE + 1} offset ${offset}`;
    const measureOffset = async (name: string, offset: number, expectedIds: readonly string[], note?: string) => {
      const statement = offsetSql(offset);
      const rows = (await db.execute<{ id: string }>(statement)).rows;
      const ids = rows.slice(0, PAGE).map((row) => row.id);
      if (JSON.stringify(ids) !== JSON.stringify(expectedIds)) throw new Error(`${name}: OFFSET and keyset pages differ`);
      results.push({
        name,
        matching: CASES,
        rows: ids.length,
        timing: await time(() => db.execute(statement)),
        dbMs: await executionMs(db, statement),
        plan: await planSummary(db, statement),
        sqlForExplain: statement,
        ...(note ? { note } : {}),
      });
    };
    await measureOffset(`page ${DEPTH} by OFFSET ${(DEPTH - 1) * PAGE} (SQL)`, (DEPTH - 1) * PAGE, deep.items.map((item) => item.id));

    // The last page, where OFFSET is at its worst; its keyset cursor is the row just before it.
    const lastPageOffset = CASES - PAGE;
    const lastPage = await measure(`last page by keyset (营商办)`, OFFICE, { cursor: await cursorAt('registered_desc', lastPageOffset) }, sql`true`, 'extra: depth 5,000');
    await measureOffset(`last page by OFFSET ${lastPageOffset.toLocaleString('en')} (SQL)`, lastPageOffset, lastPage.items.map((item) => item.id), 'extra');

    // Filters, as 营商办.
    const overdue = (today: string) =>
      sql`deadline is not null and deadline < ${today}::date and state not in ('closed', 'dismissed', 'litigating')`;
    await measure('jurisdiction = 汉东区', OFFICE, { jurisdiction: JURISDICTION_IDS.handong }, sql`jurisdiction_id = ${JURISDICTION_IDS.handong}`);
    await measure('state = negotiating', OFFICE, { state: 'negotiating' }, sql`state = 'negotiating'`);
    await measure('overdue = true', OFFICE, { overdue: 'true' }, overdue('2026-06-01'));
    // A city that keeps its deadlines: few cases overdue, so the ledger order finds them late.
    const early = new Date('2025-11-20T10:00:00+08:00');
    await measure('overdue = true, "today" 2025-11-20', OFFICE, { overdue: 'true' }, overdue('2025-11-20'), 'extra: few overdue', {
      ...app,
      clock: () => early,
    });
    await measure(
      'responsibleUnit = 汉东区教育局',
      OFFICE,
      { responsibleUnit: LOCAL_UNIT_IDS.handong.jiaoyuju },
      sql`responsible_unit_id = ${LOCAL_UNIT_IDS.handong.jiaoyuju}`,
    );
    const textWhere = (text: string) =>
      sql`(title ilike ${`%${text}%`} or number ilike ${`%${text}%`} or enterprise_name ilike ${`%${text}%`} or enterprise_credit_code ilike ${`%${text}%`})`;
    await measure('q = 楚风 (1 enterprise of 20)', OFFICE, { q: '楚风' }, textWhere('楚风'));
    await measure('q = 黄河 (matches nothing)', OFFICE, { q: '黄河' }, textWhere('黄河'), 'extra: worst case of q');
    // Text search by length and frequency (docs/BENCHMARKS.md, "Province scale": a bigram index helps only stored).
    await measure('q = 黄河大桥 (4 characters, nothing)', OFFICE, { q: '黄河大桥' }, textWhere('黄河大桥'));
    await measure('q = 黄 (1 character, nothing)', OFFICE, { q: '黄' }, textWhere('黄'), 'extra: no bigram, full read');
    await measure('q = 拖欠 (in every title)', OFFICE, { q: '拖欠' }, textWhere('拖欠'));
    await measure('q = QK2026-0012 (a number prefix)', OFFICE, { q: 'QK2026-0012' }, textWhere('QK2026-0012'));
    await measure('q = 汉东区教育局拖欠 (one unit)', OFFICE, { q: '汉东区教育局拖欠' }, textWhere('汉东区教育局拖欠'));
    // Credit codes, stored upper-case: one enterprise's typed in lower case, and one of a valid shape that no case has.
    const [chufeng] = (await db.execute<{ code: string }>(sql`select credit_code as code from units where tenant_id = ${TENANT} and id = 'ent-bench-01'`)).rows;
    const chufengCode = chufeng!.code.toLowerCase();
    await measure(`q = ${chufengCode} (楚风's credit code, lower case)`, OFFICE, { q: chufengCode }, textWhere(chufengCode));
    const absentCode = makeCreditCode('91422900MA4XY1234');
    await measure(`q = ${absentCode} (a credit code no case has)`, OFFICE, { q: absentCode }, textWhere(absentCode));
    await measure('state = negotiating, page 2', OFFICE, { state: 'negotiating', cursor: (await listCases(app, OFFICE, query({ state: 'negotiating' }))).nextCursor! }, sql`state = 'negotiating'`, 'extra');

    // List scopes.
    await measure('scope: county coordinator 汉东区', HANDONG, {}, sql`jurisdiction_id in (${JURISDICTION_IDS.handong})`);
    await measure(
      'scope: unit handler 汉东区教育局',
      HD_JIAOYU,
      {},
      sql`(responsible_unit_id = ${HD_JIAOYU.unitId} or handling_unit_id = ${HD_JIAOYU.unitId})`,
      'extra',
    );
    const supervising = (unitId: string) =>
      sql`(lead_unit_id = ${unitId} or detail -> 'cooperatingUnitIds' @> ${JSON.stringify([unitId])}::jsonb)`;
    await measure('scope: lead bureau 市文旅局 (cooperating, jsonb @>)', WENLVJU, {}, supervising(UNIT_IDS.wenlvju));
    await measure('scope: lead bureau 市招商局 (no arrears case)', ZHAOSHANGJU, {}, supervising(UNIT_IDS.zhaoshangju), 'extra: worst case of the jsonb path');

    // The other orders: first page, page 50 by keyset, last page by keyset.
    for (const sort of LEDGER_SORTS.filter((name) => name !== 'registered_desc')) {
      const firstOfSort = await measure(`sort=${sort}: first page`, OFFICE, { sort }, sql`true`);
      if (firstOfSort.nextCursor !== (await cursorAt(sort, PAGE))) throw new Error(`${sort}: the bench’s cursor differs from listCases’`);
      let sortCursor = firstOfSort.nextCursor!;
      for (let page = 2; page < DEPTH; page += 1) sortCursor = (await listCases(app, OFFICE, query({ sort, cursor: sortCursor }))).nextCursor!;
      if (sortCursor !== (await cursorAt(sort, (DEPTH - 1) * PAGE))) throw new Error(`${sort}: paging skipped or repeated a case`);
      await measure(`sort=${sort}: page ${DEPTH} by keyset`, OFFICE, { sort, cursor: sortCursor }, sql`true`);
      const last = await measure(`sort=${sort}: last page by keyset`, OFFICE, { sort, cursor: await cursorAt(sort, lastPageOffset) }, sql`true`, 'depth 5,000');
      if (last.items.length !== PAGE || last.nextCursor !== null) throw new Error(`${sort}: the last page is not the last ${PAGE} cases`);
    }

    // Orders within filters and scopes: an index of the filter and a top-N sort, or the order's index and a filter.
    await measure('overdue = true, sort=deadline_asc', OFFICE, { overdue: 'true', sort: 'deadline_asc' }, overdue('2026-06-01'));
    await measure('state = performing, sort=outstanding_desc', OFFICE, { state: 'performing', sort: 'outstanding_desc' }, sql`state = 'performing'`);
    // A state decides where its cases sit in these orders: unconfirmed last, no deadline last.
    await measure('state = negotiating, sort=outstanding_desc', OFFICE, { state: 'negotiating', sort: 'outstanding_desc' }, sql`state = 'negotiating'`);
    await measure('state = closed, sort=deadline_asc', OFFICE, { state: 'closed', sort: 'deadline_asc' }, sql`state = 'closed'`);
    await measure(
      'open = false, sort=deadline_asc',
      OFFICE,
      { open: 'false', sort: 'deadline_asc' },
      sql`state in ('closed', 'dismissed')`,
      'extra: several states at the end of the order; not offered by the UI',
    );
    await measure(
      'yearEndRisk = true',
      OFFICE,
      { yearEndRisk: 'true' },
      sql`state not in ('closed', 'dismissed') and year_rule_due_on is not null and confirmed_amount > paid_amount
          and (year_exception or year_rule_due_on <= date '2026-07-31')`,
      'extra: the cockpit’s 年底清偿风险 link; no index, as before the sorts',
    );
    await measure(
      'responsibleUnit = 汉东区教育局, sort=updated_desc',
      OFFICE,
      { responsibleUnit: LOCAL_UNIT_IDS.handong.jiaoyuju, sort: 'updated_desc' },
      sql`responsible_unit_id = ${LOCAL_UNIT_IDS.handong.jiaoyuju}`,
    );
    await measure('scope: county coordinator 汉东区, sort=deadline_asc', HANDONG, { sort: 'deadline_asc' }, sql`jurisdiction_id in (${JURISDICTION_IDS.handong})`);
    await measure('scope: county coordinator 汉东区, sort=outstanding_desc', HANDONG, { sort: 'outstanding_desc' }, sql`jurisdiction_id in (${JURISDICTION_IDS.handong})`);

    // The cockpit's weekly click-through (web/src/pages/cockpit-links.ts): the week before "today".
    const week = { from: '2026-05-25', to: '2026-05-31' };
    const inWeek = (column: string) =>
      sql.raw(`${column} >= timestamptz '2026-05-25 00:00:00+08' and ${column} < timestamptz '2026-06-01 00:00:00+08'`);
    await measure('registered in a week (registeredFrom/To)', OFFICE, { registeredFrom: week.from, registeredTo: week.to }, inWeek('registered_at'));
    await measure('closed in a week (state=closed, closedFrom/To)', OFFICE, { state: 'closed', closedFrom: week.from, closedTo: week.to }, sql`state = 'closed' and ${inWeek('closed_at')}`);
    await measure(
      'paid in a week (paidFrom/To, EXISTS on case_events)',
      OFFICE,
      { paidFrom: week.from, paidTo: week.to },
      sql`exists (select 1 from case_events e where e.case_id = cases.id and e.type = 'record_payment' and e.payload ->> 'paidOn' between ${week.from} and ${week.to})`,
    );
    await measure(
      'paid in a week, sort=outstanding_desc',
      OFFICE,
      { paidFrom: week.from, paidTo: week.to, sort: 'outstanding_desc' },
      sql`exists (select 1 from case_events e where e.case_id = cases.id and e.type = 'record_payment' and e.payload ->> 'paidOn' between ${week.from} and ${week.to})`,
      'extra',
    );

    // The summary (共N条 and the totals row): once per filter, beside the page.
    const summaries: { name: string; matching: number; timing: Timing }[] = [];
    const summarize = async (name: string, who: Actor, input: Record<string, string>) => {
      const filter = query(input);
      const { total } = await ledgerSummary(app, who, filter);
      summaries.push({ name, matching: total, timing: await time(() => ledgerSummary(app, who, filter)) });
    };
    await summarize('营商办, no filter', OFFICE, {});
    await summarize('营商办, open', OFFICE, { open: 'true' });
    await summarize('营商办, state = negotiating', OFFICE, { state: 'negotiating' });
    await summarize('营商办, jurisdiction = 汉东区', OFFICE, { jurisdiction: JURISDICTION_IDS.handong });
    await summarize('汉东区教育局 (unit handler)', HD_JIAOYU, {});
    await summarize('营商办, q = 拖欠 (in every title)', OFFICE, { q: '拖欠' });
    await summarize('营商办, q = 楚风', OFFICE, { q: '楚风' });
    await summarize('营商办, q = 黄河 (matches nothing)', OFFICE, { q: '黄河' });

    // ---------------------------------------------------------------------------------------
    const firstMedian = results[0]!.timing.median;
    const fmt = formatMs;
    const keysetDeep = results.find((row) => row.name.startsWith(`page ${DEPTH} by keyset`))!;
    const offsetDeep = results.find((row) => row.name.startsWith(`page ${DEPTH} by OFFSET`))!;
    const keysetLast = results.find((row) => row.name.startsWith('last page by keyset'))!;
    const offsetLast = results.find((row) => row.name.startsWith('last page by OFFSET'))!;
    const rss = process.memoryUsage().rss;

    const lines: string[] = [];
    lines.push(`### ${bench.label}: ${CASES.toLocaleString('en')} cases`);
    lines.push('');
    lines.push(
      `${startedAt.toISOString().slice(0, 10)} · ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · ` +
        `${RUNS} runs after ${WARMUP} warm-up calls per query · "today" ${NOW.toISOString().slice(0, 10)}`,
    );
    lines.push('');
    lines.push(
      `Seed: ${(seed.insertMs / 1000).toFixed(1)} s to insert (${Math.round(CASES / (seed.insertMs / 1000)).toLocaleString('en')} cases/s, ` +
        `all ${sizes.index_count} indexes of \`cases\` maintained), ${(seed.analyzeMs / 1000).toFixed(1)} s for VACUUM ANALYZE. ` +
        `Table \`cases\`: heap ${sizes.heap}, indexes ${sizes.indexes}, total ${sizes.total}. ` +
        `\`case_events\`: ${events.events.toLocaleString('en')} rows (${events.payments.toLocaleString('en')} payments) in ${(events.ms / 1000).toFixed(1)} s.`,
    );
    lines.push('');
    lines.push('| query | cases matching | rows | median ms | p95 ms | × first page | server ms | plan on `cases` |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const row of results) {
      lines.push(
        `| ${row.name}${row.note ? ` *(${row.note})*` : ''} | ${row.matching.toLocaleString('en')} | ${row.rows} | ${fmt(row.timing.median)} | ${fmt(row.timing.p95)} | ` +
          `${(row.timing.median / firstMedian).toFixed(1)} | ${fmt(row.dbMs)} | ${row.plan} |`,
      );
    }
    lines.push('');
    lines.push(
      '*median/p95*: end to end, `listCases` (or `db.execute` for the OFFSET SQL) as the application calls it. ' +
        '*server ms*: median "Execution Time" of 7 `EXPLAIN (ANALYZE, TIMING OFF)` of the same SQL — the part spent in the database engine.',
    );
    lines.push('');
    const ratio = (a: Row, b: Row, key: 'end' | 'db') =>
      (key === 'end' ? a.timing.median / b.timing.median : a.dbMs / b.dbMs).toFixed(1);
    lines.push(
      `OFFSET / keyset at page ${DEPTH}: **${ratio(offsetDeep, keysetDeep, 'end')}×** end to end, ${ratio(offsetDeep, keysetDeep, 'db')}× in the server; ` +
        `at the last page (${(CASES / PAGE).toLocaleString('en')}): **${ratio(offsetLast, keysetLast, 'end')}×** end to end, ${ratio(offsetLast, keysetLast, 'db')}× in the server.`,
    );
    lines.push('');
    lines.push('The summary request (`GET /api/cases/summary`: 共N条 and the totals row), which the web ledger sends once per filter beside the page:');
    lines.push('');
    lines.push('| filter | cases matching | median ms | p95 ms |');
    lines.push('|---|---:|---:|---:|');
    for (const row of summaries) lines.push(`| ${row.name} | ${row.matching.toLocaleString('en')} | ${fmt(row.timing.median)} | ${fmt(row.timing.p95)} |`);
    lines.push('');
    lines.push(`Process RSS after the run: ${Math.round(rss / 2 ** 20)} MiB${bench.database.kind === 'postgres' ? ' (the bench process only; the server is separate)' : ' (Node + PGlite’s WebAssembly heap holding the database)'}.`);
    console.log(lines.join('\n'));

    const toExplain = results.filter((row) => options.explain || row.timing.median > SLOW_MS);
    for (const row of toExplain) {
      console.log(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${row.name} — median ${fmt(row.timing.median)} ms\n`);
      console.log('```');
      console.log(await explainAnalyze(db, row.sqlForExplain));
      console.log('```');
    }
  } finally {
    await bench.database.close();
    await bench.drop();
  }
};

await main();
