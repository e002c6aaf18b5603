/**
 * `chengxin import intake` as users run it: a real process on a PGlite data folder seeded with
 * the reference data, importing generated platform files; the folder is read back after.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { caseEvents, cases } from '../../src/db/schema.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';
import { todayInShanghai, yearOf } from '../../src/domain/calendar.ts';
import { demand, demandWorkbook } from '../support/intake-workbook.ts';
import { cliClock, commandsTimeout, runChengxin as chengxin } from '../support/cli.ts';

const TENANT = 'hanjiang';

// Two commands and three openings of the folder in the longest test.
describe('chengxin import intake', { timeout: commandsTimeout(5) }, () => {
  let folder: string;
  let dataDir: string;

  /** The cases and events in the folder (the command must have closed it). */
  const stored = async () => {
    const database = await openDatabase({ dataDir });
    try {
      const rows = await database.db
        .select({ number: cases.number, source: cases.source, state: cases.state, detail: cases.detail })
        .from(cases)
        .where(eq(cases.tenantId, TENANT))
        .orderBy(asc(cases.number));
      const [events] = await database.db.select({ n: count() }).from(caseEvents);
      return { rows, events: events!.n };
    } finally {
      await database.close();
    }
  };

  const save = async (name: string, content: Buffer) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-import-'));
    dataDir = join(folder, 'data');
    const database = await openDatabase({ dataDir });
    try {
      await seedReferenceData(database.db, TENANT);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('prints each row error, exits 1 and registers nothing', async () => {
    const path = await save('bad.xlsx', await demandWorkbook([demand(1), demand(2, { 被反映单位: '汉东区水利局', '涉及金额（元）': '-5' })]));
    const run = await chengxin('import', 'intake', '--file', path, '--data', dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('第3行 被反映单位：未找到单位“汉东区水利局”');
    expect(run.stderr).toContain('第3行 涉及金额（元）：金额格式不正确');
    expect(run.stderr).toContain('错误：导入文件有2处错误，未导入任何诉求');
    expect(await stored()).toEqual({ rows: [], events: 0 });
  });

  it('registers the demands as pending provincial-platform cases, then skips them on a re-import', async () => {
    const path = await save('good.xlsx', await demandWorkbook([demand(1), demand(2, { 被反映单位: '江北区教育局' })]));
    const run = await chengxin('import', 'intake', '--file', path, '--data', dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('已导入 2 条诉求，跳过已导入的 0 条');
    // The command runs on the tests' clock: the year in the numbers is that clock's year in the city.
    const year = yearOf(todayInShanghai(cliClock()));
    expect(run.stdout).toContain(`登记 QK${year}-00001  HBSQ202611200001`);
    const { rows } = await stored();
    expect(rows.map((row) => [row.number, row.source, row.state, (row.detail as { externalRef: string }).externalRef])).toEqual([
      [`QK${year}-00001`, 'provincial_platform', 'registered', 'HBSQ202611200001'],
      [`QK${year}-00002`, 'provincial_platform', 'registered', 'HBSQ202611200002'],
    ]);
    expect(rows[0]!.detail).toMatchObject({ intake: { status: 'pending' } });

    const again = await chengxin('import', 'intake', '--file', path, '--data', dataDir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('已导入 0 条诉求，跳过已导入的 2 条');
    expect(again.stdout).toContain(`跳过 HBSQ202611200002（已登记为 QK${year}-00002）`);
    expect((await stored()).rows).toHaveLength(2);
  });

  it('refuses a file that is not .xlsx', async () => {
    const run = await chengxin('import', 'intake', '--file', join(folder, 'demands.csv'), '--data', dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.xlsx');
  });
});
