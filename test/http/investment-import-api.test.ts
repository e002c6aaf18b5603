import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { accounts, idempotencyKeys, investmentProjects, investmentPromises, units } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { yuan } from '../../src/domain/money.ts';
import type { RegisterImportResult } from '../../src/investment/import-register.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { zipBomb } from '../support/policy-workbook.ts';
import { addTestFirms } from '../support/test-firms.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const FIRM_CODE = makeCreditCode('91422902MA49TQ2N0');
const NEW_CODE = makeCreditCode('91422902MA4D1K5L0');

const HEADERS = [
  '协议编号',
  '统一社会信用代码',
  '企业名称',
  '项目名称',
  '协议名称',
  '签约主体',
  '签约日期',
  '投资额（万元）',
  '项目节点',
  '协议条款',
  '承诺条款',
  '承诺类型',
  '承诺内容',
  '承诺金额（万元）',
  '承诺面积（亩）',
  '兑现期限',
  '企业应满足的条件',
  '履约责任单位',
] as const;
type Row = Partial<Record<(typeof HEADERS)[number], ExcelJS.CellValue>>;

/** A project of 汉东区 with the enterprise of the test firms, and its funds promise. */
const projectRow = (overrides: Row = {}): Row => ({
  协议编号: 'HD-ZS-2026-101',
  统一社会信用代码: FIRM_CODE,
  企业名称: '湖北汉水智能装备有限公司',
  项目名称: '智能装备产业园项目',
  协议名称: '智能装备产业园项目投资协议',
  签约主体: '汉东区人民政府',
  签约日期: '2026-01-20',
  '投资额（万元）': 80_000,
  项目节点: '开工：2026-06-30\n投产：2027-12-31',
  协议条款: '第六条 设备补助；第八条 人才公寓。',
  承诺条款: '第六条',
  承诺类型: '资金',
  承诺内容: '投产后给予设备购置补助',
  '承诺金额（万元）': 600,
  兑现期限: '2027-06-30',
  企业应满足的条件: '设备投资不低于3亿元',
  履约责任单位: '汉东区财政局',
  ...overrides,
});
/** Another promise of the same project: its key only, the project's other columns blank. */
const promiseRow = (overrides: Row = {}): Row => ({
  协议编号: 'HD-ZS-2026-101',
  统一社会信用代码: FIRM_CODE,
  承诺条款: '第八条',
  承诺类型: '其他资源',
  承诺内容: '提供人才公寓50套',
  兑现期限: '2026-12-31',
  履约责任单位: '汉东区住房和城乡建设局',
  ...overrides,
});

