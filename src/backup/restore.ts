/**
 * `chengxin restore`: a backup into an empty database only, then proof that it is whole.
 *
 * Everything that can be checked before writing is checked before writing: the file is a
 * backup of this format and backend, its schema is one this version knows (the same or older),
 * the key file is there and is the one the backup was made with, the target is empty, and the
 * dump's SHA-256 is the manifest's. Then the dump is loaded (PGlite: into the new data folder;
 * PostgreSQL: `pg_restore` in one transaction), the migrations the backup lacks are applied,
 * and every tenant's case chains, projections, security log and anchors are verified
 * (`verifyAudit`) and its counts compared with the manifest's.
 */
import { openAsBlob } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { auditIntact, verifyAudit, type AuditReport } from '../audit/verify-audit.ts';
import { openDatabase, type Database } from '../db/connection.ts';
import { readMigrations } from '../db/migrate.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { ANCHOR_FILE_NAME } from '../security/anchors.ts';
import { KEY_FILE_NAME, readKeyFile, type AppKeys } from '../security/keys.ts';
import { extractDump, invalidBackup, readBackupArchive } from './archive.ts';
import { keysMatch, parseManifest, summarizeDatabase, type BackupManifest, type TenantCounts } from './manifest.ts';
import { assertToolVersion, connectionForTool, findPgTool, runTool, toolFailure } from './pg-tools.ts';

export type RestoreTarget = { readonly kind: 'pglite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly databaseUrl: string };

export interface RestoredTenant {
  readonly id: string;
  /** What the manifest says the backup holds; null for a tenant it does not name. */
  readonly expected: TenantCounts | null;
  readonly found: TenantCounts;
  readonly audit: AuditReport;
}

export interface RestoreReport {
  readonly manifest: BackupManifest;
  /** The migrations applied after loading: the backup was older than this version. */
  readonly migrationsApplied: string[];
  readonly tenants: RestoredTenant[];
  /** Every chain, projection, log and anchor intact, and every count the manifest's. */
  readonly intact: boolean;
  /** Whether an external anchor file was there to compare with the restored anchors. */
  readonly anchorFileCompared: boolean;
}

const BACKEND_NAME = { pglite: '内嵌数据库（PGlite 数据目录）', postgres: 'PostgreSQL 数据库' } as const;

/** What a new data folder may already hold: the files kept apart from the database backup. */
const ALLOWED_IN_NEW_FOLDER = new Set([KEY_FILE_NAME, 'anchors']);

const notEmpty = (where: string, found: string) =>
  new AppError('BACKUP_TARGET_NOT_EMPTY', `恢复目标 ${where} 不是空的（${found}）。恢复只写入空数据库，以免覆盖现有数据；请指定新的${where.startsWith('PostgreSQL') ? '空数据库' : '数据目录'}。未写入任何数据。`, { where });

/** Refuses a data folder that holds anything but the key file and the anchor folder. */
const assertEmptyFolder = async (dataDir: string): Promise<void> => {
  const entries = await readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const others = entries.filter((name) => !ALLOWED_IN_NEW_FOLDER.has(name));
  if (others.length > 0) throw notEmpty(`数据目录 ${dataDir}`, `已有 ${others.slice(0, 5).join('、')}${others.length > 5 ? ' 等' : ''}`);
};

/** Refuses a server database that holds any table, view or sequence outside the system schemas. */
const assertEmptyServerDatabase = async (databaseUrl: string, where: string): Promise<void> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [row] = (
      await client.query<{ relations: number }>(`
        select count(*)::int as relations
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'`)
    ).rows;
    if (row!.relations > 0) throw notEmpty(where, `已有 ${row!.relations} 个表、视图或序列`);
  } finally {
    await client.end();
  }
};

/** Refuses what cannot be restored here, before anything is written. */
const checkBackup = async (from: string, manifest: BackupManifest, target: RestoreTarget, keys: AppKeys | null, keyFile: string): Promise<AppKeys> => {
  if (manifest.backend !== target.kind) {
    throw new AppError(
      'BACKUP_FILE_INVALID',
      `备份文件 ${from} 来自${BACKEND_NAME[manifest.backend]}，只能恢复到${BACKEND_NAME[manifest.backend]}（${manifest.backend === 'postgres' ? '请设置 DATABASE_URL 指向一个空数据库' : '请不要设置 DATABASE_URL，用 --data 指定新的数据目录'}）。未写入任何数据。`,
      { file: from, backend: manifest.backend },
    );
  }
  const files = (await readMigrations()).map((migration) => migration.name);
  const unknownAt = manifest.migrations.findIndex((name, index) => files[index] !== name);
  if (unknownAt !== -1) {
    throw new AppError(
      'MIGRATIONS_DIVERGED',
      `备份的数据库结构（迁移至 ${manifest.migrations.at(-1)}，chengxin ${manifest.chengxinVersion}）比本程序新或与之不一致（自“${manifest.migrations[unknownAt]}”起）。请用不低于备份时的 chengxin 版本恢复。未写入任何数据。`,
      { unknown: manifest.migrations.slice(unknownAt) },
    );
  }
  if (keys === null) {
    throw new AppError(
      'KEY_FILE_MISSING',
      `找不到密钥文件 ${keyFile}。恢复需要备份时使用的密钥文件 chengxin.key（它不在备份中，应与数据库备份分开保存）：请把它复制到 ${keyFile}，或用环境变量 CHENGXIN_KEY_FILE 指定其位置。未写入任何数据。`,
      { keyFile },
    );
  }
  if (manifest.keyCheck !== null && !keysMatch(keys, manifest.keyCheck)) {
    throw new AppError(
      'BACKUP_KEY_MISMATCH',
      `密钥文件 ${keyFile} 不是制作该备份时使用的密钥文件：用它恢复，事件链的封印将无法核验、加密的个人信息将无法读取。请换上备份时的 chengxin.key。未写入任何数据。`,
      { keyFile },
    );
  }
  return keys;
};

