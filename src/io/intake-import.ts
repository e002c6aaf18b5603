/**
 * The import file of the provincial SME platform's demands (湖北省中小微企业诉求响应平台, S3):
 * reading an exported .xlsx into checked rows, and writing the template workbook. What a cell
 * may hold is decided here, against `today` given by the caller; what the tenant's reference
 * data says (the unit, the enterprise, demands already imported) is the use case's
 * (`src/cases/import-intake.ts`). The format is documented in docs/IMPORT.md.
 */
import ExcelJS from 'exceljs';
import { readWorkbook } from './workbook-reader.ts';
import { cellText, normalizeHeader, plainValue, readDate } from './cell-values.ts';

export { cellText, normalizeHeader, plainValue, readDate } from './cell-values.ts';
import { isLocalDate, type LocalDate } from '../domain/calendar.ts';
import { registerCaseSchema } from '../domain/case/commands.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { isAppError, type ErrorCode } from '../domain/errors.ts';
import { isOpenLine } from '../domain/lines/registry.ts';
import { LINE_LABEL, LINES, type Line } from '../domain/lines/vocabulary.ts';
import { parseYuan, type Fen } from '../domain/money.ts';

export { XLSX_CONTENT_TYPE } from './dispatch-workbook.ts';

/** The import file's largest size: a few thousand demands fit in far less. */
export const INTAKE_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const INTAKE_IMPORT_MAX_TEXT = '5MB';
/** The most demands one file may carry: one transaction, and at most what the intake queue lists at once. */
export const INTAKE_IMPORT_MAX_ROWS = 500;
export const INTAKE_TEMPLATE_FILE_NAME = '省平台诉求导入模板.xlsx';

/** The template's example row is marked so, and a file that still carries it imports without it. */
const EXAMPLE_MARK = '示例';
/** How far down the first sheet the header row is looked for (a title row above it is allowed). */
export const HEADER_SEARCH_ROWS = 10;
const EXTERNAL_REF_MAX = 64;

/** The columns, matched by their Chinese header in any order. */
export const INTAKE_IMPORT_COLUMNS = {
  externalRef: '诉求编号',
  enterpriseName: '企业名称',
  creditCode: '统一社会信用代码',
  unitName: '被反映单位',
  title: '诉求标题',
  facts: '诉求内容',
  amount: '涉及金额（元）',
  submittedOn: '提交日期',
  line: '所属行动',
} as const;
export type IntakeImportColumn = keyof typeof INTAKE_IMPORT_COLUMNS;
const COLUMN_KEYS = Object.keys(INTAKE_IMPORT_COLUMNS) as IntakeImportColumn[];

/** Columns a file may leave out: the platform's own export has no line; its demands are then arrears. */
const OPTIONAL_COLUMNS: ReadonlySet<IntakeImportColumn> = new Set(['line']);

/** Other headers a column is known by. */
const COLUMN_ALIASES: Partial<Record<IntakeImportColumn, readonly string[]>> = { line: ['诉求类别', '专项行动'] };

/** The lines a demand of the provincial platform may be registered on (S3): each to the line it concerns. */
export const INTAKE_IMPORT_LINES = ['arrears', 'policy', 'investment'] as const satisfies readonly Line[];
export type IntakeImportLine = (typeof INTAKE_IMPORT_LINES)[number];

/** The line of a demand whose file names none (the platform's export): its first handling is an arrear. */
export const INTAKE_DEFAULT_LINE: IntakeImportLine = 'arrears';

/** The short forms of each line a cell may hold, besides its full name and its code. */
const LINE_SHORT_FORMS: Record<Line, readonly string[]> = {
  arrears: ['清欠', '账款', '清理拖欠', '拖欠账款', '清欠账款'],
  policy: ['惠企', '政策', '惠企政策', '政策兑现'],
  investment: ['招商', '承诺', '招商引资', '招商承诺', '招商引资承诺'],
  integrity: ['守信践诺'],
};

/** Words that name a line inside a longer text (`拖欠工程款`, `惠企政策资金未兑现`, `招商引资承诺未兑现`). */
const LINE_WORDS: Partial<Record<Line, readonly string[]>> = {
  arrears: ['清欠', '账款', '拖欠'],
  policy: ['惠企'],
  investment: ['招商', '承诺'],
};

/**
 * The line a cell names: its full name (清理拖欠企业账款), its code (arrears), a short form
 * (清欠, 账款; 惠企, 政策; 招商, 承诺), or a text holding the words of exactly one line;
 * null when it names none or more than one.
 */
