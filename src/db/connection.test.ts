import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import { LOCAL_UNIT_IDS, JURISDICTION_IDS, UNIT_IDS } from './seed/hanjiang.ts';
import { openDatabase, type Database } from './connection.ts';
import { LOCK_FILE_NAME } from './data-folder-lock.ts';
import { readMigrations } from './migrate.ts';
import { cases, type NewCaseRow } from './schema.ts';

const run = promisify(execFile);

/** The SQLSTATE of a failed query, whether drizzle wrapped the driver's error or not. */
const sqlState = (error: unknown): string | undefined => {
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : cause === undefined ? undefined : sqlState(cause);
};

const newCase = (tenantId: string, overrides: Partial<NewCaseRow> = {}): NewCaseRow => ({
  id: crypto.randomUUID(),
  tenantId,
  number: `QK2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
  line: 'arrears',
  source: 'self_inspection',
  state: 'registered',
  title: '拖欠工程款',
  enterpriseName: '汉江宏达建筑工程有限公司',
  enterpriseCreditCode: '91422902MA4K0000X0',
  responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
  handlingUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
  jurisdictionId: JURISDICTION_IDS.handong,
  leadUnitId: UNIT_IDS.jingxinju,
  registeredAt: new Date('2026-03-02T01:30:00.000Z'),
  updatedAt: new Date('2026-03-02T01:30:00.000Z'),
  version: 1,
  headHash: 'genesis',
  detail: {},
  ...overrides,
});

describe(`database values on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('reads BIGINT as a number and DATE as YYYY-MM-DD through the schema', async () => {
    const row = newCase(database.tenantId, {
      claimedAmount: Number.MAX_SAFE_INTEGER,
      confirmedAmount: 50_000_000,
      paidAmount: 12_345,
      deadline: '2026-12-31',
    });
    await database.db.insert(cases).values(row);
    const [stored] = await database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(stored).toMatchObject({
      claimedAmount: Number.MAX_SAFE_INTEGER,
      confirmedAmount: 50_000_000,
      paidAmount: 12_345,
      deadline: '2026-12-31',
      registeredAt: new Date('2026-03-02T01:30:00.000Z'),
    });
    expect(stored?.registeredAt).toBeInstanceOf(Date);
  });

  it('reads BIGINT, DATE and TIMESTAMPTZ the same way in raw SQL, in Shanghai time', async () => {
    const { rows } = await database.db.execute<{ amount: unknown; day: unknown; at: unknown; zone: unknown }>(
      sql`select 9007199254740991::bigint as amount, date '2026-02-17' as day,
                 timestamptz '2026-03-02 01:30:00+00' as at, current_setting('TimeZone') as zone`,
    );
    // drizzle hands raw timestamptz through as the server's text; the session zone fixes it.
    expect(rows).toEqual([{ amount: 9_007_199_254_740_991, day: '2026-02-17', at: '2026-03-02 09:30:00+08', zone: 'Asia/Shanghai' }]);
  });

  it('runs without JIT compilation, which costs the reports more than it saves', async () => {
    // True only where a JIT provider is installed and `jit` is on: the server's sessions turn it
    // off (docs/BENCHMARKS.md); PGlite has no JIT provider at all.
    const { rows } = await database.db.execute<{ available: boolean }>(sql`select pg_jit_available() as available`);
    expect(rows).toEqual([{ available: false }]);
  });

  it('refuses a BIGINT beyond 2^53 instead of rounding it', async () => {
    await expect(database.db.execute(sql`select 9007199254740993::bigint as amount`)).rejects.toThrow();
  });

  it('rejects a payment above the confirmed amount (0 ≤ paid ≤ confirmed)', async () => {
    const row = newCase(database.tenantId, { confirmedAmount: 100, paidAmount: 101 });
    const error = await database.db.insert(cases).values(row).then(() => null, (failure: unknown) => failure);
    expect(sqlState(error)).toBe('23514');
    expect(await database.db.select().from(cases).where(eq(cases.id, row.id))).toEqual([]);
  });

  it('rejects a negative paid amount', async () => {
    const error = await database.db
      .insert(cases)
      .values(newCase(database.tenantId, { paidAmount: -1 }))
      .then(() => null, (failure: unknown) => failure);
    expect(sqlState(error)).toBe('23514');
  });
});

describe('the embedded data folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'chengxin-')), 'data');
  });
  afterAll(() => rm(join(dataDir, '..'), { recursive: true, force: true }));

  // A new folder (initdb), a second Node process with the TypeScript loader, and a reopening: 5–8 s
  // when the machine is idle, about 20 s beside another test run, and over 90 s once in CI's two
  // runs side by side on a machine whose kernel took a third of the CPU; an opening alone then
  // took over 30 s. Three minutes, like the other tests of large work, and two for an opening.
  it('is created, locked against a second opener while open, and kept across reopening', { timeout: 180_000 }, async () => {
    const first = await openDatabase({ dataDir });
    try {
      expect(first.kind).toBe('pglite');
      await first.db.execute(sql`create table marker (note text)`);
      await first.db.execute(sql`insert into marker values ('留存')`);

      await expect(openDatabase({ dataDir })).rejects.toMatchObject({
        code: 'DATA_FOLDER_LOCKED',
        message: `数据目录 ${dataDir} 正被另一个 chengxin 进程使用。请先停止该进程，或用 --data 指定其他目录。`,
      });
      const child = await run(process.execPath, ['--import', 'tsx', 'test/support/open-data-folder.ts', dataDir]);
      expect(JSON.parse(child.stdout)).toMatchObject({ ok: false, code: 'DATA_FOLDER_LOCKED' });
    } finally {
      await first.close();
    }

    const second = await openDatabase({ dataDir });
    try {
      const { rows } = await second.db.execute<{ note: string }>(sql`select note from marker`);
      expect(rows).toEqual([{ note: '留存' }]);
      const migrations = await second.db.execute<{ count: number }>(sql`select count(*) as count from schema_migrations`);
      expect(migrations.rows).toEqual([{ count: (await readMigrations()).length }]);
    } finally {
      await second.close();
    }
  });

  it('is taken over from a process that died holding it, once the lock is stale', { timeout: 120_000 }, async () => {
    const lockPath = join(dataDir, LOCK_FILE_NAME);
    await mkdir(lockPath);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lockPath, anHourAgo, anHourAgo);
    const database = await openDatabase({ dataDir });
    await database.close();
  });

  it('refuses to open a folder migrated by another version, and releases it', { timeout: 120_000 }, async () => {
    const database = await openDatabase({ dataDir });
    await database.db.execute(sql`insert into schema_migrations (name) values ('29991231_0001_from_the_future.sql')`);
    await database.close();

    const refusal = { code: 'MIGRATIONS_DIVERGED', message: expect.stringContaining('29991231_0001_from_the_future.sql') };
    await expect(openDatabase({ dataDir })).rejects.toMatchObject(refusal);
    // Not DATA_FOLDER_LOCKED: the failed open closed PGlite and gave the folder back.
    await expect(openDatabase({ dataDir })).rejects.toMatchObject(refusal);
  });
});
