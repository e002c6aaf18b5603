/**
 * `chengxin backup` and `chengxin restore` as operators run them, in real processes, on the
 * backend of the run: PGlite data folders, or databases on the TEST_DATABASE_URL server (the
 * same tests either way, the places chosen by backend). The source is the demo city; the
 * restore goes into an empty target, and every case, its version, state and chain head must
 * come back, every chain verified. A refused restore leaves its target as it was.
 */
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackupArchive } from '../../src/backup/archive.ts';
import { parseManifest, type BackupManifest } from '../../src/backup/manifest.ts';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { lockDataFolder } from '../../src/db/data-folder-lock.ts';
import { KEY_FILE_NAME, loadKeys } from '../../src/security/keys.ts';
import { commandsTimeout, DEMO_COMMAND_TIMEOUT_MS, runChengxinWith } from '../support/cli.ts';
import { createDemoDatabase } from '../support/demo-database.ts';
import { backendName, createServerDatabase, provided, type ServerDatabase } from '../support/database.ts';
import { databaseFingerprint } from '../support/fingerprint.ts';

/** One database a command is pointed at: its arguments and environment, and how the test reads it. */
interface Place {
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  open(): Promise<Database>;
  /** Nothing of a database there: the folder holds at most the key file; the server database no relation. */
  isEmpty(): Promise<boolean>;
}

type KeyChoice = 'right' | 'wrong' | 'missing';

interface CaseRow extends Record<string, unknown> {
  tenant_id: string;
  number: string;
  version: number;
  state: string;
  head_hash: string;
}

/** Every case as the audit sees it: its number, version, state and chain head. */
const casesOf = async (place: Place): Promise<{ cases: CaseRow[]; events: number }> => {
  const database = await place.open();
  try {
    const cases = await database.db.execute<CaseRow>(sql`select tenant_id, number, version, state, head_hash from cases order by tenant_id, number`);
    const events = await database.db.execute<{ events: number }>(sql`select count(*)::int as events from case_events`);
    return { cases: cases.rows, events: Number(events.rows[0]!.events) };
  } finally {
    await database.close();
  }
};

const serverIsEmpty = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ relations: number }>(
      `select count(*)::int as relations from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`,
    );
    return result.rows[0]!.relations === 0;
  } finally {
    await client.end();
  }
};

const folderIsEmpty = async (dataDir: string): Promise<boolean> => {
  const entries = await readdir(dataDir).catch(() => []);
  return entries.every((name) => name === KEY_FILE_NAME);
};

/** The demo city seeded in this process when no other file of the run has (a year of cases, on a loaded machine). */
const DEMO_SEED_TIMEOUT_MS = 2 * DEMO_COMMAND_TIMEOUT_MS;

