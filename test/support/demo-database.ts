/**
 * The demo city (src/demo) as a test database: seeded once per run on the demo clock, then
 * copied for every test file that asks (the browser tests, the API tests over the demo), the
 * way test/support/database.ts copies the reference database. Seeding takes seconds; a copy
 * takes a fraction of that.
 *
 * The first file to ask seeds it. A lock folder in the run's folder keeps a second worker from
 * seeding too: it waits until the first has written where the copy lies (or why it failed).
 * Outside vitest (no run folder) each call seeds its own.
 */
import { watch } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../src/app-context.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { ephemeralKeys, loadKeys, type AppKeys } from '../../src/security/keys.ts';
import { DEMO_NOW } from './clock.ts';
import {
  backendName,
  createServerDatabase,
  createTestDatabase,
  dropServerDatabase,
  provided,
  TEST_TENANT_ID,
  type DatabaseTemplate,
} from './database.ts';
import { openDatabase } from '../../src/db/connection.ts';

/** Every demo action happens at or before this instant: the tests' clocks start here (clock.ts). */
const SEEDED_AT = new Date(DEMO_NOW);

/** How long a worker waits for the other one's seeding, loaded machine included. */
const SEED_WAIT_MS = 10 * 60 * 1000;

const readyFile = (folder: string) => join(folder, `demo-${backendName}.json`);
const failedFile = (folder: string) => join(folder, `demo-${backendName}.failed`);

const seed = (db: AppContext['db'], keys: AppKeys) => seedDemo({ db, tenantId: TEST_TENANT_ID, clock: () => SEEDED_AT, keys });

/** Seeds the demo into a new database and keeps it as a template; the caller holds the lock. */
const seedTemplate = async (folder: string, keys: AppKeys): Promise<DatabaseTemplate> => {
  if (backendName === 'postgres') {
    const reference = provided('databaseTemplate');
    const server = await createServerDatabase(reference?.kind === 'postgres' ? reference.name : undefined);
    const database = await openDatabase({ databaseUrl: server.url });
    try {
      await seed(database.db, keys);
    } finally {
      // A template database cannot be copied while anyone is connected to it.
      await database.close();
    }
    return { kind: 'postgres', name: new URL(server.url).pathname.slice(1) };
  }
  const database = await createTestDatabase();
  try {
    await seed(database.db, keys);
    const dumpFile = join(folder, 'demo-pglite.tar');
    await writeFile(dumpFile, Buffer.from(await (await database.dump()!).arrayBuffer()));
    return { kind: 'pglite', dumpFile };
  } finally {
    await database.close();
  }
};

const fileText = (path: string): Promise<string | null> =>
  readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });

/** What the seeding worker has said so far: where the template lies, that it failed, or nothing yet. */
const seedingOutcome = async (folder: string): Promise<DatabaseTemplate | null> => {
  const ready = await fileText(readyFile(folder));
  if (ready !== null) return JSON.parse(ready) as DatabaseTemplate;
  const failed = await fileText(failedFile(folder));
  if (failed !== null) throw new Error(`seeding the demo city failed in another test file: ${failed}`);
  return null;
};

/**
 * Waits for the seeding worker to say where the template lies: woken by its writes in the run
 * folder. The watch starts before the first look, so no write falls between them.
 */
const awaitTemplate = (folder: string): Promise<DatabaseTemplate> =>
  new Promise((resolve, reject) => {
    const watcher = watch(folder);
    let settled = false;
    const settle = (outcome: DatabaseTemplate | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      watcher.close();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const deadline = setTimeout(() => settle(new Error('the demo city was not seeded in time by another test file')), SEED_WAIT_MS);
    const look = () => seedingOutcome(folder).then((outcome) => outcome !== null && settle(outcome), settle);
    watcher.on('change', look);
    watcher.on('error', settle);
    void look();
  });

let template: Promise<DatabaseTemplate> | undefined;

const demoTemplate = (folder: string, keys: AppKeys): Promise<DatabaseTemplate> =>
  (template ??= (async () => {
    try {
      await mkdir(join(folder, `demo-${backendName}.lock`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return awaitTemplate(folder);
      throw error;
    }
    try {
      const seeded = await seedTemplate(folder, keys);
      await writeFile(`${readyFile(folder)}.tmp`, JSON.stringify(seeded));
      await rename(`${readyFile(folder)}.tmp`, readyFile(folder));
      return seeded;
    } catch (error) {
      await writeFile(failedFile(folder), String(error));
      throw error;
    }
  })());

export interface DemoDatabase {
  readonly database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The keys the demo's chains are sealed with: the app over this database must use them. */
  readonly keys: AppKeys;
  /** Their key file, for a `chengxin` process over this database (CHENGXIN_KEY_FILE); null outside vitest (keys in memory). */
  readonly keyFile: string | null;
}

/** A fresh database holding the demo city as seeded at DEMO_NOW. */
export const createDemoDatabase = async (): Promise<DemoDatabase> => {
  const folder = provided('testRunFolder');
  if (folder === null) {
    const database = await createTestDatabase();
    const keys = ephemeralKeys();
    await seed(database.db, keys);
    return { database, keys, keyFile: null };
  }
  // The key file is made once (`wx`): both workers read the same keys.
  const keyFile = join(folder, 'demo.key');
  const keys = await loadKeys(keyFile);
  return { database: await createTestDatabase(await demoTemplate(folder, keys)), keys, keyFile };
};

/** Global teardown: the PostgreSQL demo template of the run, if one was made. */
export const dropDemoTemplate = async (folder: string): Promise<void> => {
  const ready = await fileText(join(folder, 'demo-postgres.json'));
  if (ready !== null) await dropServerDatabase((JSON.parse(ready) as { name: string }).name);
};
