/**
 * The workbook an official sends up or sideways (报表): one sheet with a merged title, a line
 * 填报单位：… 填报日期：… (the city's day), an optional line of the filters, a frozen header with
 * units in the column names (欠款金额（万元）), a 序号 column, the rows, and a bold 合计 row.
 *
 * Written with exceljs's *streaming* writer straight into the HTTP response: rows come from an
 * async iterable (the list's own query, read page by page), each row is committed as soon as it
 * is written, so a list of 100,000 rows never sits in memory as a workbook.
 *
 * Every text cell goes through `plainText` (sheets.ts): what someone typed that starts with
 * = + - @, a tab or a CR gets a leading apostrophe. exceljs itself writes a string as an inline
 * string, never as a formula, so the file as such is safe; the apostrophe keeps a copy pasted
 * elsewhere or saved as CSV from running it (OWASP "CSV injection").
 */
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import type { Fen } from '../domain/money.ts';
import { COUNT, plainText, WAN } from './sheets.ts';

export { XLSX_CONTENT_TYPE } from './dispatch-workbook.ts';

/** A column of an official list; `header` carries its unit, e.g. 欠款金额（万元）. */
export type ListColumn<T> =
  | { readonly kind: 'text'; readonly header: string; readonly width: number; readonly value: (row: T) => string | null }
  /** Money held in 分, written in 万元 (`#,##0.00`) and summed (in 分, so the total is exact) into 合计. */
  | { readonly kind: 'wan'; readonly header: string; readonly width: number; readonly fen: (row: T) => Fen | null }
  /** A whole number; summed into 合计 when `sum` is set. */
  | { readonly kind: 'count'; readonly header: string; readonly width: number; readonly value: (row: T) => number | null; readonly sum?: boolean };

export interface OfficialList<T> {
  /** The sheet's tab, at most 31 characters (Excel's limit). */
  readonly sheetName: string;
  /** The title row, e.g. 受理台待受理诉求清单. */
  readonly title: string;
  /** 填报单位: the unit of the person exporting. */
  readonly reportingUnit: string;
  /** 填报日期: the city's day (`todayInShanghai`). */
  readonly reportedOn: LocalDate;
  /** The filters in words (筛选条件：…), written under the 填报 line when given. */
  readonly filters?: string;
  readonly columns: readonly ListColumn<T>[];
  readonly rows: AsyncIterable<T> | Iterable<T>;
  /** Written in place of the rows when there are none. */
  readonly empty: string;
}

const SERIAL_WIDTH = 7;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const THIN: ExcelJS.Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
  diagonal: {},
};
/** Rows written between two looks at the response's backpressure. */
const ROWS_PER_DRAIN = 500;

/** 万元 as a number, unrounded: the cell's format shows two decimals, and a SUM over the column equals 合计. */
export const fenToWan = (fen: Fen): number => fen / 1_000_000;

/** What a cell receives: text neutralised, numbers as numbers, nothing as an empty cell. */
const cellValue = <T>(column: ListColumn<T>, row: T): string | number | null => {
  if (column.kind === 'text') return plainText(column.value(row));
  if (column.kind === 'wan') {
    const fen = column.fen(row);
    return fen === null ? null : fenToWan(fen);
  }
  return column.value(row);
};

const numFmtOf = (column: { readonly kind: ListColumn<never>['kind'] }): string | undefined => (column.kind === 'wan' ? WAN : column.kind === 'count' ? COUNT : undefined);

/**
 * Writes the list as an .xlsx into `stream` and ends it. Resolves with the number of rows
 * written. A failure while reading the rows rejects (the caller destroys the response: a
 * half-written zip does not open, it is never taken for a complete list).
 */
