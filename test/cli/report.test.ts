/**
 * `chengxin report dispatch` as users run it: a real process on a PGlite data folder that the
 * test fills through the use cases, and the workbook read back and checked against the report
 * the use case computes over the same folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { DISPATCH_REPORT_ACTOR } from '../../src/cli/commands/report.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { dispatchReport, type DispatchReport } from '../../src/dispatch/dispatch-report.ts';
import { openDispatchRound } from '../../src/dispatch/open-dispatch-round.ts';
import { fenToWanYuan } from '../../src/domain/dispatch/figures.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';
import { commandsTimeout, runChengxin as chengxin } from '../support/cli.ts';
import { keyFilePath, loadKeys } from '../../src/security/keys.ts';

const TENANT = 'hanjiang';
const office: Actor = { id: 'acc-office', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

// Up to two commands and two openings of the folder a test.
describe('chengxin report dispatch', { timeout: commandsTimeout(4) }, () => {
  let folder: string;
  let dataDir: string;
  let roundId: string;
  const asOf = '2026-03-20';

  /** Runs `work` on the data folder, closing it after (the command needs the lock). */
  const withFolder = async <T>(work: (app: AppContext) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ dataDir });
    try {
      return await work({ db: database.db, tenantId: TENANT, clock: () => new Date(`${asOf}T18:00:00+08:00`), keys: await loadKeys(keyFilePath(dataDir)) });
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-report-'));
    dataDir = join(folder, 'data');
    await withFolder(async (app) => {
      await seedReferenceData(app.db, TENANT);
      const early: AppContext = { ...app, clock: () => new Date('2026-03-02T09:00:00+08:00') };
      const paid = await registerTestArrear(early, office, {
        title: '汉东区教育局拖欠食堂设备款',
        enterpriseName: '汉东食堂设备有限公司',
        organisation: 'CL00001',
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 30_000_000,
      });
      await runCommands(
        early,
        office,
        paid,
        { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 28_000_000, confirmedOn: '2026-03-02' } },
        { action: 'record_payment', paidOn: '2026-03-02', amount: 10_000_000, voucher: 'GK-0302' },
      );
      await registerTestArrear(early, office, {
        title: '江北区教育局拖欠课桌椅货款',
        enterpriseName: '江北课桌椅制造有限公司',
        organisation: 'CL00002',
        responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju,
        claimedAmount: 5_000_000,
      });
      roundId = (await openDispatchRound(app, office, { title: '2026年第12周调度', periodStart: '2026-03-16', periodEnd: '2026-03-22', dueOn: '2026-03-20' })).round.id;
    });
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('writes the workbook whose figures are the report’s, with the round’s 未报送 sheet', async () => {
    const out = join(folder, 'dispatch.xlsx');
    const run = await chengxin('report', 'dispatch', '--out', out, '--as-of', asOf, '--round', roundId, '--data', dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('统计日 2026-03-20');
    expect(run.stdout).toContain('案件 2 件');
    expect(run.stdout).toContain('约谈 0 件，通报 0 件。');
    expect(run.stdout).toContain('企业评价 0 次：满意 0、不满意 0，满意率 —；申请重新办理 0 次。');
    const report: DispatchReport = await withFolder((app) => dispatchReport(app, DISPATCH_REPORT_ACTOR, { asOf, roundId }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['按属地', '按专项行动', '按责任单位', '满意率', '约谈', '通报', '未报送', '诚信指数']);
    const byJurisdiction = workbook.getWorksheet('按属地')!;
    report.byJurisdiction.forEach((row, index) => {
      const cells = byJurisdiction.getRow(3 + index);
      expect(cells.getCell(1).value).toBe(row.name);
      expect(cells.getCell(3).value).toBe(row.cases);
      expect(cells.getCell(15).value).toBe(fenToWanYuan(row.outstandingAmount));
    });
    const missing = workbook.getWorksheet('未报送')!;
    expect([missing.getRow(3).getCell(1).value, missing.getRow(4).getCell(1).value].sort()).toEqual(
      report.roundStatus!.map((row) => row.unitName).sort(),
    );
    // The command runs on the tests' clock (from DEMO_NOW, 2026-11-26), long after the round's due date.
    expect(missing.getRow(3).getCell(6).value).toBe('逾期未报');
  });

  it('refuses a file name that is not .xlsx and a malformed date, writing nothing', async () => {
    const wrongName = await chengxin('report', 'dispatch', '--out', join(folder, 'dispatch.csv'), '--data', dataDir);
    expect(wrongName.code).not.toBe(0);
    expect(wrongName.stderr).toContain('.xlsx');
    const wrongDate = await chengxin('report', 'dispatch', '--out', join(folder, 'x.xlsx'), '--as-of', '2026-02-30', '--data', dataDir);
    expect(wrongDate.code).not.toBe(0);
    expect(wrongDate.stderr).toContain('--as-of');
  });
});
