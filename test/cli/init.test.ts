/**
 * `chengxin init` as a city's administrator runs it: the template written, the organisation
 * checked (--dry-run), then set up once on a fresh PGlite data folder, with no demo data; a
 * server started on it afterwards offers no first-run page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { accounts, tenants, units } from '../../src/db/schema.ts';
import { commandsTimeout, runChengxin as chengxin } from '../support/cli.ts';

describe('chengxin init', { timeout: commandsTimeout(5) }, () => {
  let folder: string;
  let dataDir: string;
  let template: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-init-'));
    dataDir = join(folder, 'data');
    template = join(folder, '组织架构.xlsx');
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const stored = async () => {
    const database = await openDatabase({ dataDir });
    try {
      const [tenant] = await database.db.select().from(tenants).where(eq(tenants.id, 'hanjiang'));
      const [unitCount] = await database.db.select({ n: count() }).from(units);
      const admins = await database.db.select({ username: accounts.username, role: accounts.role }).from(accounts);
      return { tenant, units: unitCount!.n, admins };
    } finally {
      await database.close();
    }
  };

  it('writes the template, checks it without writing, then sets the city up once', async () => {
    const written = await chengxin('init', '--template', template);
    expect(written.code).toBe(0);

    const dryRun = await chengxin('init', '--org', template, '--dry-run', '--data', dataDir);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('检查通过：示例市，3个行政区划，11个单位');
    expect(dryRun.stdout).toContain('没有单位承担“市审计局”职能');
    expect((await stored()).tenant).toBeUndefined();

    const setUp = await chengxin('init', '--org', template, '--data', dataDir);
    expect(setUp.code).toBe(0);
    expect(setUp.stdout).toContain('已初始化租户“hanjiang”：示例市');
    // Each administrator's one-time password, printed once: four groups of four.
    for (const username of ['xitong', 'anquan', 'shenji']) expect(setUp.stdout).toMatch(new RegExp(`${username}  \\S{4}-\\S{4}-\\S{4}-\\S{4}`));
    const after = await stored();
    expect(after.tenant).toMatchObject({ name: '示例市', demo: false });
    // The organisation of the workbook and nothing of the demo city.
    expect(after.units).toBe(11);
    expect(after.admins.map((admin) => admin.role).sort()).toEqual(['audit_admin', 'security_admin', 'system_admin']);

    const again = await chengxin('init', '--org', template, '--data', dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已完成初始化');
    expect((await stored()).admins).toHaveLength(3);
  });
});