// Up to four commands a test (anchor, backup, restore, verify-audit) and three openings of a database between them.
describe(`chengxin backup and restore (${backendName})`, { timeout: commandsTimeout(7) }, () => {
  let folder: string;
  /** The key file the demo's chains are sealed with, and another one. */
  let keyFile: string;
  let wrongKeyFile: string;
  let source: Place;
  /** The source's data folder: the database on PGlite; on a server only the anchor file. */
  let sourceDataDir: string;
  let backupFile: string;
  const servers: ServerDatabase[] = [];
  let targets = 0;

  /** A new empty place to restore into, with the right key file, another one, or none. */
  const newTarget = async (key: KeyChoice = 'right'): Promise<Place & { dataDir: string }> => {
    targets += 1;
    const chosenKey = key === 'right' ? keyFile : key === 'wrong' ? wrongKeyFile : join(folder, 'no-such.key');
    const dataDir = join(folder, `target-${targets}`);
    if (backendName === 'postgres') {
      const server = await createServerDatabase();
      servers.push(server);
      return {
        // On a server the folder holds only what lives outside the database: the anchor file.
        dataDir,
        args: ['--data', dataDir],
        env: { DATABASE_URL: server.url, CHENGXIN_KEY_FILE: chosenKey },
        open: () => openDatabase({ databaseUrl: server.url }),
        isEmpty: () => serverIsEmpty(server.url),
      };
    }
    // The operator's way: the key file, kept apart from the backup, copied into the new folder.
    if (key === 'right') {
      await mkdir(dataDir);
      await copyFile(keyFile, join(dataDir, KEY_FILE_NAME));
    }
    return {
      dataDir,
      args: ['--data', dataDir],
      env: key === 'wrong' ? { CHENGXIN_KEY_FILE: wrongKeyFile } : {},
      open: () => openDatabase({ dataDir }),
      isEmpty: () => folderIsEmpty(dataDir),
    };
  };

  const backUp = (out: string) => runChengxinWith(source.env, 'backup', '--out', out, ...source.args);
  const restore = (from: string, target: Place) => runChengxinWith(target.env, 'restore', '--from', from, ...target.args);
  const manifestOf = async (file: string): Promise<BackupManifest> => parseManifest((await readBackupArchive(file)).manifestText)!;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-backup-'));
    const demo = await createDemoDatabase();
    keyFile = join(folder, 'demo.key');
    await copyFile(join(provided('testRunFolder')!, 'demo.key'), keyFile);
    wrongKeyFile = join(folder, 'other.key');
    await loadKeys(wrongKeyFile);
    if (backendName === 'postgres') {
      const url = demo.database.url!;
      servers.push({ url, drop: () => demo.database.close() });
      sourceDataDir = join(folder, 'source');
      source = {
        args: ['--data', sourceDataDir],
        env: { DATABASE_URL: url, CHENGXIN_KEY_FILE: keyFile },
        open: () => openDatabase({ databaseUrl: url }),
        isEmpty: () => serverIsEmpty(url),
      };
    } else {
      const dump = await demo.database.dump()!;
      await demo.database.close();
      const dataDir = join(folder, 'source');
      sourceDataDir = dataDir;
      await (await openDatabase({ dataDir, copyOf: dump })).close();
      await copyFile(keyFile, join(dataDir, KEY_FILE_NAME));
      source = { args: ['--data', dataDir], env: {}, open: () => openDatabase({ dataDir }), isEmpty: () => folderIsEmpty(dataDir) };
    }
    backupFile = join(folder, 'hanjiang.backup');
  }, DEMO_SEED_TIMEOUT_MS);

  afterAll(async () => {
    for (const server of servers) await server.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('backs up the demo city, and restores every case with its version, state and chain head into an empty target, every chain verified', async () => {
    // Anchored first, as the daily audit job does: the anchors travel in the database, their file does not.
    const anchored = await runChengxinWith(source.env, 'verify-audit', '--anchor', ...source.args);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toContain('已写入锚点');
    const before = await casesOf(source);
    expect(before.cases.length).toBeGreaterThan(50);

    const backup = await backUp(backupFile);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`已备份到 ${backupFile}`);
    expect(backup.stdout).toMatch(/密钥文件 .*chengxin\.key|密钥文件 .*demo\.key/);
    expect(backup.stdout).toContain('不在备份中');
    const manifest = await manifestOf(backupFile);
    expect(manifest).toMatchObject({ format: 'chengxin-backup', formatVersion: 1, backend: backendName });
    expect(manifest.tenants).toContainEqual(expect.objectContaining({ id: 'hanjiang', cases: before.cases.length, events: before.events }));
    expect(manifest.keyCheck).not.toBeNull();

    const target = await newTarget();
    const restored = await restore(backupFile, target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`核验通过：${before.cases.length} 件案件、${before.events} 个事件`);
    expect(restored.stdout).toMatch(new RegExp(`hanjiang\\s+${before.cases.length}\\s+${before.events}\\s+${before.cases.length}/${before.cases.length} 完整`));
    expect(restored.stdout).toContain('外部锚点文件未比对');
    expect(await casesOf(target)).toEqual(before);

    // With the anchor file beside it (copied as an operator would), the ordinary audit finds it whole.
    await mkdir(join(target.dataDir, 'anchors'), { recursive: true });
    await copyFile(join(sourceDataDir, 'anchors', 'anchors.jsonl'), join(target.dataDir, 'anchors', 'anchors.jsonl'));
    const audit = await runChengxinWith(target.env, 'verify-audit', ...target.args);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/锚点：已核验 1 个.*外部锚点文件已比对/);

  });

  it('never overwrites a file with a backup', async () => {
    const existing = join(folder, 'existing.backup');
    await writeFile(existing, 'an earlier backup');
    const refused = await backUp(existing);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('已存在');
    expect(await readFile(existing, 'utf8')).toBe('an earlier backup');
  });

  it('refuses a target that is not empty, and changes nothing in it', async () => {
    const target = await newTarget();
    expect((await restore(backupFile, target)).code).toBe(0);
    const database = await target.open();
    const fingerprint = await databaseFingerprint(database.db).finally(() => database.close());

    const again = await restore(backupFile, target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('不是空的');
    expect(again.stderr).toContain('未写入任何数据');
    const after = await target.open();
    expect(await databaseFingerprint(after.db).finally(() => after.close())).toEqual(fingerprint);
  });

  it('refuses a corrupted or truncated backup with a clear error, writing nothing', async () => {
    const contents = await readBackupArchive(backupFile);
    const corrupted = join(folder, 'corrupted.backup');
    await copyFile(backupFile, corrupted);
    const handle = await open(corrupted, 'r+');
    try {
      const at = contents.dumpOffset + Math.floor(contents.dump.size / 2);
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, at);
      await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
    } finally {
      await handle.close();
    }
    const target = await newTarget();
    const refused = await restore(corrupted, target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SHA-256 校验和与清单不符');
    expect(await target.isEmpty()).toBe(true);

    const truncated = join(folder, 'truncated.backup');
    await writeFile(truncated, (await readFile(backupFile)).subarray(0, contents.dumpOffset + Math.floor(contents.dump.size / 3)));
    const cut = await restore(truncated, target);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('文件不完整');
    expect(await target.isEmpty()).toBe(true);

    const notABackup = await restore(keyFile, target);
    expect(notABackup.code).toBe(1);
    expect(notABackup.stderr).toContain('不是 chengxin 备份文件');
    expect(await target.isEmpty()).toBe(true);
  });

  it('refuses another key file or none before writing, since the chains could not be verified', async () => {
    const wrong = await newTarget('wrong');
    const refused = await restore(backupFile, wrong);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('不是制作该备份时使用的密钥文件');
    expect(await wrong.isEmpty()).toBe(true);

    const missing = await newTarget('missing');
    const none = await restore(backupFile, missing);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('找不到密钥文件');
    expect(await missing.isEmpty()).toBe(true);
  });

  it('refuses to back up when it cannot take a consistent dump: a running server on the data folder, or no pg_dump', async () => {
    const out = join(folder, 'refused.backup');
    if (backendName === 'pglite') {
      // This test process holds the folder, as `chengxin serve` would.
      const release = await lockDataFolder(sourceDataDir);
      try {
        const refused = await backUp(out);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('内嵌数据库只能在停止服务后备份');
      } finally {
        await release();
      }
    } else {
      const emptyBin = join(folder, 'no-tools');
      await mkdir(emptyBin, { recursive: true });
      const refused = await runChengxinWith({ ...source.env, CHENGXIN_PG_BIN: emptyBin }, 'backup', '--out', out, ...source.args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('找不到 pg_dump');
    }
    expect(await readdir(folder)).not.toContain('refused.backup');
  });
});
