import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { Database } from './connection.ts';
import * as schema from './schema.ts';

const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));

type ColumnInfo = {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  has_default: boolean;
  generated: boolean;
};

describe(`the drizzle schema on ${backendName}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('describes every table the migrations create', async () => {
    const { rows } = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables
          where table_schema = current_schema() and table_name <> 'schema_migrations' order by table_name`,
    );
    expect(tables.map((table) => getTableConfig(table).name).sort()).toEqual(rows.map((row) => row.table_name));
  });

  it.each(tables.map((table) => [getTableConfig(table).name, table] as const))(
    'matches the columns, keys, indexes and checks of %s',
    async (name, table) => {
      const config = getTableConfig(table);
      const { rows: columns } = await database.db.execute<ColumnInfo>(
        // An array's type as drizzle names it (text[]), not ARRAY; a generated column is one that
        // drizzle must leave out of every insert and update.
        sql`select column_name, case when data_type = 'ARRAY' then substr(udt_name, 2) || '[]' else data_type end as data_type,
                   is_nullable, column_default is not null as has_default, is_generated = 'ALWAYS' as generated
            from information_schema.columns where table_schema = current_schema() and table_name = ${name}
            order by ordinal_position`,
      );
      expect(
        config.columns.map((column) => ({
          column_name: column.name,
          data_type: column.getSQLType(),
          is_nullable: column.notNull ? 'NO' : 'YES',
          has_default: column.hasDefault,
          generated: column.generated?.type === 'always',
        })),
      ).toEqual(
        columns.map(({ column_name, data_type, is_nullable, has_default, generated }) => ({ column_name, data_type, is_nullable, has_default, generated })),
      );

      const { rows: constraints } = await database.db.execute<{ conname: string; contype: string; columns: string }>(
        sql`select conname, contype::text as contype,
                   (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
                     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns
            from pg_constraint c where conrelid = ${name}::regclass order by conname`,
      );
      const byType = (type: string) => constraints.filter((row) => row.contype === type);
      expect(config.checks.map((check) => check.name).sort()).toEqual(byType('c').map((row) => row.conname));
      expect(config.foreignKeys.map((key) => key.reference().columns.map((column) => column.name).join(',')).sort()).toEqual(
        byType('f').map((row) => row.columns).sort(),
      );
      const primaryKey = config.primaryKeys[0]?.columns.map((column) => column.name) ??
        config.columns.filter((column) => column.primary).map((column) => column.name);
      expect(byType('p').map((row) => row.columns)).toEqual([primaryKey.join(',')]);

      const { rows: indexes } = await database.db.execute<{ indexname: string }>(
        sql`select indexname from pg_indexes where schemaname = current_schema() and tablename = ${name}
            and indexname not like '%_pkey' order by indexname`,
      );
      expect(config.indexes.map((index) => index.config.name).sort()).toEqual(indexes.map((row) => row.indexname));
    },
  );
});
