/**
 * The read paths of issue 14 on a database written by `seed-province.ts` (kept, not dropped):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx tsx bench/province-reads.bench.ts --database cx_province --keys cx_province.key [--runs 20] [--explain]
 *       [--only ledger,case-page,cockpit,report,sweep] [--cockpit-runs 20]
 *
 * Opening the database applies any migration it lacks (timed: on a seeded database that is how
 * long an installation of that size takes to upgrade). Then, as 营商办 unless said, median and p95
 * of `--runs` calls after `--warmup`:
 * - the ledger (`listCases`): first page, each filter, every order, and the text search `q` with
 *   a rare enterprise name, an absent term, a frequent term, one character, a credit code;
 * - a case page with ~200 events, `GET /api/cases/:id` through the real HTTP stack (fastify
 *   inject, signed in as the demo's 营商办: the case, its events and its flow), and one of ~20;
 * - the cockpit (`GET /api/stats/overview` as 营商办; `caseStatistics` as 营商办, a county, a unit and a
 *   lead bureau), `--cockpit-runs` calls after 3 warm-up calls;
 * - the dispatch report (`dispatchReport`, 营商办);
 * - the supervision sweep's reads: every open case with a deadline by id pages (as
 *   `sweepSupervision` reads today) against the candidates only (`bench/sweep-proposed.ts`).
 * Markdown on stdout, EXPLAIN ANALYZE of anything over its goal.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { caseStatistics } from '../src/cases/case-statistics.ts';
import { LEDGER_SORTS } from '../src/cases/ledger-sort.ts';
import { ledgerSummary, listCases, listCasesQuerySchema } from '../src/cases/list-cases.ts';
import { openDatabase } from '../src/db/connection.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { dispatchReport } from '../src/dispatch/dispatch-report.ts';
import { buildServer } from '../src/http/server.ts';
import { loadCalendar } from '../src/reference/reference-data.ts';
import { loadKeys } from '../src/security/keys.ts';
import { loadLadderThresholds } from '../src/supervision/ladder-thresholds.ts';
import { todayInShanghai } from '../src/domain/calendar.ts';
import { candidateHorizon, sweepReads } from './sweep-proposed.ts';
import { captureListSqls, executionMs, explainAnalyze, formatMs, keptDatabaseUrl, planSummary, time as timeRuns, type Timing } from './support.ts';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: 'cx_province' },
    keys: { type: 'string' },
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    explain: { type: 'boolean', default: false },
    only: { type: 'string', default: 'ledger,case-page,cockpit,report,sweep' },
    'cockpit-runs': { type: 'string' },
  },
});
const GROUPS = ['ledger', 'case-page', 'cockpit', 'report', 'sweep'] as const;
const only = new Set(options.only.split(','));
for (const group of only) if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`--only takes ${GROUPS.join(',')}, not ${group}`);
/** Whether this run measures `group` (`--only`). */
const wanted = (group: (typeof GROUPS)[number]): boolean => only.has(group);
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
const TENANT = 'hanjiang';
const NOW = new Date('2026-11-20T10:00:00+08:00');
const fmt = formatMs;
const n = (value: number) => value.toLocaleString('en');

