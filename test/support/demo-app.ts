/**
 * The demo city (src/demo) served in process over a fresh copy of its database (demo-database.ts),
 * with every demo account signed in once, for tests that ask what each person of the city may do
 * with the city's real objects. A write can run in a transaction that is rolled back afterwards,
 * so that each request meets the seeded city as it was.
 */
import type { PGlite } from '@electric-sql/pglite';
import { eq, TransactionRollbackError } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AppContext } from '../../src/app-context.ts';
import { actorOf } from '../../src/auth/sessions.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoUsername } from '../../src/demo/accounts.ts';
import type { Db } from '../../src/db/connection.ts';
import * as schema from '../../src/db/schema.ts';
import { accounts } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { DEMO_NOW } from './clock.ts';
import { createDemoDatabase } from './demo-database.ts';

export type DemoResponse = Awaited<ReturnType<FastifyInstance['inject']>>;

/** A demo account as the access rules see it. */
export interface DemoPerson {
  readonly username: DemoUsername;
  readonly actor: Actor;
}

export interface DemoApp {
  readonly app: AppContext;
  readonly server: FastifyInstance;
  /** The database as seeded, outside any rolled-back transaction. */
  readonly db: Db;
  /** Every demo account, in the order of `DEMO_ACCOUNTS`. */
  readonly people: readonly DemoPerson[];
  /** Sends a request as `username` (null: signed out) and waits until the server has finished with it, its after-response hooks included. */
  request(username: DemoUsername | null, options: InjectOptions): Promise<DemoResponse>;
  /** Runs `work` with the server writing into a transaction that is rolled back afterwards. */
  rolledBack<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DemoAppOptions {
  /** Called with every statement the server sends (not the test's own, through `DemoApp.db`). */
  readonly onQuery?: (query: string) => void;
}

/** A second drizzle over the same connection (`$client`) that reports each statement. */
const reporting = (database: { kind: 'pglite' | 'postgres'; db: Db }, onQuery: (query: string) => void): Db => {
  const client = (database.db as unknown as { $client: unknown }).$client;
  const logger = { logQuery: (query: string) => onQuery(query) };
  return database.kind === 'pglite'
    ? drizzlePglite({ client: client as PGlite, schema, logger })
    : drizzleNodePg({ client: client as pg.Pool, schema, logger });
};

/** The demo city at its own "today" (a fixed clock: no session idles out while a long test runs). */
export const createDemoApp = async (options: DemoAppOptions = {}): Promise<DemoApp> => {
  const { database, keys } = await createDemoDatabase();
  const served = options.onQuery === undefined ? database.db : reporting(database, options.onQuery);
  // The server reads `app.db` on every use: `rolledBack` points it at a transaction for a while.
  let current: Db = served;
  const app: AppContext = {
    get db() {
      return current;
    },
    tenantId: database.tenantId,
    clock: () => new Date(DEMO_NOW),
    keys,
  };
  const server = await buildServer({ app, databaseKind: database.kind, demo: true });
  // The security log is written after the response is sent; a request is done once that is too.
  let inFlight = 0;
  let drained: (() => void) | null = null;
  server.addHook('onRequest', async () => {
    inFlight += 1;
  });
  server.addHook('onResponse', async () => {
    inFlight -= 1;
    if (inFlight === 0) drained?.();
  });
  const settled = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve)));

  const rows = await database.db.select().from(accounts).where(eq(accounts.tenantId, database.tenantId));
  const people = await Promise.all(
    DEMO_ACCOUNTS.map(async ({ username }) => ({ username, actor: await actorOf(app, rows.find((row) => row.username === username)!) })),
  );
  const tokens = new Map<DemoUsername, string>();
  for (const { username } of DEMO_ACCOUNTS) {
    const response = await server.inject({ method: 'POST', url: '/api/session', payload: { username, password: DEMO_PASSWORD } });
    if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.body}`);
    tokens.set(username, response.json<{ token: string }>().token);
  }
  await settled();

  return {
    app,
    server,
    db: database.db,
    people,
    async request(username, options) {
      const authorization = username === null ? {} : { authorization: `Bearer ${tokens.get(username)!}` };
      const response = await server.inject({ ...options, headers: { ...options.headers, ...authorization } });
      await settled();
      return response;
    },
    async rolledBack<T>(work: () => Promise<T>): Promise<T> {
      let done: { readonly result: T } | undefined;
      try {
        await served.transaction(async (tx) => {
          current = tx;
          try {
            done = { result: await work() };
          } finally {
            current = served;
          }
          tx.rollback();
        });
      } catch (error) {
        if (!(error instanceof TransactionRollbackError) || done === undefined) throw error;
      }
      return done!.result;
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
};
