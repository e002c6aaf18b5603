import { count, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { caseEvents, cases, notifications, units } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { ledgerRow, ledgerWorkbook, LEDGER_HEADERS, MISTAKES, rowOf, type LedgerRowCells, type LedgerImportPreview as Preview, type LedgerImportProblem as Problem, type LedgerImportResult as Result } from '../support/ledger-workbook.ts';
import { multipart } from '../support/multipart.ts';


describe(`importing an arrears ledger over HTTP (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const upload = async (username: TestUsername, content: Buffer, options: { dryRun?: boolean; fileName?: string } = {}) => {
    const body = multipart(options.fileName ?? '汉东区拖欠账款台账.xlsx', content);
    return t.server.inject({
      method: 'POST',
      url: `/api/cases/import${options.dryRun === true ? '?dryRun=true' : ''}`,
      payload: body.payload,
      headers: { ...(await t.signIn(username)), ...body.headers },
    });
  };
  /** Everything an import could write: cases, their events and notifications, enterprises. */
  const totals = async () => {
    const of = async (table: typeof cases | typeof caseEvents | typeof notifications | typeof units) => (await t.app.db.select({ n: count() }).from(table))[0]!.n;
    return { cases: await of(cases), events: await of(caseEvents), notifications: await of(notifications), units: await of(units) };
  };

  /** Ten good rows, the way a county's file holds them: numbers as text with separators, full-width digits, serial and text dates. */
  const goodRows = (): LedgerRowCells[] => [
    ...Array.from({ length: 7 }, (_, index) => ledgerRow(index + 1)),
    ledgerRow(8, { '欠款金额（万元）': '1,234.5', 合同订立日期: 45717, 交付日期: '２０２５年３月１日', 债务单位: ' 汉东区 教育局 ' }),
    ledgerRow(9, { '欠款金额（万元）': '６８．５', 合同订立日期: '2025/3/1', 交付日期: '2025-03-20', 统一社会信用代码: ` ${ledgerRow(9).统一社会信用代码!.toString().toLowerCase()} ` }),
    ledgerRow(10, { '欠款金额（万元）': '685,000元', 款项类型: '工程', 企业规模: '小型', 基本情况: '' }),
  ];

  it('offers the template to a county: title, 填报单位, header with units, drop-downs and the notes', async () => {
    const response = await t.server.inject({ method: 'GET', url: '/api/cases/import-template.xlsx', headers: await t.signIn('handong') });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('拖欠账款台账')!;
    expect(sheet.getCell('A1').value).toBe('清理拖欠企业账款台账');
    expect(String(sheet.getCell('A2').value)).toBe('填报单位：汉东区人民政府');
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual([...LEDGER_HEADERS]);
    // The example names a unit the county may import for.
    expect(sheet.getCell('D4').value).toMatch(/^汉东区/u);
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(validations).map((validation) => validation.formulae[0])).toContain('"货物款,工程款,服务款,投标保证金,履约保证金,工程质量保证金,农民工工资保证金"');
    expect(Object.values(validations).map((validation) => validation.formulae[0])).toContain('"机关,事业单位,大型企业"');
    const notes = workbook.getWorksheet('填写说明')!;
    expect(notes.getColumn(1).values).toContain('欠款金额（万元）');
  });

  it('refuses the template and the import to a leader, who registers by assignment only, and writes nothing', async () => {
    const before = await totals();
    expect((await t.server.inject({ method: 'GET', url: '/api/cases/import-template.xlsx', headers: await t.signIn('leader') })).statusCode).toBe(403);
    const response = await upload('leader', await ledgerWorkbook(goodRows()));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await totals()).toEqual(before);
  });

  it('lists every problem of a faulty file in the dry run, by row, column and value, and writes nothing', async () => {
    const rows = [...goodRows(), ...MISTAKES.map((mistake, index) => ledgerRow(100 + index, mistake.cells)), ledgerRow(3)];
    const before = await totals();
    const response = await upload('handong', await ledgerWorkbook(rows), { dryRun: true });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json<Preview>();
    expect(preview).toMatchObject({ dryRun: true, rows: rows.length, importable: 0, skipped: 0 });
    MISTAKES.forEach((mistake, index) => {
      const row = rowOf(goodRows().length + index);
      const found = preview.errors.filter((error) => error.row === row);
      expect(found, `row ${row}: ${mistake.message}`).toContainEqual(expect.objectContaining({ column: mistake.column, message: expect.stringContaining(mistake.message) }));
    });
    // The value is the cell as written.
    expect(preview.errors).toContainEqual(expect.objectContaining({ column: '欠款金额（万元）', value: '约五十万' }));
    // The repeated row names the first.
    expect(preview.errors).toContainEqual({ row: rowOf(rows.length - 1), column: '事项名称', value: ledgerRow(3).事项名称, message: `与第${rowOf(2)}行重复（企业、债务单位、事项名称和欠款金额均相同）` });
    // No problem on the good rows.
    expect(preview.errors.filter((error) => error.row !== null && error.row < rowOf(goodRows().length))).toEqual([]);
    expect(await totals()).toEqual(before);
  });

  it('refuses the whole file when one row is bad: 422 with every problem, nothing written', async () => {
    const before = await totals();
    const response = await upload('handong', await ledgerWorkbook([...goodRows(), ledgerRow(50, { 债务单位: '汉东区教育厅' })]));
    expect(response.statusCode).toBe(422);
    const body = response.json<{ error: { code: string; message: string; details: { errors: Problem[] } } }>();
    expect(body.error.code).toBe('IMPORT_INVALID');
    expect(body.error.details.errors).toEqual([
      { row: rowOf(10), column: '债务单位', value: '汉东区教育厅', message: '未找到债务单位“汉东区教育厅”，是否为：“汉东区教育局”、“汉东区财政局”、“汉东区司法局”？' },
    ]);
    expect(await totals()).toEqual(before);
  });

  it('names the problem of the whole file: not a workbook, no header, a money header without its unit', async () => {
    const notXlsx = (await upload('handong', Buffer.from('序号,债权企业名称\n1,某公司\n'), { dryRun: true })).json<Preview>();
    expect(notXlsx.errors).toEqual([{ row: null, column: null, value: '', message: expect.stringContaining('不是有效的 Excel 工作簿') }]);
    const noUnit = await ledgerWorkbook([ledgerRow(1, { 欠款金额: 12 })], { headers: LEDGER_HEADERS.map((header) => (header === '欠款金额（万元）' ? '欠款金额' : header)) });
    expect((await upload('handong', noUnit, { dryRun: true })).json<Preview>().errors).toEqual([
      { row: 3, column: '欠款金额', value: '', message: '表头“欠款金额”未注明金额单位，请写作“欠款金额（万元）”或“欠款金额（元）”' },
    ]);
    const missing = await ledgerWorkbook([ledgerRow(1)], { headers: LEDGER_HEADERS.filter((header) => header !== '债务单位') });
    expect((await upload('handong', missing, { dryRun: true })).json<Preview>().errors).toEqual([{ row: 3, column: '债务单位', value: '', message: '缺少“债务单位”列' }]);
  });

  let first: Result;
  let content: Buffer;
  it('registers every row of the fixed file in one import: source import, the file named and hashed in each first event', async () => {
    content = await ledgerWorkbook(goodRows());
    const preview = (await upload('handong', content, { dryRun: true })).json<Preview>();
    expect(preview).toMatchObject({ dryRun: true, rows: 10, importable: 10, skipped: 0, errors: [] });
    const response = await upload('handong', content);
    expect(response.statusCode, response.body).toBe(200);
    first = response.json<Result>();
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(first).toMatchObject({ dryRun: false, fileName: '汉东区拖欠账款台账.xlsx', sha256, rows: 10, imported: 10, skipped: 0 });
    expect(first.cases.map((item) => item.row)).toEqual(Array.from({ length: 10 }, (_, index) => rowOf(index)));

    const page = await t.server.inject({ method: 'GET', url: `/api/cases/${first.cases[7]!.id}`, headers: await t.signIn('handong') });
    expect(page.json()).toMatchObject({
      line: 'arrears',
      source: 'import',
      state: 'registered',
      claimedAmount: 1_234_500_000,
      responsibleUnitId: 'u-handong-jiaoyuju',
      importedFrom: { fileName: '汉东区拖欠账款台账.xlsx', sha256, row: rowOf(7) },
      events: [{ type: 'register' }],
    });
    const [event] = await t.app.db
      .select({ payload: caseEvents.payload })
      .from(caseEvents)
      .where(sql`${caseEvents.caseId} = ${first.cases[9]!.id}`);
    expect(event!.payload).toMatchObject({ source: 'import', claimedAmount: 68_500_000, importedFrom: { fileName: '汉东区拖欠账款台账.xlsx', sha256, row: rowOf(9) } });
    // A row without its story is told from its cells; 工程 and 小型 are read as 工程款 and 小型企业.
    const tenth = ledgerRow(10);
    expect((event!.payload as { facts: string }).facts).toBe(`据台账登记：${tenth.债务单位}拖欠${tenth.债权企业名称}工程款68.50万元（合同编号 ${tenth.合同编号}）。`);
    expect(event!.payload).toMatchObject({ particulars: { contract: { facts: { subject: 'works', enterpriseSize: { size: 'small' } } } } });
    const ninth = (await t.server.inject({ method: 'GET', url: `/api/cases/${first.cases[8]!.id}`, headers: await t.signIn('handong') })).json();
    expect(ninth).toMatchObject({ claimedAmount: 68_500_000, enterprise: { creditCode: ledgerRow(9).统一社会信用代码 } });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await totals();
    const preview = (await upload('handong', content, { dryRun: true })).json<Preview>();
    expect(preview).toMatchObject({ rows: 10, importable: 0, skipped: 10, errors: [] });
    const again = await upload('handong', content, { fileName: '台账（再次）.xlsx' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<Result>()).toMatchObject({ imported: 0, skipped: 10, cases: [] });
    expect(await totals()).toEqual(before);
  });

  it('keeps a county to its own units: 江北区 may not load 汉东区 rows, and nothing is written', async () => {
    const before = await totals();
    const response = await upload('jiangbei', await ledgerWorkbook([ledgerRow(60)]));
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: { errors: Problem[] } } }>().error.details.errors).toEqual([
      expect.objectContaining({ row: 4, column: '债务单位', message: expect.stringContaining('不在本账号可导入的范围内') }),
    ]);
    expect(await totals()).toEqual(before);
  });

  it('exports the ledger with the same filters as GET /api/cases, in the template’s layout, and the file imports again as a no-op', async () => {
    const headers = await t.signIn('handong');
    const filter = 'line=arrears&q=%E6%B1%89%E6%B1%9F%E5%B8%82';
    const listed: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page: { items: { number: string }[]; nextCursor: string | null } = (
        await t.server.inject({ method: 'GET', url: `/api/cases?${filter}&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`, headers })
      ).json();
      listed.push(...page.items.map((item) => item.number));
      cursor = page.nextCursor;
    }
    const response = await t.server.inject({ method: 'GET', url: `/api/cases/export.xlsx?${filter}`, headers });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('清理拖欠企业账款台账');
    const headerRow = [1, 2, 3, 4, 5].find((row) => sheet.getRow(row).getCell(2).value === '债权企业名称')!;
    expect((sheet.getRow(headerRow).values as unknown[]).slice(1)).toEqual([...LEDGER_HEADERS, '案件编号', '办理状态', '已支付金额（万元）']);
    const numbers: string[] = [];
    sheet.eachRow((row, index) => {
      if (index > headerRow && row.getCell(1).value !== '合计') numbers.push(String(row.getCell(15).value));
    });
    expect(numbers).toEqual(listed);
    expect(numbers).toEqual(expect.arrayContaining(first.cases.map((item) => item.number)));
    // The eighth row of the import: its amount in 万元, its contract facts as written.
    const eighth = sheet.getRow(headerRow + 1 + numbers.indexOf(first.cases[7]!.number));
    expect(eighth.getCell(6).value).toBe(1234.5);
    expect(eighth.getCell(4).value).toBe('汉东区教育局');
    const written = ledgerRow(8);
    // 款项类型 … 基本情况, from the case's projection: the serial and full-width dates as days.
    expect((eighth.values as unknown[]).slice(7, 15)).toEqual([
      written.款项类型,
      written.债务人性质,
      written.企业规模,
      written.合同编号,
      '2025-03-01',
      '2025-03-01',
      written['约定付款期限（天）'],
      written.基本情况,
    ]);

    // Edited and imported again: every row names its case, so nothing is registered twice.
    const before = await totals();
    const again = (await upload('handong', Buffer.from(response.rawPayload), { dryRun: true })).json<Preview>();
    expect(again).toMatchObject({ rows: listed.length, importable: 0, skipped: listed.length, errors: [] });
    expect(await totals()).toEqual(before);
  });
});
