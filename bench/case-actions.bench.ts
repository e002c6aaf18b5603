/**
 * Case actions through the whole HTTP stack against the database's bare rate (issue 14), on
 * PGlite or PostgreSQL, in one run:
 *
 *   npx tsx bench/case-actions.bench.ts [--clients 8] [--seconds 10] [--warmup 2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/case-actions.bench.ts
 *   npm run bench -- --only case-actions   # both backends, one after the other
 *
 * On a fresh database (in-memory PGlite, or `cx_bench_<random>` on the server, dropped at the
 * end) with the Hanjiang reference data and one 营商办 account, and a server listening on a real
 * port of 127.0.0.1 on the wall clock (sessions age as in production):
 * 1. **bare**: N clients, each in a loop of one transaction that inserts an event row and updates
 *    a case-sized row of its own (tables of the bench's own, same driver, same database): 4 round
 *    trips (begin, insert, update, commit);
 * 2. **the action's round trips, bare**: the same clients sending, on the bench's tables, the 9
 *    statements one keyed action sends (its session read, then begin, the key's claim, the case
 *    read that marks its notices read, the case's update, the event, the notice, the key's
 *    answer, commit), without HTTP or the platform's code: what the statements alone allow;
 * 3. **HTTP floor**: the same clients on keep-alive HTTP asking `GET /api/health` (one
 *    `select 1`): what a request through this server allows with almost no work in it;
 * 4. **action**: N clients, each signed in with its own session and acting on its own arrears
 *    case: `POST /api/cases/{id}/actions` `supervise` (提醒) with an `Idempotency-Key`, as the web
 *    client sends it, over keep-alive HTTP; the next request carries the version the answer gave;
 * 5. **action, no key**: the same without an `Idempotency-Key` (API clients that send none).
 * Each phase runs `--warmup` seconds uncounted, then `--seconds` counted. Markdown to stdout:
 * throughput, p50/p95 of one request, the ratio to bare, and the server's CPU per action.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../src/app-context.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { registerCase } from '../src/cases/register-case.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { makeCreditCode } from '../src/domain/credit-code.ts';
import { accounts } from '../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import { buildServer } from '../src/http/server.ts';
import { ephemeralKeys } from '../src/security/keys.ts';
import { openBenchDatabase } from './support.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);

const TENANT = 'hanjiang';
const PASSWORD = 'Bench-password-2026';
const office: Actor = { id: 'acc-bench-office', name: '营商办（基准）', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
};

interface PhaseResult {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  /** Process CPU (user + system) per operation, ms: the server, the clients and, on PGlite, the database. */
  readonly cpuMs: number;
}

/**
 * `clients` loops of `work(client)` for `warmup` seconds uncounted, then `seconds` counted: the
 * operations that started in the counted window, their latencies, the process CPU they took.
 * The windows are read off `performance.now()` in the loops, not set by timers: PGlite answers on
 * the microtask queue, so loops of bare transactions never let a timer run.
 */
