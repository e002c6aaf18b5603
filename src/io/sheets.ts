/**
 * The sheet layout every workbook the platform writes shares: a title row (and an optional note
 * row), a frozen header of Chinese column names, number formats per column, an optional bold
 * total row. Money in 万元 with two decimals, rates as percentages.
 */
import type ExcelJS from 'exceljs';

export const WAN = '#,##0.00';
export const PERCENT = '0.0%';
export const COUNT = '0';
export const SCORE = '0.0';

/**
 * Text as a cell shows it, never as a formula: a value someone typed (a title, a note) that
 * starts with = + - @ or a tab gets a leading apostrophe, as the credit export's CSV cells do,
 * so that a copy pasted or saved as CSV elsewhere does not run it.
 */
export const plainText = (value: string | null): string | null => (value !== null && /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value);

export interface Column<T> {
  readonly header: string;
  readonly width: number;
  readonly value: (row: T) => string | number | null;
  readonly numFmt?: string;
}

export const addSheet = <T>(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: { total?: T; note?: string; empty?: string } = {},
) => {
  const headerRow = options.note === undefined ? 2 : 3;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow }] });
  sheet.columns = columns.map((column) => ({ width: column.width }));
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  if (options.note !== undefined) {
    sheet.getCell(2, 1).value = options.note;
    sheet.getCell(2, 1).alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(2).height = 36;
    sheet.mergeCells(2, 1, 2, columns.length);
  }
  const header = sheet.getRow(headerRow);
  header.values = columns.map((column) => column.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  const write = (row: T, bold = false) => {
    const added = sheet.addRow(columns.map((column) => column.value(row)));
    columns.forEach((column, index) => {
      if (column.numFmt !== undefined) added.getCell(index + 1).numFmt = column.numFmt;
    });
    if (bold) added.font = { bold: true };
  };
  rows.forEach((row) => write(row));
  if (rows.length === 0 && options.empty !== undefined) sheet.addRow([options.empty]);
  if (options.total !== undefined) write(options.total, true);
  return sheet;
};