export const readIntakeLine = (text: string): Line | null => {
  const plain = text.replace(/\s+/gu, '').toLowerCase();
  if (plain === '') return null;
  for (const line of LINES) {
    if (plain === LINE_LABEL[line] || plain === line || LINE_SHORT_FORMS[line].includes(plain)) return line;
  }
  const named = LINES.filter((line) => (LINE_WORDS[line] ?? []).some((word) => plain.includes(word)));
  // 招商引资政策: a promise's policy is the investment line's, not a benefit policy.
  if (named.length === 0 && plain.includes('政策')) return 'policy';
  return named.length === 1 ? named[0]! : null;
};

/** Where a demand's line came from: the importer's choice in the preview, the file's column, or the default. */
export type IntakeLineOrigin = 'choice' | 'file' | 'default';

/** One problem of the file: the sheet's row number and the column header; null for the file as a whole. */
export interface IntakeImportError {
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
  /** The error's code where it has one: `ACTION_NOT_FOR_LINE` for a line not open or not taken by the import, and a registration's own. */
  readonly code?: ErrorCode;
}

/** A demand as read from its row; a value that failed its check is null (its error is listed). */
export interface IntakeImportRow {
  /** The row number in the sheet, as Excel shows it. */
  readonly row: number;
  readonly externalRef: string;
  readonly enterpriseName: string;
  /** Normalised GB 32100 code. */
  readonly creditCode: string | null;
  readonly unitName: string;
  readonly title: string;
  readonly facts: string;
  readonly claimedAmount: Fen | null;
  readonly submittedOn: LocalDate | null;
  /** The line the demand goes to; null when the file names none that can be read (its error is listed). */
  readonly line: Line | null;
  readonly lineFrom: IntakeLineOrigin;
  /** The file's 所属行动 cell as written ('' when empty or absent). */
  readonly lineText: string;
}

/** What the reader is told besides the file: the importer's line of each demand (by 诉求编号), and which lines are open. */
export interface IntakeReadOptions {
  readonly lines?: Readonly<Record<string, Line>>;
  readonly isOpen?: (line: Line) => boolean;
}

export interface IntakeImportFile {
  readonly rows: readonly IntakeImportRow[];
  readonly errors: readonly IntakeImportError[];
}

/**
 * An amount in 元 (`680000.00`, `680,000`) or 万元 (`68万元`), through `parseYuan`; a number cell
 * is read from its decimal text, never multiplied as a float.
 * @throws AppError AMOUNT_INVALID
 */
const readAmount = (value: ExcelJS.CellValue): Fen => {
  const plain = plainValue(value);
  return parseYuan(typeof plain === 'number' ? String(plain) : cellText(plain));
};

const messageOf = (error: unknown): string => (isAppError(error) ? error.message : String(error));

/** The same length limits as a registration typed into the form (`registerCaseSchema`). */
const schemaProblem = (schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, value: string) => {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error?.issues[0]?.message ?? '取值无效');
};

const enterpriseNameSchema = registerCaseSchema.shape.enterprise.unwrap().shape.name;

