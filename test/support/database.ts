/**
 * The database every DB test file uses: PostgreSQL when TEST_DATABASE_URL is set (a fresh
 * database per call, dropped at close), otherwise in-memory PGlite. Migrated, and seeded with
 * the Hanjiang reference data under tenant 'hanjiang'.
 *
 * Under vitest each one is a copy of the template the global setup made once
 * (test/support/database-template.ts): a PostgreSQL `create database … template`, or PGlite
 * loaded from a dump. Without that template (a script run outside vitest) it is built afresh.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';

/** What the global setup hands every test file: where its migrated, seeded database lies. */
export type DatabaseTemplate = { readonly kind: 'postgres'; readonly name: string } | { readonly kind: 'pglite'; readonly dumpFile: string };

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate | null;
    /** A temporary folder for the whole run, removed at its end: what test files share. */
    testRunFolder: string;
  }
}

/** What the global setup provided under `key`; null outside a vitest worker (a script). */
export const provided = <K extends 'databaseTemplate' | 'testRunFolder'>(key: K) => {
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
};

const pgliteCopies = new Map<string, Promise<Blob>>();
/** A PGlite dump, read once per test file. */
const pgliteCopy = (dumpFile: string): Promise<Blob> => {
  let copy = pgliteCopies.get(dumpFile);
  if (copy === undefined) pgliteCopies.set(dumpFile, (copy = readFile(dumpFile).then((bytes) => new Blob([bytes]))));
  return copy;
};

const serverUrl = process.env.TEST_DATABASE_URL;

/** 'postgres' or 'pglite', for test titles. */
export const backendName: Database['kind'] = serverUrl ? 'postgres' : 'pglite';

export const TEST_TENANT_ID = 'hanjiang';

export interface ServerDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The migrated database with the reference data the global setup made for this backend, if any. */
const referenceTemplate = (): DatabaseTemplate | null => {
  const template = provided('databaseTemplate');
  return template?.kind === backendName ? template : null;
};

const withAdmin = async (work: (admin: pg.Client) => Promise<void>): Promise<void> => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
};

/** A new database on the TEST_DATABASE_URL server: empty, or a copy of `template`. */
export const createServerDatabase = async (template?: string): Promise<ServerDatabase> => {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cx_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}${template === undefined ? '' : ` template ${template}`}`).then(() => undefined));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropServerDatabase(name),
  };
};

export const dropServerDatabase = (name: string): Promise<void> =>
  withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`).then(() => undefined));

/**
 * A fresh test database: a copy of `template` (by default the global setup's migrated database
 * with the reference data), or, without one, migrated and seeded here.
 */
export const createTestDatabase = async (
  template: DatabaseTemplate | null = referenceTemplate(),
): Promise<Database & { tenantId: string; url: string | null }> => {
  const server = serverUrl ? await createServerDatabase(template?.kind === 'postgres' ? template.name : undefined) : undefined;
  let database: Database;
  try {
    database = await openDatabase(
      server ? { databaseUrl: server.url } : { memory: true, ...(template?.kind === 'pglite' ? { copyOf: await pgliteCopy(template.dumpFile) } : {}) },
    );
  } catch (error) {
    await server?.drop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const testDatabase = {
    kind: database.kind,
    db: database.db,
    dump: database.dump,
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
    if (template === null) await seedReferenceData(database.db, TEST_TENANT_ID);
  } catch (error) {
    await testDatabase.close();
    throw error;
  }
  return testDatabase;
};
