/**
 * Opens the database: a PostgreSQL server when a URL is given, otherwise embedded PGlite in
 * a data folder (or in memory, for tests). Both give the same drizzle type, the same schema
 * (migrated before use) and the same JS values (see `value-parsers.ts`).
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { AppError } from '../domain/errors.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { runMigrations } from './migrate.ts';
import * as schema from './schema.ts';
import { pgliteSqlClient, poolSqlClient, type SqlClient } from './sql-client.ts';
import { installPgParsers, pgliteParsers } from './value-parsers.ts';

/**
 * What `db.execute()` returns on either driver: node-postgres's `QueryResult` and PGlite's
 * `Results` both carry `rows`.
 */
export interface DbQueryResult<Row> {
  rows: Row[];
}

export interface DbQueryResultHKT extends PgQueryResultHKT {
  type: DbQueryResult<this['row']>;
}

/** The drizzle database, the same type for both backends. A transaction is also a `Db`. */
export type Db = PgDatabase<DbQueryResultHKT, typeof schema>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  close(): Promise<void>;
  /** An embedded database's whole data folder as an uncompressed tar (`copyOf` loads it); null on a server. */
  dump(): Promise<Blob> | null;
}

export interface OpenDatabaseOptions {
  /** postgres://… — a PostgreSQL (15+) server. Takes precedence over the other options. */
  databaseUrl?: string;
  /** Folder for embedded PGlite; its data lives in `${dataDir}/pgdata`. */
  dataDir?: string;
  /** Embedded PGlite in memory, gone at close (tests). */
  memory?: boolean;
  /**
   * With `memory`, or a `dataDir` holding no database yet: start from this copy of another
   * embedded database (`Database.dump`, plain or gzipped) instead of an empty one. Tests share
   * one migrated database this way: loading a copy skips PGlite's initdb and the migrations,
   * most of a fresh database's start; `chengxin restore` loads a backup this way.
   */
  copyOf?: Blob;
}

/**
 * Every session works in the city's time zone, so that `now()::date` and day/month
 * groupings in SQL mean the same on both backends (SPEC §2: dates are Asia/Shanghai).
 */
export const SESSION_TIME_ZONE = 'Asia/Shanghai';

const POOL_SIZE = 10;

/** Closing twice is harmless, as callers (tests, signal handlers) may race to close. */
const once = (close: () => Promise<void>): (() => Promise<void>) => {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
};

/**
 * Opens and migrates the database.
 * @throws AppError DATA_FOLDER_LOCKED when another process uses `dataDir`.
 * @throws AppError MIGRATIONS_DIVERGED when the database was migrated by another version.
 */
export const openDatabase = async (options: OpenDatabaseOptions): Promise<Database> => {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  if (options.dataDir) return openPglite(options.dataDir, options.copyOf);
  if (options.memory) return openPglite(undefined, options.copyOf);
  throw new AppError('VALIDATION_FAILED', '未指定数据库：请设置 DATABASE_URL，或用 --data 指定数据目录。');
};

const migrated = async (database: Database, client: SqlClient): Promise<Database> => {
  try {
    await runMigrations(client);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
};

const openPostgres = async (databaseUrl: string): Promise<Database> => {
  installPgParsers();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_SIZE,
    // JIT compilation costs more than it saves on this workload: measured on the dispatch
    // report, its workbook and the intake desk at 100,000 cases (docs/BENCHMARKS.md).
    options: `-c TimeZone=${SESSION_TIME_ZONE} -c jit=off`,
  });
  // An idle client losing its server connection must not crash the process; the next
  // query on the pool reports the failure instead.
  pool.on('error', (error) => console.error(`数据库空闲连接出错：${error.message}`));
  const db: Db = drizzleNodePg({ client: pool, schema });
  return migrated({ kind: 'postgres', db, close: once(() => pool.end()), dump: () => null }, poolSqlClient(pool));
};

const openPglite = async (dataDir: string | undefined, copyOf?: Blob): Promise<Database> => {
  const release = dataDir === undefined ? undefined : await lockDataFolder(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir === undefined ? undefined : join(dataDir, 'pgdata'), {
      parsers: pgliteParsers,
      ...(copyOf === undefined ? {} : { loadDataDir: copyOf }),
    });
    // PGlite is one session for the life of the process: a session setting holds throughout.
    await pglite.exec(`set time zone '${SESSION_TIME_ZONE}'`);
  } catch (error) {
    await release?.();
    throw error;
  }
  const db: Db = drizzlePglite({ client: pglite, schema });
  const close = once(async () => {
    try {
      await pglite.close();
    } finally {
      await release?.();
    }
  });
  return migrated({ kind: 'pglite', db, close, dump: () => pglite.dumpDataDir('none') }, pgliteSqlClient(pglite));
};
