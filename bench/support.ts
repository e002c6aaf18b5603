/**
 * What the benchmarks share: a throw-away database (a fresh `cx_bench_<random>` on the
 * DATABASE_URL server, dropped at the end, or in-memory PGlite), timing, and the SQL that a use
 * case sends, captured without changing `src/`.
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { AppContext } from '../src/app-context.ts';
import { listCases, type ListCasesQuery } from '../src/cases/list-cases.ts';
import { openDatabase, type Database, type Db } from '../src/db/connection.ts';
import type { Actor } from '../src/domain/access/roles.ts';

/**
 * The URL of a database kept on the DATABASE_URL server between runs (a province seeded by
 * `seed-province.ts`), named `name`.
 * @throws Error without DATABASE_URL
 */
export const keptDatabaseUrl = (name: string): string => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL (the server that holds --database) is required');
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export interface BenchDatabase {
  readonly database: Database;
  readonly label: string;
  drop(): Promise<void>;
}

/**
 * Without DATABASE_URL: PGlite in memory. With it: creates `cx_bench_<random>` on that server
 * (the URL's own database is used only to run CREATE/DROP DATABASE) and drops it on `drop()`,
 * on SIGINT and on SIGTERM.
 */
export const openBenchDatabase = async (): Promise<BenchDatabase> => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { database: await openDatabase({ memory: true }), label: 'PGlite (in memory)', drop: async () => {} };
  }
  const name = `cx_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin(`drop database if exists ${name} with (force)`);
  };
  // An interrupted run still removes its database.
  const onSignal = (signal: NodeJS.Signals) => {
    void drop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString() });
    const version = await database.db.execute<{ server_version: string }>(sql`show server_version`);
    return { database, label: `PostgreSQL ${version.rows[0]?.server_version.split(' ')[0] ?? '?'} (database ${name})`, drop };
  } catch (error) {
    await drop();
    throw error;
  }
};

export interface Timing {
  readonly median: number;
  readonly p95: number;
}

const quantile = (sorted: readonly number[], q: number): number => {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
};

/** Median and p95 (interpolated) of `runs` calls, after `warmup` calls that are not counted. */
export const time = async (work: () => Promise<unknown>, runs: number, warmup: number): Promise<Timing> => {
  for (let i = 0; i < warmup; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
};

export const formatMs = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

/**
 * The SQL that `listCases` sends for `actor` and `query`: a proxy over the drizzle database
 * records each select builder's SQL (with its parameters) instead of running it — the page, then
 * the summary (count and money totals of the whole filter), which gets one row of zeros back.
 */
export const captureListSqls = async (app: AppContext, actor: Actor, query: ListCasesQuery): Promise<{ page: SQL; summary: SQL | undefined }> => {
  const captured: SQL[] = [];
  const wrap = (target: object): object =>
    new Proxy(target, {
      get(object, property) {
        if (property === 'then') {
          return (resolve: (value: unknown) => unknown, reject: (reason: unknown) => unknown) => {
            captured.push((object as { getSQL(): SQL }).getSQL());
            const rows = captured.length === 1 ? [] : [{ total: 0, claimedAmount: 0, confirmedAmount: 0, paidAmount: 0, outstandingAmount: 0 }];
            return Promise.resolve(rows).then(resolve, reject);
          };
        }
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
          return result !== null && typeof result === 'object' ? wrap(result) : result;
        };
      },
    });
  const db = new Proxy(app.db, {
    get(object, property) {
      if (property === 'select') return (...args: Parameters<Db['select']>) => wrap(object.select(...args));
      return Reflect.get(object, property, object);
    },
  });
  await listCases({ ...app, db }, actor, query);
  if (captured.length === 0) throw new Error('listCases sent no select');
  return { page: captured[0]!, summary: captured[1] };
};

/** The page's SQL of `listCases` (see `captureListSqls`). */
export const captureListSql = async (app: AppContext, actor: Actor, query: ListCasesQuery): Promise<SQL> =>
  (await captureListSqls(app, actor, query)).page;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The access path on `cases` and `case_events` (and any sort), from EXPLAIN (FORMAT JSON). */
export const planSummary = async (db: Db, query: SQL): Promise<string> => {
  const result = await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${query}`);
  let document = result.rows[0]?.['QUERY PLAN'];
  if (typeof document === 'string') document = JSON.parse(document);
  const root = (document as { Plan: PlanNode }[])[0]!.Plan;
  const parts: string[] = [];
  const visit = (node: PlanNode) => {
    const type = node['Node Type'];
    const onCases = node['Relation Name'] === 'cases' || node['Index Name']?.startsWith('cases_');
    const onEvents = node['Relation Name'] === 'case_events' || node['Index Name']?.startsWith('case_events_');
    if (onCases || onEvents) {
      parts.push(node['Index Name'] ? `${type} ${node['Index Name']}` : type);
    } else if (type === 'Sort' || type === 'Incremental Sort' || type === 'BitmapOr' || type === 'Gather Merge') {
      parts.push(type);
    }
    node.Plans?.forEach(visit);
  };
  visit(root);
  return parts.join(' → ');
};

/**
 * The server's own time for `query` (EXPLAIN ANALYZE's "Execution Time", without per-node
 * timing), median of `runs`: what the end-to-end time spends outside driver and ORM.
 */
export const executionMs = async (db: Db, query: SQL, runs = 7): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = await db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (analyze, timing off, format json) ${query}`);
    let document = result.rows[0]?.['QUERY PLAN'];
    if (typeof document === 'string') document = JSON.parse(document);
    samples.push((document as { 'Execution Time': number }[])[0]!['Execution Time']);
  }
  samples.sort((a, b) => a - b);
  return quantile(samples, 0.5);
};

export const explainAnalyze = async (db: Db, query: SQL): Promise<string> => {
  const result = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, buffers) ${query}`);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
};

