/**
 * The periodic jobs and reports at a city's scale, on PGlite or PostgreSQL:
 *
 *   npx tsx bench/supervision.bench.ts [--cases 100000] [--runs 5] [--warmup 1] [--days 7] [--explain] [--no-verify]
 *
 * Without DATABASE_URL: in-memory PGlite. With DATABASE_URL=postgres://…: a fresh database
 * `cx_bench_<random>` is created on that server and dropped at the end.
 *
 * Seeds the Hanjiang reference data, ~200 accounts (so that notifications have recipients), one
 * webhook subscription to `supervise` events, and N cases with coherent histories
 * (`seed-histories.ts`: real SM3 chains, projections that are their events' replay). Then:
 *
 * 1. `sweepSupervision(app, { now })` (S2):
 *    - the first run as of D0 = 2026-06-01 08:30, the ledger bench's "today", when every
 *      overdue case still lacks its steps (the day the sweep is switched on over an existing
 *      ledger): steps raised per level, notifications, time, time per raised step;
 *    - the same date again `--runs` times: nothing to raise, the idempotent read-only cost;
 *    - the following `--days` days at 08:30, once each: what the scheduler pays on an ordinary day;
 *    - a statement-by-statement breakdown of the first run and of a no-op run;
 * 2. `dispatchReport` as 营商办 (the route's call, like `DISPATCH_REPORT_ACTOR`) and as a county
 *    coordinator, `dispatchWorkbook` on that report, and `exportDispatchWorkbook` end to end:
 *    median and p95 of `--runs` after `--warmup`, heap and RSS (with `gc()` before), the
 *    report's statements one by one, EXPLAIN ANALYZE of the slow ones;
 * 3. `listSupervisedCases` (督办中心) and `listIntakeQueue` (受理台);
 * 4. the fixes proposed in docs/BENCHMARKS.md, on the same database, each checked against what
 *    it would replace: the sweep's reads restricted to candidates and the ladder rule with capped
 *    working-day counts (`sweep-proposed.ts`), the report's counts in one statement and
 *    `jit = off` (`dispatch-report-proposed.ts`), the intake queue's candidates and scoring
 *    (`intake-proposed.ts`);
 * 5. `verifyAudit` over the whole log at the end (every chain, including the sweep's events).
 *
 * Markdown to stdout, progress to stderr.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { verifyAudit } from '../src/audit/verify-audit.ts';
import { listIntakeQueue } from '../src/cases/list-intake-queue.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { dispatchReport, type DispatchReport } from '../src/dispatch/dispatch-report.ts';
import { exportDispatchWorkbook } from '../src/dispatch/export-dispatch-workbook.ts';
import { dispatchWorkbook } from '../src/io/dispatch-workbook.ts';
import { sweepSupervision, type SweepResult } from '../src/jobs/supervision-sweep.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import { cityJurisdiction, listJurisdictions } from '../src/reference/reference-data.ts';
import { listSupervisedCases } from '../src/supervision/list-supervised-cases.ts';
import { webhookSubscriptions } from '../src/db/schema.ts';
import { loadCalendar } from '../src/reference/reference-data.ts';
import { loadLadderThresholds } from '../src/supervision/ladder-thresholds.ts';
import { checkProposedCounts, proposedCountsSql, withoutJit } from './dispatch-report-proposed.ts';
import { compareIntake } from './intake-proposed.ts';
import { instrument, type Recorder } from './instrument.ts';
import { candidateHorizon, candidateIds, compareLadder, firstPageSql, ladderInputs, sweepReads } from './sweep-proposed.ts';
import { seedBenchAccounts, seedCaseHistories } from './seed-histories.ts';
import { explainAnalyze, formatMs, openBenchDatabase, time, type Timing } from './support.ts';
import { ephemeralKeys } from '../src/security/keys.ts';
const keys = ephemeralKeys();

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    days: { type: 'string', default: '7' },
    batch: { type: 'string', default: '25000' },
    explain: { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
  },
});
const CASES = Number(options.cases);
const RUNS = Number(options.runs);
const WARMUP = Number(options.warmup);
const DAYS = Number(options.days);
const BATCH = Number(options.batch);
if (![CASES, RUNS, WARMUP, DAYS, BATCH].every((n) => Number.isInteger(n) && n >= 0) || CASES < 1000 || RUNS < 1 || BATCH < 1) {
  throw new Error('usage: npx tsx bench/supervision.bench.ts [--cases N≥1000] [--runs N≥1] [--warmup N] [--days N] [--batch N] [--explain] [--no-verify]');
}
const TENANT = 'hanjiang';
const SLOW_MS = 1_000;
/** D0: the sweep's first day, 08:30 in Shanghai (the scheduler's default time). */
const D0 = '2026-06-01';
const at830 = (day: string) => new Date(`${day}T08:30:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (day: string) => `周${WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;

/** As the route and `chengxin report dispatch` call it: 营商办, the whole city. */
const OFFICE: Actor = { id: 'bench-office-1', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const HANDONG: Actor = {
  id: 'bench-coord-handong-1',
  name: '汉东区统筹人',
  role: 'county_coordinator',
  unitId: LOCAL_UNIT_IDS.handong.government,
  jurisdictionScope: [JURISDICTION_IDS.handong],
};

const fmt = formatMs;
const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)}`;
const n = (value: number) => value.toLocaleString('en');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

interface Memory {
  readonly ms: number;
  readonly heapBefore: number;
  readonly peakHeapDelta: number;
  readonly retainedHeapDelta: number;
  readonly rssBefore: number;
  readonly peakRssDelta: number;
}

/** One call with gc() before and after: peak (sampled every 2 ms and at the end) and retained deltas. */
const measureMemory = async <T>(work: () => Promise<T>): Promise<{ result: T; memory: Memory }> => {
  gc();
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sample = () => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  };
  const timer = setInterval(sample, 2);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  sample();
  gc();
  gc();
  const retained = process.memoryUsage();
  return {
    result,
    memory: {
      ms,
      heapBefore: before.heapUsed,
      peakHeapDelta: peakHeap - before.heapUsed,
      retainedHeapDelta: retained.heapUsed - before.heapUsed,
      rssBefore: before.rss,
      peakRssDelta: peakRss - before.rss,
    },
  };
};

const breakdown = (recorder: Recorder, top = 12): string[] => {
  const entries = [...recorder.stats.values()].sort((a, b) => b.totalMs - a.totalMs);
  const { count, ms } = recorder.total();
  const lines = ['| statement | calls | total s | ms per call | share |', '|---|---:|---:|---:|---:|'];
  for (const entry of entries.slice(0, top)) {
    const share = entry.label.startsWith('(transaction') ? '' : `${((100 * entry.totalMs) / ms).toFixed(0)} %`;
    lines.push(`| \`${entry.label.slice(0, 160).replace(/\|/g, '\\|')}\` | ${n(entry.count)} | ${seconds(entry.totalMs)} | ${fmt(entry.totalMs / entry.count)} | ${share} |`);
  }
  lines.push(`| all statements | ${n(count)} | ${seconds(ms)} | ${fmt(ms / Math.max(count, 1))} | 100 % |`);
  return lines;
};

