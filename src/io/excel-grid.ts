/**
 * Excel's own conventions that a workbook's XML leaves to its reader, as exceljs reads them: the
 * grid's addresses (`B12`), the built-in number formats, which formats are dates, and a date's
 * serial number. Used by `workbook-reader.ts`.
 */

/** Excel's grid. */
export const MAX_ROW_NUMBER = 1_048_576;
export const MAX_COLUMN_NUMBER = 16_384;

/** exceljs's built-in number formats (those it names without a locale). */
export const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** exceljs's test of a date format: a date or time letter outside quotes and brackets. */
export const isDateFormat = (format: string | undefined): boolean =>
  format !== undefined && /[ymdhMsb]+/u.test(format.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, ''));

/** exceljs's reading of a date serial (1900 or 1904 system), as the UTC instant. */
export const excelToDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

export const columnLetters = (column: number): string => {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
};

/** A plain address as spreadsheets write each cell (`B12`): column and row read without a pattern; null for any other form. */
const parsePlainAddress = (address: string): { row: number; column: number } | null => {
  let index = 0;
  let column = 0;
  for (let code = address.charCodeAt(index); code >= 65 && code <= 90 && index < 3; code = address.charCodeAt(index)) {
    column = column * 26 + (code - 64);
    index += 1;
  }
  if (index === 0 || index === address.length || address.length - index > 7) return null;
  let row = 0;
  for (let at = index; at < address.length; at += 1) {
    const code = address.charCodeAt(at);
    if (code < 48 || code > 57) return null;
    row = row * 10 + (code - 48);
  }
  return row >= 1 && row <= MAX_ROW_NUMBER && column <= MAX_COLUMN_NUMBER ? { row, column } : null;
};

/** `B12` → column 2, row 12; null for what is no cell of Excel's grid. */
export const parseAddress = (address: string): { row: number; column: number } | null => {
  const plain = parsePlainAddress(address);
  if (plain !== null) return plain;
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/u.exec(address.toUpperCase());
  if (match === null) return null;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + (letter.charCodeAt(0) - 64);
  const row = Number(match[2]);
  return row >= 1 && row <= MAX_ROW_NUMBER && column <= MAX_COLUMN_NUMBER ? { row, column } : null;
};
