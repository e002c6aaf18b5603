/**
 * Every benchmark of docs/BENCHMARKS.md, one after another, on each backend it measures
 * (`npm run bench`):
 *
 *   npm run bench                              # each at a size that takes minutes (about 16 min in all on 2 cores)
 *   npm run bench -- --scale full              # the sizes of docs/BENCHMARKS.md (hours: a province of 1,000,000 cases)
 *   npm run bench -- --only case-actions,ledger [--backends pglite|postgres]
 *
 * Benchmarks run one at a time, never side by side: on two cores each would be the other's
 * noise. Each prints its own markdown (its figures against the bare rate where it has one, e.g.
 * case actions against a bare transaction measured in the same run); this prints them in order,
 * each under a heading with the command that reproduces it, to stdout, and their progress to
 * stderr. PostgreSQL is the server of `--server` (the one the tests use); each benchmark makes its
 * own database on it and drops it at the end. A benchmark that fails is reported and the others
 * still run; the exit code is then 1.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: options } = parseArgs({
  options: {
    scale: { type: 'string', default: 'quick' },
    only: { type: 'string' },
    backends: { type: 'string', default: 'pglite,postgres' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
type Scale = 'quick' | 'full';
type Backend = 'pglite' | 'postgres';
if (options.scale !== 'quick' && options.scale !== 'full') throw new Error(`--scale takes quick or full, not ${options.scale}`);
const SCALE: Scale = options.scale;
const BACKENDS = options.backends.split(',') as Backend[];
for (const backend of BACKENDS) if (backend !== 'pglite' && backend !== 'postgres') throw new Error(`--backends takes pglite,postgres, not ${backend}`);

/** A benchmark's run: the file, its arguments at each scale, and the backends it measures. */
interface Benchmark {
  readonly name: string;
  readonly backends: readonly Backend[];
  /**
   * Its arguments; a list of runs (steps of one benchmark, such as seed then read) for the
   * province, which keeps its key file in `folder`.
   */
  readonly runs: (scale: Scale, database: string, folder: string) => readonly { readonly file: string; readonly args: readonly string[] }[];
  /** The environment that points it at the server (each bench reads its own variable). */
  readonly serverVariable?: 'DATABASE_URL' | 'TEST_DATABASE_URL';
}

const one = (file: string, quick: readonly string[], full: readonly string[]) => (scale: Scale) => [{ file, args: scale === 'quick' ? quick : full }];

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'case-actions', backends: ['pglite', 'postgres'], runs: one('bench/case-actions.bench.ts', ['--seconds', '5', '--warmup', '1'], []) },
  { name: 'write-path', backends: ['pglite', 'postgres'], serverVariable: 'TEST_DATABASE_URL', runs: one('bench/write-path.bench.ts', ['--cases', '100'], []) },
  { name: 'ledger', backends: ['pglite', 'postgres'], runs: one('bench/ledger.bench.ts', ['--cases', '10000', '--runs', '10', '--warmup', '2'], []) },
  {
    name: 'supervision',
    backends: ['pglite', 'postgres'],
    runs: one('bench/supervision.bench.ts', ['--cases', '5000', '--runs', '3', '--warmup', '1', '--days', '2'], []),
  },
  { name: 'ledger-import', backends: ['pglite', 'postgres'], serverVariable: 'TEST_DATABASE_URL', runs: one('bench/ledger-import.bench.ts', ['--sizes', '2000'], []) },
  { name: 'start', backends: ['pglite'], runs: one('bench/start.bench.ts', ['--cases', '10000', '--runs', '3'], []) },
  { name: 'page-weight', backends: ['pglite'], runs: one('bench/page-weight.bench.ts', ['--runs', '3'], []) },
  {
    // The province: seeded into a database of its own, read, its inserts' costs taken apart (rolled
    // back), then swept (the sweep writes).
    name: 'province',
    backends: ['postgres'],
    runs: (scale, database, folder) => {
      const keys = join(folder, `${database}.key`);
      return [
        { file: 'bench/seed-province.ts', args: ['--cases', scale === 'quick' ? '20000' : '1000000', '--database', database, '--keys', keys, '--fresh'] },
        { file: 'bench/province-reads.bench.ts', args: ['--database', database, '--keys', keys, '--only', 'ledger,case-page,cockpit,report', ...(scale === 'quick' ? ['--runs', '10'] : [])] },
        { file: 'bench/case-insert-costs.bench.ts', args: ['--database', database, ...(scale === 'quick' ? ['--runs', '3'] : [])] },
        { file: 'bench/province-sweep.bench.ts', args: ['--database', database, '--keys', keys, ...(scale === 'quick' ? ['--max-seconds', '60'] : [])] },
      ];
    },
  },
];

const only = options.only?.split(',');
for (const name of only ?? []) if (!BENCHMARKS.some((benchmark) => benchmark.name === name)) throw new Error(`--only takes ${BENCHMARKS.map((b) => b.name).join(',')}, not ${name}`);

const ROOT = new URL('..', import.meta.url).pathname;

/** Runs `file` with tsx in the project's folder; its stdout is collected, its stderr passes through. */
const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx/esm', file, ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });

const dropDatabase = async (name: string) => {
  const client = new pg.Client({ connectionString: options.server });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
};

const main = async () => {
  console.log(`# npm run bench (--scale ${SCALE})\n`);
  console.log(`${new Date().toISOString().slice(0, 10)} · Node ${process.version} · load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')}\n`);
  let failed = 0;
  for (const benchmark of BENCHMARKS) {
    if (only && !only.includes(benchmark.name)) continue;
    for (const backend of benchmark.backends.filter((b) => BACKENDS.includes(b))) {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.DATABASE_URL;
      delete env.TEST_DATABASE_URL;
      if (backend === 'postgres') env[benchmark.serverVariable ?? 'DATABASE_URL'] = options.server;
      // A folder for what a benchmark keeps between its runs (the province's key file).
      const folder = await mkdtemp(join(tmpdir(), 'chengxin-bench-'));
      const database = `cx_bench_province_${process.pid}`;
      console.log(`## ${benchmark.name} (${backend === 'pglite' ? 'PGlite' : 'PostgreSQL'})\n`);
      try {
        for (const step of benchmark.runs(SCALE, database, folder)) {
          const command = `${backend === 'postgres' ? `${benchmark.serverVariable ?? 'DATABASE_URL'}=${options.server} ` : ''}npx tsx ${step.file} ${step.args.join(' ')}`.trim();
          console.error(`[bench] ${command}`);
          const started = performance.now();
          const { code, out } = await run(step.file, step.args, env);
          console.log(`\`${command}\` (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
          if (out.trim()) console.log(`${out.trim()}\n`);
          if (code !== 0) {
            console.log(`**Failed** (exit ${code}).\n`);
            failed += 1;
            break;
          }
        }
      } finally {
        if (benchmark.name === 'province') await dropDatabase(database);
        await rm(folder, { recursive: true, force: true });
      }
    }
  }
  if (failed > 0) {
    console.error(`[bench] ${failed} failed`);
    process.exitCode = 1;
  }
};

await main();
