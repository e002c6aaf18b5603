import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import { demand, demandWorkbook, DEMAND_HEADERS } from '../../test/support/intake-workbook.ts';
import type { AppContext } from '../app-context.ts';
import { importIntake, intakeImportTemplate } from '../cases/import-intake.ts';
import type { Database } from '../db/connection.ts';
import { caseEvents, cases, units } from '../db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { INTAKE_IMPORT_MAX_ROWS, readIntakeWorkbook, type IntakeImportError } from './intake-import.ts';
import { ephemeralKeys } from '../security/keys.ts';

const TODAY = '2026-11-26';
const office: Actor = { id: 'acc-office', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

const errorsOf = async (rows: Parameters<typeof demandWorkbook>[0], options?: Parameters<typeof demandWorkbook>[1]) =>
  (await readIntakeWorkbook(await demandWorkbook(rows, options), TODAY)).errors;

describe('reading the provincial platform’s import file (S3)', () => {
  it('reads every row below a title row, whatever the column order, amount and date notation', async () => {
    const headers = [...DEMAND_HEADERS].reverse();
    const file = await readIntakeWorkbook(
      await demandWorkbook(
        [
          demand(1, { '涉及金额（元）': 680000, 提交日期: new Date('2026-11-20T00:00:00Z') }),
          demand(2, { '涉及金额（元）': '68万元', 提交日期: '2026/11/3', 统一社会信用代码: ` ${demand(2).统一社会信用代码!.toString().toLowerCase()} ` }),
          {},
          demand(3, { '涉及金额（元）': '1,234,567.89元', 提交日期: '2026年11月5日', 诉求标题: { richText: [{ text: '反映' }, { text: '欠款问题' }] } }),
          demand(4, { 提交日期: 46_346, '涉及金额（元）': { formula: 'A1*2', result: 1000.5 } }),
          demand(5, { 提交日期: '2026-11-25 16:42:07' }),
          demand(6, { 诉求编号: '示例-HBSQ2026（导入时跳过此行）' }),
        ],
        { headers, titleRows: ['湖北省中小微企业诉求响应平台诉求清单（导出时间：2026-11-26）'] },
      ),
      TODAY,
    );
    expect(file.errors).toEqual([]);
    expect(file.rows.map((row) => [row.row, row.externalRef, row.claimedAmount, row.submittedOn])).toEqual([
      [3, 'HBSQ202611200001', 68_000_000, '2026-11-20'],
      [4, 'HBSQ202611200002', 68_000_000, '2026-11-03'],
      [6, 'HBSQ202611200003', 123_456_789, '2026-11-05'],
      [7, 'HBSQ202611200004', 100_050, '2026-11-20'],
      [8, 'HBSQ202611200005', 68_000_000, '2026-11-25'],
    ]);
    expect(file.rows[1]!.creditCode).toBe(demand(2).统一社会信用代码);
    expect(file.rows[2]!.title).toBe('反映欠款问题');
    expect(file.rows[0]).toMatchObject({ enterpriseName: '汉江市测试供应商1有限公司', unitName: '汉东区教育局' });
  });

  it('lists each error with its row and column, in Chinese', async () => {
    const errors = await errorsOf([
      demand(1, { 企业名称: '' }),
      demand(2, { 统一社会信用代码: '91422900MA4T00002X' }),
      demand(3, { '涉及金额（元）': '六十八万' }),
      demand(4, { '涉及金额（元）': '' }),
      demand(5, { '涉及金额（元）': 0 }),
      demand(6, { 提交日期: '2026-02-30' }),
      demand(7, { 提交日期: '2026-11-27' }),
      demand(8, { 诉求标题: '长'.repeat(201) }),
      demand(1),
      demand(9, { 诉求编号: null, 被反映单位: ' ' }),
    ]);
    const at = (row: number) => errors.filter((error) => error.row === row).map(({ column, message }) => `${column}：${message}`);
    expect(at(2)).toEqual(['企业名称：请填写企业名称']);
    expect(at(3)[0]).toMatch(/^统一社会信用代码：统一社会信用代码/);
    expect(at(4)[0]).toMatch(/^涉及金额（元）：金额格式不正确/);
    expect(at(5)).toEqual(['涉及金额（元）：请填写涉及金额：按“清理拖欠企业账款”登记的诉求须有企业主张的欠款金额']);
    expect(at(6)).toEqual(['涉及金额（元）：涉及金额应大于0']);
    expect(at(7)).toEqual(['提交日期：提交日期“2026-02-30”无法识别，请填写如 2026-11-20 的日期']);
    expect(at(8)).toEqual(['提交日期：提交日期 2026-11-27 晚于今天（2026-11-26）']);
    expect(at(9)).toEqual(['诉求标题：诉求标题不能超过200字']);
    expect(at(10)).toEqual(['诉求编号：诉求编号“HBSQ202611200001”与第2行重复']);
    expect(at(11)).toEqual(['诉求编号：请填写诉求编号', '被反映单位：请填写被反映单位']);
    for (const error of errors) expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('puts each demand on the line it concerns: the importer’s choice, the file’s column (full name, code, short form), else arrears', async () => {
    const file = await readIntakeWorkbook(
      await demandWorkbook([
        demand(1),
        demand(2, { 所属行动: '惠企政策兑现', '涉及金额（元）': '' }),
        demand(3, { 所属行动: '招商' }),
        demand(4, { 所属行动: ' 清欠 ' }),
        demand(5, { 所属行动: '政策' }),
        demand(6, { 所属行动: '招商引资政策兑现' }),
        demand(7, { 所属行动: 'policy' }),
        demand(8, { 所属行动: '账款' }),
        demand(9, { 所属行动: '承诺' }),
        demand(10, { 所属行动: '惠企' }),
        demand(11, { 所属行动: '清欠' }),
      ]),
      TODAY,
      { lines: { HBSQ202611200011: 'policy' } },
    );
    expect(file.errors).toEqual([]);
    expect(file.rows.map((row) => [row.externalRef.slice(-2), row.line, row.lineFrom])).toEqual([
      ['01', 'arrears', 'default'],
      ['02', 'policy', 'file'],
      ['03', 'investment', 'file'],
      ['04', 'arrears', 'file'],
      ['05', 'policy', 'file'],
      ['06', 'investment', 'file'],
      ['07', 'policy', 'file'],
      ['08', 'arrears', 'file'],
      ['09', 'investment', 'file'],
      ['10', 'policy', 'file'],
      ['11', 'policy', 'choice'],
    ]);
    // A policy demand may come without an amount; an arrear may not.
    expect(file.rows[1]!.claimedAmount).toBeNull();
    // The column may be called 诉求类别.
    const aliased = await readIntakeWorkbook(
      await demandWorkbook([demand(1, { 诉求类别: '惠企' })], { headers: [...DEMAND_HEADERS.filter((header) => header !== '所属行动'), '诉求类别'] }),
      TODAY,
    );
    expect(aliased.rows[0]).toMatchObject({ line: 'policy', lineFrom: 'file', lineText: '惠企' });
  });

  it('names a line it cannot read, a line the import does not take and a line not open, with codes', async () => {
    const file = await readIntakeWorkbook(
      await demandWorkbook([demand(1, { 所属行动: '营商环境' }), demand(2, { 所属行动: '政府守信践诺再提升' }), demand(3, { 所属行动: '招商引资政策兑现' }), demand(4, { 所属行动: '惠企', '涉及金额（元）': '' })]),
      TODAY,
      { lines: { HBSQ202611200004: 'arrears' }, isOpen: (line) => line !== 'investment' },
    );
    expect(file.errors).toEqual([
      { row: 2, column: '所属行动', code: 'VALIDATION_FAILED', message: expect.stringContaining('无法识别所属行动“营商环境”') },
      { row: 3, column: '所属行动', code: 'ACTION_NOT_FOR_LINE', message: expect.stringContaining('省平台诉求不登记为“政府守信践诺再提升”事项') },
      { row: 4, column: '所属行动', code: 'ACTION_NOT_FOR_LINE', message: '“招商引资政策兑现”的处置流程尚未开放登记，该诉求暂不能导入；请改选其他专项行动，或待开放后再导入' },
      { row: 5, column: '涉及金额（元）', message: '请填写涉及金额：按“清理拖欠企业账款”登记的诉求须有企业主张的欠款金额' },
    ]);
    expect(file.rows[0]).toMatchObject({ line: null, lineFrom: 'file', lineText: '营商环境' });
  });

  it('reports a missing column, a file without rows, too many rows and a file that is no workbook', async () => {
    expect(await errorsOf([demand(1)], { headers: DEMAND_HEADERS.filter((header) => header !== '提交日期') })).toEqual([
      { row: 1, column: '提交日期', message: '缺少“提交日期”列' },
    ]);
    expect(await errorsOf([demand(1)], { headers: ['编号', '企业'] })).toEqual([
      { row: null, column: null, message: expect.stringContaining('未找到表头“诉求编号”') },
    ]);
    expect(await errorsOf([])).toEqual([{ row: null, column: null, message: expect.stringContaining('没有诉求数据') }]);
    const many = Array.from({ length: INTAKE_IMPORT_MAX_ROWS + 1 }, (_, index) => demand(index + 1));
    expect(await errorsOf(many)).toEqual([{ row: null, column: null, message: `一次最多导入${INTAKE_IMPORT_MAX_ROWS}条诉求，请拆分为多个文件` }]);
    expect((await readIntakeWorkbook(Buffer.from('诉求编号,企业名称\n1,2\n'), TODAY)).errors).toEqual([
      { row: null, column: null, message: expect.stringContaining('不是有效的 Excel 工作簿') },
    ]);
  });
});

describe(`importing against the city's units (${backendName})`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date(`${TODAY}T10:00:00+08:00`), keys: ephemeralKeys() };
  });
  afterAll(() => database?.close());

  const totals = async () => ({
    cases: (await app.db.select({ n: count() }).from(cases))[0]!.n,
    events: (await app.db.select({ n: count() }).from(caseEvents))[0]!.n,
    units: (await app.db.select({ n: count() }).from(units))[0]!.n,
  });

  const rejection = async (content: Buffer): Promise<IntakeImportError[]> => {
    const error = await importIntake(app, office, content).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('IMPORT_INVALID');
    return (error as AppError).details.errors as IntakeImportError[];
  };

  it('refuses a unit it cannot find, an ambiguous prefix, an enterprise and a credit code of a government unit, writing nothing', async () => {
    const [bureau] = await app.db.select({ creditCode: units.creditCode }).from(units).where(eq(units.id, LOCAL_UNIT_IDS.handong.jiaoyuju));
    const before = await totals();
    const errors = await rejection(
      await demandWorkbook([
        demand(1, { 被反映单位: '汉东区住房' }),
        demand(2, { 被反映单位: '汉东区水利局' }),
        demand(3, { 被反映单位: '汉东区' }),
        demand(4, { 统一社会信用代码: bureau!.creditCode }),
      ]),
    );
    expect(errors).toEqual([
      { row: 3, column: '被反映单位', message: '未找到单位“汉东区水利局”，请填写本市政府部门、事业单位或国有企业的全称' },
      { row: 4, column: '被反映单位', message: expect.stringMatching(/^“汉东区”对应多个单位（.+），请填写全称$/) },
      { row: 5, column: '统一社会信用代码', message: `统一社会信用代码${bureau!.creditCode}属于“汉东区教育局”，不是企业` },
    ]);
    expect(await totals()).toEqual(before);
  });

  it('registers each demand pending intake, matched by a unique prefix; names an enterprise as the unit an error', async () => {
    const result = await importIntake(app, office, await demandWorkbook([demand(11, { 被反映单位: '汉东区住房' }), demand(12)]));
    expect(result).toMatchObject({ imported: 2, skipped: 0, existing: [] });
    const [first] = await app.db.select().from(cases).where(eq(cases.id, result.cases[0]!.id));
    expect(first).toMatchObject({ source: 'provincial_platform', line: 'arrears', state: 'registered', responsibleUnitId: LOCAL_UNIT_IDS.handong.zhujianju, claimedAmount: 68_000_000 });
    expect(first!.detail).toMatchObject({ externalRef: 'HBSQ202611200011', submittedOn: '2026-11-20', intake: { status: 'pending' } });

    const before = await totals();
    expect(await rejection(await demandWorkbook([demand(13, { 被反映单位: '汉江市测试供应商11有限公司' })]))).toEqual([
      { row: 2, column: '被反映单位', message: '“汉江市测试供应商11有限公司”是企业，被反映单位应为政府部门、事业单位或国有企业' },
    ]);
    expect(await totals()).toEqual(before);
  });

  it('writes a template whose headers are the import’s and whose example row is never imported', async () => {
    const template = await intakeImportTemplate(app, office);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['省平台诉求', '填写说明']);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...DEMAND_HEADERS]);
    expect((await readIntakeWorkbook(template, TODAY)).errors).toEqual([{ row: null, column: null, message: expect.stringContaining('没有诉求数据') }]);
    // The example row, once its id is a real one, is a valid demand of this city.
    workbook.worksheets[0]!.getCell(2, 1).value = 'HBSQ-TEMPLATE-1';
    const filled = await readIntakeWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()), TODAY);
    expect(filled.errors).toEqual([]);
    expect(filled.rows).toHaveLength(1);
    await expect(intakeImportTemplate(app, { ...office, role: 'leader' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
