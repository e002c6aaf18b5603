import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepInstant } from '../../src/cli/commands/sweep.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { SUPERVISION_LEVEL_LABEL, type SupervisionLevel } from '../../src/domain/case/record.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { sweepSupervision } from '../../src/jobs/supervision-sweep.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';
import { backendName } from '../support/database.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const HYPERLINK = '=HYPERLINK("http://evil.example","点我")';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The first sheet's rows as arrays of cell values (index 0 is column A). */
const readSheet = async (body: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const [sheet] = workbook.worksheets;
  if (sheet === undefined) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return { sheet, rows };
};

describe(`list exports as official workbooks (${backendName})`, () => {
  let t: TestApp;
  const get = async (username: TestUsername, url: string) => t.server.inject({ method: 'GET', url, headers: await t.signIn(username) });
  const download = async (username: TestUsername, url: string) => {
    const response = await get(username, url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(String(response.headers['content-disposition'])).toContain('attachment');
    return readSheet(response.rawPayload);
  };
  const expectRefused = async (username: TestUsername, url: string, status: number, code: string) => {
    const response = await get(username, url);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  };

  let serial = 0;
  const register = async (body: Record<string, unknown>) => {
    serial += 1;
    const response = await t.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await t.signIn('yingshangban'),
      payload: {
        line: 'arrears',
        facts: '工程竣工验收合格，工程款未付。',
        enterprise: { name: `汉江市长风建设工程有限公司${serial}`, creditCode: makeCreditCode(`91422900MA49Q2W${serial}E`) },
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        ...body,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: string }>();
  };

  beforeAll(async () => {
    t = await createTestApp('2026-09-30T09:00:00+08:00');
    // Two complaints wait at the 受理台; one's title is a formula.
    await register({ source: 'petition', title: HYPERLINK, claimedAmount: 123_456_789 });
    await register({ source: 'complaint_platform', title: '江北区教育局拖欠课桌椅货款', responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, claimedAmount: 50_000_000 });
    // Two assigned cases go overdue and up the ladder, one per county.
    await register({ source: 'assigned', title: HYPERLINK, instruction: '请核实欠款并按期清偿。', claimedAmount: 90_000_000 });
    await register({ source: 'assigned', title: '江北区教育局拖欠食堂改造工程款', instruction: '请核实欠款并按期清偿。', responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, claimedAmount: 30_000_000 });
    await sweepSupervision(t.app, { now: sweepInstant('2026-10-30') });
    // Two confirmed arrears left unpaid past the year (A2) become breach records of two units.
    const debts = [
      { unit: LOCAL_UNIT_IDS.handong.jiaoyuju, handler: 'acc-hd-jiaoyu', amount: 12_000_000, organisation: 'EXPT0001' },
      { unit: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, handler: 'acc-jb-jiaoyu', amount: 34_560_000, organisation: 'EXPT0002' },
    ];
    const classified = [];
    for (const debt of debts) {
      const registered = await registerTestArrear(t.app, office, { title: '区教育局拖欠食堂设备款', enterpriseName: `汉江市厨具设备有限公司${debt.organisation}`, organisation: debt.organisation, responsibleUnitId: debt.unit, claimedAmount: debt.amount });
      const handler: Actor = { id: debt.handler, name: '教育局', role: 'unit_handler', unitId: debt.unit, jurisdictionScope: [] };
      classified.push(await runCommands(t.app, handler, registered, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: debt.amount } }));
    }
    t.clock.set('2027-01-06T10:00:00+08:00');
    for (const [index, record] of classified.entries()) {
      const response = await t.server.inject({
        method: 'POST',
        url: '/api/credit/records',
        headers: await t.signIn('xinyongban'),
        payload: {
          unitId: debts[index]!.unit,
          caseId: record.id,
          facts: index === 0 ? HYPERLINK : '年底前应一次性支付的设备款逾期未付',
          basis: '《保障中小企业款项支付条例》第九条、第二十六条',
          requirement: '请于整改期限内一次性付清设备款',
          documentNumber: `汉信用责改〔2027〕${index + 1}号`,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  it('exports the 受理台 with title, 填报 line, 万元 amounts, a 合计 row, and a formula title neutralised', async () => {
    const { sheet, rows } = await download('yingshangban', '/api/intake/export.xlsx');
    expect(rows[0]?.[0]).toBe('受理台待受理诉求清单');
    expect(rows[1]?.[0]).toBe('填报单位：汉江市优化营商环境领导小组办公室　　填报日期：2027-01-06');
    expect(rows[2]?.slice(0, 3)).toEqual(['序号', '事项编号', '事项名称']);
    expect(rows[2]).toContain('主张金额（万元）');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const amount = rows[2]!.indexOf('主张金额（万元）');
    expect(rows.slice(3, -1).map((row) => [row[0], row[2], row[amount]])).toEqual([
      [1, `'${HYPERLINK}`, 123.456789],
      [2, '江北区教育局拖欠课桌椅货款', 50],
    ]);
    expect([...(rows.at(-1)?.slice(0, 2) ?? []), rows.at(-1)?.[amount]]).toEqual(['合计', '共2条', 173.456789]);
    expect(sheet.getCell(4, amount + 1).numFmt).toBe('#,##0.00');
    expect(sheet.getCell(4, 3).formula).toBeUndefined();
  });

  it('refuses the 受理台 export to anyone but 营商办, and a bad filter, with no file', async () => {
    await expectRefused('hd-jiaoyu', '/api/intake/export.xlsx', 403, 'FORBIDDEN');
    await expectRefused('yingshangban', '/api/intake/export.xlsx?kind=bogus', 400, 'VALIDATION_FAILED');
  });

  it('exports the 督办中心 list as the reader sees it: every case for 营商办, only its own for a unit', async () => {
    const listed = async (username: TestUsername, query = '') =>
      (await get(username, `/api/supervision/cases${query}`)).json<{ items: { number: string; level: SupervisionLevel }[] }>().items;
    const all = await download('yingshangban', '/api/supervision/cases/export.xlsx');
    expect(all.rows[0]?.[0]).toBe('督办事项清单');
    expect(all.rows.slice(3, -1).map((row) => row[1])).toEqual((await listed('yingshangban')).map((item) => item.number));
    expect(all.rows.slice(3, -1).map((row) => row[2])).toEqual(expect.arrayContaining([`'${HYPERLINK}`, '江北区教育局拖欠食堂改造工程款']));
    expect(all.rows.at(-1)?.slice(0, 2)).toEqual(['合计', `共${all.rows.length - 4}条`]);

    const own = await download('hd-jiaoyu', '/api/supervision/cases/export.xlsx');
    expect(own.rows[1]?.[0]).toContain('填报单位：汉东区教育局');
    const ownRows = own.rows.slice(3, -1);
    expect(ownRows.map((row) => row[1])).toEqual((await listed('hd-jiaoyu')).map((item) => item.number));
    expect(ownRows.length).toBeGreaterThan(0);
    expect(ownRows.length).toBeLessThan(all.rows.length - 4);
    expect(ownRows.every((row) => row.includes('汉东区教育局'))).toBe(true);
  });

  it('exports one level with the filter in words, and refuses an unknown level with no file', async () => {
    const [first] = (await get('yingshangban', '/api/supervision/cases')).json<{ items: { level: SupervisionLevel }[] }>().items;
    const level = first!.level;
    const listed = (await get('yingshangban', `/api/supervision/cases?level=${level}`)).json<{ items: { number: string }[] }>().items;
    const { rows } = await download('yingshangban', `/api/supervision/cases/export.xlsx?level=${level}`);
    expect(rows[2]?.[0]).toBe(`筛选条件：督办级别 ${SUPERVISION_LEVEL_LABEL[level]}`);
    expect(rows.slice(4, -1).map((row) => row[1])).toEqual(listed.map((item) => item.number));
    await expectRefused('yingshangban', '/api/supervision/cases/export.xlsx?level=bogus', 400, 'VALIDATION_FAILED');
  });

  it('exports the breach records with what each case still owes in 万元, the facts neutralised, and only a unit’s own to the unit', async () => {
    const all = await download('xinyongban', '/api/credit/records/export.xlsx');
    expect(all.rows[0]?.[0]).toBe('政府机构违约失信记录清单');
    const header = all.rows[2]!;
    const facts = header.indexOf('失信事实');
    const owed = header.indexOf('未清偿金额（万元）');
    const body = all.rows.slice(3, -1);
    expect(body.map((row) => row[owed]).sort()).toEqual([12, 34.56]);
    expect(body.map((row) => row[facts])).toContain(`'${HYPERLINK}`);
    expect(all.rows.at(-1)?.[owed]).toBe(46.56);

    const own = await download('hd-jiaoyu', '/api/credit/records/export.xlsx');
    expect(own.rows.slice(3, -1).map((row) => row[owed])).toEqual([12]);
    const none = await download('handong', '/api/credit/records/export.xlsx?status=repaired');
    expect(none.rows[2]?.[0]).toBe('筛选条件：状态 已修复');
    expect(none.rows.slice(4).map((row) => row.slice(0, 2))).toEqual([[undefined, '没有符合条件的失信记录'], ['合计', '共0条']]);
    await expectRefused('xinyongban', '/api/credit/records/export.xlsx?status=bogus', 400, 'VALIDATION_FAILED');
  });
});
