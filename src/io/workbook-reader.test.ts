import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { deflated, sheetBomb, sheetWorkbook, SHEET_HEAD, SHEET_TAIL, workbookEntries, zipArchive } from '../../test/support/xlsx-archive.ts';
import { cellText } from './intake-import.ts';
import { readWorkbook, WORKBOOK_MAX_CELL_TEXT, WORKBOOK_MAX_COLUMNS, type WorkbookRead } from './workbook-reader.ts';

const everySheet = { maxRows: () => 1_000 };

const workbookOf = (read: WorkbookRead): ExcelJS.Workbook => {
  if (read.kind !== 'read') throw new Error(`not read: ${JSON.stringify(read)}`);
  return read.workbook;
};

/**
 * Every cell with a value, as the imports see it: its value (rich text as its text) and number
 * format. Blank text is no value to them (the reader leaves it out).
 */
const cellsOf = (workbook: ExcelJS.Workbook) =>
  workbook.worksheets.map((sheet) => {
    const cells: Record<string, unknown> = {};
    for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
      sheet.findRow(rowNumber)?.eachCell((cell) => {
        const value = cell.value;
        if (typeof value === 'string' && value.trim() === '') return;
        const plain = value !== null && typeof value === 'object' && 'richText' in value ? { richText: cellText(value) } : value;
        cells[cell.address] = { value: plain, numFmt: cell.numFmt ?? null };
      });
    }
    return { name: sheet.name, cells };
  });

