/**
 * The one way an uploaded .xlsx is read by the imports (省平台诉求, 政策, 招商项目与承诺): bounded
 * in what it unpacks, in rows and in a cell's text, before anything is built.
 *
 * exceljs's `xlsx.load` inflates every entry of the archive into memory and builds every cell,
 * merged range and comment of every sheet — a small file can make it take gigabytes. Here the
 * archive is checked first (`workbook-archive.ts`: entries, declared size, ratio), then only
 * the parts a sheet's values need — the workbook, its relationships, the shared strings, the
 * number formats and the sheets the import reads — are inflated chunk by chunk (never past
 * what each declares) into a streaming XML parser (saxes), which stops at the first row past
 * the import's maximum or a cell past Excel's own 32,767 characters. What is kept is then
 * handed to the import as an exceljs workbook holding just those values, as `xlsx.load` would
 * have given them (shared and rich text, formula results, dates by their number format, a
 * merged range's value in each of its cells), so the imports read it as before.
 */
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { AppError } from '../domain/errors.ts';
import { ArchiveEntryCorrupt, checkArchive, inflateEntry, listArchive, type ArchiveEntry } from './workbook-archive.ts';
import { BUILT_IN_FORMATS, columnLetters, excelToDate, isDateFormat, MAX_COLUMN_NUMBER, MAX_ROW_NUMBER, parseAddress } from './excel-grid.ts';

/** Excel's own limit on a cell's text: a longer one was not written by a spreadsheet. */
export const WORKBOOK_MAX_CELL_TEXT = 32_767;
/** Cells with content in one row: the imports read a few dozen columns. */
export const WORKBOOK_MAX_COLUMNS = 200;
/** Cells covered by merged ranges with a value, in one sheet: each becomes a cell of its own. */
export const WORKBOOK_MAX_MERGED_CELLS = 50_000;

export interface WorkbookReadOptions {
  /**
   * The most rows with content a sheet may hold — the import's maximum with room for its
   * header and example rows — or null for a sheet the import does not read (it is listed,
   * empty, and never inflated). `index` is the sheet's place in the workbook, from 0.
   */
  readonly maxRows: (sheet: { readonly name: string; readonly index: number }) => number | null;
}

export type WorkbookRead =
  | { readonly kind: 'read'; readonly workbook: ExcelJS.Workbook }
  /** No .xlsx: not a ZIP archive, no workbook in it, XML that does not parse. */
  | { readonly kind: 'not_xlsx' }
  | { readonly kind: 'too_many_rows'; readonly sheet: string; readonly limit: number }
  /** A cell (or row) past a limit: where it is, and why, in the user's words. */
  | { readonly kind: 'cell_invalid'; readonly sheet: string; readonly row: number; readonly column: string; readonly message: string };

type Stop = Exclude<WorkbookRead, { kind: 'read' }>;

/** Ends the reading with what the import is told. */
class Stopped extends Error {
  constructor(readonly result: Stop) {
    super(result.kind);
  }
}

/** XML that does not parse: no part of a workbook. */
class WorkbookXmlInvalid extends Error {
  constructor(readonly entry: string) {
    super(`“${entry}”不是有效的 XML`);
  }
}

const notXlsx = (): never => {
  throw new Stopped({ kind: 'not_xlsx' });
};

type Attributes = Readonly<Record<string, string>>;