const phase = async (work: (client: number) => Promise<void>): Promise<PhaseResult> => {
  const countFrom = performance.now() + warmup * 1000;
  const stopAt = countFrom + seconds * 1000;
  const samples: number[] = [];
  let cpuBefore: NodeJS.CpuUsage | null = null;
  let lastFinished = countFrom;
  const loop = async (client: number) => {
    for (;;) {
      const started = performance.now();
      if (started >= stopAt) return;
      const counted = started >= countFrom;
      if (counted && cpuBefore === null) cpuBefore = process.cpuUsage();
      await work(client);
      if (!counted) continue;
      const finished = performance.now();
      samples.push(finished - started);
      lastFinished = Math.max(lastFinished, finished);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  const cpu = process.cpuUsage(cpuBefore ?? undefined);
  const elapsed = (lastFinished - countFrom) / 1000;
  samples.sort((a, b) => a - b);
  return {
    count: samples.length,
    perSecond: samples.length / elapsed,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(samples.length, 1),
  };
};

const bench = await openBenchDatabase();
const { db } = bench.database;
const app: AppContext = { db, tenantId: TENANT, clock: () => new Date(), keys: ephemeralKeys() };
try {
  await seedReferenceData(db, TENANT);
  await db.insert(accounts).values({
    id: office.id,
    tenantId: TENANT,
    username: 'bench-office',
    displayName: office.name,
    passwordHash: await hashPassword(PASSWORD),
    demo: true,
    role: office.role,
    unitId: office.unitId,
    jurisdictionId: null,
  });

  // The bare transaction's tables: an append-only event table and a row per client the size of a case's projection.
  await db.execute(sql`create table bench_events (id bigserial primary key, row_id int not null, seq int not null, payload jsonb not null, at timestamptz not null)`);
  await db.execute(sql`create table bench_rows (id int primary key, version int not null, detail jsonb not null)`);
  const detail = JSON.stringify({ text: '案件投影'.repeat(300) });
  for (let client = 0; client < clients; client += 1) {
    await db.execute(sql`insert into bench_rows values (${client}, 0, ${detail}::jsonb)`);
  }
  const seqs = new Array<number>(clients).fill(0);
  const bare = await phase(async (client) => {
    const seq = (seqs[client] = seqs[client]! + 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_events (row_id, seq, payload, at) values (${client}, ${seq}, ${JSON.stringify({ level: 'reminder', note: '请加快办理。' })}::jsonb, now())`);
      await tx.execute(sql`update bench_rows set version = ${seq}, detail = ${detail}::jsonb where id = ${client}`);
    });
  });

  // The statements of one keyed action on tables of the bench's own, each a round trip as the
  // action's are (`log_statement = all` of one `supervise`, docs/BENCHMARKS.md).
  await db.execute(sql`create table bench_sessions (id int primary key, last_seen_at timestamptz not null)`);
  await db.execute(sql`create table bench_keys (key text primary key, answer jsonb)`);
  await db.execute(sql`create table bench_notices (id bigserial primary key, row_id int not null, read_at timestamptz)`);
  await db.execute(sql`create index bench_notices_unread on bench_notices (row_id) where read_at is null`);
  for (let client = 0; client < clients; client += 1) await db.execute(sql`insert into bench_sessions values (${client}, now())`);
  const answer = JSON.stringify({ id: 'case', state: 'assigned', version: 1, deadline: '2026-12-31' });
  const roundTrips = await phase(async (client) => {
    const seq = (seqs[client] = seqs[client]! + 1);
    const key = randomUUID();
    await db.execute(sql`select id, last_seen_at from bench_sessions where id = ${client}`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_keys (key) values (${key}) on conflict do nothing returning key`);
      await tx.execute(sql`with read as (update bench_notices set read_at = now() where row_id = ${client} and read_at is null) select version, detail from bench_rows where id = ${client}`);
      await tx.execute(sql`update bench_rows set version = ${seq}, detail = ${detail}::jsonb where id = ${client}`);
      await tx.execute(sql`insert into bench_events (row_id, seq, payload, at) values (${client}, ${seq}, ${JSON.stringify({ level: 'reminder', note: '请加快办理。' })}::jsonb, now())`);
      await tx.execute(sql`insert into bench_notices (row_id) values (${client})`);
      await tx.execute(sql`update bench_keys set answer = ${answer}::jsonb where key = ${key}`);
    });
  });

  const server = await buildServer({ app, databaseKind: bench.database.kind, demo: true });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const request = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const content = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
      const outgoing = http.request(
        { host: '127.0.0.1', port, method, path, agent, headers: { ...content, ...headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });

  try {
    const tokens: string[] = [];
    const caseIds: string[] = [];
    const versions: number[] = [];
    for (let client = 0; client < clients; client += 1) {
      const signIn = await request('POST', '/api/session', { username: 'bench-office', password: PASSWORD });
      if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
      tokens.push((JSON.parse(signIn.body) as { token: string }).token);
      const record = await registerCase(app, office, {
        line: 'arrears',
        source: 'assigned',
        instruction: '请核实并依规清偿。',
        title: `拖欠设备货款（基准 ${client + 1}）`,
        facts: '设备已验收，货款未付。',
        enterprise: { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91420100MA4KX8Q2P') },
        responsibleUnitId: client % 2 === 0 ? LOCAL_UNIT_IDS.handong.jiaoyuju : LOCAL_UNIT_IDS.jiangbei.jiaoyuju,
        claimedAmount: 1_000_000 + client,
      });
      caseIds.push(record.id);
      versions.push(record.version);
    }
    const httpFloor = await phase(async () => {
      const health = await request('GET', '/api/health', undefined);
      if (health.status !== 200) throw new Error(`health failed (${health.status}): ${health.body}`);
    });
    let answerBytes = 0;
    const act = (keyed: boolean) => async (client: number) => {
      const answer = await request(
        'POST',
        `/api/cases/${caseIds[client]}/actions`,
        { action: 'supervise', expectedVersion: versions[client], level: 'reminder', note: '请加快办理，按期反馈。' },
        { authorization: `Bearer ${tokens[client]}`, ...(keyed ? { 'idempotency-key': `bench-${randomUUID()}` } : {}) },
      );
      if (answer.status !== 200) throw new Error(`action failed (${answer.status}): ${answer.body}`);
      answerBytes = Buffer.byteLength(answer.body);
      versions[client] = (JSON.parse(answer.body) as { version: number }).version;
    };
    const keyed = await phase(act(true));
    const keyedBytes = answerBytes;
    const unkeyed = await phase(act(false));

    const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
    const rate = (value: number) => Math.round(value).toLocaleString('en-US');
    console.log(`### Case actions on ${bench.label}: ${clients} clients, ${seconds} s counted after ${warmup} s\n`);
    console.log('| what | operations | per second | p50 ms | p95 ms | ÷ bare | process CPU per operation ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const row = (label: string, result: PhaseResult) =>
      console.log(
        `| ${label} | ${result.count.toLocaleString('en-US')} | ${rate(result.perSecond)} | ${ms(result.p50)} | ${ms(result.p95)} | ${(result.perSecond / bare.perSecond).toFixed(3)} | ${ms(result.cpuMs)} |`,
      );
    row('bare transaction (insert event + update row): 4 round trips', bare);
    row('the keyed action’s 9 statements, bare (no HTTP)', roundTrips);
    row('HTTP floor: `GET /api/health` (one `select 1`)', httpFloor);
    row('`supervise` via HTTP with Idempotency-Key', keyed);
    row('`supervise` via HTTP without key', unkeyed);
    console.log(`\nAnswer of one action: ${keyedBytes.toLocaleString('en-US')} bytes.`);
  } finally {
    agent.destroy();
    await server.close();
  }
} finally {
  await bench.database.close();
  await bench.drop();
}
