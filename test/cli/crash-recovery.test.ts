/**
 * kill -9 of `chengxin serve` under write load (issue 14): several clients report progress on
 * demo cases over HTTP, the server is killed with SIGKILL at a random point while their writes
 * are in flight, and started again on the same data. Every write it acknowledged is there, every
 * write in doubt is either there or done by its retry with the same Idempotency-Key — exactly
 * once —, no case has a gap in its events, and `chengxin verify-audit` (chains, projections as
 * the fold of their events) exits 0.
 *
 * The suite runs once per backend and so does this: on PostgreSQL (TEST_DATABASE_URL) the server
 * runs on a fresh copy of the demo database; on PGlite, on a data folder holding the demo. PGlite
 * runs with fsync off, so this is its process crash: nothing acknowledged may be lost, and the
 * dead process's `chengxin.lock` is taken over by the restart (ARCHITECTURE.md).
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/db/data-folder-lock.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { commandsTimeout, DEMO_COMMAND_TIMEOUT_MS, finished, startChengxin } from '../support/cli.ts';
import { backendName } from '../support/database.ts';
import { createDemoDatabase, type DemoDatabase } from '../support/demo-database.ts';
import { freePort, SERVE_READY_TIMEOUT_MS, serveOn, type ServeProcess } from '../support/serve.ts';

/** Clients writing at once, each on a case of its own, one request after another. */
const CLIENTS = 6;
/** The kill falls after this many acknowledged writes (drawn anew each run) and a few more milliseconds. */
const KILL_AFTER = { min: 12, max: 40 };
const KILL_JITTER_MS = 25;
/** How long a write in doubt is retried after the restart (an unfinished claim answers 409 IDEMPOTENCY_IN_PROGRESS meanwhile). */
const RETRY_FOR_MS = 60_000;

interface Write {
  readonly client: number;
  readonly caseId: string;
  readonly key: string;
  readonly progress: string;
  readonly expectedVersion: number;
  /** The version the server answered with; null while in doubt (sent, no answer before the kill). */
  version: number | null;
}

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly body: {
    token?: string;
    version?: number;
    items?: { id: string }[];
    availableActions?: { action: string }[];
    events?: { seq: number; type: string; payload: { progress?: string } }[];
    error?: { code: string };
  };
}

const call = async (url: string, method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Reply> => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.key === undefined ? {} : { 'idempotency-key': options.key }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Reply['body'] };
};

const reportProgress = (url: string, token: string, write: Write) =>
  call(url, 'POST', `/api/cases/${write.caseId}/actions`, {
    token,
    key: write.key,
    body: { action: 'report_progress', expectedVersion: write.expectedVersion, progress: write.progress },
  });