/** Checks one row's cells; `today` bounds the submission date. */
const readRow = (
  row: number,
  cells: Record<IntakeImportColumn, ExcelJS.CellValue>,
  today: LocalDate,
  options: IntakeReadOptions,
): { value: IntakeImportRow; errors: IntakeImportError[] } => {
  const errors: IntakeImportError[] = [];
  const fail = (column: IntakeImportColumn, message: string, code?: ErrorCode) =>
    errors.push({ row, column: INTAKE_IMPORT_COLUMNS[column], message, ...(code === undefined ? {} : { code }) });
  const text = (column: IntakeImportColumn) => cellText(plainValue(cells[column]));
  const required = (column: IntakeImportColumn, schema?: Parameters<typeof schemaProblem>[0]): string => {
    const value = text(column);
    if (value === '') fail(column, `请填写${INTAKE_IMPORT_COLUMNS[column]}`);
    else if (schema !== undefined) {
      const problem = schemaProblem(schema, value);
      if (problem !== null) fail(column, problem.replace(/^(事项名称|基本情况|企业名称)/u, INTAKE_IMPORT_COLUMNS[column]));
    }
    return value;
  };

  const externalRef = required('externalRef');
  if (externalRef.length > EXTERNAL_REF_MAX || /[\p{Cc}]/u.test(externalRef)) {
    fail('externalRef', `诉求编号应为不超过${EXTERNAL_REF_MAX}个字符的一行文字`);
  }
  const enterpriseName = required('enterpriseName', enterpriseNameSchema);
  let creditCode: string | null = null;
  const codeText = required('creditCode');
  if (codeText !== '') {
    try {
      creditCode = assertCreditCode(codeText);
    } catch (error) {
      fail('creditCode', messageOf(error));
    }
  }
  const unitName = required('unitName');
  const title = required('title', registerCaseSchema.shape.title);
  const facts = required('facts', registerCaseSchema.shape.facts);

  // S3: each demand to the line it concerns: the importer's choice, else the file's, else arrears.
  const lineText = text('line');
  const chosen = externalRef === '' ? undefined : options.lines?.[externalRef];
  const lineFrom: IntakeLineOrigin = chosen !== undefined ? 'choice' : lineText !== '' ? 'file' : 'default';
  const line: Line | null = chosen ?? (lineText === '' ? INTAKE_DEFAULT_LINE : readIntakeLine(lineText));
  const isOpen = options.isOpen ?? isOpenLine;
  if (line === null) {
    fail(
      'line',
      `无法识别所属行动“${lineText}”，请填写${INTAKE_IMPORT_LINES.map((item) => LINE_LABEL[item]).join('、')}（或简写：清欠、惠企、招商）`,
      'VALIDATION_FAILED',
    );
  } else if (!(INTAKE_IMPORT_LINES as readonly Line[]).includes(line)) {
    fail('line', `省平台诉求不登记为“${LINE_LABEL[line]}”事项，请改为${INTAKE_IMPORT_LINES.map((item) => LINE_LABEL[item]).join('、')}之一`, 'ACTION_NOT_FOR_LINE');
  } else if (!isOpen(line)) {
    fail('line', `“${LINE_LABEL[line]}”的处置流程尚未开放登记，该诉求暂不能导入；请改选其他专项行动，或待开放后再导入`, 'ACTION_NOT_FOR_LINE');
  }

  let claimedAmount: Fen | null = null;
  if (text('amount') === '') {
    // A1–A7 rest on the amount the enterprise claims; an arrears case registers only with one.
    if (line === 'arrears') fail('amount', '请填写涉及金额：按“清理拖欠企业账款”登记的诉求须有企业主张的欠款金额');
  } else {
    try {
      claimedAmount = readAmount(cells.amount);
      if (claimedAmount === 0) {
        claimedAmount = null;
        fail('amount', '涉及金额应大于0');
      }
    } catch (error) {
      fail('amount', messageOf(error));
    }
  }

  let submittedOn: LocalDate | null = null;
  if (text('submittedOn') === '') fail('submittedOn', '请填写提交日期');
  else {
    submittedOn = readDate(cells.submittedOn);
    if (submittedOn === null) fail('submittedOn', `提交日期“${text('submittedOn')}”无法识别，请填写如 2026-11-20 的日期`);
    else if (submittedOn > today) {
      fail('submittedOn', `提交日期 ${submittedOn} 晚于今天（${today}）`);
      submittedOn = null;
    }
  }

  return {
    value: { row, externalRef, enterpriseName, creditCode, unitName, title, facts, claimedAmount, submittedOn, line, lineFrom, lineText },
    errors,
  };
};

const fileError = (message: string): IntakeImportFile => ({ rows: [], errors: [{ row: null, column: null, message }] });

/**
 * Reads the first sheet of an import workbook: finds the header row, reads every non-empty row
 * below it (skipping the template's example row) and checks each cell. Row errors are all
 * collected; nothing is thrown for a bad file, whose problem is the one file-level error.
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the unpacking limits (a zip bomb)
 */
