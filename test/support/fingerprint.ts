import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/connection.ts';

/**
 * Tables a refused request may legitimately write: sessions (a signed-in request refreshes its
 * session) and the security records of requests (the security log of denials and failures with
 * its chain head, sign-in attempts, rate limits). Everything else must stay byte for byte as it was.
 */
const REQUEST_RECORDS = /(^|_)sessions?$|^security_(events|log)|audit_log|sign_in|login|lockout|rate_limit/;

/**
 * A cheap fingerprint of every table of the database but the request records: its row count and
 * an MD5 over its rows' text in a stable order. Two equal fingerprints mean nothing was
 * written (inserted, updated or deleted).
 */
export const databaseFingerprint = async (db: Db): Promise<Record<string, string>> => {
  const { rows: tables } = await db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const fingerprint: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    if (REQUEST_RECORDS.test(name)) continue;
    const { rows } = await db.execute<{ rows: number; digest: string }>(
      sql`select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${sql.identifier(name)} t`,
    );
    fingerprint[name] = `${rows[0]!.rows}:${rows[0]!.digest}`;
  }
  return fingerprint;
};