const main = async () => {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const bench = await openBenchDatabase();
  const { db } = bench.database;
  const out: string[] = [];
  const explains: { name: string; sql: SQL }[] = [];
  try {
    await seedReferenceData(db, TENANT);
    const accountCount = await seedBenchAccounts(db, TENANT);
    // One integration that wants the ladder's events (say the city's OA system).
    await db.insert(webhookSubscriptions).values({
      id: randomUUID(),
      tenantId: TENANT,
      url: 'http://127.0.0.1:9/bench-hook',
      secret: 'bench-secret-bench-secret',
      eventTypes: ['supervise'],
      active: true,
      createdBy: 'bench',
      createdAt: new Date(),
    });
    console.error(`# seeding ${n(CASES)} cases with histories on ${bench.label} …`);
    const seed = await seedCaseHistories(db, { tenantId: TENANT, keys, count: CASES, batchSize: BATCH, onProgress: (m) => console.error(`#   ${m}`) });
    const count = async (query: SQL) => (await db.execute<{ n: number }>(query)).rows[0]!.n;
    const loaded = (
      await db.execute<{ open_deadline: number; overdue: number; registered_by_d0: number; pending_intake: number; supervise: number }>(sql`
        select (count(*) filter (where deadline is not null and state not in ('closed', 'dismissed', 'litigating')))::int as open_deadline,
               (count(*) filter (where deadline < ${D0}::date and state not in ('closed', 'dismissed', 'litigating')))::int as overdue,
               (count(*) filter (where registered_at < ${`${D0}T00:00:00+08:00`}::timestamptz))::int as registered_by_d0,
               (count(*) filter (where state = 'registered' and detail #>> '{intake,status}' = 'pending'))::int as pending_intake,
               (select count(*)::int from case_events where type = 'supervise') as supervise
        from cases where tenant_id = ${TENANT}`)
    ).rows[0]!;
    const sizes = (
      await db.execute<{ cases: string; events: string }>(sql`
        select pg_size_pretty(pg_total_relation_size('cases')) as cases, pg_size_pretty(pg_total_relation_size('case_events')) as events`)
    ).rows[0]!;

    out.push(`### ${bench.label}: ${n(CASES)} cases`);
    out.push('');
    out.push(
      `${startedAt.toISOString().slice(0, 10)} · ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · ` +
        `load average at start ${loadAtStart.map((x) => x.toFixed(1)).join(' / ')}`,
    );
    out.push('');
    out.push(
      `Seed: ${n(seed.cases)} cases, ${n(seed.events)} events (${(seed.events / seed.cases).toFixed(2)} per case) — staged in ${seconds(seed.stageMs)} s, ` +
        `histories built, chained and written in ${seconds(seed.buildMs)} s, VACUUM ANALYZE ${seconds(seed.analyzeMs)} s. ` +
        `\`cases\` ${sizes.cases}, \`case_events\` ${sizes.events} (with indexes). ${accountCount} accounts, 1 webhook subscription (\`supervise\`). ` +
        `Open cases with a deadline (not in court): ${n(loaded.open_deadline)}; overdue on ${D0}: ${n(loaded.overdue)}; ` +
        `registered by ${D0}: ${n(loaded.registered_by_d0)}; waiting for intake: ${n(loaded.pending_intake)}; manual 催办 already on record: ${n(loaded.supervise)}.`,
    );
    out.push('');

    // ---- 1. The sweep ------------------------------------------------------------------------
    const appAt = (now: Date, on = db): AppContext => ({ db: on, tenantId: TENANT, clock: () => now, keys });
    const levels = (result: SweepResult) => {
      const by = { reminder: 0, urging: 0, supervision: 0, interview: 0, notice: 0 };
      for (const step of result.raised) by[step.level] += 1;
      return `${n(by.reminder)} / ${n(by.urging)} / ${n(by.supervision)} / ${n(by.interview)} / ${n(by.notice)}`;
    };
    const outputs = async () =>
      (
        await db.execute<{ notifications: number; deliveries: number; orders: number }>(sql`
          select (select count(*)::int from notifications) as notifications, (select count(*)::int from webhook_deliveries) as deliveries,
                 (select count(*)::int from supervision_orders) as orders`)
      ).rows[0]!;
    const sweepRows: string[] = [];
    const sweepRow = (what: string, day: string, result: SweepResult, ms: number, extra: { deliveries: number; orders: number }) => {
      const raised = result.raised.length;
      sweepRows.push(
        `| ${what} | ${day} ${weekday(day)} | ${n(result.checked)} | ${n(raised)} | ${levels(result)} | ${n(result.notifications)} | ${n(extra.deliveries)} | ${n(extra.orders)} | ` +
          `${seconds(ms)} | ${raised === 0 ? '—' : fmt(ms / raised)} |`,
      );
    };

    const calendar = await loadCalendar(db, TENANT);
    const thresholds = await loadLadderThresholds(db, TENANT);
    const ladderBefore = compareLadder(await ladderInputs(db, TENANT), D0, calendar, thresholds);

    console.error(`# first sweep as of ${D0} …`);
    const firstInstr = instrument(db);
    const before0 = await outputs();
    const firstStarted = performance.now();
    const first = await sweepSupervision(appAt(at830(D0), firstInstr.db), { now: at830(D0) });
    const firstMs = performance.now() - firstStarted;
    const after0 = await outputs();
    sweepRow('first run', D0, first, firstMs, { deliveries: after0.deliveries - before0.deliveries, orders: after0.orders - before0.orders });
    console.error(`#   ${first.raised.length} steps in ${seconds(firstMs)} s`);
    const firstBreakdown = breakdown(firstInstr.recorder);

    console.error(`# the same date again, ${RUNS} runs …`);
    const again: { result: SweepResult; ms: number }[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const result = await sweepSupervision(appAt(at830(D0)), { now: at830(D0) });
      again.push({ result, ms: performance.now() - started });
      if (result.raised.length !== 0) throw new Error('the second run raised steps: not idempotent');
    }
    const againTimes = again.map((run) => run.ms);
    sweepRows.push(
      `| same date again (median of ${RUNS}; min–max ${seconds(Math.min(...againTimes))}–${seconds(Math.max(...againTimes))} s) | ${D0} ${weekday(D0)} | ` +
        `${n(again[0]!.result.checked)} | 0 | 0 / 0 / 0 / 0 | 0 | 0 | 0 | ${seconds(median(againTimes))} | — |`,
    );
    const noopInstr = instrument(db);
    await sweepSupervision(appAt(at830(D0), noopInstr.db), { now: at830(D0) });
    const noopBreakdown = breakdown(noopInstr.recorder, 6);
    const ladderAfter = compareLadder(await ladderInputs(db, TENANT), D0, calendar, thresholds);
    const horizon0 = candidateHorizon(D0, calendar, thresholds);
    console.error('# the sweep’s reads, as is and with the candidate condition …');
    let readsAsIs = { rows: 0, pages: 0 };
    let readsProposed = { rows: 0, pages: 0 };
    const readsAsIsTiming = await time(async () => (readsAsIs = await sweepReads(db, TENANT, null)), RUNS, WARMUP);
    const readsProposedTiming = await time(async () => (readsProposed = await sweepReads(db, TENANT, horizon0)), RUNS, WARMUP);
    explains.push({ name: 'sweep page as is (first page)', sql: firstPageSql(TENANT, null) });
    explains.push({ name: `sweep page with the candidate condition (first page, horizon ${horizon0})`, sql: firstPageSql(TENANT, horizon0) });

    const dailyTimes: number[] = [];
    const candidateCounts: number[] = [];
    const dailyPerStep: number[] = [];
    let lastDay = D0;
    for (let d = 1; d <= DAYS; d += 1) {
      const day = addDays(D0, d);
      lastDay = day;
      console.error(`# daily sweep ${day} …`);
      const candidates = await candidateIds(db, TENANT, candidateHorizon(day, calendar, thresholds));
      const before = await outputs();
      const started = performance.now();
      const result = await sweepSupervision(appAt(at830(day)), { now: at830(day) });
      const ms = performance.now() - started;
      const after = await outputs();
      // The deadline's steps only: a complaint's clock steps come from the sweep's other branch,
      // which reads every open complaint whatever its deadline.
      const missed = result.raised.filter((step) => step.clock === undefined && !candidates.has(step.caseId));
      if (missed.length > 0) throw new Error(`${day}: the candidate condition missed ${missed.length} raised steps`);
      candidateCounts.push(candidates.size);
      dailyTimes.push(ms);
      if (result.raised.length > 0) dailyPerStep.push(ms / result.raised.length);
      sweepRow('daily', day, result, ms, { deliveries: after.deliveries - before.deliveries, orders: after.orders - before.orders });
    }

    out.push('#### Supervision sweep (`sweepSupervision`)');
    out.push('');
    out.push('| run | as of (08:30) | checked | raised | reminder / urging / supervision / interview / notice | notifications | webhook deliveries | 督办单 | total s | ms per raised step |');
    out.push('|---|---|---:|---:|---|---:|---:|---:|---:|---:|');
    out.push(...sweepRows);
    out.push('');
    if (DAYS > 0) {
      out.push(
        `Daily runs ${addDays(D0, 1)}…${lastDay}: median ${seconds(median(dailyTimes))} s` +
          (dailyPerStep.length > 0 ? `, median ${fmt(median(dailyPerStep))} ms per raised step.` : '.'),
      );
      out.push('');
    }
    out.push('Statements of the first run (the proxy times each awaited statement; BEGIN/COMMIT are inside "transaction"):');
    out.push('');
    out.push(...firstBreakdown);
    out.push('');
    out.push('Statements of a no-op run (same date again):');
    out.push('');
    out.push(...noopBreakdown);
    out.push('');
    for (const entry of noopInstr.recorder.stats.values()) {
      if (entry.sample !== undefined && entry.label.startsWith('select')) explains.push({ name: `sweep: ${entry.label.slice(0, 60)}`, sql: entry.sample });
    }
    out.push('Proposed for the sweep (measured in the bench, `bench/sweep-proposed.ts`):');
    out.push('');
    out.push('| what | as is | proposed | checked |');
    out.push('|---|---:|---:|---|');
    out.push(
      `| the no-op run's reads on ${D0} (pages of 500 + their \`supervise\` events), median of ${RUNS} | ${fmt(readsAsIsTiming.median)} ms, ${n(readsAsIs.rows)} cases | ` +
        `${fmt(readsProposedTiming.median)} ms, ${n(readsProposed.rows)} cases (deadline < ${horizon0}, no 通报 yet) | ` +
        `every step of the ${DAYS} daily runs was on a candidate (candidates per day: ${candidateCounts.map(n).join(', ')}) |`,
    );
    out.push(
      `| the ladder rule in JavaScript over the ${n(first.checked)} checked cases, before the first run (${n(ladderBefore.due)} steps due) | ${fmt(ladderBefore.asIsMs)} ms | ${fmt(ladderBefore.cappedMs)} ms (working days counted up to the threshold) | same steps for every case |`,
    );
    out.push(
      `| the same after the first run (0 due) | ${fmt(ladderAfter.asIsMs)} ms | ${fmt(ladderAfter.cappedMs)} ms | same steps for every case |`,
    );
    out.push('');

    // ---- 2. Reports --------------------------------------------------------------------------
    const reportApp = appAt(at830(lastDay));
    const cityName = cityJurisdiction(await listJurisdictions(db, TENANT)).name;
    const reportRows: string[] = [];
    let reportTiming: Timing | undefined;
    const reportRow = async <T>(name: string, work: () => Promise<T>, rows: (result: T) => string) => {
      console.error(`# ${name} …`);
      const { result, memory } = await measureMemory(work);
      const timing: Timing = await time(work, RUNS, WARMUP);
      reportTiming ??= timing;
      reportRows.push(
        `| ${name} | ${rows(result)} | ${fmt(timing.median)} | ${fmt(timing.p95)} | ${fmt(memory.ms)} | ${mib(memory.peakHeapDelta)} | ${mib(memory.retainedHeapDelta)} | ${mib(memory.peakRssDelta)} |`,
      );
      return result;
    };
    const reportSummary = (report: DispatchReport) =>
      `${n(report.total.cases)} cases, ${report.byJurisdiction.length} jurisdictions, ${report.byUnit.length} units, ${n(report.notices.length)} 通报`;
    const officeReport = await reportRow('dispatchReport, 营商办 (whole city)', () => dispatchReport(reportApp, OFFICE), reportSummary);
    await reportRow('dispatchReport, county coordinator 汉东区', () => dispatchReport(reportApp, HANDONG), reportSummary);
    await reportRow('dispatchWorkbook (xlsx from that report)', () => dispatchWorkbook(officeReport, cityName), (buffer) => `${(buffer.length / 1024).toFixed(0)} KiB`);
    await reportRow(
      'exportDispatchWorkbook (report + xlsx, as the route)',
      () => exportDispatchWorkbook(reportApp, OFFICE),
      (result) => `${(result.content.length / 1024).toFixed(0)} KiB`,
    );
    await reportRow(
      'listSupervisedCases, 营商办 (督办中心)',
      () => listSupervisedCases(reportApp, OFFICE, {}),
      (result) => `${result.items.length}${result.truncated ? ' (truncated)' : ''}`,
    );
    await reportRow(
      'listSupervisedCases, level = notice',
      () => listSupervisedCases(reportApp, OFFICE, { level: 'notice' }),
      (result) => `${result.items.length}${result.truncated ? ' (truncated)' : ''}`,
    );
    await reportRow('listSupervisedCases, county coordinator 汉东区', () => listSupervisedCases(reportApp, HANDONG, {}), (result) => `${result.items.length}${result.truncated ? ' (truncated)' : ''}`);
    await reportRow('listIntakeQueue (受理台)', () => listIntakeQueue(reportApp, OFFICE), (result) => `${result.items.length} items`);

    out.push(`#### Reports and lists ("today" ${lastDay}, after the sweeps)`);
    out.push('');
    out.push(
      `| call | what it returned | median ms | p95 ms | first call ms | peak heap Δ MiB | retained heap Δ MiB | peak RSS Δ MiB |`,
    );
    out.push('|---|---|---:|---:|---:|---:|---:|---:|');
    out.push(...reportRows);
    out.push('');
    out.push(
      `Median and p95 of ${RUNS} calls after ${WARMUP} warm-up; "first call" is the separate call measured for memory, after gc(): heap = V8 heapUsed, ` +
        'peak sampled every 2 ms and at the end; retained = after gc() while the result is still referenced; RSS includes PGlite’s WebAssembly memory when on PGlite.',
    );
    out.push('');

    // Statements one by one: where each call spends its time.
    const statementsOf = async (name: string, work: (app: AppContext) => Promise<unknown>) => {
      const instr = instrument(db);
      const samples = new Map<string, number[]>();
      const totals: number[] = [];
      const outside: number[] = [];
      for (let i = 0; i < Math.max(RUNS, 3); i += 1) {
        instr.recorder.reset();
        const started = performance.now();
        await work(appAt(at830(lastDay), instr.db));
        const total = performance.now() - started;
        totals.push(total);
        outside.push(total - instr.recorder.total().ms);
        for (const entry of instr.recorder.stats.values()) {
          const list = samples.get(entry.label) ?? [];
          list.push(entry.totalMs);
          samples.set(entry.label, list);
        }
      }
      out.push(`Statements of ${name}, median ms of ${Math.max(RUNS, 3)} runs:`);
      out.push('');
      out.push('| statement | median ms |');
      out.push('|---|---:|');
      for (const [label, list] of [...samples.entries()].sort((a, b) => median(b[1]) - median(a[1]))) {
        out.push(`| \`${label.slice(0, 200).replace(/\|/g, '\\|')}\` | ${fmt(median(list))} |`);
      }
      out.push(`| outside the statements (JavaScript, driver, BEGIN/COMMIT) | ${fmt(median(outside))} |`);
      out.push(`| the call, end to end (instrumented) | ${fmt(median(totals))} |`);
      out.push('');
      for (const entry of instr.recorder.stats.values()) {
        if (entry.sample !== undefined && (options.explain || median(samples.get(entry.label) ?? [0]) > SLOW_MS / 10)) {
          explains.push({ name: `${name}: ${entry.label.slice(0, 80)}`, sql: entry.sample });
        }
      }
      return samples;
    };
    const reportStatements = await statementsOf('`dispatchReport` (营商办)', (app) => dispatchReport(app, OFFICE));
    await statementsOf('`listSupervisedCases` (营商办)', (app) => listSupervisedCases(app, OFFICE, {}));
    await statementsOf('`listIntakeQueue`', (app) => listIntakeQueue(app, OFFICE));

    // The proposed counting statement.
    console.error('# the report’s counts in one statement …');
    const groups = await checkProposedCounts(db, TENANT, officeReport);
    const countsSql = proposedCountsSql(TENANT, officeReport.asOf, officeReport.period.from, officeReport.period.to);
    const countingLabels = [...reportStatements.keys()].filter((label) => label.startsWith('select') && label.includes('count(*)::int') && !label.includes('credit_records'));
    const countingAsIs = countingLabels.reduce((sum, label) => sum + median(reportStatements.get(label)!), 0);
    const proposedTiming = await time(() => db.execute(countsSql), RUNS, WARMUP);
    const postgres = bench.database.kind === 'postgres';
    const proposalRows: string[] = [];
    proposalRows.push(`| \`dispatchReport\` as is, end to end | ${fmt(reportTiming!.median)} | ${fmt(reportTiming!.p95)} |`);
    if (postgres) {
      const noJit = await time(() => dispatchReport({ ...reportApp, db: withoutJit(db) }, OFFICE), RUNS, WARMUP);
      proposalRows.push(`| \`dispatchReport\` as is, \`set local jit = off\` in its transaction | ${fmt(noJit.median)} | ${fmt(noJit.p95)} |`);
    }
    proposalRows.push(`| its ${countingLabels.length} counting statements (by line, jurisdiction, unit), sum of medians | ${fmt(countingAsIs)} | — |`);
    proposalRows.push(`| proposed: one counting statement, GROUPING SETS, set-based per-case figures (same figures for all ${groups} groups) | ${fmt(proposedTiming.median)} | ${fmt(proposedTiming.p95)} |`);
    if (postgres) {
      const proposedNoJit = await time(
        () =>
          db.transaction(async (tx) => {
            await tx.execute(sql`set local jit = off`);
            return tx.execute(countsSql);
          }),
        RUNS,
        WARMUP,
      );
      proposalRows.push(`| proposed, \`set local jit = off\` | ${fmt(proposedNoJit.median)} | ${fmt(proposedNoJit.p95)} |`);
    }
    out.push('Proposed for the dispatch report (measured in the bench, `bench/dispatch-report-proposed.ts`):');
    out.push('');
    out.push('| what | median ms | p95 ms |');
    out.push('|---|---:|---:|');
    out.push(...proposalRows);
    out.push('');
    explains.push({ name: 'proposed counting statement', sql: countsSql });

    if (postgres) {
      console.error('# lists with jit off …');
      const jitOff = (work: (app: AppContext) => Promise<unknown>) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local jit = off`);
          return work(appAt(at830(lastDay), tx));
        });
      const jitRows: string[] = [];
      const calls: [string, (app: AppContext) => Promise<unknown>][] = [
        ['listIntakeQueue', (app) => listIntakeQueue(app, OFFICE)],
        ['listSupervisedCases, 营商办', (app) => listSupervisedCases(app, OFFICE, {})],
        ['exportDispatchWorkbook', (app) => exportDispatchWorkbook(app, OFFICE)],
      ];
      for (const [name, work] of calls) {
        const on = await time(() => work(reportApp), RUNS, WARMUP);
        const off = await time(() => jitOff(work), RUNS, WARMUP);
        jitRows.push(`| ${name} | ${fmt(on.median)} | ${fmt(off.median)} | ${fmt(off.p95)} |`);
      }
      out.push('PostgreSQL: the same calls with `set local jit = off` (in a transaction around the call):');
      out.push('');
      out.push('| call | median ms, jit on (default) | median ms, jit off | p95 ms, jit off |');
      out.push('|---|---:|---:|---:|');
      out.push(...jitRows);
      out.push('');
    }

    console.error('# intake: candidates and scoring, as is and proposed …');
    const intake = await compareIntake(db, TENANT, OFFICE, lastDay, RUNS, WARMUP);
    out.push(
      `Proposed for the intake queue (measured in the bench, \`bench/intake-proposed.ts\`; ${intake.rows} waiting complaints, ${intake.pairs} distinct (enterprise, unit) pairs, ` +
        `${n(intake.candidates)} candidate cases; same candidates and same scores both ways):`,
    );
    out.push('');
    out.push('| step | as is: median / p95 ms | proposed: median / p95 ms |');
    out.push('|---|---:|---:|');
    out.push(
      `| candidates: OR of one term per pair → \`(code, unit) in (select * from unnest(…))\` | ${fmt(intake.loadAsIs.median)} / ${fmt(intake.loadAsIs.p95)} | ${fmt(intake.loadUnnest.median)} / ${fmt(intake.loadUnnest.p95)} |`,
    );
    out.push(
      `| scoring: every row against every candidate → against its own pair's candidates | ${fmt(intake.scoreAsIs.median)} / ${fmt(intake.scoreAsIs.p95)} | ${fmt(intake.scoreGrouped.median)} / ${fmt(intake.scoreGrouped.p95)} |`,
    );
    out.push('');

    // ---- 3. The audit log ----------------------------------------------------------------------
    if (!options['no-verify']) {
      console.error('# verifyAudit …');
      const started = performance.now();
      const audit = await verifyAudit({ db, tenantId: TENANT, keys });
      const ms = performance.now() - started;
      out.push(
        `\`verifyAudit\` after the sweeps: ${n(audit.casesChecked)} cases, ${n(audit.eventsChecked)} events, ${audit.broken.length} broken, ${seconds(ms)} s.`,
      );
      if (audit.broken.length > 0) out.push(`First breaks: ${JSON.stringify(audit.broken.slice(0, 3))}`);
      out.push('');
    }
    const totals = await outputs();
    out.push(
      `After all runs: ${n(await count(sql`select count(*)::int as n from case_events`))} events, ${n(totals.notifications)} notifications, ` +
        `${n(totals.deliveries)} webhook deliveries, ${n(totals.orders)} 督办单. Load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' / ')}; ` +
        `process RSS ${mib(process.memoryUsage().rss)} MiB.`,
    );
    console.log(out.join('\n'));

    if (options.explain || explains.length > 0) {
      for (const { name, sql: statement } of explains) {
        console.log(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${name}\n`);
        console.log('```');
        console.log(await explainAnalyze(db, statement));
        console.log('```');
      }
    }
  } finally {
    await bench.database.close();
    await bench.drop();
  }
};

await main();
