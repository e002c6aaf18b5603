/**
 * The policy list workbook (政策导入, P7): sheet 政策 (one row a policy) and sheet 条款 (one row a
 * clause, linked to its policy by 文号), read into candidate policy inputs; the template a clerk
 * fills is `policy-template.ts`. What a cell may hold is decided here; the schemas of the API
 * (`policyInputSchema`), the issuing department, the 文号 already recorded and who may keep the
 * policy are the use case's (`src/policy-library/import-policies.ts`).
 */
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import { conditionText, parseConditionText, type ConditionTextContext } from '../domain/policy-library/condition-text.ts';
import type { Condition } from '../domain/policy-library/conditions.ts';
import { CLAUSE_CLASSES, CLAUSE_CLASS_LABEL, type ClauseClass } from '../domain/policy-library/library.ts';
import { parseYuan, yuan, type Fen } from '../domain/money.ts';
import { cellText, HEADER_SEARCH_ROWS, normalizeHeader, plainValue, readDate } from './intake-import.ts';
import { readWorkbook } from './workbook-reader.ts';

export const POLICY_SHEET = '政策';
export const CLAUSE_SHEET = '条款';
export const NOTES_SHEET = '说明';
export const POLICY_TEMPLATE_FILE_NAME = '政策导入模板.xlsx';

/** One transaction records them all; a city's whole library is a few hundred policies. */
export const POLICY_IMPORT_MAX_POLICIES = 200;
export const POLICY_IMPORT_MAX_CLAUSES = 2_000;

/** The columns of sheet 政策, matched by their Chinese header in any order. */
export const POLICY_COLUMNS = {
  documentNo: '文号',
  title: '政策名称',
  issuer: '发布部门',
  packageTag: '政策包',
  publishedOn: '发布日期',
  effectiveOn: '施行日期',
  expiresOn: '有效期至',
} as const;
export type PolicyColumn = keyof typeof POLICY_COLUMNS;

/** The columns of sheet 条款. The amount rule takes five: its kind, then the figures that kind needs. */
export const CLAUSE_COLUMNS = {
  documentNo: '文号',
  article: '条款序号',
  title: '条款名称',
  class: '类别',
  content: '条款内容',
  amountKind: '金额方式',
  fixedAmount: '定额（万元）',
  rate: '比例（%）',
  base: '计算基数',
  cap: '最高（万元）',
  conditions: '申报条件',
  materials: '申报材料',
  noApplication: '免申即享',
  fastTrack: '快申快享',
} as const;
export type ClauseColumn = keyof typeof CLAUSE_COLUMNS;

/** One problem of the file: its sheet, the row number Excel shows and the column header; null where the problem is the whole file's, sheet's or row's. */
export interface PolicyImportError {
  readonly sheet: string | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

/**
 * A policy as read from its row and the rows of its clauses: the values of `policyInputSchema`
 * as far as the cells give them (a cell that could not be read is left out, its error listed),
 * but the issuing department still as written.
 */
export interface WorkbookPolicy {
  readonly row: number;
  readonly documentNo: string;
  readonly issuer: string;
  readonly candidate: Record<string, unknown> & { clauses: Record<string, unknown>[] };
  /** The row of each clause of `candidate.clauses`, in order. */
  readonly clauseRows: readonly number[];
}

export interface PolicyWorkbook {
  readonly policies: readonly WorkbookPolicy[];
  readonly errors: readonly PolicyImportError[];
}

/** The amount rule's kinds as the cell names them. */
const AMOUNT_KINDS = { 定额: 'fixed', 比例: 'rate', 按比例: 'rate', 不涉及资金: 'none', 不涉及: 'none', 无: 'none' } as const;
const CLASS_OF_LABEL = new Map<string, ClauseClass>(CLAUSE_CLASSES.flatMap((kind) => [[CLAUSE_CLASS_LABEL[kind], kind] as const, [kind, kind] as const]));
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '√']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '×', '']);

/** Headers match with any spacing, half- or full-width brackets and percent signs. */
const header = (text: string) => normalizeHeader(text.normalize('NFKC'));

