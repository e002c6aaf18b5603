/**
 * An empty, unmigrated database on the test backend with the raw SQL seam, for testing the
 * migration runner itself.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteSqlClient, poolSqlClient, type SqlClient } from '../../src/db/sql-client.ts';
import { createServerDatabase } from './database.ts';

export interface RawTestDatabase {
  readonly client: SqlClient;
  query<Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Empties the database again: far cheaper than a new one (PGlite starts in about a second). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const RESET = 'drop schema public cascade; create schema public;';

export const createRawTestDatabase = async (): Promise<RawTestDatabase> => {
  if (!process.env.TEST_DATABASE_URL) {
    const pglite = await PGlite.create();
    return {
      reset: async () => {
        await pglite.exec(RESET);
      },
      client: pgliteSqlClient(pglite),
      query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
        (await pglite.query<Row>(text, [...params])).rows,
      close: () => pglite.close(),
    };
  }
  const server = await createServerDatabase();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  // Dropping the database at close terminates any connection still closing (57P01); that is
  // expected here. Any other error of an idle connection stays an error of the test run.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') throw error;
  });
  return {
    reset: async () => {
      await pool.query(RESET);
    },
    client: poolSqlClient(pool),
    query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
      (await pool.query<Row>(text, [...params])).rows,
    close: async () => {
      await pool.end();
      await server.drop();
    },
  };
};