describe('reading an uploaded workbook within bounds', () => {
  it('gives the imports what exceljs would: text, numbers, dates, percentages, formulas, rich text, merged cells', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('政策');
    sheet.addRow(['文号', '名称', '发布日期', '比例', '金额', '合计', '是否', '备注']);
    sheet.addRow(['汉经信发〔2026〕1号', '  促进工业发展若干政策  ', new Date(Date.UTC(2026, 2, 1)), 0.125, 50, { formula: 'E2*2', result: 100 }, true, null]);
    sheet.getCell('D2').numFmt = '0.00%';
    sheet.getCell('E2').numFmt = '#,##0.00';
    sheet.addRow(['汉经信发〔2026〕2号', { richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] }, 46_000, '', 3]);
    sheet.getCell('C3').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.addRow([]);
    sheet.getCell('A5').value = '合并';
    sheet.mergeCells('A5:A7');
    sheet.getCell('B6').value = { formula: 'B5', result: { error: '#REF!' } } as ExcelJS.CellFormulaValue;
    book.addWorksheet('说明').addRow(['第二张表']);
    const file = Buffer.from(await book.xlsx.writeBuffer());

    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(file as unknown as ArrayBuffer);
    const read = workbookOf(await readWorkbook(file, everySheet));
    expect(cellsOf(read)).toEqual(cellsOf(loaded));
    expect(read.worksheets[0]!.getCell('A6').value).toBe('合并');
    expect(read.worksheets[0]!.getCell('C2').value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    expect(read.worksheets[0]!.getCell('D2').numFmt).toBe('0.00%');
  });

  it('reads inline strings, runs without their phonetic guide, escaped characters, prefixed names, cells without addresses, 1904 dates and shared formulas', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const sheet = `<x:worksheet xmlns:x="${main}"><x:sheetData>
      <x:row r="1"><x:c t="inlineStr"><x:is><x:t>诉求编号</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>企业</x:t></x:r><x:r><x:t xml:space="preserve"> 名称</x:t></x:r><x:rPh><x:t>きぎょう</x:t></x:rPh></x:is></x:c></x:row>
      <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>
      <x:row r="4"><x:c r="A4"><x:f t="shared" si="0" ref="A4:A5">B2+1</x:f><x:v>2</x:v></x:c></x:row>
      <x:row r="5"><x:c r="A5"><x:f t="shared" si="0"/><x:v>3</x:v></x:c><x:c r="B5" t="str"><x:f>"&amp;"</x:f><x:v>&amp;</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const file = zipArchive([
      deflated('xl/workbook.xml', `<workbook xmlns="${main}" xmlns:r="${relationships}"><workbookPr date1904="1"/><sheets><sheet name="诉求" sheetId="1" r:id="rId7"/></sheets></workbook>`),
      deflated('xl/_rels/workbook.xml.rels', `<Relationships><Relationship Id="rId7" Type="${relationships}/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId8" Type="${relationships}/sharedStrings" Target="strings.xml"/><Relationship Id="rId9" Type="${relationships}/styles" Target="styles.xml"/></Relationships>`),
      deflated('xl/strings.xml', `<sst xmlns="${main}"><si><t>HJ_x002D_001</t></si></sst>`),
      deflated('xl/styles.xml', `<styleSheet xmlns="${main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`),
      deflated('xl/worksheets/data.xml', sheet),
    ]);
    const read = workbookOf(await readWorkbook(file, everySheet)).worksheets[0]!;
    expect(read.name).toBe('诉求');
    expect(read.getCell('A1').value).toBe('诉求编号');
    expect(read.getCell('B1').value).toEqual({ richText: [{ text: '企业' }, { text: ' 名称' }] });
    expect(read.getCell('A2').value).toBe('HJ-001');
    // Day 0 of the 1904 system.
    expect(read.getCell('B2').value).toEqual(new Date(Date.UTC(1904, 0, 1)));
    expect(read.getCell('C2').value).toBe(true);
    expect(read.getCell('D2').value).toEqual({ error: '#N/A' });
    expect(read.getCell('A4').value).toEqual({ formula: 'B2+1', result: 2 });
    expect(read.getCell('A5').value).toBe(3);
    expect(read.getCell('B5').value).toEqual({ formula: '"&"', result: '&' });
  });

  it('stops at the first row past the import’s maximum, and leaves a sheet it does not read uninflated', async () => {
    const rows = Array.from({ length: 5_000 }, (_, index) => `<row r="${index + 1}"><c r="A${index + 1}"><v>${index}</v></c></row>`).join('');
    expect(await readWorkbook(sheetWorkbook(rows, { name: '项目与承诺' }), { maxRows: () => 100 })).toEqual({ kind: 'too_many_rows', sheet: '项目与承诺', limit: 100 });
    // Empty rows and blank cells are no content: a sheet formatted far down is not refused.
    const blank = Array.from({ length: 5_000 }, (_, index) => `<row r="${index + 2}"><c r="A${index + 2}" s="0"/><c r="B${index + 2}" t="inlineStr"><is><t> </t></is></c></row>`).join('');
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>协议编号</t></is></c></row>';
    const read = workbookOf(await readWorkbook(sheetWorkbook(header + blank), { maxRows: () => 1 }));
    expect(read.worksheets[0]!.getCell('A1').value).toBe('协议编号');

    // A second sheet the import does not read — here one that would not even inflate: listed, never inflated.
    const bomb = zipArchive([
      ...workbookEntries().map((entry) =>
        entry.name === 'xl/workbook.xml'
          ? deflated('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="诉求" sheetId="1" r:id="rId1"/><sheet name="统计" sheetId="2" r:id="rId4"/></sheets></workbook>')
          : entry.name === 'xl/_rels/workbook.xml.rels'
            ? deflated('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId4" Target="worksheets/sheet2.xml"/></Relationships>')
            : entry,
      ),
      deflated('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${header}${SHEET_TAIL}`),
      { name: 'xl/worksheets/sheet2.xml', data: Buffer.from([0xff, 0xff, 0xff]), declaredSize: 10 },
    ]);
    const firstOnly = workbookOf(await readWorkbook(bomb, { maxRows: ({ index }) => (index === 0 ? 10 : null) }));
    expect(firstOnly.worksheets.map((sheet) => sheet.name)).toEqual(['诉求', '统计']);
    expect(firstOnly.worksheets[1]!.rowCount).toBe(0);
  });

  it('refuses a cell past Excel’s 32,767 characters where it is, inline or shared, and a row of too many cells', async () => {
    const long = '长'.repeat(WORKBOOK_MAX_CELL_TEXT + 1);
    expect(await readWorkbook(sheetWorkbook(`<row r="3"><c r="F3" t="inlineStr"><is><t>${long}</t></is></c></row>`, { name: '诉求' }), everySheet)).toEqual({
      kind: 'cell_invalid',
      sheet: '诉求',
      row: 3,
      column: 'F',
      message: `“诉求”表第3行F列的内容超过${WORKBOOK_MAX_CELL_TEXT}个字符`,
    });
    const shared = sheetWorkbook('<row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="9"><c r="C9" t="s"><v>0</v></c></row>', {
      sharedStrings: `<si><t>${long}</t></si><si><t>短</t></si>`,
    });
    expect(await readWorkbook(shared, everySheet)).toMatchObject({ kind: 'cell_invalid', row: 9, column: 'C' });
    // Excel's limit itself is fine.
    const fits = workbookOf(await readWorkbook(sheetWorkbook(`<row r="1"><c r="A1" t="inlineStr"><is><t>${long.slice(1)}</t></is></c></row>`), everySheet));
    expect(String(fits.worksheets[0]!.getCell('A1').value)).toHaveLength(WORKBOOK_MAX_CELL_TEXT);

    const wide = `<row r="4">${Array.from({ length: WORKBOOK_MAX_COLUMNS + 1 }, () => '<c><v>1</v></c>').join('')}</row>`;
    expect(await readWorkbook(sheetWorkbook(wide), everySheet)).toMatchObject({ kind: 'cell_invalid', row: 4, message: `“Sheet1”表第4行有内容的单元格超过${WORKBOOK_MAX_COLUMNS}个` });
  });

  it('counts a merged range’s value in each of its rows, refuses one too large, and ignores a huge empty one', async () => {
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>表头</t></is></c></row>';
    const merged = (ref: string) =>
      zipArchive([...workbookEntries(), deflated('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${header}</sheetData><mergeCells><mergeCell ref="${ref}"/></mergeCells></worksheet>`)]);
    expect(await readWorkbook(merged('A1:A1048576'), { maxRows: () => 500 })).toEqual({ kind: 'too_many_rows', sheet: 'Sheet1', limit: 500 });
    expect(await readWorkbook(merged('A1:GR300'), { maxRows: () => 500 })).toMatchObject({ kind: 'cell_invalid', row: 1, column: 'A', message: expect.stringContaining('合并单元格过大') });
    const empty = workbookOf(await readWorkbook(merged('B2:XFD1048576'), { maxRows: () => 500 }));
    expect(empty.worksheets[0]!.rowCount).toBe(1);
  });

  it('says what is no workbook: no ZIP, no workbook part, XML that does not parse', async () => {
    expect(await readWorkbook(Buffer.from('诉求编号,企业名称\n'), everySheet)).toEqual({ kind: 'not_xlsx' });
    expect(await readWorkbook(zipArchive([deflated('word/document.xml', '<w:document/>')]), everySheet)).toEqual({ kind: 'not_xlsx' });
    expect(await readWorkbook(sheetWorkbook('<row r="1"><c r="A1"><v>1</v></row>'), everySheet)).toEqual({ kind: 'not_xlsx' });
    expect(await readWorkbook(sheetWorkbook('<row r="1"><c r="A1" t="inlineStr"><is><t>&bomb;</t></is></c></row>'), everySheet)).toEqual({ kind: 'not_xlsx' });
  });

  it('refuses a zip bomb with PAYLOAD_TOO_LARGE, declared or lying, before building anything', async () => {
    await expect(readWorkbook(sheetBomb(2 * 1024 ** 3), everySheet)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件解压后超过50MB，请拆分后导入' });
    await expect(readWorkbook(sheetBomb(2 * 1024 ** 3, { declaredSize: 1024 * 1024 }), everySheet)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '导入文件中的“xl/worksheets/sheet1.xml”解压后超过其声明的大小（疑似压缩炸弹），已拒绝',
    });
  });
});
