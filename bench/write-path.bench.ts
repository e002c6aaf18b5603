/**
 * The cost of the one write path (`writeCase`), on PGlite or PostgreSQL:
 *
 *   npx tsx bench/write-path.bench.ts [--cases 300]
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/write-path.bench.ts
 *
 * On a fresh test database (the test suite's: in-memory PGlite, or a new database on the
 * server) with the test city's accounts:
 * 1. `registerCase` of N arrears, one after another: the latency of a registration;
 * 2. `performCaseAction` (a progress report) on each: the latency of an action;
 * 3. `POST /api/cases/{id}/actions` with an `Idempotency-Key` through the HTTP stack in process,
 *    then the same request again: a keyed write (claim, write, stored response) and its replay;
 * 4. `sweepSupervision` as of three months later, when every case is overdue: the time per step
 *    it raises (each through the write path), and a second run that raises nothing.
 *
 * Only APIs that predate the write path are called, so the same file measures an earlier
 * checkout for comparison. Markdown to stdout.
 */
import { parseArgs } from 'node:util';
import { canonicalJson } from '../src/audit/chain.ts';
import { performCaseAction } from '../src/cases/perform-case-action.ts';
import { registerCase } from '../src/cases/register-case.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import type { CaseRecord } from '../src/domain/case/record.ts';
import { makeCreditCode } from '../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { sweepSupervision } from '../src/jobs/supervision-sweep.ts';
import { createTestApp } from '../test/support/app.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '300' } } });
const count = Number(values.cases);

const office: Actor = { id: 'acc-yingshangban', name: 'yingshangban', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const DEBTORS = [LOCAL_UNIT_IDS.handong.jiaoyuju, LOCAL_UNIT_IDS.jiangbei.jiaoyuju];

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const p95 = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!;
const ms = (value: number) => value.toFixed(2);

const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
};

const t = await createTestApp('2026-03-02T09:00:00+08:00');
const backend = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
try {
  const registrations: number[] = [];
  const cases: CaseRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const { value, ms: took } = await timed(() =>
      registerCase(t.app, office, {
        line: 'arrears',
        source: 'assigned',
        instruction: '请核实并依规清偿。',
        title: `拖欠设备货款（基准 ${i + 1}）`,
        facts: '设备已验收，货款未付。',
        enterprise: { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91420100MA4KX8Q2P') },
        responsibleUnitId: DEBTORS[i % DEBTORS.length]!,
        claimedAmount: 1_000_000 + i,
      }),
    );
    registrations.push(took);
    cases.push(value);
  }

  const actions: number[] = [];
  for (const [index, record] of cases.entries()) {
    const { value, ms: took } = await timed(() =>
      performCaseAction(t.app, office, record.id, { action: 'report_progress', expectedVersion: record.version, progress: `第${index + 1}次进展：已核对货款。` }),
    );
    actions.push(took);
    cases[index] = value;
  }

  const headers = { ...(await t.signIn('yingshangban')), 'content-type': 'application/json' };
  const keyed: number[] = [];
  const replays: number[] = [];
  for (const [index, record] of cases.entries()) {
    const request = {
      method: 'POST' as const,
      url: `/api/cases/${record.id}/actions`,
      headers: { ...headers, 'idempotency-key': `bench-write-${index}-${record.id}` },
      payload: { action: 'report_progress', expectedVersion: record.version, progress: '已报财政局审批。' },
    };
    const first = await timed(() => t.server.inject(request));
    if (first.value.statusCode !== 200) throw new Error(`keyed write failed: ${first.value.body}`);
    keyed.push(first.ms);
    const again = await timed(() => t.server.inject(request));
    if (canonicalJson(again.value.json()) !== canonicalJson(first.value.json())) throw new Error('the replay differs from the first response');
    replays.push(again.ms);
  }

  const now = new Date('2026-06-01T08:30:00+08:00');
  const sweep = await timed(() => sweepSupervision(t.app, { now }));
  const idle = await timed(() => sweepSupervision(t.app, { now }));
  if (idle.value.raised.length !== 0) throw new Error('the second sweep raised steps');

  console.log(`### Write path on ${backend}, ${count} cases\n`);
  console.log('| write | median ms | p95 ms |');
  console.log('|---|---:|---:|');
  console.log(`| registerCase | ${ms(median(registrations))} | ${ms(p95(registrations))} |`);
  console.log(`| performCaseAction (report_progress) | ${ms(median(actions))} | ${ms(p95(actions))} |`);
  console.log(`| POST action with Idempotency-Key (HTTP, in process) | ${ms(median(keyed))} | ${ms(p95(keyed))} |`);
  console.log(`| the same request again (replay) | ${ms(median(replays))} | ${ms(p95(replays))} |`);
  console.log('');
  const steps = sweep.value.raised.length;
  console.log(
    `Sweep as of 2026-06-01: ${steps} steps on ${sweep.value.checked} cases in ${ms(sweep.ms)} ms (${ms(sweep.ms / Math.max(steps, 1))} ms per step); ` +
      `again: nothing raised in ${ms(idle.ms)} ms.`,
  );
} finally {
  await t.close();
}
