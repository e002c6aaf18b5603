/**
 * The database every DB test file uses: PostgreSQL when TEST_DATABASE_URL is set (a fresh
 * database per call, dropped at close), otherwise in-memory PGlite. Migrated, and seeded with
 * the Hanjiang reference data under tenant 'hanjiang'.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

/** 'postgres' or 'pglite', for test titles. */
export const backendName: Database['kind'] = serverUrl ? 'postgres' : 'pglite';

export const TEST_TENANT_ID = 'hanjiang';

export interface ServerDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

const withAdmin = async (work: (admin: pg.Client) => Promise<void>): Promise<void> => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
};

/** A new, empty database on the TEST_DATABASE_URL server. */
export const createServerDatabase = async (): Promise<ServerDatabase> => {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cx_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`).then(() => undefined));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`).then(() => undefined)),
  };
};

export const createTestDatabase = async (): Promise<Database & { tenantId: string; url: string | null }> => {
  const server = serverUrl ? await createServerDatabase() : undefined;
  let database: Database;
  try {
    database = await openDatabase(server ? { databaseUrl: server.url } : { memory: true });
  } catch (error) {
    await server?.drop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const testDatabase = {
    kind: database.kind,
    db: database.db,
    tenantId: TEST_TENANT_ID,
    /** The server database's URL, for a second connection of a test's own; null on PGlite. */
    url: server?.url ?? null,
    close: () =>
      (closing ??= (async () => {
        await database.close();
        await server?.drop();
      })()),
  };
  try {
    await seedReferenceData(database.db, TEST_TENANT_ID);
  } catch (error) {
    await testDatabase.close();
    throw error;
  }
  return testDatabase;
};
