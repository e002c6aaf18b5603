/**
 * What a backup says about itself (`manifest.json`, the first entry of the file): enough for
 * restore to refuse a wrong file, a wrong key or a newer schema before writing anything, and to
 * check afterwards that it restored every case and every event.
 */
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import type { AppKeys } from '../security/keys.ts';

export const BACKUP_FORMAT = 'chengxin-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** The dump entry's name for each backend. */
export const DUMP_ENTRY = { pglite: 'pgdata.tar.gz', postgres: 'database.pgdump' } as const;

const KEY_CHECK_TEXT = 'chengxin-backup-key-check';

const tenantCountsSchema = z.object({
  id: z.string(),
  cases: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  securityEvents: z.number().int().nonnegative(),
});

export type TenantCounts = z.infer<typeof tenantCountsSchema>;

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  backend: z.enum(['pglite', 'postgres']),
  createdAt: z.string(),
  chengxinVersion: z.string(),
  /** The applied migrations, in order; the last is the schema's level. */
  migrations: z.array(z.string()),
  tenants: z.array(tenantCountsSchema),
  dump: z.object({ file: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** pg_dump's major version (PostgreSQL backups): pg_restore must be at least as new. */
  pgDumpMajor: z.number().int().nullable(),
  /**
   * Proof of the key file in use at backup, revealing nothing of it: the MAC of a fixed text and
   * the same text sealed with the SM4 key. Null when the backup was made without a key file.
   */
  keyCheck: z.object({ mac: z.string(), sealed: z.string() }).nullable(),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** The key file's proof for the manifest. */
export const keyCheckOf = (keys: AppKeys): NonNullable<BackupManifest['keyCheck']> => ({
  mac: keys.mac(KEY_CHECK_TEXT),
  sealed: keys.encrypt(KEY_CHECK_TEXT),
});

/** Whether `keys` are the keys the backup was made with (both the MAC key and the SM4 key). */
export const keysMatch = (keys: AppKeys, check: NonNullable<BackupManifest['keyCheck']>): boolean => {
  if (keys.mac(KEY_CHECK_TEXT) !== check.mac) return false;
  try {
    return keys.decrypt(check.sealed) === KEY_CHECK_TEXT;
  } catch {
    return false;
  }
};

export interface DatabaseSummary {
  readonly migrations: string[];
  readonly tenants: TenantCounts[];
}

/** Runs one read-only query on either backend. */
export type QueryRows = <Row extends Record<string, unknown>>(text: string) => Promise<Row[]>;

/**
 * The schema level and what each tenant holds: every tenant that is set up, or has cases or
 * security events.
 */
export const summarizeDatabase = async (query: QueryRows): Promise<DatabaseSummary> => {
  const [table] = await query<{ present: boolean }>(`select to_regclass('schema_migrations') is not null as present`);
  if (!table?.present) return { migrations: [], tenants: [] };
  const migrations = (await query<{ name: string }>('select name from schema_migrations order by name')).map((row) => row.name);
  const tenants = await query<{ id: string; cases: number; events: number; security_events: number }>(`
    with ids as (select id from tenants union select tenant_id from cases union select tenant_id from security_events)
    select ids.id,
           (select count(*) from cases c where c.tenant_id = ids.id)::int as cases,
           (select count(*) from case_events e where e.tenant_id = ids.id)::int as events,
           (select count(*) from security_events s where s.tenant_id = ids.id)::int as security_events
      from ids order by ids.id`);
  return {
    migrations,
    tenants: tenants.map((row) => ({ id: row.id, cases: Number(row.cases), events: Number(row.events), securityEvents: Number(row.security_events) })),
  };
};

export const buildManifest = (input: {
  backend: BackupManifest['backend'];
  summary: DatabaseSummary;
  dump: BackupManifest['dump'];
  pgDumpMajor: number | null;
  keys: AppKeys | null;
  createdAt: Date;
}): BackupManifest => ({
  format: BACKUP_FORMAT,
  formatVersion: BACKUP_FORMAT_VERSION,
  backend: input.backend,
  createdAt: input.createdAt.toISOString(),
  chengxinVersion: packageJson.version,
  migrations: input.summary.migrations,
  tenants: input.summary.tenants,
  dump: input.dump,
  pgDumpMajor: input.pgDumpMajor,
  keyCheck: input.keys === null ? null : keyCheckOf(input.keys),
});

/** The manifest's text, or null when it is not a manifest this version can read. */
export const parseManifest = (text: string): BackupManifest | null => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = backupManifestSchema.safeParse(json);
  return parsed.success && parsed.data.formatVersion === BACKUP_FORMAT_VERSION ? parsed.data : null;
};