/** Where an issue of `policyInputSchema` belongs in the file: the policy's row, or its clause's. */
export const cellOfIssue = (path: readonly PropertyKey[]): { clause: number | null; column: string | null } => {
  const [first, index, field, detail] = path;
  if (first !== 'clauses') return { clause: null, column: POLICY_COLUMNS[first === 'issuerUnitId' ? 'issuer' : (first as PolicyColumn)] ?? null };
  if (typeof index !== 'number') return { clause: null, column: null };
  if (field === 'amountRule') {
    const column = ({ amount: 'fixedAmount', basisPoints: 'rate', base: 'base', cap: 'cap' } as const)[detail as 'amount'] ?? 'amountKind';
    return { clause: index, column: CLAUSE_COLUMNS[column] };
  }
  return { clause: index, column: CLAUSE_COLUMNS[field as ClauseColumn] ?? null };
};

type Sheet = { name: string; headerRow: number; columnOf: Map<string, number>; sheet: ExcelJS.Worksheet };

/** Finds the header row (the first of the first rows that holds 文号) and each column. */
const locate = (workbook: ExcelJS.Workbook, name: string, columns: Record<string, string>, errors: PolicyImportError[]): Sheet | null => {
  const sheet = workbook.worksheets.find((candidate) => candidate.name.trim() === name);
  if (sheet === undefined) {
    errors.push({ sheet: name, row: null, column: null, message: `工作簿中没有“${name}”工作表，请使用导入模板` });
    return null;
  }
  for (let rowNumber = 1; rowNumber <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); rowNumber += 1) {
    const row = sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const headers = new Map<string, number>();
    row.eachCell((cell, column) => headers.set(header(cellText(cell.value)), column));
    if (!headers.has(header(columns.documentNo!))) continue;
    const columnOf = new Map<string, number>();
    for (const [key, title] of Object.entries(columns)) {
      const column = headers.get(header(title));
      if (column === undefined) errors.push({ sheet: name, row: rowNumber, column: title, message: `“${name}”表缺少“${title}”列` });
      else columnOf.set(key, column);
    }
    return columnOf.size === Object.keys(columns).length ? { name, headerRow: rowNumber, columnOf, sheet } : null;
  }
  errors.push({ sheet: name, row: null, column: null, message: `“${name}”表前${HEADER_SEARCH_ROWS}行中未找到表头“文号”，请使用导入模板` });
  return null;
};

/** The non-empty rows below the header, each as its cells by column key. */
function* dataRows<K extends string>(sheet: Sheet, keys: readonly K[]): Generator<{ row: number; cells: Record<K, ExcelJS.Cell> }> {
  for (let rowNumber = sheet.headerRow + 1; rowNumber <= sheet.sheet.rowCount; rowNumber += 1) {
    // findRow, unlike getRow, creates nothing for the empty rows of a sheet whose last cell is far down.
    const row = sheet.sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const cells = Object.fromEntries(keys.map((key) => [key, row.getCell(sheet.columnOf.get(key)!)])) as Record<K, ExcelJS.Cell>;
    if (keys.every((key) => cellText(plainValue(cells[key].value)) === '')) continue;
    yield { row: rowNumber, cells };
  }
}

const textOf = (cell: ExcelJS.Cell) => cellText(plainValue(cell.value));

/** An amount in 万元: a number cell, or text such as `50`, `12.5万元`, `500000元`. */
const readWan = (cell: ExcelJS.Cell): Fen | string => {
  const value = plainValue(cell.value);
  const text = typeof value === 'number' ? String(value) : cellText(value).replace(/\s+/gu, '');
  try {
    return parseYuan(/(万元|万|元)$/u.test(text) ? text : `${text}万元`);
  } catch {
    return `“${text}”不是有效金额，请填写以万元计的数，如 50 或 12.5`;
  }
};

/**
 * A rate in 万分之 (basis points): a number of percent (`10`, `12.5`), text with or without `%`,
 * or a cell Excel keeps as a fraction because it is formatted as a percentage (`0.1` shown as 10%).
 */
const readRate = (cell: ExcelJS.Cell): number | string => {
  const value = plainValue(cell.value);
  const invalid = `“${cellText(value)}”不是有效比例，请填写百分数，如 10 表示 10%，最多两位小数`;
  if (typeof value === 'number') {
    const basisPoints = value * (cell.numFmt?.includes('%') ? 10_000 : 100);
    const rounded = Math.round(basisPoints);
    return Number.isFinite(basisPoints) && Math.abs(basisPoints - rounded) < 1e-6 ? rounded : invalid;
  }
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/u.exec(cellText(value).normalize('NFKC').replace(/\s+/gu, ''));
  return match === null ? invalid : Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
};

