/**
 * How fast `chengxin serve` is ready on an embedded data folder of a city's size, and how much
 * memory it holds then (issue 14: ready < 3 s, resident < 400 MB at 100,000 cases):
 *
 *   npx tsx bench/start.bench.ts [--cases 100000] [--runs 5] [--data DIR] [--histories] [--scheduler]
 *
 * 1. Builds the server (`scripts/server-build.js`), so the compiled code is that of the sources.
 * 2. Seeds the data folder once (default `$TMPDIR/chengxin-start-<cases>`; reused while its
 *    `bench-seeded.json` says it holds that many cases of that kind): the Hanjiang reference
 *    data, ~200 accounts and N cases — the ledger bench's rows with their `register` and
 *    `record_payment` events (`seed-cases.ts`, placeholder seals; a few minutes), or with
 *    `--histories` coherent histories sealed with the folder's own `chengxin.key`
 *    (`seed-histories.ts`; about ten times as long). A start reads neither kind's events: it
 *    opens the folder, checks the migrations and serves.
 * 3. Starts the real server `--runs` times in each of three ways, interleaved so that each
 *    way sees the same machine: `node --enable-source-maps dist/server/main.js serve` (what
 *    `npm start` runs), `node bin/chengxin.js serve` (the command: checks that the build is
 *    current, then runs it) and `node --import tsx/esm src/cli/main.ts serve` (how every start
 *    ran before the build: tsx compiling the TypeScript at load). Ready is the first 200 from
 *    GET /api/health, polled every 10 ms from the spawn; memory is the process's VmRSS then, and
 *    VmHWM (its peak so far). Each server is stopped with SIGTERM before the next starts.
 *
 * Without `--scheduler` the servers run with `--no-scheduler`: the scheduler starts only after
 * the server listens, so it cannot delay readiness, but its first run of the day would sweep all
 * the cases (minutes at this size) and every stop would wait for it.
 *
 * Markdown to stdout, progress to stderr.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildServer } from '../scripts/server-build.js';
import { openDatabase } from '../src/db/connection.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import { keyFilePath, loadKeys } from '../src/security/keys.ts';
import { seedBenchEvents, seedCases } from './seed-cases.ts';
import { seedBenchAccounts, seedCaseHistories } from './seed-histories.ts';

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    data: { type: 'string' },
    scheduler: { type: 'boolean', default: false },
    histories: { type: 'boolean', default: false },
  },
});
const CASES = Number(options.cases);
const RUNS = Number(options.runs);
if (!Number.isInteger(CASES) || CASES < 1000 || !Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error('usage: npx tsx bench/start.bench.ts [--cases N≥1000] [--runs N≥1] [--data DIR] [--scheduler]');
}
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DATA = resolve(options.data ?? join(tmpdir(), `chengxin-start-${CASES}`));
const MARKER = join(DATA, 'bench-seeded.json');
const KIND = options.histories ? 'histories' : 'cases';
const TENANT = 'hanjiang';
const progress = (message: string) => console.error(`[start] ${message}`);

/** Seeds DATA unless it already holds CASES cases from an earlier run. */
const seedDataFolder = async (): Promise<void> => {
  const marked = existsSync(MARKER) ? (JSON.parse(readFileSync(MARKER, 'utf8')) as { cases: number; kind: string }) : null;
  if (marked?.cases === CASES && marked.kind === KIND) {
    progress(`reusing ${DATA}`);
    return;
  }
  rmSync(DATA, { recursive: true, force: true });
  progress(`seeding ${CASES} cases into ${DATA} …`);
  const started = performance.now();
  const database = await openDatabase({ dataDir: DATA });
  try {
    const keys = await loadKeys(keyFilePath(DATA));
    await seedReferenceData(database.db, TENANT);
    await seedBenchAccounts(database.db, TENANT);
    if (options.histories) {
      await seedCaseHistories(database.db, { tenantId: TENANT, keys, count: CASES, onProgress: progress });
    } else {
      await seedCases(database.db, { tenantId: TENANT, count: CASES, onBatch: (n) => progress(`inserted ${n}`) });
      await seedBenchEvents(database.db, TENANT);
      await database.db.execute(sql`vacuum analyze case_events`);
    }
    const counts = await database.db.execute<{ cases: number; events: number; mb: number }>(sql`
      select (select count(*) from cases)::int as cases, (select count(*) from case_events)::int as events,
             (pg_database_size(current_database()) / 1048576)::int as mb`);
    const row = counts.rows[0]!;
    writeFileSync(MARKER, `${JSON.stringify({ kind: KIND, cases: row.cases, events: row.events, databaseMb: row.mb, seconds: Math.round((performance.now() - started) / 1000) })}\n`);
  } finally {
    await database.close();
  }
  progress(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
};

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

/** CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat. */
const cpuOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is the 1st field, utime the 12th and stime the 13th (clock ticks, 100 Hz).
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** VmRSS and VmHWM of a process, in MiB. */
const memoryOf = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
};