const OFFICE: Actor = { id: 'bench-office-1', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
/** The cockpit's runs (`--cockpit-runs`): 5 unless told, as when it took seconds; 20 since the rollups (migration 0048). */
const COCKPIT_RUNS = Number(options['cockpit-runs'] ?? 5);
const HANDONG_EDUCATION: Actor = { id: 'bench-unit-handong-1', name: '汉东区教育局经办人', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const GUOZIWEI: Actor = { id: 'bench-lead-guoziwei-1', name: '市国资委', role: 'lead_bureau', unitId: UNIT_IDS.guoziwei, jurisdictionScope: [] };
const HANDONG: Actor = {
  id: 'bench-coord-handong-1',
  name: '汉东区统筹人',
  role: 'county_coordinator',
  unitId: LOCAL_UNIT_IDS.handong.government,
  jurisdictionScope: [JURISDICTION_IDS.handong],
};

interface Row {
  readonly group: string;
  readonly name: string;
  readonly goalMs: number;
  readonly result: string;
  readonly timing: Timing;
  readonly serverMs?: number;
  /** The ledger's summary statement (count and totals of the whole filter), server ms. */
  readonly summaryMs?: number;
  /** The ledger's summary request (`GET /api/cases/summary`, once per filter), through the use case. */
  readonly summaryTiming?: Timing;
  readonly plan?: string;
  readonly explain?: SQL;
  readonly explainSummary?: SQL;
}

const main = async () => {
  const opening = performance.now();
  const database = await openDatabase({ databaseUrl: keptDatabaseUrl(options.database) });
  const openMs = performance.now() - opening;
  const { db } = database;
  const keys = await loadKeys(resolve(options.keys ?? `${options.database}.key`));
  const app: AppContext = { db, tenantId: TENANT, clock: () => NOW, keys };
  const time = (work: () => Promise<unknown>, runs = RUNS, warmup = WARMUP) => timeRuns(work, runs, warmup);
  const rows: Row[] = [];
  const loadAtStart = loadavg();
  try {
    await db.execute(sql`analyze cases`);
    const size = (
      await db.execute<{ cases: number; events: number; db: string; grams: string | null }>(sql`
        select (select count(*)::int from cases) as cases, (select count(*)::int from case_events) as events,
               pg_size_pretty(pg_database_size(current_database())) as db,
               (select pg_size_pretty(pg_relation_size(to_regclass('cases_search_grams_idx')))) as grams`)
    ).rows[0]!;
    console.error(`# ${n(size.cases)} cases, ${n(size.events)} events, ${size.db}; opened (migrations) in ${(openMs / 1000).toFixed(1)} s`);

    // --- the ledger ---------------------------------------------------------------------------
    const ledger = async (name: string, input: Record<string, string>, who: Actor = OFFICE) => {
      // The page as the web ledger reads it (without the totals), and the totals as it reads them once per filter.
      const q = listCasesQuerySchema.parse({ limit: '20', totals: 'omit', ...input });
      const page = await listCases(app, who, q);
      const summary = await ledgerSummary(app, who, q);
      const timing = await time(() => listCases(app, who, q));
      const summaryTiming = await time(() => ledgerSummary(app, who, q), Math.min(RUNS, 5), 1);
      const captured = await captureListSqls(app, who, { ...q, totals: 'include' });
      const pageMs = await executionMs(db, captured.page, 3);
      const summaryMs = captured.summary === undefined ? 0 : await executionMs(db, captured.summary, 3);
      rows.push({
        group: 'ledger',
        name,
        goalMs: 20,
        result: `${page.items.length} of ${n(summary.total)}`,
        timing,
        summaryTiming,
        serverMs: pageMs,
        summaryMs,
        plan: await planSummary(db, captured.page),
        explain: captured.page,
        explainSummary: captured.summary,
      });
      console.error(`#   ${name}: ${fmt(timing.median)} / ${fmt(timing.p95)} ms (summary ${fmt(summaryTiming.median)} ms)`);
    };
    if (wanted('ledger')) {
      const rareEnterprise = (
        await db.execute<{ name: string; n: number }>(sql`
          select enterprise_name as name, count(*)::int as n from cases where tenant_id = ${TENANT} and enterprise_unit_id like 'ent-bench-p%'
          group by 1 order by 2, 1 limit 1`)
      ).rows[0]!;
      const someCode = (await db.execute<{ code: string }>(sql`select enterprise_credit_code as code from cases where enterprise_unit_id like 'ent-bench-p%' order by id limit 1`)).rows[0]!.code;
      await ledger('first page', {});
      await ledger('line = policy', { line: 'policy' });
      await ledger('line = integrity', { line: 'integrity' });
      await ledger('state = negotiating', { state: 'negotiating' });
      await ledger('state = changing (rare)', { state: 'changing' });
      await ledger('jurisdiction = 汉东区', { jurisdiction: JURISDICTION_IDS.handong });
      await ledger('responsibleUnit = 汉东区教育局', { responsibleUnit: LOCAL_UNIT_IDS.handong.jiaoyuju });
      await ledger('overdue = true', { overdue: 'true' });
      await ledger('overdueByLaw = true', { overdueByLaw: 'true' });
      await ledger('yearEndRisk = true', { yearEndRisk: 'true' });
      await ledger('open = true', { open: 'true' });
      await ledger('source = petition', { source: 'petition' });
      await ledger('scope: county coordinator 汉东区', {}, HANDONG);
      for (const sort of LEDGER_SORTS.filter((s) => s !== 'registered_desc')) await ledger(`sort = ${sort}`, { sort });
      await ledger(`q = ${rareEnterprise.name} (${rareEnterprise.n} cases)`, { q: rareEnterprise.name });
      await ledger(`q = ${rareEnterprise.name.slice(2, 6)} (4 characters of it)`, { q: rareEnterprise.name.slice(2, 6) });
      await ledger('q = 黄河大桥 (absent)', { q: '黄河大桥' });
      await ledger('q = 黄河 (absent, 2 characters)', { q: '黄河' });
      await ledger('q = 拖欠 (frequent)', { q: '拖欠' });
      await ledger('q = 楚 (1 character)', { q: '楚' });
      await ledger('q = 黄 (1 character)', { q: '黄' });
      await ledger(`q = ${someCode.toLowerCase()} (a credit code, lower case)`, { q: someCode.toLowerCase() });
      await ledger('q = QK2026-0001 (number prefix)', { q: 'QK2026-0001' });
      await ledger('q = 拖欠, state = negotiating, sort = deadline_asc', { q: '拖欠', state: 'negotiating', sort: 'deadline_asc' });
    }

    // --- a case page with ~200 events ------------------------------------------------------------
    const server = await buildServer({ app, databaseKind: database.kind, demo: true });
    try {
      const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: { username: 'yingshangban', password: DEMO_PASSWORD } });
      if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
      const authorization = `Bearer ${signIn.json<{ token: string }>().token}`;
      const big = (await db.execute<{ id: string; version: number }>(sql`select id, version from cases where tenant_id = ${TENANT} order by version desc, id limit 1`)).rows[0]!;
      const typical = (await db.execute<{ id: string; version: number }>(sql`select id, version from cases where tenant_id = ${TENANT} and version between 18 and 22 order by id limit 1`)).rows[0]!;
      for (const [label, target] of wanted('case-page') ? ([['200 events', big], ['~20 events', typical]] as const) : []) {
        for (const path of [`/api/cases/${target.id}`]) {
          const probe = await server.inject({ method: 'GET', url: path, headers: { authorization } });
          if (probe.statusCode !== 200) throw new Error(`${path}: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
          const timing = await time(() => server.inject({ method: 'GET', url: path, headers: { authorization } }));
          rows.push({ group: 'case page', name: `GET ${path.replace(target.id, ':id')} (${label}: version ${target.version})`, goalMs: 20, result: `${Math.round(probe.body.length / 1024)} KiB`, timing });
          console.error(`#   ${path}: ${fmt(timing.median)} ms`);
        }
      }
      // --- the cockpit through the stack and as a use case ----------------------------------------
      const cockpit = wanted('cockpit') ? await server.inject({ method: 'GET', url: '/api/stats/overview', headers: { authorization } }) : null;
      if (cockpit !== null && cockpit.statusCode === 200) {
        rows.push({ group: 'cockpit', name: 'GET /api/stats/overview (营商办)', goalMs: 50, result: `${Math.round(cockpit.body.length / 1024)} KiB`, timing: await time(() => server.inject({ method: 'GET', url: '/api/stats/overview', headers: { authorization } }), COCKPIT_RUNS, 3) });
      }
    } finally {
      await server.close();
    }
    if (wanted('cockpit')) {
      // A unit's and a lead bureau's cockpits too: the rollups serve both (a lead bureau its unit's rows, migration 0049).
      for (const [name, actor] of [['营商办', OFFICE], ['county coordinator 汉东区', HANDONG], ['unit handler 汉东区教育局', HANDONG_EDUCATION], ['lead bureau 市国资委', GUOZIWEI]] as const) {
        rows.push({ group: 'cockpit', name: `caseStatistics (${name})`, goalMs: 50, result: '', timing: await time(() => caseStatistics(app, actor), COCKPIT_RUNS, 3) });
      }
    }
    console.error('#   cockpit done');

    // --- the dispatch report ---------------------------------------------------------------------
    if (wanted('report')) {
      const report = await dispatchReport(app, OFFICE);
      rows.push({ group: 'dispatch report', name: 'dispatchReport (营商办)', goalMs: 2000, result: JSON.stringify(report).length > 0 ? 'whole city' : '', timing: await time(() => dispatchReport(app, OFFICE), 3, 1) });
      console.error('#   dispatch report done');
    }

    // --- the sweep's reads -------------------------------------------------------------------------
    const today = todayInShanghai(NOW);
    const horizon = candidateHorizon(today, await loadCalendar(db, TENANT), await loadLadderThresholds(db, TENANT));
    if (wanted('sweep')) {
      let asIs = { rows: 0, pages: 0 };
      let proposed = { rows: 0, pages: 0 };
      rows.push({ group: 'sweep', name: 'sweep reads as today: every open case with a deadline', goalMs: 60_000, result: '', timing: await time(async () => (asIs = await sweepReads(db, TENANT, null)), 3, 0) });
      rows.push({ group: 'sweep', name: `sweep reads, candidates only (deadline before ${horizon}, no 通报)`, goalMs: 60_000, result: '', timing: await time(async () => (proposed = await sweepReads(db, TENANT, horizon)), 3, 0) });
      rows[rows.length - 2] = { ...rows[rows.length - 2]!, result: `${n(asIs.rows)} cases` };
      rows[rows.length - 1] = { ...rows[rows.length - 1]!, result: `${n(proposed.rows)} cases` };
    }

    // --- report -------------------------------------------------------------------------------------
    const out: string[] = [];
    out.push(`### PostgreSQL, ${n(size.cases)} cases and ${n(size.events)} events (database ${options.database}, ${size.db})`);
    out.push('');
    out.push(
      `${new Date().toISOString().slice(0, 10)} · ${cpus().length} CPUs · Node ${process.version} · load average at start ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} · ` +
        `${RUNS} runs after ${WARMUP} warm-up calls (ledger, case page), ${COCKPIT_RUNS} runs after 3 (cockpit), 3 after 1 (report, sweep reads) · "today" ${today} · migrations on open: ${(openMs / 1000).toFixed(1)} s · text-search index ${size.grams ?? '—'}`,
    );
    out.push('');
    out.push('| group | call | result | median ms | p95 ms | goal ms | ledger summary, median ms | server ms: page + summary | plan of the page on `cases` |');
    out.push('|---|---|---|---:|---:|---:|---:|---:|---|');
    for (const row of rows) {
      const met = row.timing.p95 <= row.goalMs ? '' : ' ✗';
      out.push(`| ${row.group} | ${row.name} | ${row.result} | ${fmt(row.timing.median)} | ${fmt(row.timing.p95)}${met} | ${n(row.goalMs)} | ${row.summaryTiming === undefined ? '' : fmt(row.summaryTiming.median)} | ${row.serverMs === undefined ? '' : `${fmt(row.serverMs)} + ${fmt(row.summaryMs ?? 0)}`} | ${row.plan ?? ''} |`);
    }
    console.log(out.join('\n'));
    for (const row of rows.filter((r) => r.explain && (options.explain || r.timing.median > r.goalMs))) {
      const slowPart = (row.summaryMs ?? 0) > (row.serverMs ?? 0) && row.explainSummary ? row.explainSummary : row.explain!;
      console.log(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${row.name} (${slowPart === row.explain ? 'page' : 'summary'}) — median ${fmt(row.timing.median)} ms\n\n\`\`\`\n${await explainAnalyze(db, slowPart)}\n\`\`\``);
    }
  } finally {
    await database.close();
  }
};

await main();