export const readIntakeWorkbook = async (content: Uint8Array, today: LocalDate, options: IntakeReadOptions = {}): Promise<IntakeImportFile> => {
  // Only the first sheet is read, bounded in what it unpacks, its rows and its cells (workbook-reader.ts).
  const read = await readWorkbook(content, { maxRows: ({ index }) => (index === 0 ? INTAKE_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 1 : null) });
  if (read.kind === 'not_xlsx') return fileError('文件不是有效的 Excel 工作簿（.xlsx），请使用导入模板或省平台导出的 .xlsx 文件');
  if (read.kind === 'too_many_rows') return fileError(`一次最多导入${INTAKE_IMPORT_MAX_ROWS}条诉求，请拆分为多个文件`);
  if (read.kind === 'cell_invalid') return { rows: [], errors: [{ row: read.row, column: read.column, message: read.message }] };
  const sheet = read.workbook.worksheets[0];
  if (sheet === undefined) return fileError('工作簿中没有工作表');

  let headerRow = 0;
  const columnOf = new Map<IntakeImportColumn, number>();
  for (let rowNumber = 1; rowNumber <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount) && headerRow === 0; rowNumber += 1) {
    const row = sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const headers = new Map<string, number>();
    row.eachCell((cell, column) => headers.set(normalizeHeader(cellText(cell.value)), column));
    if (!headers.has(INTAKE_IMPORT_COLUMNS.externalRef)) continue;
    headerRow = rowNumber;
    for (const key of COLUMN_KEYS) {
      const column = [INTAKE_IMPORT_COLUMNS[key], ...(COLUMN_ALIASES[key] ?? [])]
        .map((header) => headers.get(normalizeHeader(header)))
        .find((found) => found !== undefined);
      if (column !== undefined) columnOf.set(key, column);
    }
  }
  if (headerRow === 0) {
    return fileError(`第一张工作表“${sheet.name}”前${HEADER_SEARCH_ROWS}行中未找到表头“诉求编号”，请使用导入模板`);
  }
  const missing = COLUMN_KEYS.filter((key) => !columnOf.has(key) && !OPTIONAL_COLUMNS.has(key)).map((key) => INTAKE_IMPORT_COLUMNS[key]);
  if (missing.length > 0) {
    return { rows: [], errors: missing.map((column) => ({ row: headerRow, column, message: `缺少“${column}”列` })) };
  }

  const rows: IntakeImportRow[] = [];
  const errors: IntakeImportError[] = [];
  const firstRowOf = new Map<string, number>();
  for (let rowNumber = headerRow + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    // findRow, unlike getRow, creates nothing for the empty rows of a sheet whose last cell is far down.
    const row = sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const cells = Object.fromEntries(
      COLUMN_KEYS.map((key) => {
        const column = columnOf.get(key);
        return [key, column === undefined ? null : row.getCell(column).value];
      }),
    ) as Record<IntakeImportColumn, ExcelJS.CellValue>;
    if (COLUMN_KEYS.every((key) => cellText(plainValue(cells[key])) === '')) continue;
    if (cellText(plainValue(cells.externalRef)).startsWith(EXAMPLE_MARK)) continue;
    if (rows.length === INTAKE_IMPORT_MAX_ROWS) {
      return fileError(`一次最多导入${INTAKE_IMPORT_MAX_ROWS}条诉求，请拆分为多个文件`);
    }
    const read = readRow(rowNumber, cells, today, options);
    const first = read.value.externalRef === '' ? undefined : firstRowOf.get(read.value.externalRef);
    if (first !== undefined) {
      read.errors.push({ row: rowNumber, column: INTAKE_IMPORT_COLUMNS.externalRef, message: `诉求编号“${read.value.externalRef}”与第${first}行重复` });
    } else if (read.value.externalRef !== '') {
      firstRowOf.set(read.value.externalRef, rowNumber);
    }
    rows.push(read.value);
    errors.push(...read.errors);
  }
  if (rows.length === 0 && errors.length === 0) return fileError('文件中没有诉求数据（表头以下均为空行或示例行）');
  return { rows, errors };
};

/** The template's notes sheet: each column, whether it must be filled, and how. */
const NOTES: readonly [string, string, string][] = [
  [INTAKE_IMPORT_COLUMNS.externalRef, '必填', '省平台的诉求编号，同一文件内不得重复；已导入过的编号再次导入时跳过，不重复登记'],
  [INTAKE_IMPORT_COLUMNS.enterpriseName, '必填', '提出诉求的企业全称'],
  [INTAKE_IMPORT_COLUMNS.creditCode, '必填', '18位统一社会信用代码（GB 32100），按校验码核验'],
  [INTAKE_IMPORT_COLUMNS.unitName, '必填', '被反映的政府部门、事业单位或国有企业，填写全称或能唯一确定单位的开头部分；不能是企业'],
  [INTAKE_IMPORT_COLUMNS.title, '必填', '不超过200字，作为事项名称'],
  [INTAKE_IMPORT_COLUMNS.facts, '必填', '不超过5000字，作为基本情况'],
  [
    INTAKE_IMPORT_COLUMNS.amount,
    '清欠必填',
    '企业主张的金额，以元计（如 680000.00 或 680,000），也可写作“68万元”；应大于0。登记为“清理拖欠企业账款”的诉求必填，其他专项行动可不填',
  ],
  [INTAKE_IMPORT_COLUMNS.submittedOn, '必填', '企业在省平台提交诉求的日期（如 2026-11-20），不得晚于导入当天'],
  [
    INTAKE_IMPORT_COLUMNS.line,
    '选填',
    `诉求所属的专项行动：${INTAKE_IMPORT_LINES.map((line) => LINE_LABEL[line]).join('、')}，也可简写为“清欠/账款”“惠企/政策”“招商/承诺”；也可用列名“诉求类别”。不填或无此列时按“清理拖欠企业账款”登记；导入前的预览中可逐条改选`,
  ],
];

