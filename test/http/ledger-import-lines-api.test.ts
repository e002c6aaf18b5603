import { createHash } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, notifications, units } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { enterpriseCode, LINE_LEDGER_HEADERS, lineLedgerRow, ledgerWorkbook, rowOf, type LedgerRowCells, type OtherLedgerLine, type LedgerImportPreview as Preview, type LedgerImportProblem as Problem, type LedgerImportResult as Result } from '../support/ledger-workbook.ts';
import { multipart } from '../support/multipart.ts';


const TITLES: Record<OtherLedgerLine, { title: string; sheet: string; prefix: string }> = {
  policy: { title: '惠企政策兑现问题台账', sheet: '惠企政策兑现问题台账', prefix: 'HQ' },
  investment: { title: '招商引资政策兑现问题台账', sheet: '招商引资政策兑现问题台账', prefix: 'ZS' },
  integrity: { title: '政府守信践诺问题台账', sheet: '政府守信践诺问题台账', prefix: 'SX' },
};

describe(`importing and exporting each line's ledger over HTTP (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const upload = async (username: TestUsername, line: OtherLedgerLine, content: Buffer, options: { dryRun?: boolean; fileName?: string } = {}) => {
    const body = multipart(options.fileName ?? `汉东区${line}台账.xlsx`, content);
    return t.server.inject({
      method: 'POST',
      url: `/api/cases/import?line=${line}${options.dryRun === true ? '&dryRun=true' : ''}`,
      payload: body.payload,
      headers: { ...(await t.signIn(username)), ...body.headers },
    });
  };
  const totals = async () => {
    const of = async (table: typeof cases | typeof caseEvents | typeof notifications | typeof units) => (await t.app.db.select({ n: count() }).from(table))[0]!.n;
    return { cases: await of(cases), events: await of(caseEvents), notifications: await of(notifications), units: await of(units) };
  };
  const workbookOf = async (content: Buffer | ArrayBuffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as ArrayBuffer);
    return workbook;
  };
  /** Each line's good import, for the checks after it. */
  const importedBy: Partial<Record<OtherLedgerLine, Result>> = {};
  const book = (line: OtherLedgerLine, rows: readonly LedgerRowCells[]) => ledgerWorkbook(rows, { headers: LINE_LEDGER_HEADERS[line] });

  it('says in the session which lines a user may import: all four for a county, none for a leader', async () => {
    const county = (await t.server.inject({ method: 'GET', url: '/api/session', headers: await t.signIn('handong') })).json<{ user: { abilities: { importLedgerLines: string[] } } }>();
    expect(county.user.abilities.importLedgerLines).toEqual(['arrears', 'policy', 'investment', 'integrity']);
    const leader = (await t.server.inject({ method: 'GET', url: '/api/session', headers: await t.signIn('leader') })).json<{ user: { abilities: { importLedger: boolean; importLedgerLines: string[] } } }>();
    expect(leader.user.abilities).toMatchObject({ importLedger: false, importLedgerLines: [] });
  });

  it('refuses a line that is none of the four, and writes nothing', async () => {
    const before = await totals();
    const response = await t.server.inject({ method: 'GET', url: '/api/cases/import-template.xlsx?line=tax', headers: await t.signIn('handong') });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('专项行动无效') } });
    expect(await totals()).toEqual(before);
  });

  for (const line of ['policy', 'investment', 'integrity'] as const) {
    describe(TITLES[line].title, () => {
      it('offers its own template: its title and sheet, its header with units, the notes, no code list the line does not keep', async () => {
        const response = await t.server.inject({ method: 'GET', url: `/api/cases/import-template.xlsx?line=${line}`, headers: await t.signIn('handong') });
        expect(response.statusCode).toBe(200);
        expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain(`${TITLES[line].title}导入模板.xlsx`);
        const workbook = await workbookOf(response.rawPayload);
        const sheet = workbook.getWorksheet(TITLES[line].sheet)!;
        expect(sheet.getCell('A1').value).toBe(TITLES[line].title);
        expect(String(sheet.getCell('A2').value)).toBe('填报单位：汉东区人民政府');
        expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([...LINE_LEDGER_HEADERS[line]]);
        expect(sheet.getCell('A4').value).toBe('示例');
        expect(sheet.getCell('D4').value).toMatch(/^汉东区/u);
        const validations = (sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model;
        expect(Object.keys(validations)).toEqual([]);
        const notes = workbook.getWorksheet('填写说明')!;
        expect(notes.getColumn(1).values).toEqual(expect.arrayContaining([...LINE_LEDGER_HEADERS[line]]));
        expect(String(notes.getCell('A1').value)).toBe(`${TITLES[line].title}导入说明`);
      });

      it('lists every problem of a faulty file with its row, column and value, and writes nothing', async () => {
        const name = LINE_LEDGER_HEADERS[line][1]!;
        const good = [lineLedgerRow(line, 1), lineLedgerRow(line, 2)];
        const mistakes: { cells: LedgerRowCells; column: string; message: string }[] = [
          { cells: { 统一社会信用代码: '91422902MA12345' }, column: '统一社会信用代码', message: '18位' },
          { cells: { 责任单位: '汉东区教育厅' }, column: '责任单位', message: '未找到责任单位“汉东区教育厅”，是否为：“汉东区教育局”' },
          { cells: { 责任单位: '江北区教育局' }, column: '责任单位', message: '不在本账号可导入的范围内' },
          { cells: { '涉及金额（万元）': '约五十万' }, column: '涉及金额（万元）', message: '金额格式不正确' },
          { cells: { '涉及金额（万元）': 0 }, column: '涉及金额（万元）', message: '涉及金额应大于0' },
          { cells: { 事项名称: '' }, column: '事项名称', message: '请填写事项名称' },
          line === 'integrity'
            ? { cells: { [name]: '汉江市某某有限公司', 统一社会信用代码: null }, column: '统一社会信用代码', message: '请填写统一社会信用代码' }
            : { cells: { [name]: '' }, column: name, message: `请填写${name}` },
        ];
        const rows = [...good, ...mistakes.map((mistake, index) => lineLedgerRow(line, 10 + index * 3 + 1, mistake.cells)), lineLedgerRow(line, 2)];
        const before = await totals();
        const response = await upload('handong', line, await book(line, rows), { dryRun: true });
        expect(response.statusCode, response.body).toBe(200);
        const preview = response.json<Preview>();
        expect(preview).toMatchObject({ dryRun: true, rows: rows.length, importable: 0, skipped: 0 });
        mistakes.forEach((mistake, index) => {
          expect(
            preview.errors.filter((error) => error.row === rowOf(good.length + index)),
            mistake.message,
          ).toContainEqual(expect.objectContaining({ column: mistake.column, message: expect.stringContaining(mistake.message) }));
        });
        expect(preview.errors).toContainEqual(expect.objectContaining({ column: '涉及金额（万元）', value: '约五十万' }));
        expect(preview.errors).toContainEqual(expect.objectContaining({ row: rowOf(rows.length - 1), column: '事项名称', message: `与第${rowOf(1)}行重复（企业、责任单位、事项名称和涉及金额均相同）` }));
        expect(preview.errors.filter((error) => error.row !== null && error.row < rowOf(good.length))).toEqual([]);
        // The import refuses it whole.
        const refused = await upload('handong', line, await book(line, rows));
        expect(refused.statusCode).toBe(422);
        expect(refused.json<{ error: { code: string; details: { errors: Problem[] } } }>().error).toMatchObject({ code: 'IMPORT_INVALID', details: { errors: preview.errors } });
        expect(await totals()).toEqual(before);
      });

      let imported: Result;
      let content: Buffer;
      it('registers every row of a good file as a case of its line, source 台账导入, the file named and hashed in each first event', async () => {
        const rows = Array.from({ length: 6 }, (_, index) => lineLedgerRow(line, 100 + index, index === 1 || index === 2 ? { 基本情况: '' } : {}));
        content = await book(line, rows);
        const response = await upload('handong', line, content);
        expect(response.statusCode, response.body).toBe(200);
        imported = response.json<Result>();
        importedBy[line] = imported;
        const sha256 = createHash('sha256').update(content).digest('hex');
        expect(imported).toMatchObject({ dryRun: false, fileName: `汉东区${line}台账.xlsx`, sha256, rows: 6, imported: 6, skipped: 0 });
        expect(imported.cases.every((item) => item.number.startsWith(TITLES[line].prefix))).toBe(true);
        const headers = await t.signIn('handong');
        for (const [index, item] of imported.cases.entries()) {
          const view = (await t.server.inject({ method: 'GET', url: `/api/cases/${item.id}`, headers })).json<Record<string, unknown>>();
          const row = rows[index]!;
          expect(view).toMatchObject({
            line,
            source: 'import',
            title: row.事项名称,
            importedFrom: { fileName: `汉东区${line}台账.xlsx`, sha256, row: rowOf(index) },
            claimedAmount: row['涉及金额（万元）'] === null ? null : Math.round(Number(row['涉及金额（万元）']) * 1_000_000),
            events: [{ type: 'register', payload: expect.objectContaining({ source: 'import', importedFrom: { fileName: `汉东区${line}台账.xlsx`, sha256, row: rowOf(index) } }) }],
          });
          const code = row.统一社会信用代码;
          expect(view.enterprise ?? null).toEqual(code === null ? null : expect.objectContaining({ creditCode: code }));
        }
        // A row without its story is told from its cells.
        const [second] = await t.app.db.select({ payload: caseEvents.payload }).from(caseEvents).where(sql`${caseEvents.caseId} = ${imported.cases[1]!.id}`);
        expect((second!.payload as { facts: string }).facts).toBe(`据台账登记：${rows[1]![LINE_LEDGER_HEADERS[line][1]!]}反映${rows[1]!.事项名称}；责任单位${rows[1]!.责任单位}。`);
        // With its amount (131.5 万元), written once in 万元; an integrity row of this number names no enterprise.
        const [third] = await t.app.db.select({ payload: caseEvents.payload }).from(caseEvents).where(sql`${caseEvents.caseId} = ${imported.cases[2]!.id}`);
        const named = rows[2]![LINE_LEDGER_HEADERS[line][1]!];
        expect(rows[2]!['涉及金额（万元）']).toBe(131.5);
        expect((third!.payload as { facts: string }).facts).toBe(`据台账登记：${named === null ? '' : `${named}反映`}${rows[2]!.事项名称}，涉及金额131.50万元；责任单位${rows[2]!.责任单位}。`);
      });

      it('changes nothing when the same file is imported again', async () => {
        const before = await totals();
        expect((await upload('handong', line, content, { dryRun: true })).json<Preview>()).toMatchObject({ rows: 6, importable: 0, skipped: 6, errors: [] });
        const again = await upload('handong', line, content, { fileName: '再次.xlsx' });
        expect(again.statusCode, again.body).toBe(200);
        expect(again.json<Result>()).toMatchObject({ imported: 0, skipped: 6, cases: [] });
        expect(await totals()).toEqual(before);
      });

      it('exports a one-line filter in that line’s layout with its 合计, and the file imports again as a no-op', async () => {
        const headers = await t.signIn('handong');
        const response = await t.server.inject({ method: 'GET', url: `/api/cases/export.xlsx?line=${line}&source=import`, headers });
        expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
        const sheet = (await workbookOf(response.rawPayload)).worksheets[0]!;
        expect(sheet.name).toBe(TITLES[line].sheet);
        expect(sheet.getCell('A1').value).toBe(TITLES[line].title);
        const headerRow = [1, 2, 3, 4, 5].find((row) => sheet.getRow(row).getCell(1).value === '序号')!;
        const exportOnly = line === 'integrity' ? ['案件编号', '办理状态'] : ['案件编号', '办理状态', line === 'policy' ? '已拨付金额（万元）' : '已兑现金额（万元）'];
        expect((sheet.getRow(headerRow).values as unknown[]).slice(1)).toEqual([...LINE_LEDGER_HEADERS[line], ...exportOnly]);
        const numbers: string[] = [];
        let total: unknown = null;
        let format: string | undefined;
        sheet.eachRow((row, index) => {
          if (index <= headerRow) return;
          if (row.getCell(1).value === '合计') {
            total = row.getCell(6).value;
            format = row.getCell(6).numFmt;
          } else numbers.push(String(row.getCell(8).value));
        });
        expect(numbers.sort()).toEqual(imported.cases.map((item) => item.number).sort());
        const wan = Array.from({ length: 6 }, (_, index) => lineLedgerRow(line, 100 + index)['涉及金额（万元）'] as number | null).reduce<number>((sum, value) => sum + (value ?? 0), 0);
        expect(total).toBeCloseTo(wan, 6);
        // 万元 with two decimals.
        expect(format).toBe('#,##0.00');

        const before = await totals();
        const again = (await upload('handong', line, Buffer.from(response.rawPayload), { dryRun: true })).json<Preview>();
        expect(again).toMatchObject({ rows: 6, importable: 0, skipped: 6, errors: [] });
        expect(await totals()).toEqual(before);
      });
    });
  }

  it('keeps a county to its own units on every line: 江北区 may not load 汉东区 rows, and nothing is written', async () => {
    const before = await totals();
    const response = await upload('jiangbei', 'policy', await book('policy', [lineLedgerRow('policy', 900)]));
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: { errors: Problem[] } } }>().error.details.errors).toEqual([expect.objectContaining({ row: 4, column: '责任单位', message: expect.stringContaining('不在本账号可导入的范围内') })]);
    expect(await totals()).toEqual(before);
  });

  it('exports a ledger spanning lines in the common layout, with 专项行动, and neutralises what would run as a formula', async () => {
    const formula = lineLedgerRow('integrity', 950, { 事项名称: '=HYPERLINK("http://example.org","承诺未兑现")' });
    expect((await upload('handong', 'integrity', await book('integrity', [formula]))).statusCode).toBe(200);
    const response = await t.server.inject({ method: 'GET', url: '/api/cases/export.xlsx?source=import', headers: await t.signIn('handong') });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    const sheet = (await workbookOf(response.rawPayload)).worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('问题事项台账');
    const headerRow = [1, 2, 3, 4, 5].find((row) => sheet.getRow(row).getCell(1).value === '序号')!;
    expect((sheet.getRow(headerRow).values as unknown[]).slice(1)).toEqual([
      '序号',
      '专项行动',
      '企业名称',
      '统一社会信用代码',
      '责任单位',
      '事项名称',
      '涉及金额（万元）',
      '基本情况',
      '案件编号',
      '办理状态',
      '已支付金额（万元）',
    ]);
    const lines = new Set<string>();
    const titles: string[] = [];
    sheet.eachRow((row, index) => {
      if (index <= headerRow || row.getCell(1).value === '合计') return;
      lines.add(String(row.getCell(2).value));
      titles.push(String(row.getCell(6).value));
    });
    expect([...lines].sort()).toEqual(['惠企政策兑现', '招商引资政策兑现', '政府守信践诺再提升'].sort());
    expect(titles).toContain(`'${formula.事项名称}`);
    const rowsOfEveryLine = (await t.app.db.select({ n: count() }).from(cases).where(eq(cases.source, 'import')))[0]!.n;
    expect(titles).toHaveLength(rowsOfEveryLine);
  });

  it('names the import origin to staff but not to the enterprise the case concerns', async () => {
    const [unit] = await t.app.db.select({ id: units.id }).from(units).where(eq(units.creditCode, enterpriseCode(3000 + 100)));
    await t.addEnterpriseAccount('qiye1', unit!.id);
    // The policy file's first row: the enterprise of code 3100.
    const found = importedBy.policy!.cases[0]!;
    const staff = (await t.server.inject({ method: 'GET', url: `/api/cases/${found!.id}`, headers: await t.signIn('handong') })).json<Record<string, unknown>>();
    expect(staff.importedFrom).toMatchObject({ fileName: '汉东区policy台账.xlsx' });
    const enterprise = await t.server.inject({ method: 'GET', url: `/api/cases/${found!.id}`, headers: await t.signIn('qiye1') });
    expect(enterprise.statusCode, enterprise.body).toBe(200);
    expect(enterprise.json()).not.toHaveProperty('importedFrom');
    expect(enterprise.body).not.toContain('汉东区policy台账.xlsx');
  });
});