/** Reads one clause row; the amount rule's figures only where its kind needs them. */
const readClause = (cells: Record<ClauseColumn, ExcelJS.Cell>, context: ConditionTextContext, fail: (column: ClauseColumn, message: string) => void) => {
  const clause: Record<string, unknown> = {};
  const text = (key: ClauseColumn) => textOf(cells[key]);
  for (const key of ['article', 'title', 'content'] as const) if (text(key) !== '') clause[key] = text(key);

  const classText = text('class');
  if (classText !== '') {
    const kind = CLASS_OF_LABEL.get(classText);
    if (kind === undefined) fail('class', `类别“${classText}”无效，应为奖补资金、减免、权益或资质认定`);
    else clause.class = kind;
  }

  const kindText = text('amountKind');
  const kind = AMOUNT_KINDS[kindText as keyof typeof AMOUNT_KINDS];
  if (kind === undefined) {
    fail('amountKind', kindText === '' ? '请填写金额方式：定额、比例或不涉及资金' : `金额方式“${kindText}”无效，应为定额、比例或不涉及资金`);
  } else {
    const needs: Record<typeof kind, readonly ClauseColumn[]> = { fixed: ['fixedAmount'], rate: ['rate', 'base', 'cap'], none: [] };
    for (const key of ['fixedAmount', 'rate', 'base', 'cap'] as const) {
      if (!needs[kind].includes(key) && text(key) !== '') fail(key, `金额方式为“${kindText}”时不填${CLAUSE_COLUMNS[key]}`);
    }
    const rule: Record<string, unknown> = { kind };
    if (kind === 'fixed') {
      const amount = text('fixedAmount') === '' ? '金额方式为定额时请填写定额（万元）' : readWan(cells.fixedAmount);
      if (typeof amount === 'string') fail('fixedAmount', amount);
      else rule.amount = amount;
    }
    if (kind === 'rate') {
      if (text('rate') === '') fail('rate', '金额方式为比例时请填写比例（%）');
      else {
        const basisPoints = readRate(cells.rate);
        if (typeof basisPoints === 'string') fail('rate', basisPoints);
        else rule.basisPoints = basisPoints;
      }
      if (text('base') !== '') rule.base = text('base');
      // No cap is a rate without a ceiling (null), not a missing value.
      if (text('cap') === '') rule.cap = null;
      else {
        const cap = readWan(cells.cap);
        if (typeof cap === 'string') fail('cap', cap);
        else rule.cap = cap;
      }
    }
    clause.amountRule = rule;
  }

  const conditions = parseConditionText(text('conditions'), context);
  for (const message of conditions.errors) fail('conditions', message);
  clause.conditions = conditions.conditions;
  clause.materials = text('materials')
    .split(/[、,，;；\r\n]+/u)
    .map((material) => material.trim())
    .filter((material) => material !== '');

  for (const key of ['noApplication', 'fastTrack'] as const) {
    const value = plainValue(cells[key].value);
    const answer = typeof value === 'boolean' ? (value ? '是' : '否') : cellText(value).toUpperCase();
    if (YES.has(answer)) clause[key] = true;
    else if (NO.has(answer)) clause[key] = false;
    else fail(key, `${CLAUSE_COLUMNS[key]}应填“是”或“否”，当前为“${cellText(value)}”`);
  }
  return clause;
};

/** A date cell: an Excel date, a serial or text as `2026-03-01`; blank is left out. */
const readDay = (cell: ExcelJS.Cell, label: string, fail: (message: string) => void): LocalDate | undefined => {
  if (textOf(cell) === '') return undefined;
  const day = readDate(cell.value);
  if (day === null) fail(`${label}“${textOf(cell)}”无法识别，请填写如 2026-03-01 的日期`);
  return day ?? undefined;
};

const fileError = (message: string): PolicyWorkbook => ({ policies: [], errors: [{ sheet: null, row: null, column: null, message }] });

/**
 * Reads the two sheets of a policy workbook into candidate policies with their clauses,
 * resolving each 属地 of the 申报条件 through `context`. Every cell's problem is listed; nothing
 * is thrown for a bad file, whose problem is a file-level error.
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the unpacking limits (a zip bomb)
 */
