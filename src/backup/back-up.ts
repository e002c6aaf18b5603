/**
 * `chengxin backup`: one file holding a consistent dump of the database and its manifest.
 *
 * - Embedded: the data folder is locked as any process locks it, so a running server (which
 *   holds the lock) must be stopped first; PGlite is opened without migrating (a backup taken
 *   before an upgrade stays the old schema), checkpointed, and its data folder dumped as a
 *   gzip tarball.
 * - PostgreSQL: `pg_dump -Fc` while the server runs, on the snapshot of a read-only
 *   transaction that also counts what the manifest records, so counts and dump agree.
 *
 * The key file is not in the backup: it is kept apart, and restore needs it.
 */
import { stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataFolder } from '../db/data-folder-lock.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { AppKeys } from '../security/keys.ts';
import { assertFreeOutput, fileSha256, temporaryBeside, writeBackupArchive } from './archive.ts';
import { buildManifest, DUMP_ENTRY, summarizeDatabase, type BackupManifest } from './manifest.ts';
import { assertToolVersion, connectionForTool, findPgTool, runTool, serverMajor, toolFailure } from './pg-tools.ts';

export interface BackupResult {
  readonly out: string;
  readonly manifest: BackupManifest;
  /** The whole file's size in bytes. */
  readonly bytes: number;
}

/** Writes the dump beside `out`, archives it with its manifest, and removes the dump. */
const archive = async (
  out: string,
  dumpFile: string,
  backend: BackupManifest['backend'],
  manifestOf: (dump: BackupManifest['dump']) => BackupManifest,
): Promise<BackupResult> => {
  const dump = { file: DUMP_ENTRY[backend], bytes: (await stat(dumpFile)).size, sha256: await fileSha256(dumpFile) };
  const manifest = manifestOf(dump);
  await writeBackupArchive(out, `${JSON.stringify(manifest, null, 2)}\n`, dump.file, dumpFile);
  return { out, manifest, bytes: (await stat(out)).size };
};

/**
 * Backs up the embedded database of `dataDir` to `out`.
 * @throws AppError BACKUP_OUTPUT_EXISTS, BACKUP_SOURCE_MISSING, DATA_FOLDER_LOCKED (a server runs on it)
 */
export const backUpDataFolder = async (dataDir: string, out: string, keys: AppKeys | null, now: Date): Promise<BackupResult> => {
  await assertFreeOutput(out);
  const pgdata = join(dataDir, 'pgdata');
  if (!(await stat(join(pgdata, 'PG_VERSION')).then(() => true, () => false))) {
    throw new AppError('BACKUP_SOURCE_MISSING', `数据目录 ${dataDir} 中没有数据库，无可备份。请用 --data 指定 chengxin 的数据目录。`, { dataDir });
  }
  let release: () => Promise<void>;
  try {
    release = await lockDataFolder(dataDir);
  } catch (error) {
    if (isAppError(error) && error.code === 'DATA_FOLDER_LOCKED') {
      throw new AppError(
        'DATA_FOLDER_LOCKED',
        `数据目录 ${dataDir} 正被另一个 chengxin 进程（如 chengxin serve）使用。内嵌数据库只能在停止服务后备份：请先停止该进程，备份完成后再启动；需要不停机备份的部署请使用 PostgreSQL（DATABASE_URL）。`,
        error.details,
      );
    }
    throw error;
  }
  const dumpFile = temporaryBeside(out, 'dump');
  try {
    const pglite = await PGlite.create(pgdata);
    let summary;
    try {
      // Everything committed is in the data files, not only in the log, before they are copied.
      await pglite.exec('checkpoint');
      summary = await summarizeDatabase(async (text) => (await pglite.query<never>(text)).rows);
      const dumped = await pglite.dumpDataDir('gzip');
      await writeFile(dumpFile, Buffer.from(await dumped.arrayBuffer()), { flag: 'wx', mode: 0o600 });
    } finally {
      await pglite.close();
    }
    return await archive(out, dumpFile, 'pglite', (dump) => buildManifest({ backend: 'pglite', summary, dump, pgDumpMajor: null, keys, createdAt: now }));
  } finally {
    await unlink(dumpFile).catch(() => undefined);
    await release();
  }
};

/**
 * Backs up the PostgreSQL database at `databaseUrl` to `out` with `pg_dump -Fc`, online.
 * @throws AppError BACKUP_OUTPUT_EXISTS, PG_TOOL_UNAVAILABLE, PG_TOOL_FAILED
 */
export const backUpServer = async (databaseUrl: string, out: string, keys: AppKeys | null, now: Date): Promise<BackupResult> => {
  await assertFreeOutput(out);
  const pgDump = await findPgTool('pg_dump');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const dumpFile = temporaryBeside(out, 'dump');
  try {
    const [version] = (await client.query<{ server_version_num: string }>('show server_version_num')).rows;
    assertToolVersion({ ...pgDump, name: 'pg_dump' }, serverMajor(Number(version!.server_version_num)), '数据库服务器');
    await client.query('begin isolation level repeatable read read only');
    const [snapshot] = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows;
    const summary = await summarizeDatabase(async (text) => (await client.query(text)).rows);
    const tool = connectionForTool(databaseUrl);
    const run = await runTool(pgDump.path, ['--format=custom', `--snapshot=${snapshot!.id}`, '--no-password', `--file=${dumpFile}`, `--dbname=${tool.url}`], tool.env);
    if (run.code !== 0) throw toolFailure('pg_dump', run);
    await client.query('commit');
    return await archive(out, dumpFile, 'postgres', (dump) => buildManifest({ backend: 'postgres', summary, dump, pgDumpMajor: pgDump.major, keys, createdAt: now }));
  } finally {
    await unlink(dumpFile).catch(() => undefined);
    await client.end();
  }
};
