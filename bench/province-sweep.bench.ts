/**
 * The real supervision sweep (S2) on a kept province database (`seed-province.ts`): the daily
 * job's rounds of `SWEEP_STEPS_PER_ROUND` steps (`sweepSupervision` with `maxSteps` and the
 * previous round's `resumeAfter`), each step a `supervise` event through the one write path.
 * **It writes**: the steps it raises stay in the database, so run it after the read benchmark.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx tsx bench/province-sweep.bench.ts --database cx_province --keys cx_province.key [--days 2026-11-20,2026-11-23] [--max-seconds 600]
 *
 * Each day of `--days` is swept to its end (or until `--max-seconds` have passed on that day,
 * when it prints where it stopped): the first day sweeps the backlog of the seeded histories,
 * the next ones are the daily sweep after it. Prints a table per day: rounds, cases checked,
 * steps raised, wall time and the process's CPU time. `--steps 1 --max-seconds 0` on a day already
 * swept in part times what the daily sweep pays for each case with nothing due: it reads on
 * until the first case that has a step due.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { openDatabase } from '../src/db/connection.ts';
import { SWEEP_STEPS_PER_ROUND } from '../src/jobs/scheduler.ts';
import { sweepSupervision } from '../src/jobs/supervision-sweep.ts';
import { loadKeys } from '../src/security/keys.ts';
import { keptDatabaseUrl } from './support.ts';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: 'cx_province' },
    keys: { type: 'string' },
    days: { type: 'string', default: '2026-11-20,2026-11-23' },
    'max-seconds': { type: 'string', default: '600' },
    /** Steps per round: the daily job's unless told; `--steps 1 --max-seconds 0` times the reads over cases already swept that day. */
    steps: { type: 'string' },
  },
});
const TENANT = 'hanjiang';
const MAX_MS = Number(options['max-seconds']) * 1000;
const STEPS = Number(options.steps ?? SWEEP_STEPS_PER_ROUND);
const n = (value: number) => value.toLocaleString('en');

const main = async () => {
  const database = await openDatabase({ databaseUrl: keptDatabaseUrl(options.database) });
  const keys = await loadKeys(resolve(options.keys ?? `${options.database}.key`));
  let now = new Date();
  const app: AppContext = { db: database.db, tenantId: TENANT, clock: () => now, keys };
  const out: string[] = [];
  try {
    const [size] = (
      await database.db.execute<{ cases: number; open: number }>(sql`
        select count(*)::int as cases, (count(*) filter (where state not in ('closed', 'dismissed', 'withdrawn')))::int as open
        from cases where tenant_id = ${TENANT}`)
    ).rows;
    out.push(`${n(size!.cases)} cases, ${n(size!.open)} open · load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')} · rounds of ${n(STEPS)} steps`);
    out.push('');
    out.push('| day | rounds | cases checked | steps raised | wall s | CPU s | steps/s | stopped |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const day of options.days.split(',')) {
      now = new Date(`${day}T02:00:00+08:00`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      let rounds = 0;
      let checked = 0;
      let raised = 0;
      let after: string | null = null;
      let stopped = 'done';
      for (;;) {
        const round = performance.now();
        const result = await sweepSupervision(app, { now, maxSteps: STEPS, after });
        rounds += 1;
        checked += result.checked;
        raised += result.raised.length;
        console.error(`# ${day} round ${rounds}: ${n(result.checked)} checked, ${n(result.raised.length)} raised, ${((performance.now() - round) / 1000).toFixed(1)} s`);
        if (result.resumeAfter === null) break;
        after = result.resumeAfter;
        if (performance.now() - started >= MAX_MS) {
          stopped = `after ${options['max-seconds']} s, at ${after}`;
          break;
        }
      }
      const wall = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      out.push(`| ${day} | ${rounds} | ${n(checked)} | ${n(raised)} | ${wall.toFixed(1)} | ${((used.user + used.system) / 1e6).toFixed(1)} | ${(raised / wall).toFixed(0)} | ${stopped} |`);
    }
  } finally {
    await database.close();
  }
  console.log(out.join('\n'));
};

await main();
