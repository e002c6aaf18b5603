/**
 * Vitest global setup: migrates and seeds one database the way `createTestDatabase` would, and
 * lets every test file start from a copy of it (test/support/database.ts). Most of a fresh
 * database's start is PGlite's initdb and the migrations; a copy skips both.
 *
 * PostgreSQL: a template database on the TEST_DATABASE_URL server, dropped at the end.
 * PGlite: a dump of the data folder in the run's temporary folder, removed at the end. That
 * folder also holds what test files share for the run (the demo city's copy, demo-database.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connection.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';
import { createServerDatabase, TEST_TENANT_ID } from './database.ts';
import { dropDemoTemplate } from './demo-database.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), `chengxin-test-run-${randomBytes(3).toString('hex')}-`));
  project.provide('testRunFolder', folder);
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  if (process.env.TEST_DATABASE_URL) {
    const server = await createServerDatabase();
    try {
      const database = await openDatabase({ databaseUrl: server.url });
      try {
        await seedReferenceData(database.db, TEST_TENANT_ID);
      } finally {
        // A template database cannot be copied while anyone is connected to it.
        await database.close();
      }
    } catch (error) {
      await server.drop();
      throw error;
    }
    project.provide('databaseTemplate', { kind: 'postgres', name: new URL(server.url).pathname.slice(1) });
    return async () => {
      await dropDemoTemplate(folder);
      await server.drop();
      await removeFolder();
    };
  }
  const database = await openDatabase({ memory: true });
  try {
    await seedReferenceData(database.db, TEST_TENANT_ID);
    const dumpFile = join(folder, 'pgdata.tar');
    await writeFile(dumpFile, Buffer.from(await (await database.dump()!).arrayBuffer()));
    project.provide('databaseTemplate', { kind: 'pglite', dumpFile });
  } finally {
    await database.close();
  }
  return removeFolder;
}
