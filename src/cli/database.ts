/**
 * How the commands reach the database: `DATABASE_URL` (PostgreSQL) wins over `--data`
 * (embedded PGlite in a folder, locked for this process).
 */
import { resolve } from 'node:path';
import type { AppContext } from '../app-context.ts';
import { openDatabase, type Database } from '../db/connection.ts';
import { keyFilePath, loadKeys, type AppKeys } from '../security/keys.ts';

export const DEFAULT_DATA_FOLDER = './data';

export interface DatabaseOptions {
  readonly data?: string;
}

export interface CliDatabase extends Database {
  /** Where the data is, for the console; a server URL without its password. */
  readonly where: string;
  /** The keys of the key file (`CHENGXIN_KEY_FILE`, else `chengxin.key` in the data folder). */
  readonly keys: AppKeys;
}

/** A server URL for the console: without its password. */
export const withoutPassword = (url: string): string => {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'PostgreSQL';
  }
};

/**
 * Opens (and migrates) the database the options and environment name.
 * @throws AppError DATA_FOLDER_LOCKED, MIGRATIONS_DIVERGED
 */
export const openCliDatabase = async (options: DatabaseOptions): Promise<CliDatabase> => {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(options.data ?? DEFAULT_DATA_FOLDER);
  if (databaseUrl) {
    const keys = await loadKeys(keyFilePath(dataDir));
    const database = await openDatabase({ databaseUrl });
    return { ...database, keys, where: `PostgreSQL ${withoutPassword(databaseUrl)}` };
  }
  const database = await openDatabase({ dataDir });
  try {
    return { ...database, keys: await loadKeys(keyFilePath(dataDir)), where: `PGlite 数据目录 ${dataDir}` };
  } catch (error) {
    await database.close();
    throw error;
  }
};

/** Runs `work` with the database open, and closes it whatever happens. */
export const withDatabase = async <T>(options: DatabaseOptions, work: (database: CliDatabase) => Promise<T>): Promise<T> => {
  const database = await openCliDatabase(options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
};

/** The context of the use cases for a command: the real clock. */
export const cliAppContext = (database: CliDatabase, tenantId: string): AppContext => ({
  db: database.db,
  tenantId,
  clock: () => new Date(),
  keys: database.keys,
});
