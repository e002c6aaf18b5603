import { getTableColumns, sql, type InferInsertModel } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './connection.ts';

/** Rows per statement: a few megabytes of JSON at most. */
const ROWS_PER_STATEMENT = 1000;

/** A value as `jsonb_populate_recordset` reads it into its column: instants as ISO text, JSON as itself. */
const jsonValue = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value === undefined ? null : value);

/**
 * Inserts many rows of one table in statements of 1,000, each row set sent as ONE jsonb
 * parameter (`insert … select … from jsonb_populate_recordset(null::<table>, $1)`): a multi-row
 * `insert().values()` of drizzle builds and binds one parameter per cell, which costs more than
 * the insert itself at thousands of rows. The columns are those the first row names (the others
 * take their defaults); every row must name the same ones. Same SQL on PGlite and PostgreSQL.
 */
export const insertMany = async <T extends PgTable>(tx: Db, table: T, rows: readonly InferInsertModel<T>[]): Promise<void> => {
  const first = rows[0];
  if (first === undefined) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((key) => key in columns);
  const names = keys.map((key) => columns[key]!.name);
  const { name: tableName } = getTableConfig(table);
  const list = sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => {
      const record: Record<string, unknown> = {};
      keys.forEach((key, index) => {
        record[names[index]!] = jsonValue((row as Record<string, unknown>)[key]);
      });
      return record;
    });
    await tx.execute(sql`insert into ${sql.identifier(tableName)} (${list}) select ${list} from jsonb_populate_recordset(null::${sql.identifier(tableName)}, ${JSON.stringify(part)}::jsonb)`);
  }
};
