import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backendName } from '../../test/support/database.ts';
import { createRawTestDatabase, type RawTestDatabase } from '../../test/support/raw-database.ts';
import { readMigrations, runMigrations, type Migration } from './migrate.ts';

const first: Migration = { name: '20261126_0001_first.sql', sql: 'create table first_table (id int);' };
const second: Migration = {
  name: '20261127_0001_second.sql',
  sql: 'create table second_table (id int);\ninsert into second_table values (1);',
};

describe(`migrations on ${backendName}`, () => {
  let database: RawTestDatabase;
  beforeAll(async () => {
    database = await createRawTestDatabase();
  });
  beforeEach(() => database.reset());
  afterAll(() => database?.close());

  const applied = async (): Promise<string[]> =>
    (await database.query<{ name: string }>('select name from schema_migrations order by name')).map((row) => row.name);
  const tableExists = async (name: string): Promise<boolean> =>
    (await database.query<{ present: boolean }>('select to_regclass($1) is not null as present', [name]))[0]?.present ?? false;

  it('applies the shipped files in order, and nothing on the second run', async () => {
    const files = await readMigrations();
    expect(files.map((file) => file.name)).toEqual([...files.map((file) => file.name)].sort());
    expect(await runMigrations(database.client)).toEqual(files.map((file) => file.name));
    const appliedAt = await database.query('select name, applied_at from schema_migrations');

    expect(await runMigrations(database.client)).toEqual([]);
    expect(await database.query('select name, applied_at from schema_migrations')).toEqual(appliedAt);
    expect(await tableExists('case_events')).toBe(true);
  });

  it('applies only the files added since the last run', async () => {
    expect(await runMigrations(database.client, [first])).toEqual([first.name]);
    expect(await runMigrations(database.client, [second, first])).toEqual([second.name]);
    expect(await applied()).toEqual([first.name, second.name]);
  });

  it('refuses an applied list that is not a prefix of the files, and changes nothing', async () => {
    await runMigrations(database.client, [first]);
    await database.query('insert into schema_migrations (name) values ($1)', ['20261126_0002_from_elsewhere.sql']);

    await expect(runMigrations(database.client, [first, second])).rejects.toMatchObject({
      code: 'MIGRATIONS_DIVERGED',
      message: expect.stringContaining('本程序不认识：20261126_0002_from_elsewhere.sql'),
    });
    expect(await applied()).toEqual([first.name, '20261126_0002_from_elsewhere.sql']);
    expect(await tableExists('second_table')).toBe(false);
  });

  it('refuses a file inserted before one already applied', async () => {
    await runMigrations(database.client, [second]);
    await expect(runMigrations(database.client, [first, second])).rejects.toMatchObject({ code: 'MIGRATIONS_DIVERGED' });
    expect(await tableExists('first_table')).toBe(false);
  });

  it('rolls a failing file back whole and does not record it', async () => {
    const broken: Migration = { name: '20261128_0001_broken.sql', sql: 'create table half_done (id int);\nselect 1 / 0;' };
    await expect(runMigrations(database.client, [first, broken])).rejects.toThrow(/division by zero/);
    expect(await applied()).toEqual([first.name]);
    expect(await tableExists('half_done')).toBe(false);
  });

  it('applies each file once when two runners start together', async () => {
    const results = await Promise.all([
      runMigrations(database.client, [first, second]),
      runMigrations(database.client, [first, second]),
    ]);
    expect(results.flat().sort()).toEqual([first.name, second.name]);
    expect(await database.query('select id from second_table')).toEqual([{ id: 1 }]);
  });
});