export const writeOfficialList = async <T>(stream: Writable, list: OfficialList<T>): Promise<{ rows: number }> => {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = '诚信 Chengxin';
  const width = list.columns.length + 1;
  const headerRow = list.filters === undefined ? 3 : 4;
  const sheet = workbook.addWorksheet(list.sheetName.slice(0, 31), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` },
  });
  sheet.columns = [{ width: SERIAL_WIDTH }, ...list.columns.map((column) => ({ width: column.width }))];

  const title = sheet.getRow(1);
  title.getCell(1).value = plainText(list.title);
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  sheet.mergeCells(1, 1, 1, width);
  title.commit();

  const reported = sheet.getRow(2);
  reported.getCell(1).value = plainText(`填报单位：${list.reportingUnit}　　填报日期：${list.reportedOn}`);
  sheet.mergeCells(2, 1, 2, width);
  reported.commit();
  if (list.filters !== undefined) {
    const filters = sheet.getRow(3);
    filters.getCell(1).value = plainText(list.filters);
    filters.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    sheet.mergeCells(3, 1, 3, width);
    filters.commit();
  }

  const header = sheet.getRow(headerRow);
  header.values = ['序号', ...list.columns.map((column) => column.header)];
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
  });
  header.commit();

  const sums = new Map<number, number>();
  const add = (index: number, value: number | null) => sums.set(index, (sums.get(index) ?? 0) + (value ?? 0));
  let count = 0;
  const drain = async () => {
    if (stream.writableNeedDrain && !stream.destroyed) await once(stream, 'drain');
  };
  // One style object per column, shared by all its cells: exceljs finds a cell's style by the
  // object (a WeakMap), so a fresh object per cell would render and look up a style per cell —
  // most of the writing time of a long list. The 序号 column's numbers and a text column's
  // strings each keep their own object, since exceljs styles a number without a format as General.
  const serialStyle: Partial<ExcelJS.Style> = {};
  const columnStyles = list.columns.map((column): Partial<ExcelJS.Style> => {
    const format = numFmtOf(column);
    return format === undefined ? {} : { numFmt: format };
  });
  for await (const item of list.rows) {
    count += 1;
    const values = list.columns.map((column) => cellValue(column, item));
    const added = sheet.addRow([count, ...values]);
    added.getCell(1).style = serialStyle;
    list.columns.forEach((column, index) => {
      added.getCell(index + 2).style = columnStyles[index]!;
      if (column.kind === 'wan') add(index, column.fen(item));
      else if (column.kind === 'count' && column.sum === true) add(index, column.value(item));
    });
    added.commit();
    if (count % ROWS_PER_DRAIN === 0) await drain();
  }
  if (count === 0) sheet.addRow(['', list.empty]).commit();

  const firstText = list.columns.findIndex((column) => column.kind === 'text');
  const total = sheet.addRow([
    '合计',
    ...list.columns.map((column, index) => {
      if (column.kind === 'wan') return fenToWan(sums.get(index) ?? 0);
      if (column.kind === 'count' && column.sum === true) return sums.get(index) ?? 0;
      return index === firstText ? `共${count}条` : null;
    }),
  ]);
  total.font = { bold: true };
  list.columns.forEach((column, index) => {
    const format = numFmtOf(column);
    if (format !== undefined) total.getCell(index + 2).numFmt = format;
  });
  total.commit();
  sheet.commit();
  await workbook.commit();
  return { rows: count };
};

/**
 * The list as a readable stream for `sendDownload`: the workbook is written into it while the
 * response sends it. An error while writing destroys the stream (the client sees a broken
 * download, never a short list that looks complete); `onError` hears of it for the log.
 */
export const officialListStream = <T>(list: OfficialList<T>, onError: (error: unknown) => void): Readable => {
  const stream = new PassThrough();
  writeOfficialList(stream, list).catch((error: unknown) => {
    onError(error);
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return stream;
};

/**
 * The rows of a list read page by page, keyset-style: `page(after, size)` returns up to `size`
 * rows after the row `after` (null: from the start), in the list's order.
 */
export async function* pagedRows<T>(page: (after: T | null, size: number) => Promise<readonly T[]>, size = 1000): AsyncGenerator<T> {
  let after: T | null = null;
  for (;;) {
    const rows = await page(after, size);
    yield* rows;
    if (rows.length < size) return;
    after = rows.at(-1) ?? null;
  }
}