/**
 * The template workbook: sheet 省平台诉求 with the headers and one example row (its 诉求编号
 * starts with “示例”, so it is never imported), and sheet 填写说明.
 */
export const writeIntakeTemplate = async (example: { unitName: string; creditCode: string; submittedOn: LocalDate }): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  const sheet = workbook.addWorksheet('省平台诉求', { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths: Record<IntakeImportColumn, number> = {
    externalRef: 22,
    enterpriseName: 30,
    creditCode: 22,
    unitName: 26,
    title: 34,
    facts: 60,
    amount: 16,
    submittedOn: 13,
    line: 20,
  };
  sheet.columns = COLUMN_KEYS.map((key) => ({ header: INTAKE_IMPORT_COLUMNS[key], key, width: widths[key] }));
  // Codes and ids stay text, so Excel neither rounds nor reformats them.
  for (const key of ['externalRef', 'creditCode'] as const) sheet.getColumn(key).numFmt = '@';
  sheet.getColumn('amount').numFmt = '#,##0.00';
  sheet.getColumn('submittedOn').numFmt = 'yyyy-mm-dd';
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  const exampleRow = sheet.addRow({
    externalRef: `${EXAMPLE_MARK}-HBSQ2026112000123（导入时跳过此行）`,
    enterpriseName: '汉江市楚风建筑工程有限公司',
    creditCode: example.creditCode,
    unitName: example.unitName,
    title: '反映工程进度款拖欠问题',
    facts: '我公司承建的校舍维修工程已于2025年8月竣工验收，结算金额68万元，至今未支付。',
    amount: 680000,
    submittedOn: new Date(`${example.submittedOn}T00:00:00Z`),
    line: LINE_LABEL.arrears,
  });
  exampleRow.font = { italic: true, color: { argb: 'FF888888' } };
  // 所属行动 offers the lines an import takes; a short form typed in is read too.
  // (exceljs keeps a sheet's validations by address, a range included, without typing the map.)
  const letter = sheet.getColumn('line').letter;
  (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(
    `${letter}2:${letter}${INTAKE_IMPORT_MAX_ROWS + 1}`,
    { type: 'list', allowBlank: true, showErrorMessage: false, formulae: [`"${INTAKE_IMPORT_LINES.map((line) => LINE_LABEL[line]).join(',')}"`] },
  );

  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [{ width: 20 }, { width: 8 }, { width: 90 }];
  notes.addRow(['湖北省中小微企业诉求响应平台诉求导入说明']).font = { bold: true, size: 14 };
  notes.addRow([
    `在“省平台诉求”表第2行起每行填写一条诉求（不超过${INTAKE_IMPORT_MAX_ROWS}条，文件不超过${INTAKE_IMPORT_MAX_TEXT}）。上传后先预览：每条诉求按“所属行动”登记到对应的专项行动（未填的按“清理拖欠企业账款”），可逐条改选；任一行有误时整个文件不导入，并逐行列出错误；全部无误时确认导入，一次全部登记，进入受理台待市营商办受理。`,
  ]);
  notes.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  notes.getRow(2).height = 48;
  notes.mergeCells(2, 1, 2, 3);
  const notesHeader = notes.addRow(['列名', '是否必填', '填写要求']);
  notesHeader.font = { bold: true };
  for (const note of NOTES) notes.addRow(note).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  notes.addRow(['示例行', '', '“省平台诉求”表第2行为示例，诉求编号以“示例”开头的行不会导入，可保留或删除。']);

  return Buffer.from(await workbook.xlsx.writeBuffer());
};
