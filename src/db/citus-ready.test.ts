/**
 * The schema is ready to be distributed by city (Citus, docs/SCALING.md): read from the live
 * catalog after the migrations, every primary key and unique index of a distributed table holds
 * its distribution column, and every foreign key between two of them joins on it. The SQL the
 * application sends is checked by the authorization matrix (test/http), which sends all of it.
 */
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRIBUTED_TABLES } from '../../test/support/tenant-filter.ts';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { Database } from './connection.ts';

type Key = {
  table: string;
  name: string;
  kind: string;
  columns: string[];
  referenced: string | null;
  referencedColumns: string[] | null;
};

describe(`the schema, ready to be distributed by city on ${backendName}`, () => {
  let database: Database;
  let keys: Key[];
  beforeAll(async () => {
    database = await createTestDatabase();
    const { rows } = await database.db.execute<Key>(sql`
      select r.relname as "table", c.conname as name, c.contype::text as kind,
             array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
             f.relname as referenced,
             case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as "referencedColumns"
      from pg_constraint c join pg_class r on r.oid = c.conrelid left join pg_class f on f.oid = c.confrelid
      where r.relnamespace = current_schema()::regnamespace and c.contype in ('p', 'u', 'f')
      union all
      select r.relname, i.relname, 'i',
             array(select coalesce(a.attname::text, '(expression)') from unnest(x.indkey) with ordinality k(n, o)
                   left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o),
             null, null
      from pg_index x join pg_class r on r.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
      where r.relnamespace = current_schema()::regnamespace and x.indisunique
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`);
    keys = rows;
  });
  afterAll(() => database?.close());

  it('distributes every table of the database but the migrations record', async () => {
    const { rows } = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
    );
    expect(rows.map((row) => row.table_name).filter((name) => name !== 'schema_migrations')).toEqual([...DISTRIBUTED_TABLES.keys()].sort());
  });

  it('holds the city in every primary key and unique index or constraint of a distributed table', () => {
    const unique = keys.filter((key) => key.kind !== 'f' && DISTRIBUTED_TABLES.has(key.table));
    expect(unique.length).toBeGreaterThan(DISTRIBUTED_TABLES.size);
    expect(unique.filter((key) => !key.columns.includes(DISTRIBUTED_TABLES.get(key.table)!)).map((key) => `${key.table}.${key.name}`)).toEqual([]);
  });

  it('joins every foreign key between distributed tables on the city, column to column', () => {
    const foreign = keys.filter((key) => key.kind === 'f');
    expect(foreign.length).toBeGreaterThan(50);
    const apart = foreign.filter((key) => {
      const at = key.columns.indexOf(DISTRIBUTED_TABLES.get(key.table)!);
      return at === -1 || key.referencedColumns![at] !== DISTRIBUTED_TABLES.get(key.referenced!);
    });
    expect(apart.map((key) => `${key.table}.${key.name} → ${key.referenced}(${key.referencedColumns!.join(', ')})`)).toEqual([]);
  });

  it('lists every distributed table in the distribution commands of docs/SCALING.md', async () => {
    const scaling = await readFile(new URL('../../docs/SCALING.md', import.meta.url), 'utf8');
    const listed = [...scaling.matchAll(/create_distributed_table\('(\w+)', '(\w+)'/g)].map(([, table, column]) => [table, column]);
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(DISTRIBUTED_TABLES));
    // Citus distributes a referenced table before the tables that refer to it, but for a key
    // the commands drop for the while (a cycle: jurisdictions and units).
    const order = listed.map(([table]) => table!);
    const dropped = new Set([...scaling.matchAll(/DROP CONSTRAINT (\w+)/g)].map(([, name]) => name));
    const late = keys
      .filter((key) => key.kind === 'f' && key.table !== key.referenced && !dropped.has(key.name))
      .filter((key) => order.indexOf(key.referenced!) > order.indexOf(key.table))
      .map((key) => `${key.table} before ${key.referenced}`);
    expect(late).toEqual([]);
  });
});
