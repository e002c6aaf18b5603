/**
 * `chengxin verify-audit` as users run it, on a PGlite data folder filled through the use cases
 * with the folder's own key file: it anchors the heads (`--anchor`, table and external file),
 * and after an event is edited and its chain re-sealed without the key (bare SM3, as the seal
 * was before), it names the case and exits 2.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { GENESIS_HASH, legacyEventHash } from '../../src/audit/chain.ts';
import { loadEvents } from '../../src/cases/case-store.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import type { CaseRecord } from '../../src/domain/case/record.ts';
import { keyFilePath, loadKeys } from '../../src/security/keys.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';
import { commandsTimeout, runChengxin as chengxin } from '../support/cli.ts';

const TENANT = 'hanjiang';
const office: Actor = { id: 'acc-office', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

describe('chengxin verify-audit', { timeout: commandsTimeout(4) }, () => {
  let folder: string;
  let dataDir: string;
  let paid: CaseRecord;

  /** Runs `work` on the data folder with its key file, closing it after (the command needs the lock). */
  const withFolder = async <T>(work: (app: AppContext) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ dataDir });
    try {
      return await work({ db: database.db, tenantId: TENANT, clock: () => new Date('2026-03-02T09:00:00+08:00'), keys: await loadKeys(keyFilePath(dataDir)) });
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-verify-'));
    dataDir = join(folder, 'data');
    await withFolder(async (app) => {
      await seedReferenceData(app.db, TENANT);
      paid = await runCommands(
        app,
        office,
        await registerTestArrear(app, office, {
          title: '汉东区教育局拖欠食堂设备款',
          enterpriseName: '汉东食堂设备有限公司',
          organisation: 'AU00001',
          responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
          claimedAmount: 30_000_000,
        }),
        { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 28_000_000, confirmedOn: '2026-03-02' } },
        { action: 'record_payment', paidOn: '2026-03-02', amount: 10_000_000, voucher: 'GK-0302' },
      );
      await registerTestArrear(app, office, {
        title: '江北区教育局拖欠课桌椅货款',
        enterpriseName: '江北课桌椅制造有限公司',
        organisation: 'AU00002',
        responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju,
        claimedAmount: 5_000_000,
      });
    });
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('finds the log intact and writes an anchor to the table and the file outside the database', async () => {
    const run = await chengxin('verify-audit', '--anchor', '--data', dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已核验 2 件案件、4 个事件');
    expect(run.stdout).toContain('审计日志完整');
    expect(run.stdout).toContain('已写入锚点');
    const lines = (await readFile(join(dataDir, 'anchors', 'anchors.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ tenantId: TENANT, caseCount: 2, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const again = await chengxin('verify-audit', '--data', dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/锚点：已核验 1 个.*外部锚点文件已比对/);
  });

  it('names the case whose payment was edited and re-sealed without the key, and exits 2', async () => {
    await withFolder(async (app) => {
      await app.db.execute(sql`update case_events set payload = jsonb_set(payload, '{amount}', '1') where case_id = ${paid.id} and seq = 3`);
      // Recompute the whole chain as anyone with the database but not the key file can: bare SM3.
      let prevHash = GENESIS_HASH;
      for (const { event } of await loadEvents(app.db, TENANT, paid.id)) {
        const hash = legacyEventHash(event, prevHash);
        await app.db.execute(sql`update case_events set prev_hash = ${prevHash}, hash = ${hash} where case_id = ${paid.id} and seq = ${event.seq}`);
        prevHash = hash;
      }
      await app.db.execute(sql`update cases set head_hash = ${prevHash} where id = ${paid.id}`);
    });
    const run = await chengxin('verify-audit', '--anchor', '--data', dataDir);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(paid.number);
    expect(run.stdout).toContain('事件内容被篡改');
    expect(run.stdout).toContain('未写入新锚点');
    expect((await readFile(join(dataDir, 'anchors', 'anchors.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
