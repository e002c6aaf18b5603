/**
 * Forward-only migrations: plain SQL files in `migrations/`, applied in name order, each in
 * its own transaction, recorded in `schema_migrations`. The runner refuses to start when the
 * database has applied something other than a prefix of the files (after a downgrade, or a
 * file renamed or inserted before one already applied), as Actual Budget's runner does.
 */
import { readdir, readFile } from 'node:fs/promises';
import { AppError } from '../domain/errors.ts';
import type { SqlClient, SqlTransaction } from './sql-client.ts';

export interface Migration {
  /** File name, e.g. `20261126_0001_initial.sql`; its order is the order of application. */
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Serialises runners of several processes on one PostgreSQL server. Held per transaction
 * (pg_advisory_xact_lock), so a crashed runner cannot leave it taken.
 */
const MIGRATION_LOCK_KEY = 7_261_126_001;

// Plain code-point order, the same in JS and in every database collation.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the migration files of `directory` (default: the ones shipped with this module). */
export const readMigrations = async (directory: URL = MIGRATIONS_DIR): Promise<Migration[]> => {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort(byName);
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(new URL(name, directory), 'utf8') })));
};

const appliedNames = async (tx: SqlTransaction): Promise<string[]> => {
  const [table] = await tx.query<{ present: boolean }>(
    `select to_regclass('schema_migrations') is not null as present`,
  );
  if (!table?.present) {
    await tx.exec(
      'create table schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    return [];
  }
  const rows = await tx.query<{ name: string }>('select name from schema_migrations');
  return rows.map((row) => row.name).sort(byName);
};

/** @throws AppError MIGRATIONS_DIVERGED when `applied` is not a prefix of `files`. */
const assertPrefix = (applied: readonly string[], files: readonly string[]): void => {
  const firstMismatch = applied.findIndex((name, index) => files[index] !== name);
  if (firstMismatch === -1) return;
  const unknown = applied.filter((name) => !files.includes(name));
  throw new AppError(
    'MIGRATIONS_DIVERGED',
    `数据库已执行的迁移与本程序的迁移文件不一致（自“${applied[firstMismatch]}”起），为免损坏数据，拒绝启动。` +
      `数据库已执行：${applied.join('、')}；本程序包含：${files.join('、') || '（无）'}。` +
      (unknown.length > 0 ? `本程序不认识：${unknown.join('、')}。` : '') +
      '请使用与该数据库匹配的 chengxin 版本。',
    { applied, files, unknown },
  );
};

/**
 * Applies the migrations not yet applied, one transaction per file, under an advisory lock
 * so that two processes starting at once apply each file exactly once.
 * @returns the names applied by this call, in order (empty when the schema was current).
 * @throws AppError MIGRATIONS_DIVERGED, before changing anything.
 */
export const runMigrations = async (
  client: SqlClient,
  migrations?: readonly Migration[],
): Promise<string[]> => {
  const files = [...(migrations ?? (await readMigrations()))].sort((a, b) => byName(a.name, b.name));
  const fileNames = files.map((file) => file.name);
  const appliedNow: string[] = [];
  for (;;) {
    const name = await client.transaction(async (tx) => {
      await tx.exec(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      // Read under the lock: another process may have applied some files meanwhile.
      const applied = await appliedNames(tx);
      assertPrefix(applied, fileNames);
      const next = files[applied.length];
      if (next === undefined) return null;
      await tx.exec(next.sql);
      await tx.query('insert into schema_migrations (name) values ($1)', [next.name]);
      return next.name;
    });
    if (name === null) return appliedNow;
    appliedNow.push(name);
  }
};