const workbook = async (rows: readonly Row[], sheetName = '项目与承诺'): Promise<Buffer> => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow([...HEADERS]);
  for (const row of rows) sheet.addRow(HEADERS.map((header) => row[header] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
};

interface ImportError {
  error: { code: string; message: string; details: { errors: { row: number | null; column: string | null; value: string | null; message: string }[] } };
}

/** S6: the register comes in from a workbook — one row per promise — checked row by row, all or nothing, and a second import of it changes nothing. */
describe(`importing projects and promises from an Excel workbook (${backendName})`, () => {
  let t: TestApp;
  let zhaoshangju: { authorization: string };
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    await addTestFirms(t);
    await t.app.db
      .insert(accounts)
      .values({ id: 'acc-zhaoshangju', tenantId: t.app.tenantId, username: 'zhaoshangju', displayName: '招商局', passwordHash: await hashPassword(PASSWORD), role: 'lead_bureau', unitId: UNIT_IDS.zhaoshangju })
      .onConflictDoNothing();
    const response = await t.server.inject({ method: 'POST', url: '/api/session', payload: { username: 'zhaoshangju', password: PASSWORD } });
    zhaoshangju = { authorization: `Bearer ${response.json<{ token: string }>().token}` };
  });
  afterAll(() => t?.close());

  const headersOf = async (username: TestUsername | 'zhaoshangju') => (username === 'zhaoshangju' ? zhaoshangju : t.signIn(username));
  const upload = async (username: TestUsername | 'zhaoshangju', content: Buffer, options: { dryRun?: boolean; key?: string } = {}) => {
    const body = multipart('招商项目.xlsx', content);
    return t.server.inject({
      method: 'POST',
      url: `/api/investment/import${options.dryRun ? '?dryRun=true' : ''}`,
      payload: body.payload,
      headers: { ...(await headersOf(username)), ...body.headers, ...(options.key ? { 'idempotency-key': options.key } : {}) },
    });
  };
  /** Everything an import could write, and the rows themselves to see that nothing changed. */
  const snapshot = async () => ({
    projects: await t.app.db.select().from(investmentProjects).orderBy(investmentProjects.id),
    promises: await t.app.db.select().from(investmentPromises).orderBy(investmentPromises.id),
    units: Number((await t.app.db.select({ n: count() }).from(units))[0]!.n),
    keys: Number((await t.app.db.select({ n: count() }).from(idempotencyKeys))[0]!.n),
  });
  const errorsOf = (response: Awaited<ReturnType<typeof upload>>) => {
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<ImportError>();
    expect(error.code).toBe('IMPORT_INVALID');
    return error.details.errors;
  };

  it('serves a template — one sheet, one row per promise, and notes — that previews and imports as it stands', async () => {
    const response = await t.server.inject({ method: 'GET', url: '/api/investment/import-template', headers: await t.signIn('handong') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('招商项目与承诺导入模板.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['项目与承诺', '说明']);
    expect((book.getWorksheet('项目与承诺')!.getRow(1).values as unknown[]).slice(1)).toEqual([...HEADERS]);
    expect(book.getWorksheet('项目与承诺')!.getCell('F2').value).toBe('汉东区人民政府');
    const notes = book
      .getWorksheet('说明')!
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? row : []))
      .join('\n');
    expect(notes).toContain('每行一项承诺');
    expect(notes).toContain('同一文件再次导入不会产生任何变化');

    const before = await snapshot();
    const preview = await upload('handong', response.rawPayload, { dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const result = preview.json<RegisterImportResult>();
    expect(result.counts).toEqual({ projects: { create: 1, update: 0, unchanged: 0 }, promises: { create: 2, update: 0, unchanged: 0 } });
    expect(result.projects).toMatchObject([
      {
        row: 2,
        id: null,
        action: 'create',
        name: '（示例）年产5万吨新材料项目',
        newEnterprise: true,
        signingUnitName: '汉东区人民政府',
        investmentAmount: wan(50_000),
        promises: [
          { row: 2, clause: '第五条', typeLabel: '土地', area: 12_050, amount: null, responsibleUnitName: '汉东区人民政府' },
          { row: 3, clause: '第六条', typeLabel: '资金', amount: wan(600), area: null, responsibleUnitName: '汉东区财政局' },
        ],
      },
    ]);
    expect(await snapshot()).toEqual(before);
    const imported = await upload('handong', response.rawPayload);
    expect(imported.statusCode, imported.body).toBe(201);
    const [example] = await t.app.db.select().from(investmentProjects).where(eq(investmentProjects.name, '（示例）年产5万吨新材料项目'));
    expect(example).toMatchObject({ jurisdictionId: 'handong', signingUnitId: LOCAL_UNIT_IDS.handong.government, milestones: [{ name: '开工', plannedOn: '2027-03-31' }, { name: '投产', plannedOn: '2028-06-30' }] });
  });

  it('lists every bad row — row, column, cell and why — and writes nothing, in a preview or not', async () => {
    const before = await snapshot();
    const file = await workbook([
      projectRow(),
      promiseRow({ 承诺类型: '补贴' }),
      promiseRow({ 承诺条款: '第九条', 项目名称: '另一个项目名称' }),
      projectRow({ 协议编号: 'HD-2', 统一社会信用代码: '91422902MA49TQ2N0X' }),
      projectRow({ 协议编号: 'HD-3', 签约主体: '汉东区', 签约日期: '2026年13月1日' }),
      projectRow({ 协议编号: 'HD-4', 签约主体: '汉东区城市建设投资有限公司', 履约责任单位: '湖北汉水智能装备有限公司' }),
      promiseRow(),
      projectRow({ 协议编号: null }),
      projectRow({ 协议编号: 'HD-5', '承诺金额（万元）': 'abc', '承诺面积（亩）': '1.234', 兑现期限: null }),
      projectRow({ 协议编号: 'HD-6', 项目节点: '开工 明年', '投资额（万元）': null, 签约日期: '2026-03-05' }),
      projectRow({ 协议编号: 'JB-1', 签约主体: '江北区人民政府' }),
      // A cell's text escapes what XML cannot hold as _xHHHH_; it reads back as a NUL.
      projectRow({ 协议编号: 'HD-7', 承诺内容: 'a_x0000_b' }),
    ]);
    const expected = [
      [3, '承诺类型', '补贴', '承诺类型“补贴”无效，应为优惠政策、资金、土地或其他资源'],
      [4, '项目名称', '另一个项目名称', '与第2行（同一项目）的“项目名称”不一致；同一项目各行的项目列须相同，或留空'],
      [5, '统一社会信用代码', '91422902MA49TQ2N0X', '统一社会信用代码无效（应为18位，校验位须正确）'],
      [6, '签约主体', '汉东区', '未找到单位“汉东区”，请填写单位全称（如 汉东区交通运输局、汉东区人民医院、汉东区人民政府）'],
      [6, '签约日期', '2026年13月1日', '签约日期“2026年13月1日”无法识别，请填写如 2026-03-01 的日期'],
      [7, '签约主体', '汉东区城市建设投资有限公司', '汉东区城市建设投资有限公司不能作为签约主体：应为政府、管委会或政府部门'],
      [7, '履约责任单位', '湖北汉水智能装备有限公司', '未找到单位“湖北汉水智能装备有限公司”，请填写单位全称'],
      [8, '承诺内容', '提供人才公寓50套', '与第3行是同一项目同一条款的同一承诺，请合并为一行'],
      [9, '协议编号', null, '请填写协议编号（同一项目的每一行都要填写）'],
      [10, '承诺金额（万元）', 'abc', '“abc”不是有效金额，请填写以万元计的数，如 600 或 12.5'],
      [10, '承诺面积（亩）', '1.234', '面积最多保留两位小数：“1.234”'],
      [10, '兑现期限', null, '请填写兑现期限'],
      [11, '签约日期', '2026-03-05', '签约日期（2026-03-05）不能晚于今天（2026-03-02）'],
      [11, '投资额（万元）', null, '请填写投资额（万元）'],
      [11, '项目节点', '开工 明年', '项目节点“开工 明年”无法识别，请写作“开工：2026-03-01”，已完成的写作“开工：2026-03-01（完成 2026-03-05）”'],
      [12, '签约主体', '江北区人民政府', '无权登记“江北区人民政府”签约的项目：县市区、管委会只登记本辖区签约的项目'],
      [13, '承诺内容', 'a\u0000b', '承诺内容含有无法保存的字符'],
    ];
    for (const dryRun of [true, false]) {
      const errors = errorsOf(await upload('handong', file, { dryRun, key: dryRun ? undefined : 'inv-import-bad-1' }));
      expect(errors.map((error) => [error.row, error.column, error.value, error.message])).toEqual(expected);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('records a good workbook at once, and a second import of it changes nothing; a changed cell updates only its promise', async () => {
    const rows = [projectRow(), promiseRow(), projectRow({ 协议编号: 'HD-ZS-2026-102', 统一社会信用代码: NEW_CODE, 企业名称: '汉东新材料科技有限公司', 承诺条款: '第五条', 承诺类型: '土地', 承诺内容: '供应工业用地', '承诺金额（万元）': null, '承诺面积（亩）': 80.25, 履约责任单位: LOCAL_UNIT_IDS.handong.government })];
    const file = await workbook(rows);
    const before = await snapshot();
    const response = await upload('zhaoshangju', file, { key: 'inv-import-good-1' });
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json<RegisterImportResult>();
    expect(result.counts).toEqual({ projects: { create: 2, update: 0, unchanged: 0 }, promises: { create: 3, update: 0, unchanged: 0 } });
    expect(result.projects.map((project) => [project.agreementNo, project.newEnterprise, project.promises.map((promise) => [promise.row, promise.clause, promise.amount, promise.area])])).toEqual([
      ['HD-ZS-2026-101', false, [[2, '第六条', wan(600), null], [3, '第八条', null, null]]],
      ['HD-ZS-2026-102', true, [[4, '第五条', null, 8_025]]],
    ]);
    const after = await snapshot();
    expect(after.projects).toHaveLength(before.projects.length + 2);
    expect(after.promises).toHaveLength(before.promises.length + 3);
    expect(after.units).toBe(before.units + 1);

    // The same key replays; the same file again, under no key or another, is all unchanged.
    const replay = await upload('zhaoshangju', file, { key: 'inv-import-good-1' });
    expect(replay.json()).toEqual(result);
    for (const dryRun of [true, false]) {
      const again = await upload('zhaoshangju', file, { dryRun });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<RegisterImportResult>().counts).toEqual({ projects: { create: 0, update: 0, unchanged: 2 }, promises: { create: 0, update: 0, unchanged: 3 } });
    }
    // A county re-importing the same rows of its own jurisdiction: nothing changes either.
    expect((await upload('handong', file)).json<RegisterImportResult>().counts.promises.unchanged).toBe(3);
    expect(await snapshot()).toEqual(after);

    const changed = await workbook([rows[0]!, promiseRow({ 兑现期限: '2027-03-31' }), rows[2]!]);
    const update = await upload('zhaoshangju', changed);
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json<RegisterImportResult>().counts).toEqual({ projects: { create: 0, update: 0, unchanged: 2 }, promises: { create: 0, update: 1, unchanged: 2 } });
    const [flat] = await t.app.db.select().from(investmentPromises).where(eq(investmentPromises.content, '提供人才公寓50套'));
    expect(flat).toMatchObject({ dueOn: '2027-03-31', version: 2 });
  });

  it('lets only 招商局 and the counties import, and refuses an oversized, a bomb and a non-workbook file with a coded error', async () => {
    const before = await snapshot();
    const file = await workbook([projectRow({ 协议编号: 'X-1' })]);
    for (const username of ['yingshangban', 'leader', 'hd-jiaoyu', 'qiye1', 'sysadmin'] as const) {
      const response = await upload(username, file);
      expect(response.statusCode, username).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
      expect((await t.server.inject({ method: 'GET', url: '/api/investment/import-template', headers: await t.signIn(username) })).statusCode, username).toBe(403);
    }
    const large = await upload('handong', randomBytes(5 * 1024 * 1024 + 1));
    expect(large.statusCode).toBe(413);
    expect(large.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件超过5MB，请拆分后导入' });
    const bomb = await upload('handong', zipBomb(60 * 1024 * 1024), { dryRun: true });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件解压后超过50MB，请拆分后导入' });
    expect(errorsOf(await upload('handong', Buffer.from('协议编号,企业名称\n')))).toEqual([
      { row: null, column: null, value: null, message: '文件不是有效的 Excel 工作簿（.xlsx），请使用招商项目与承诺导入模板' },
    ]);
    expect(errorsOf(await upload('handong', await workbook([projectRow()], 'Sheet1')))).toEqual([
      { row: null, column: null, value: null, message: '工作簿中没有“项目与承诺”工作表，请使用导入模板' },
    ]);
    expect(await snapshot()).toEqual(before);
  });
});