interface XmlHandlers {
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** A name without its namespace prefix: `x:row` is `row`. */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** An attribute by its local name (`r:id` is `id`). */
const attribute = (attributes: Attributes, name: string): string | undefined => {
  const direct = attributes[name];
  if (direct !== undefined) return direct;
  // Asked of every cell (`t` and `s` are often absent): no array of the entries is built.
  for (const key in attributes) if (localName(key) === name) return attributes[key];
  return undefined;
};

/** A cell's address, type and style, each as `attribute` finds it, in one look at its attributes. */
const cellAttributes = (attributes: Attributes): { r: string | undefined; t: string | undefined; s: string | undefined } => {
  let r = attributes.r;
  let t = attributes.t;
  let s = attributes.s;
  if (r !== undefined && t !== undefined && s !== undefined) return { r, t, s };
  const found = { r: r !== undefined, t: t !== undefined, s: s !== undefined };
  for (const key in attributes) {
    const name = localName(key);
    if (name === 'r' && !found.r) {
      r = attributes[key];
      found.r = true;
    } else if (name === 't' && !found.t) {
      t = attributes[key];
      found.t = true;
    } else if (name === 's' && !found.s) {
      s = attributes[key];
      found.s = true;
    }
  }
  return { r, t, s };
};

/** Streams one entry of the archive through saxes, chunk by chunk, to `handlers`, pausing after each chunk. */
async function* parseEntryChunks(content: Uint8Array, entry: ArchiveEntry, handlers: XmlHandlers): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: false });
  // Without an error handler saxes throws from write(): malformed XML ends the reading.
  parser.on('opentag', (tag) => handlers.open?.(localName(tag.name), tag.attributes as Attributes));
  parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  if (handlers.text !== undefined) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new TextDecoder('utf-8');
  const feed = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (error) {
      // What a handler stops with, or a fault of ours, passes; what saxes finds wrong is the file's.
      if (error instanceof Stopped || error instanceof AppError || error instanceof TypeError || error instanceof RangeError) throw error;
      throw new WorkbookXmlInvalid(entry.name);
    }
  };
  for await (const chunk of inflateEntry(content, entry)) {
    feed(decoder.decode(chunk, { stream: true }));
    yield;
  }
  feed(decoder.decode());
  feed(null);
};

/** Streams one entry of the archive through saxes to `handlers`, to its end. */
const parseEntry = async (content: Uint8Array, entry: ArchiveEntry, handlers: XmlHandlers): Promise<void> => {
  for await (const _ of parseEntryChunks(content, entry, handlers));
};

/** A target of a relationship of `xl/workbook.xml`, as a path in the archive. */
const resolveTarget = (target: string): string => {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
};

interface SheetRef {
  readonly name: string;
  readonly path: string;
}

interface WorkbookPart {
  readonly date1904: boolean;
  readonly sheets: readonly SheetRef[];
  readonly sharedStrings: string | undefined;
  readonly styles: string | undefined;
}

const RELATIONSHIP_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

const readWorkbookPart = async (content: Uint8Array, entries: ReadonlyMap<string, ArchiveEntry>): Promise<WorkbookPart> => {
  const workbookEntry = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (workbookEntry === undefined || relsEntry === undefined) return notXlsx();
  const targets = new Map<string, { target: string; type: string }>();
  await parseEntry(content, relsEntry, {
    open(name, attributes) {
      if (name !== 'Relationship') return;
      const id = attribute(attributes, 'Id');
      const target = attribute(attributes, 'Target');
      if (id !== undefined && target !== undefined) targets.set(id, { target: resolveTarget(target), type: attribute(attributes, 'Type') ?? '' });
    },
  });
  let date1904 = false;
  const sheets: SheetRef[] = [];
  await parseEntry(content, workbookEntry, {
    open(name, attributes) {
      if (name === 'workbookPr') {
        const value = attribute(attributes, 'date1904');
        date1904 = value === '1' || value === 'true';
      } else if (name === 'sheet') {
        const sheetName = attribute(attributes, 'name');
        const target = targets.get(attribute(attributes, 'id') ?? '');
        // exceljs lists only the sheets whose part is in the archive; so does this.
        if (sheetName !== undefined && target !== undefined && entries.has(target.target)) sheets.push({ name: sheetName, path: target.target });
      }
    },
  });
  const ofType = (type: string, fallback: string) =>
    [...targets.values()].find((relationship) => relationship.type === `${RELATIONSHIP_TYPE}${type}`)?.target ?? (entries.has(fallback) ? fallback : undefined);
  return { date1904, sheets, sharedStrings: ofType('sharedStrings', 'xl/sharedStrings.xml'), styles: ofType('styles', 'xl/styles.xml') };
};

/** A shared string longer than a cell may be: reported at the first cell that uses it. */
const TOO_LONG = Symbol('too long');
type SharedString = string | ExcelJS.CellRichTextValue | typeof TOO_LONG;

