/**
 * A line's ledger template (台账模板) and the sheet layout it shares with the ledger's export: the
 * columns of `ledger-layout.ts`, with the limits the import (`ledger-import.ts`) reads it under.
 */
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import { LINE_LABEL } from '../domain/lines/vocabulary.ts';
import { columnOf, LEDGER_HEADER_SEARCH_ROWS, LEDGER_IMPORT_MAX_ROWS, LEDGER_IMPORT_MAX_TEXT } from './ledger-import.ts';
import { headerKey, LEDGER_HEADER_ROW, type LedgerColumn, type LedgerLayout } from './ledger-layout.ts';

/** The columns the template and the export write: the import's, then (export only) the case's. */
export const templateColumns = (layout: LedgerLayout, withExportColumns: boolean): readonly LedgerColumn[] =>
  layout.columns.filter((column) => withExportColumns || column.exportOnly !== true);

/**
 * Lays out a ledger sheet: the merged title row, 填报单位 and 填报日期, the header (frozen, codes
 * as text, money in 万元, dates as dates) and each code list's drop-down down to `lastRow`.
 */
export const layoutLedgerSheet = (
  sheet: ExcelJS.Worksheet,
  layout: LedgerLayout,
  columns: readonly LedgerColumn[],
  heading: { unitName: string; date: LocalDate; lastRow: number },
): void => {
  sheet.columns = columns.map((column) => ({ key: column.key, width: column.width }));
  sheet.getRow(1).getCell(1).value = layout.title;
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getRow(1).font = { bold: true, size: 16 };
  sheet.getRow(1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 30;
  const second = sheet.getRow(2);
  second.getCell(1).value = `填报单位：${heading.unitName}`;
  sheet.mergeCells(2, 1, 2, Math.max(1, Math.floor(columns.length / 2)));
  second.getCell(Math.floor(columns.length / 2) + 1).value = `填报日期：${heading.date}`;
  const header = sheet.getRow(LEDGER_HEADER_ROW);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: column.required ? 'FFFBE3D6' : 'FFE8EEF7' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    if (column.numFmt !== undefined) sheet.getColumn(index + 1).numFmt = column.numFmt;
  });
  header.height = 32;
  sheet.views = [{ state: 'frozen', ySplit: LEDGER_HEADER_ROW }];
  // exceljs keeps a sheet's validations by address, a range included, without typing the map.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  columns.forEach((column, index) => {
    if (column.list === undefined) return;
    const letter = sheet.getColumn(index + 1).letter;
    validations.add(`${letter}${LEDGER_HEADER_ROW + 1}:${letter}${heading.lastRow}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: column.header,
      error: `请从下拉列表中选择${column.header}`,
      formulae: [`"${column.list.join(',')}"`],
    });
  });
};

/**
 * The template of a line's ledger: its sheet (拖欠账款台账, 惠企政策兑现问题台账…: title, 填报单位,
 * 填报日期, header, one grey example row whose 序号 is 示例 so that it is never imported) and
 * sheet 填写说明 (each column: required or not, what it accepts, an example).
 */
export const writeLedgerTemplate = async (
  layout: LedgerLayout,
  heading: { unitName: string; date: LocalDate; example: { creditCode: string; unit: string } },
): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  const columns = templateColumns(layout, false);
  const sheet = workbook.addWorksheet(layout.sheetName);
  layoutLedgerSheet(sheet, layout, columns, { unitName: heading.unitName, date: heading.date, lastRow: 5000 });
  const example = sheet.getRow(LEDGER_HEADER_ROW + 1);
  const exampleOf = (column: LedgerColumn) => (column.key === 'creditCode' ? heading.example.creditCode : column.key === 'unit' ? heading.example.unit : column.example);
  columns.forEach((column, index) => {
    const value = exampleOf(column);
    example.getCell(index + 1).value = column.numFmt === 'yyyy-mm-dd' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
  });
  example.font = { italic: true, color: { argb: 'FF888888' } };

  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [{ width: 22 }, { width: 10 }, { width: 80 }, { width: 30 }];
  notes.addRow([`${layout.title}导入说明`]).font = { bold: true, size: 14 };
  const lineName = layout.line === null ? '' : LINE_LABEL[layout.line];
  notes.addRow([
    `在“${layout.sheetName}”表第${LEDGER_HEADER_ROW + 1}行起每行填写${layout.rowNoun}（不超过${LEDGER_IMPORT_MAX_ROWS}行，文件不超过${LEDGER_IMPORT_MAX_TEXT}）。表头可在前${LEDGER_HEADER_SEARCH_ROWS}行中任一行，列的顺序不限，多余的列不读。上传后先校验（不写入）并逐行列出全部问题；全部无误后确认导入，一次全部登记为“台账导入”来源的${lineName}案件，任一行有误则不登记任何一行。同一文件再次导入不会重复登记。`,
  ]);
  notes.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  notes.getRow(2).height = 64;
  notes.mergeCells(2, 1, 2, 4);
  const notesHeader = notes.addRow(['列名', '是否必填', '填写要求', '示例']);
  notesHeader.font = { bold: true };
  for (const column of columns) {
    const value = exampleOf(column);
    notes.addRow([column.header, column.required ? '必填' : '选填', column.accepts, String(value)]).alignment = { wrapText: true, vertical: 'top' };
  }
  notes.addRow([]);
  const money = headerKey(columnOf(layout, 'amount').header);
  notes.addRow(['金额单位', '', `金额按表头所注单位读取：“${money}（万元）”按万元，“${money}（元）”按元；单元格内另写单位（如“68.5万元”）时以单元格为准。`]).alignment = { wrapText: true };
  notes.addRow(['示例行', '', `第${LEDGER_HEADER_ROW + 1}行为示例，序号为“示例”的行不会导入，可保留或删除。`]).alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