interface Way {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

const WAYS: readonly Way[] = [
  { name: 'compiled (`npm start`)', command: 'node --enable-source-maps dist/server/main.js serve', args: ['--enable-source-maps', 'dist/server/main.js'] },
  { name: 'compiled via `bin/chengxin.js`', command: 'node bin/chengxin.js serve', args: ['bin/chengxin.js'] },
  { name: 'tsx (before)', command: 'node --import tsx/esm src/cli/main.ts serve', args: ['--import', 'tsx/esm', 'src/cli/main.ts'] },
];

interface Sample {
  readonly readyMs: number;
  /** CPU time of the server process until ready: what the start costs, whatever else the machine runs. */
  readonly cpuMs: number;
  readonly rss: number;
  readonly peak: number;
  /** The steps `serve` marks with CHENGXIN_START_TIMINGS=1: ms since the process began, and CPU ms. */
  readonly steps: ReadonlyMap<string, { ms: number; cpu: number }>;
}

const STEP = /^\[start\] (.+): (\d+) ms, cpu (\d+) ms$/gm;

/** One start: spawn, poll /api/health until 200, read memory, stop with SIGTERM and wait. */
const startOnce = async (way: Way): Promise<Sample> => {
  const port = await freePort();
  const serveArgs = ['serve', '--data', DATA, '--port', String(port), ...(options.scheduler ? [] : ['--no-scheduler'])];
  const started = performance.now();
  const child = spawn(process.execPath, [...way.args, ...serveArgs], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', CHENGXIN_START_TIMINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${way.command} exited with ${exitCode}:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((wait) => setTimeout(wait, 10));
    }
    const readyMs = performance.now() - started;
    const cpuMs = cpuOf(child.pid!);
    const memory = memoryOf(child.pid!);
    const steps = new Map([...output.matchAll(STEP)].map((m) => [m[1]!, { ms: Number(m[2]), cpu: Number(m[3]) }]));
    return { readyMs, cpuMs, ...memory, steps };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

progress('building the server …');
await buildServer();
await seedDataFolder();
const seededWith = JSON.parse(readFileSync(MARKER, 'utf8')) as { cases: number; events: number; databaseMb: number };
const load = loadavg().map((value) => value.toFixed(1)).join(' / ');
const samples = new Map<Way, Sample[]>(WAYS.map((way) => [way, []]));
for (let run = 1; run <= RUNS; run += 1) {
  for (const way of WAYS) {
    const sample = await startOnce(way);
    samples.get(way)!.push(sample);
    progress(`run ${run}/${RUNS} ${way.name}: ready ${(sample.readyMs / 1000).toFixed(2)} s, CPU ${(sample.cpuMs / 1000).toFixed(2)} s, RSS ${sample.rss.toFixed(0)} MiB (peak ${sample.peak.toFixed(0)})`);
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const compiled = median(samples.get(WAYS[0]!)!.map((s) => s.readyMs));
const compiledCpu = median(samples.get(WAYS[0]!)!.map((s) => s.cpuMs));
console.log(`## Start on ${seededWith.cases.toLocaleString('en')} cases (${seededWith.events.toLocaleString('en')} events, ${KIND === 'histories' ? 'coherent histories' : 'seed-cases rows'}, database ${seededWith.databaseMb} MB)\n`);
console.log(`${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · ${(totalmem() / 2 ** 30).toFixed(0)} GB · load ${load} (1/5/15 min at the first start) · ${RUNS} starts per way, interleaved · ${options.scheduler ? 'scheduler on' : '--no-scheduler'}\n`);
console.log('| way | command | ready (median) | min – max | × compiled | CPU to ready (median) | × compiled | RSS at ready (median) | peak RSS (median) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const way of WAYS) {
  const list = samples.get(way)!;
  const ready = list.map((s) => s.readyMs);
  const cpu = median(list.map((s) => s.cpuMs));
  console.log(
    `| ${way.name} | \`${way.command}\` | ${seconds(median(ready))} s | ${seconds(Math.min(...ready))} – ${seconds(Math.max(...ready))} s | ${(median(ready) / compiled).toFixed(2)} | ${seconds(cpu)} s | ${(cpu / compiledCpu).toFixed(2)} | ${median(list.map((s) => s.rss)).toFixed(0)} MiB | ${median(list.map((s) => s.peak)).toFixed(0)} MiB |`,
  );
}

// Where the time goes: each step `serve` marks, as the median of the runs (wall and CPU since the process began).
const stepNames = [...(samples.get(WAYS[0]!)![0]?.steps.keys() ?? [])];
console.log('\n### Steps of the start (ms since the process began, wall / CPU; medians)\n');
console.log(`| step | ${WAYS.map((way) => way.name).join(' | ')} |`);
console.log(`|---|${WAYS.map(() => '---:').join('|')}|`);
for (const step of stepNames) {
  const cells = WAYS.map((way) => {
    const list = samples.get(way)!.map((s) => s.steps.get(step)).filter((v) => v !== undefined);
    return list.length === 0 ? '–' : `${median(list.map((v) => v.ms)).toFixed(0)} / ${median(list.map((v) => v.cpu)).toFixed(0)}`;
  });
  console.log(`| ${step} | ${cells.join(' | ')} |`);
}