/** A text being gathered from text events, no longer than a cell may be. */
class TextBuffer {
  // A value's text mostly comes as one event: kept as it is, parts only past the first.
  private first = '';
  private parts: string[] | null = null;
  length = 0;
  overflow = false;
  add(text: string) {
    if (this.overflow) return;
    this.length += text.length;
    if (this.length > WORKBOOK_MAX_CELL_TEXT) {
      this.overflow = true;
      this.first = '';
      this.parts = null;
    } else if (this.length === text.length && this.parts === null) this.first = text;
    else (this.parts ??= [this.first]).push(text);
  }
  take(): string {
    const text = this.parts === null ? this.first : this.parts.join('');
    this.first = '';
    this.parts = null;
    this.length = 0;
    this.overflow = false;
    return text;
  }
}

/** A string's text escapes what XML cannot hold as `_xHHHH_` (as exceljs reads it: a NUL is `_x0000_`). */
const unescapeText = (text: string) => text.replace(/_x([0-9A-F]{4})_/gu, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/**
 * A string item (`<si>` of the shared strings, `<is>` of an inline cell): plain text, or rich
 * text of runs; the phonetic guide (`<rPh>`) is no part of it.
 */
class StringItem {
  private runs: ExcelJS.RichText[] | null = null;
  private plain = '';
  private readonly text = new TextBuffer();
  private inText = false;
  private inPhonetic = false;
  private total = 0;
  overflow = false;

  open(name: string) {
    if (name === 'rPh') this.inPhonetic = true;
    else if (name === 'r' && !this.inPhonetic) this.runs ??= [];
    else if (name === 't' && !this.inPhonetic) this.inText = true;
  }
  onText(text: string) {
    if (this.inText) this.text.add(text);
  }
  close(name: string) {
    if (name === 'rPh') this.inPhonetic = false;
    else if (name === 't' && this.inText) {
      this.inText = false;
      const overflow = this.text.overflow;
      const text = unescapeText(this.text.take());
      this.total += text.length;
      if (overflow || this.total > WORKBOOK_MAX_CELL_TEXT) this.overflow = true;
      else if (this.runs !== null) this.runs.push({ text });
      else this.plain += text;
    }
  }
  /** exceljs's value of the item: a string, or `{ richText }` when it is made of runs. */
  value(): string | ExcelJS.CellRichTextValue {
    return this.runs === null ? this.plain : { richText: this.runs };
  }
}

const readSharedStrings = async (content: Uint8Array, entry: ArchiveEntry): Promise<SharedString[]> => {
  const strings: SharedString[] = [];
  let item: StringItem | null = null;
  await parseEntry(content, entry, {
    open(name) {
      if (name === 'si') item = new StringItem();
      else item?.open(name);
    },
    text(text) {
      item?.onText(text);
    },
    close(name) {
      if (item === null) return;
      if (name === 'si') {
        strings.push(item.overflow ? TOO_LONG : item.value());
        item = null;
      } else item.close(name);
    },
  });
  return strings;
};

/** The number format of each cell style (`cellXfs`), by its index; undefined for none. */
const readNumberFormats = async (content: Uint8Array, entry: ArchiveEntry): Promise<(string | undefined)[]> => {
  const custom = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellStyles = false;
  await parseEntry(content, entry, {
    open(name, attributes) {
      if (name === 'numFmt') {
        const code = attribute(attributes, 'formatCode');
        if (code !== undefined) custom.set(Number(attribute(attributes, 'numFmtId')), code);
      } else if (name === 'cellXfs') inCellStyles = true;
      else if (name === 'xf' && inCellStyles) styleFormats.push(Number(attribute(attributes, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellStyles = false;
    },
  });
  // As exceljs: format 0 is none; a custom format before a built-in one.
  return styleFormats.map((id) => (Number.isInteger(id) && id !== 0 ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined));
};

type Value = Exclude<ExcelJS.CellValue, null | undefined>;

interface Cell {
  readonly column: number;
  readonly value: Value;
  readonly numFmt: string | undefined;
}

/** Whether a value shows anything: blank text is no content. */
const hasContent = (value: Value): boolean => {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'object' && !(value instanceof Date) && 'richText' in value) return value.richText.some((run) => run.text.trim() !== '');
  return true;
};

interface SheetContext {
  readonly name: string;
  readonly maxRows: number;
  readonly sharedStrings: readonly SharedString[];
  readonly formats: readonly (string | undefined)[];
  readonly date1904: boolean;
}

/**
 * What reads one sheet's XML: its handlers gather the cells with content, by row, and the
 * merged ranges. `current()` is the row being read (the rows before it are complete).
 */
const sheetReader = (sheet: SheetContext) => {
  const rows = new Map<number, Cell[]>();
  const merges: { top: number; left: number; bottom: number; right: number }[] = [];
  const contentRows = new Set<number>();
  const stop = (result: Stop): never => {
    throw new Stopped(result);
  };
  const tooLong = (row: number, column: number): never =>
    stop({
      kind: 'cell_invalid',
      sheet: sheet.name,
      row,
      column: columnLetters(column),
      message: `“${sheet.name}”表第${row}行${columnLetters(column)}列的内容超过${WORKBOOK_MAX_CELL_TEXT}个字符`,
    });
  const addRow = (row: number) => {
    contentRows.add(row);
    if (contentRows.size > sheet.maxRows) stop({ kind: 'too_many_rows', sheet: sheet.name, limit: sheet.maxRows });
  };

  let rowNumber = 0;
  let columnNumber = 0;
  let cell: { row: number; column: number; type: string; style: number } | null = null;
  let capture: 'v' | 'f' | null = null;
  const text = new TextBuffer();
  let valueText: string | null = null;
  let formula: string | null = null;
  // The inline string of the cell: read between <is> and </is>, used at </c>.
  let inline: StringItem | null = null;
  let inlineOpen = false;

  const finishCell = () => {
    if (cell === null) return;
    const { row, column, type } = cell;
    const numFmt = sheet.formats[cell.style];
    let value: Value | null = null;
    switch (type) {
      case 's': {
        const shared = valueText === null ? undefined : sheet.sharedStrings[Number(valueText)];
        if (shared === TOO_LONG) return tooLong(row, column);
        value = shared ?? null;
        break;
      }
      case 'inlineStr':
        if (inline?.overflow) return tooLong(row, column);
        value = inline?.value() ?? null;
        break;
      case 'str':
        value = valueText;
        break;
      case 'b':
        value = valueText === null ? null : valueText === '1' || valueText === 'true';
        break;
      case 'e':
        value = valueText === null ? null : ({ error: valueText } as ExcelJS.CellErrorValue);
        break;
      case 'd':
        value = valueText === null ? null : new Date(valueText);
        break;
      default: {
        if (valueText === null || valueText.trim() === '') break;
        const number = Number.parseFloat(valueText);
        value = isDateFormat(numFmt) ? excelToDate(number, sheet.date1904) : number;
      }
    }
    // A formula's cached result stands with it; a shared formula's other cells keep the result alone.
    if (formula !== null && formula !== '') value = { formula, result: value ?? undefined } as ExcelJS.CellFormulaValue;
    cell = null;
    inline = null;
    if (value === null || !hasContent(value)) return;
    addRow(row);
    const cells = rows.get(row) ?? [];
    if (cells.length === 0) rows.set(row, cells);
    cells.push({ column, value, numFmt: numFmt === 'General' ? undefined : numFmt });
    if (cells.length > WORKBOOK_MAX_COLUMNS) {
      stop({
        kind: 'cell_invalid',
        sheet: sheet.name,
        row,
        column: columnLetters(column),
        message: `“${sheet.name}”表第${row}行有内容的单元格超过${WORKBOOK_MAX_COLUMNS}个`,
      });
    }
  };

  const handlers: XmlHandlers = {
    open(name, attributes) {
      if (inlineOpen) {
        inline!.open(name);
        return;
      }
      switch (name) {
        case 'row': {
          const r = attribute(attributes, 'r');
          rowNumber = r === undefined ? rowNumber + 1 : Number(r);
          if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > MAX_ROW_NUMBER) notXlsx();
          columnNumber = 0;
          break;
        }
        case 'c': {
          const { r, t, s } = cellAttributes(attributes);
          const address = r === undefined ? { row: rowNumber, column: columnNumber + 1 } : parseAddress(r);
          if (address === null || address.row < 1 || address.column > MAX_COLUMN_NUMBER) return notXlsx();
          columnNumber = address.column;
          cell = { row: address.row, column: address.column, type: t ?? 'n', style: Number(s ?? 0) };
          valueText = null;
          formula = null;
          inline = null;
          break;
        }
        case 'v':
        case 'f':
          if (cell !== null) capture = name;
          break;
        case 'is':
          if (cell !== null) {
            inline = new StringItem();
            inlineOpen = true;
          }
          break;
        case 'mergeCell': {
          const [from, to] = (attribute(attributes, 'ref') ?? '').split(':');
          const start = parseAddress(from ?? '');
          const end = parseAddress(to ?? from ?? '');
          if (start === null || end === null) return notXlsx();
          merges.push({ top: Math.min(start.row, end.row), left: Math.min(start.column, end.column), bottom: Math.max(start.row, end.row), right: Math.max(start.column, end.column) });
          break;
        }
      }
    },
    text(chunk) {
      if (inlineOpen) inline!.onText(chunk);
      else if (capture !== null) {
        text.add(chunk);
        if (text.overflow && cell !== null) tooLong(cell.row, cell.column);
      }
    },
    close(name) {
      if (inlineOpen) {
        if (name === 'is') inlineOpen = false;
        else inline!.close(name);
        return;
      }
      if ((name === 'v' || name === 'f') && capture === name) {
        const captured = text.take();
        if (name === 'v') valueText = captured;
        else formula = captured;
        capture = null;
      } else if (name === 'c') finishCell();
    },
  };
  return { handlers, rows, merges, addRow, stop, current: () => rowNumber };
};

/** The cells with content of one sheet, by row, and its merged ranges. */
const readSheet = async (content: Uint8Array, entry: ArchiveEntry, sheet: SheetContext) => {
  const reader = sheetReader(sheet);
  await parseEntry(content, entry, reader.handlers);
  return reader;
};

/**
 * Reads an uploaded .xlsx within the limits above, for an import.
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the limits of `workbook-archive.ts`
 */
export const readWorkbook = async (content: Uint8Array, options: WorkbookReadOptions): Promise<WorkbookRead> => {
  const listing = listArchive(content);
  if (listing.kind === 'not_zip') return { kind: 'not_xlsx' };
  checkArchive(listing.entries);
  const { entries } = listing;
  try {
    const part = await readWorkbookPart(content, entries);
    if (part.sheets.length === 0) return { kind: 'not_xlsx' };
    const limits = part.sheets.map((sheet, index) => options.maxRows({ name: sheet.name, index }));
    const needsValues = limits.some((limit) => limit !== null);
    const sharedEntry = part.sharedStrings === undefined ? undefined : entries.get(part.sharedStrings);
    const stylesEntry = part.styles === undefined ? undefined : entries.get(part.styles);
    const sharedStrings = needsValues && sharedEntry !== undefined ? await readSharedStrings(content, sharedEntry) : [];
    const formats = needsValues && stylesEntry !== undefined ? await readNumberFormats(content, stylesEntry) : [];

    const workbook = new ExcelJS.Workbook();
    for (const [index, ref] of part.sheets.entries()) {
      let worksheet: ExcelJS.Worksheet;
      try {
        worksheet = workbook.addWorksheet(ref.name);
      } catch {
        // A name exceljs refuses (one Excel would not write either).
        return { kind: 'not_xlsx' };
      }
      const maxRows = limits[index];
      if (maxRows === null || maxRows === undefined) continue;
      const sheet = await readSheet(content, entries.get(ref.path)!, { name: ref.name, maxRows, sharedStrings, formats, date1904: part.date1904 });
      for (const [rowNumber, cells] of sheet.rows) {
        const row = worksheet.getRow(rowNumber);
        for (const { column, value, numFmt } of cells) {
          const target = row.getCell(column);
          target.value = value;
          if (numFmt !== undefined) target.numFmt = numFmt;
        }
      }
      // A merged range shows its first cell's value in each of its cells (as exceljs gives it);
      // a range without a value changes nothing and is left out, so its size costs nothing.
      let mergedCells = 0;
      for (const merge of sheet.merges) {
        const first = sheet.rows.get(merge.top)?.find((cell) => cell.column === merge.left);
        if (first === undefined) continue;
        const tooLarge = () =>
          sheet.stop({
            kind: 'cell_invalid',
            sheet: ref.name,
            row: merge.top,
            column: columnLetters(merge.left),
            message: `“${ref.name}”表从${columnLetters(merge.left)}${merge.top}起的合并单元格过大（一张表的合并单元格至多${WORKBOOK_MAX_COLUMNS}列、共${WORKBOOK_MAX_MERGED_CELLS}格）`,
          });
        if (merge.right - merge.left + 1 > WORKBOOK_MAX_COLUMNS) return tooLarge();
        // Each of its rows shows the value: counted against the import's rows first.
        for (let row = merge.top; row <= merge.bottom; row += 1) sheet.addRow(row);
        mergedCells += (merge.right - merge.left + 1) * (merge.bottom - merge.top + 1);
        if (mergedCells > WORKBOOK_MAX_MERGED_CELLS) return tooLarge();
        try {
          worksheet.mergeCells(merge.top, merge.left, merge.bottom, merge.right);
        } catch {
          // Overlapping ranges: no spreadsheet writes them.
          return { kind: 'not_xlsx' };
        }
      }
    }
    return { kind: 'read', workbook };
  } catch (error) {
    if (error instanceof Stopped) return error.result;
    // Malformed XML, a corrupt entry: no workbook an import can read.
    if (error instanceof ArchiveEntryCorrupt || error instanceof WorkbookXmlInvalid) return { kind: 'not_xlsx' };
    throw error;
  }
};

/** One row of a sheet read by `streamWorkbookRows`: its number as Excel shows it, and its cells with content by column (from 1). */
export interface SheetRow {
  readonly row: number;
  readonly cells: ReadonlyMap<number, ExcelJS.CellValue>;
}

export interface WorkbookStreamOptions {
  /** The sheet to read, by its place in the workbook (from 0). */
  readonly sheetIndex: number;
  /** The most rows with content it may hold. */
  readonly maxRows: number;
  /** The unpacked size the archive may reach: a ledger of 100,000 rows is larger than the 50 MB of the other imports. */
  readonly maxUnpackedBytes?: number;
  /**
   * Called with the rows completed by each chunk of the sheet's XML, in order, and awaited before
   * the next chunk is read: a large sheet is never held whole. A merged range's value is in its
   * first cell only.
   */
  readonly onRows: (rows: readonly SheetRow[]) => void | Promise<void>;
}

/** What a streamed reading ended with: the sheet was read to its end (its name), or why not. */
export type WorkbookStreamEnd = { readonly kind: 'read'; readonly sheet: string } | Stop;

/**
 * Reads one sheet of an uploaded .xlsx row by row, within the same limits as `readWorkbook`
 * (archive, rows, a cell's text, cells in a row), handing the rows on as they are read: memory
 * holds the shared strings and a chunk's rows, not the sheet.
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the limits of `workbook-archive.ts`
 */
export const streamWorkbookRows = async (content: Uint8Array, options: WorkbookStreamOptions): Promise<WorkbookStreamEnd> => {
  const listing = listArchive(content);
  if (listing.kind === 'not_zip') return { kind: 'not_xlsx' };
  checkArchive(listing.entries, options.maxUnpackedBytes);
  const { entries } = listing;
  try {
    const part = await readWorkbookPart(content, entries);
    const ref = part.sheets[options.sheetIndex];
    if (ref === undefined) return { kind: 'not_xlsx' };
    const sharedEntry = part.sharedStrings === undefined ? undefined : entries.get(part.sharedStrings);
    const stylesEntry = part.styles === undefined ? undefined : entries.get(part.styles);
    const sharedStrings = sharedEntry === undefined ? [] : await readSharedStrings(content, sharedEntry);
    const formats = stylesEntry === undefined ? [] : await readNumberFormats(content, stylesEntry);
    const reader = sheetReader({ name: ref.name, maxRows: options.maxRows, sharedStrings, formats, date1904: part.date1904 });
    const flush = async (all: boolean) => {
      const open = reader.current();
      const done: SheetRow[] = [];
      for (const [row, cells] of reader.rows) {
        if (!all && row >= open) continue;
        done.push({ row, cells: new Map(cells.map((cell) => [cell.column, cell.value])) });
        reader.rows.delete(row);
      }
      if (done.length === 0) return;
      done.sort((a, b) => a.row - b.row);
      await options.onRows(done);
    };
    for await (const _ of parseEntryChunks(content, entries.get(ref.path)!, reader.handlers)) await flush(false);
    await flush(true);
    return { kind: 'read', sheet: ref.name };
  } catch (error) {
    if (error instanceof Stopped) return error.result;
    if (error instanceof ArchiveEntryCorrupt || error instanceof WorkbookXmlInvalid) return { kind: 'not_xlsx' };
    throw error;
  }
};