export const readPolicyWorkbook = async (content: Uint8Array, context: ConditionTextContext): Promise<PolicyWorkbook> => {
  // Only the two sheets are read, bounded in what they unpack, their rows and cells (workbook-reader.ts).
  const most = (name: string) => (name === POLICY_SHEET ? POLICY_IMPORT_MAX_POLICIES : name === CLAUSE_SHEET ? POLICY_IMPORT_MAX_CLAUSES : null);
  const read = await readWorkbook(content, {
    maxRows: ({ name }) => {
      const limit = most(name.trim());
      return limit === null ? null : limit + HEADER_SEARCH_ROWS + 1;
    },
  });
  if (read.kind === 'not_xlsx') return fileError('文件不是有效的 Excel 工作簿（.xlsx），请使用政策导入模板');
  if (read.kind === 'too_many_rows') {
    return fileError(read.sheet.trim() === POLICY_SHEET ? `一次最多导入${POLICY_IMPORT_MAX_POLICIES}项政策，请拆分为多个文件` : `一次最多导入${POLICY_IMPORT_MAX_CLAUSES}个条款，请拆分为多个文件`);
  }
  if (read.kind === 'cell_invalid') return { policies: [], errors: [{ sheet: read.sheet.trim(), row: read.row, column: read.column, message: read.message }] };
  const { workbook } = read;
  const errors: PolicyImportError[] = [];
  const policySheet = locate(workbook, POLICY_SHEET, POLICY_COLUMNS, errors);
  const clauseSheet = locate(workbook, CLAUSE_SHEET, CLAUSE_COLUMNS, errors);
  if (policySheet === null || clauseSheet === null) return { policies: [], errors };

  const policies: (WorkbookPolicy & { clauseRows: number[] })[] = [];
  const byDocument = new Map<string, (typeof policies)[number]>();
  for (const { row, cells } of dataRows(policySheet, Object.keys(POLICY_COLUMNS) as PolicyColumn[])) {
    if (policies.length === POLICY_IMPORT_MAX_POLICIES) return fileError(`一次最多导入${POLICY_IMPORT_MAX_POLICIES}项政策，请拆分为多个文件`);
    const fail = (column: PolicyColumn) => (message: string) => errors.push({ sheet: POLICY_SHEET, row, column: POLICY_COLUMNS[column], message });
    const documentNo = textOf(cells.documentNo);
    const candidate: WorkbookPolicy['candidate'] = { clauses: [] };
    for (const key of ['documentNo', 'title', 'packageTag'] as const) if (textOf(cells[key]) !== '') candidate[key] = textOf(cells[key]);
    for (const key of ['publishedOn', 'effectiveOn', 'expiresOn'] as const) {
      const day = readDay(cells[key], POLICY_COLUMNS[key], fail(key));
      if (day !== undefined) candidate[key] = day;
    }
    const policy = { row, documentNo, issuer: textOf(cells.issuer), candidate, clauseRows: [] as number[] };
    policies.push(policy);
    if (documentNo === '') continue;
    const first = byDocument.get(documentNo);
    if (first !== undefined) fail('documentNo')(`文号“${documentNo}”与第${first.row}行重复`);
    else byDocument.set(documentNo, policy);
  }

  let clauses = 0;
  for (const { row, cells } of dataRows(clauseSheet, Object.keys(CLAUSE_COLUMNS) as ClauseColumn[])) {
    clauses += 1;
    if (clauses > POLICY_IMPORT_MAX_CLAUSES) return fileError(`一次最多导入${POLICY_IMPORT_MAX_CLAUSES}个条款，请拆分为多个文件`);
    const fail = (column: ClauseColumn, message: string) => errors.push({ sheet: CLAUSE_SHEET, row, column: CLAUSE_COLUMNS[column], message });
    const clause = readClause(cells, context, fail);
    const documentNo = textOf(cells.documentNo);
    const policy = byDocument.get(documentNo);
    if (documentNo === '') fail('documentNo', '请填写文号，写明条款所属的政策');
    else if (policy === undefined) fail('documentNo', `“${POLICY_SHEET}”表中没有文号为“${documentNo}”的政策`);
    else {
      policy.candidate.clauses.push(clause);
      policy.clauseRows.push(row);
    }
  }
  if (policies.length === 0 && errors.length === 0) return fileError(`“${POLICY_SHEET}”表中没有政策（表头以下均为空行）`);
  return { policies, errors };
};
