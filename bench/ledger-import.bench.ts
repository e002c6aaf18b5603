/**
 * The ledger import (台账导入) and export at scale, on PGlite or PostgreSQL:
 *
 *   npx tsx bench/ledger-import.bench.ts [--sizes 2000,20000,100000] [--runs 1] [--phases check,import,export] [--old-space-mb 384]
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/ledger-import.bench.ts
 *
 * 1. Writes a ledger of N rows (the tests' generator: 汉东区's units, a distinct enterprise with a
 *    valid credit code per row, the title and 填报单位 rows above the header) with exceljs's
 *    streaming writer.
 * 2. For each size and run, in a fresh process on a fresh test database, through the real HTTP
 *    stack in process (`fastify.inject`, signed in as 汉东区's county coordinator):
 *    - check: `POST /api/cases/import?dryRun=true` (every row read, checked and matched; nothing written);
 *    - import: `POST /api/cases/import` (every row registered; all or nothing);
 *    - export: `GET /api/cases/export.xlsx?line=arrears` (the N cases just imported, streamed).
 *    Each phase's time, the process's CPU time (on a shared machine the steadier figure; PGlite
 *    runs inside the process, a PostgreSQL server does not), and the process's RSS before it and
 *    at its peak (sampled every 50 ms while it runs; PGlite's memory counts too). The process's
 *    V8 old space is capped as the server's start caps it (`--max-old-space-size=384`, package.json
 *    and README); `--old-space-mb 0` leaves V8's own limit.
 *
 * Markdown to stdout (medians over the runs when --runs > 1). With `--profile <folder>` each
 * phase's CPU profile (V8's, as `node --cpu-prof` writes it, but of that phase alone) is saved
 * there as `<rows>-<phase>.cpuprofile`, for Chrome DevTools or speedscope.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { createTestApp } from '../test/support/app.ts';
import { LEDGER_HEADERS, ledgerRow } from '../test/support/ledger-workbook.ts';
import { multipart } from '../test/support/multipart.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,20000,100000' },
    runs: { type: 'string', default: '1' },
    phases: { type: 'string', default: 'check,import,export' },
    measure: { type: 'string' },
    profile: { type: 'string' },
    'old-space-mb': { type: 'string', default: '384' },
  },
});
const OLD_SPACE = Number(values['old-space-mb']) > 0 ? [`--max-old-space-size=${Number(values['old-space-mb'])}`] : [];

const PHASES = ['check', 'import', 'export'] as const;
type Phase = (typeof PHASES)[number];
interface PhaseFigures {
  readonly seconds: number;
  /** CPU time of this process (PGlite runs in it; a PostgreSQL server's is not counted). */
  readonly cpu: number;
  readonly before: number;
  readonly peak: number;
  readonly outcome: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Writes a ledger of `rows` rows to `file`, streaming. */
const writeLedger = async (file: string, rows: number) => {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['汉东区清理拖欠企业账款台账']).commit();
  sheet.addRow(['填报单位：汉东区人民政府', '', '', '', '', '', '', '填报日期：2026年11月26日']).commit();
  sheet.addRow([...LEDGER_HEADERS]).commit();
  for (let n = 1; n <= rows; n += 1) {
    const row = ledgerRow(n);
    sheet.addRow(LEDGER_HEADERS.map((header) => row[header] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
};

/** The child: the phases on one file, each timed, with its RSS before and its sampled peak. */
const measureFile = async (file: string, phases: readonly Phase[], profile: string | undefined) => {
  const t = await createTestApp('2026-11-26T09:30:00+08:00');
  const content = readFileSync(file);
  const headers = await t.signIn('handong');
  const upload = (dryRun: boolean) => {
    const body = multipart('汉东区拖欠账款台账.xlsx', content);
    return t.server.inject({ method: 'POST', url: `/api/cases/import${dryRun ? '?dryRun=true' : ''}`, payload: body.payload, headers: { ...headers, ...body.headers } });
  };
  const session = profile === undefined ? null : new Session();
  session?.connect();
  await session?.post('Profiler.enable');
  const run = async (phase: Phase, work: () => Promise<string>): Promise<PhaseFigures> => {
    global.gc?.();
    await session?.post('Profiler.start');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await work();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpuBefore);
    const cpu = (used.user + used.system) / 1e6;
    clearInterval(sampler);
    if (session !== null) {
      const { profile: taken } = await session.post('Profiler.stop');
      mkdirSync(profile!, { recursive: true });
      writeFileSync(join(profile!, `${file.match(/ledger-(\d+)/u)?.[1] ?? 'ledger'}-${phase}.cpuprofile`), JSON.stringify(taken));
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    return { seconds, cpu, before, peak, outcome };
  };
  const figures: Partial<Record<Phase, PhaseFigures>> = {};
  for (const phase of phases) {
    figures[phase] = await run(phase, async () => {
      if (phase === 'export') {
        const response = await t.server.inject({ method: 'GET', url: '/api/cases/export.xlsx?line=arrears', headers });
        if (response.statusCode !== 200) throw new Error(`export: ${response.statusCode} ${response.body.slice(0, 300)}`);
        return `${mb(response.rawPayload.length)} file`;
      }
      const response = await upload(phase === 'check');
      if (response.statusCode !== 200) throw new Error(`${phase}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      const body = response.json<{ rows: number; errors?: unknown[]; imported?: number }>();
      return phase === 'check' ? `${body.rows} rows, ${body.errors!.length} problems` : `${body.imported} cases`;
    });
  }
  console.log(JSON.stringify(figures));
  await t.close();
};

if (values.measure !== undefined) {
  await measureFile(values.measure, values.phases.split(',') as Phase[], values.profile);
  process.exit(0);
}

const median = (numbers: readonly number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const folder = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
try {
  const database = process.env.TEST_DATABASE_URL === undefined ? 'PGlite (in memory)' : 'PostgreSQL';
  console.log(`Database: ${database}; Node ${process.version}; runs per size: ${values.runs}; V8 old space: ${OLD_SPACE.length === 0 ? "V8's own limit" : `${values['old-space-mb']} MB`}\n`);
  console.log(`| Rows | File | Phase | Time (median) | Runs | CPU (process) | RSS before | Peak RSS | Outcome |`);
  console.log(`|---:|---:|---|---:|---|---:|---:|---:|---|`);
  for (const size of values.sizes.split(',').map(Number)) {
    const file = join(folder, `ledger-${size}.xlsx`);
    await writeLedger(file, size);
    const runs: Record<Phase, PhaseFigures>[] = [];
    for (let run = 0; run < Number(values.runs); run += 1) {
      const child = spawnSync(process.execPath, ['--expose-gc', ...OLD_SPACE, '--import', 'tsx', new URL(import.meta.url).pathname, '--measure', file, '--phases', values.phases, ...(values.profile === undefined ? [] : ['--profile', values.profile])], {
        encoding: 'utf8',
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(child.stderr);
      runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<Phase, PhaseFigures>);
    }
    for (const phase of values.phases.split(',') as Phase[]) {
      const of = runs.map((run) => run[phase]);
      const seconds = of.map((figures) => figures.seconds);
      console.log(
        `| ${size.toLocaleString('en-US')} | ${mb(statSync(file).size)} | ${phase} | ${median(seconds).toFixed(1)} s | ${seconds.map((value) => value.toFixed(1)).join(' / ')} | ${median(of.map((figures) => figures.cpu)).toFixed(1)} s | ${mb(median(of.map((figures) => figures.before)))} | ${mb(median(of.map((figures) => figures.peak)))} | ${of[0]!.outcome} |`,
      );
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