// Two servers (each up to SERVE_READY_TIMEOUT_MS), verify-audit, the load and the retries.
describe(`kill -9 of chengxin serve under write load (${backendName})`, { timeout: 2 * SERVE_READY_TIMEOUT_MS + commandsTimeout(3) }, () => {
  let demo: DemoDatabase;
  let folder: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServeProcess | undefined;

  beforeAll(async () => {
    demo = await createDemoDatabase();
    folder = await mkdtemp(join(tmpdir(), 'chengxin-crash-'));
    dataDir = join(folder, 'data');
    await mkdir(dataDir);
    env = { CHENGXIN_KEY_FILE: demo.keyFile! };
    if (demo.database.url !== null) {
      env.DATABASE_URL = demo.database.url;
    } else {
      // The demo's database, as a data folder of its own for the server.
      const copy = await demo.database.dump()!;
      const folderDatabase = await PGlite.create(join(dataDir, 'pgdata'), { loadDataDir: copy });
      await folderDatabase.close();
      await demo.database.close();
    }
  }, DEMO_COMMAND_TIMEOUT_MS);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await demo?.database.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, and every write in doubt exactly once after its retry, with intact chains', async () => {
    const port = await freePort();
    const serveArgs = ['--data', dataDir, '--demo', '--no-scheduler'];
    server = await serveOn(port, serveArgs, env);
    const { url } = server;

    const signIn = async (username: string) => {
      const reply = await call(url, 'POST', '/api/session', { body: { username, password: DEMO_PASSWORD } });
      expect(reply.status, reply.text).toBe(200);
      return reply.body.token!;
    };
    // 营商办 may report progress on any open case; sessions live in the database and outlive the crash.
    const token = await signIn('yingshangban');
    const ledger = await call(url, 'GET', '/api/cases?open=true&limit=100&sort=registered_asc', { token });
    expect(ledger.status, ledger.text).toBe(200);
    const cases: { id: string; version: number }[] = [];
    for (const { id } of ledger.body.items!) {
      const view = await call(url, 'GET', `/api/cases/${id}`, { token });
      if (view.body.availableActions!.some(({ action }) => action === 'report_progress')) cases.push({ id, version: view.body.version! });
      if (cases.length === CLIENTS) break;
    }
    expect(cases).toHaveLength(CLIENTS);

    const writes: Write[] = [];
    const refused: Reply[] = [];
    const killAfter = randomInt(KILL_AFTER.min, KILL_AFTER.max + 1);
    let acknowledged = 0;
    let killed = false;
    const crashed = server;
    const kill = () => {
      killed = true;
      crashed.child.kill('SIGKILL');
    };
    const drive = async (client: number) => {
      let version = cases[client]!.version;
      for (let n = 1; !killed; n += 1) {
        const write: Write = {
          client,
          caseId: cases[client]!.id,
          key: `crash-${client}-${n}-${randomInt(1e9)}`,
          progress: `客户端${client + 1}第${n}次报送的进展`,
          expectedVersion: version,
          version: null,
        };
        writes.push(write);
        let reply: Reply;
        try {
          reply = await reportProgress(url, token, write);
        } catch {
          return; // The server went down with this write in flight: in doubt.
        }
        if (reply.status !== 200) {
          refused.push(reply);
          return;
        }
        write.version = reply.body.version!;
        version = write.version;
        acknowledged += 1;
        if (acknowledged === killAfter) setTimeout(kill, randomInt(KILL_JITTER_MS));
      }
    };
    await Promise.all(cases.map((_, client) => drive(client)));
    const { signal } = await crashed.exited;
    expect(signal).toBe('SIGKILL');
    expect(refused.map((reply) => reply.text)).toEqual([]);
    const inDoubt = writes.filter((write) => write.version === null);
    expect(acknowledged).toBeGreaterThanOrEqual(killAfter);
    expect(inDoubt.length, 'writes in flight when the server was killed').toBeGreaterThan(0);
    // The dead process's lock is still there: the restart must take it over.
    if (backendName === 'pglite') expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);

    server = await serveOn(port, serveArgs, env);
    // Each write in doubt again with its key: the stored answer if it was committed, else done now.
    for (const write of inDoubt) {
      // Until the key no longer reads as in progress (a claim the killed process left open).
      let reply: Reply | undefined;
      await expect
        .poll(async () => {
          reply = await reportProgress(url, token, write);
          return reply.body.error?.code === 'IDEMPOTENCY_IN_PROGRESS';
        }, { timeout: RETRY_FOR_MS, interval: 200 })
        .toBe(false);
      expect(reply!.status, reply!.text).toBe(200);
      write.version = reply!.body.version!;
    }

    for (const [client, { id, version: before }] of cases.entries()) {
      const view = await call(url, 'GET', `/api/cases/${id}`, { token });
      expect(view.status, view.text).toBe(200);
      const events = view.body.events!;
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: view.body.version! }, (_, index) => index + 1));
      // Every write of this client, and nothing else, in the order it was sent, at the version it was answered with.
      const mine = writes.filter((write) => write.client === client);
      expect(events.slice(before).map((event) => event.payload.progress)).toEqual(mine.map((write) => write.progress));
      expect(mine.map((write) => write.version)).toEqual(mine.map((_, index) => before + index + 1));
    }

    const stopped = server;
    server = undefined;
    stopped.child.kill('SIGTERM');
    expect((await stopped.exited).code).toBe(0);
    const audit = await finished(startChengxin(['verify-audit', '--data', dataDir], env));
    expect(audit.stderr).toBe('');
    expect(audit.code, audit.stdout).toBe(0);
    expect(audit.stdout).toContain('审计日志完整');
  });
});