/** Loads the dump into the empty target and opens it (which applies the migrations it lacks). */
const load = async (target: RestoreTarget, manifest: BackupManifest, dumpFile: string): Promise<Database> => {
  if (target.kind === 'pglite') {
    try {
      return await openDatabase({ dataDir: target.dataDir, copyOf: await openAsBlob(dumpFile) });
    } catch (error) {
      // A half-loaded database is this restore's own (the folder was empty and the lock ours): remove it.
      if (!(isAppError(error) && error.code === 'DATA_FOLDER_LOCKED') && !String(error).includes('already exists')) {
        await rm(join(target.dataDir, 'pgdata'), { recursive: true, force: true });
      }
      throw error;
    }
  }
  const pgRestore = await findPgTool('pg_restore');
  assertToolVersion({ ...pgRestore, name: 'pg_restore' }, manifest.pgDumpMajor ?? 0, '制作备份的 pg_dump');
  const tool = connectionForTool(target.databaseUrl);
  // One transaction: a failed restore leaves the database as empty as it was.
  const run = await runTool(
    pgRestore.path,
    ['--single-transaction', '--exit-on-error', '--no-owner', '--no-acl', '--no-password', `--dbname=${tool.url}`, dumpFile],
    tool.env,
  );
  if (run.code !== 0) throw toolFailure('pg_restore', run);
  return openDatabase({ databaseUrl: target.databaseUrl });
};

const sameCounts = (a: TenantCounts | null, b: TenantCounts): boolean =>
  a !== null && a.cases === b.cases && a.events === b.events && a.securityEvents === b.securityEvents;

export interface RestoreOptions {
  readonly from: string;
  readonly target: RestoreTarget;
  /** Where the target is, for messages: a data folder or a server URL without its password. */
  readonly where: string;
  readonly keyFile: string;
  /** The folder of the external anchor file, compared when the file is there (anchors.ts). */
  readonly anchorDir: string;
}

/**
 * The anchor folder to verify with: a new data folder has no anchor file unless the operator
 * copied it in, and its absence would read as a removed file; without it the table's anchors
 * are still checked against the chains.
 */
const anchorDirIfPresent = async (anchorDir: string): Promise<string | null> =>
  (await stat(join(anchorDir, ANCHOR_FILE_NAME)).then(() => true, () => false)) ? anchorDir : null;

/**
 * Restores the backup `from` into the empty `target` and verifies it.
 * @throws AppError BACKUP_FILE_INVALID, BACKUP_TARGET_NOT_EMPTY, BACKUP_KEY_MISMATCH,
 *   KEY_FILE_MISSING, MIGRATIONS_DIVERGED, PG_TOOL_UNAVAILABLE, PG_TOOL_FAILED — all before writing
 */
export const restoreBackup = async (options: RestoreOptions): Promise<RestoreReport> => {
  const { from, target } = options;
  const contents = await readBackupArchive(from);
  const manifest = parseManifest(contents.manifestText);
  if (manifest === null) throw invalidBackup(from, '清单 manifest.json 无法识别（不是本版本能读的备份格式）');
  if (contents.dump.name !== manifest.dump.file || contents.dump.size !== manifest.dump.bytes) throw invalidBackup(from, '数据库转储与清单不符');
  const keys = await checkBackup(from, manifest, target, await readKeyFile(options.keyFile), options.keyFile);
  if (target.kind === 'pglite') await assertEmptyFolder(target.dataDir);
  else await assertEmptyServerDatabase(target.databaseUrl, options.where);

  const workDir = await mkdtemp(join(tmpdir(), 'chengxin-restore-'));
  let database: Database;
  try {
    const dumpFile = join(workDir, manifest.dump.file);
    if ((await extractDump(from, contents, dumpFile)) !== manifest.dump.sha256) {
      throw invalidBackup(from, '数据库转储的 SHA-256 校验和与清单不符（文件已损坏或被改动）');
    }
    database = await load(target, manifest, dumpFile);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  try {
    const summary = await summarizeDatabase(async (text) => (await database.db.execute<never>(sql.raw(text))).rows);
    const migrationsApplied = summary.migrations.filter((name) => !manifest.migrations.includes(name));
    const ids = [...new Set([...manifest.tenants.map((tenant) => tenant.id), ...summary.tenants.map((tenant) => tenant.id)])].sort();
    const tenants: RestoredTenant[] = [];
    const anchorDir = await anchorDirIfPresent(options.anchorDir);
    for (const id of ids) {
      const found = summary.tenants.find((tenant) => tenant.id === id) ?? { id, cases: 0, events: 0, securityEvents: 0 };
      const audit = await verifyAudit({ db: database.db, tenantId: id, keys }, { anchorDir });
      tenants.push({ id, expected: manifest.tenants.find((tenant) => tenant.id === id) ?? null, found, audit });
    }
    const intact = tenants.every((tenant) => auditIntact(tenant.audit) && sameCounts(tenant.expected, tenant.found));
    return { manifest, migrationsApplied, tenants, intact, anchorFileCompared: anchorDir !== null };
  } finally {
    await database.close();
  }
};
