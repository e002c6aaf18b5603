/**
 * The raw-SQL seam below drizzle, for what drizzle cannot do on both drivers alike: run a
 * file of several statements (migrations) inside one transaction.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface SqlTransaction {
  /** Runs SQL text that may hold several statements, without parameters. */
  exec(text: string): Promise<void>;
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row extends Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlClient {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
}

/** The seam over an open PGlite; its transactions queue behind any other work on it. */
export const pgliteSqlClient = (pglite: PGlite): SqlClient => ({
  transaction: (work) =>
    pglite.transaction((tx) =>
      work({
        exec: async (text) => {
          await tx.exec(text);
        },
        query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
          (await tx.query<Row>(text, [...params])).rows,
      }),
    ),
});

/** The seam over a pg pool; each transaction holds one pooled connection. */
export const poolSqlClient = (pool: pg.Pool): SqlClient => ({
  async transaction(work) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await work({
        exec: async (text) => {
          await client.query(text);
        },
        query: async <Row extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
          (await client.query<Row>(text, [...params])).rows,
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: destroy it, do not reuse it.
      client.release(broken);
    }
  },
});
