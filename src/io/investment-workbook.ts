/**
 * The promise register workbook (招商项目与承诺导入, S6): one sheet, 项目与承诺, one row per promise
 * with its project's columns repeated on each row of the project (a row with no promise column
 * filled records the project alone). Rows are read into candidate project and promise inputs;
 * what a cell may hold is decided here, the schemas of the API, the parties, who may keep the
 * project and what is already registered are the use case's (`src/investment/import-register.ts`).
 * The template a clerk fills is `investment-template.ts`.
 */
import ExcelJS from 'exceljs';
import { normalizeCreditCode } from '../domain/credit-code.ts';
import { parseMu } from '../domain/investment/area.ts';
import { PROMISE_TYPE_LABEL, PROMISE_TYPES, type PromiseType } from '../domain/investment/register.ts';
import { isAppError } from '../domain/errors.ts';
import { parseYuan, type Fen } from '../domain/money.ts';
import { cellText, HEADER_SEARCH_ROWS, normalizeHeader, plainValue, readDate } from './intake-import.ts';
import { readWorkbook } from './workbook-reader.ts';

export const REGISTER_SHEET = '项目与承诺';
export const REGISTER_NOTES_SHEET = '说明';
export const REGISTER_TEMPLATE_FILE_NAME = '招商项目与承诺导入模板.xlsx';
/** One transaction records them all; a county's register is a few hundred promises. */
export const REGISTER_IMPORT_MAX_ROWS = 1_000;

/** The project's columns, repeated on each of its rows; the first two are its key. */
export const PROJECT_COLUMNS = {
  agreementNo: '协议编号',
  creditCode: '统一社会信用代码',
  enterpriseName: '企业名称',
  projectName: '项目名称',
  agreementName: '协议名称',
  signingUnit: '签约主体',
  signedOn: '签约日期',
  investmentAmount: '投资额（万元）',
  milestones: '项目节点',
  clauses: '协议条款',
} as const;

/** The promise's columns; a promise is keyed by its project, its clause and its content. */
export const PROMISE_COLUMNS = {
  clause: '承诺条款',
  type: '承诺类型',
  content: '承诺内容',
  amount: '承诺金额（万元）',
  area: '承诺面积（亩）',
  dueOn: '兑现期限',
  conditions: '企业应满足的条件',
  responsibleUnit: '履约责任单位',
} as const;

export const REGISTER_COLUMNS = { ...PROJECT_COLUMNS, ...PROMISE_COLUMNS } as const;
export type ProjectColumn = keyof typeof PROJECT_COLUMNS;
export type PromiseColumn = keyof typeof PROMISE_COLUMNS;
export type RegisterColumn = keyof typeof REGISTER_COLUMNS;
const COLUMN_KEYS = Object.keys(REGISTER_COLUMNS) as RegisterColumn[];

/** One problem of the file: the row Excel shows, the column header, the cell as written, why; null where it is the whole file's. */
export interface RegisterImportError {
  readonly row: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

/** A promise as read from its row: the values of `promiseInputSchema` the cells give, the responsible unit as written. */
export interface WorkbookPromise {
  readonly row: number;
  readonly responsibleUnit: string;
  readonly candidate: Record<string, unknown>;
}

/** A project as read from its rows: the first row's values, the signing unit as written, its promises in row order. */
export interface WorkbookProject {
  readonly row: number;
  readonly rows: readonly number[];
  readonly agreementNo: string;
  readonly creditCode: string;
  readonly signingUnit: string;
  readonly candidate: Record<string, unknown> & { enterprise: Record<string, unknown> };
  readonly promises: WorkbookPromise[];
}

export interface RegisterWorkbook {
  readonly projects: readonly WorkbookProject[];
  readonly errors: readonly RegisterImportError[];
  /** The cell text of each (row, column), for errors found later by the use case. */
  readonly cellAt: (row: number, column: RegisterColumn) => string;
}

const TYPE_OF_TEXT = new Map<string, PromiseType>([
  ...PROMISE_TYPES.flatMap((type) => [[PROMISE_TYPE_LABEL[type], type] as const, [type, type] as const]),
  ['政策', 'policy'],
  ['其他', 'other'],
]);

const MILESTONE = /^(?<name>[^:：]+?)\s*[:：]\s*(?<planned>[^（(]+?)\s*(?:[（(]\s*已?完成\s*[:：]?\s*(?<done>[^）)]+?)\s*[）)])?$/u;

/** `开工：2026-03-01（完成 2026-03-05）`, one a line or separated by “；”. */
export const parseMilestones = (text: string): { milestones: { name: string; plannedOn: string; doneOn?: string }[]; problem: string | null } => {
  const milestones: { name: string; plannedOn: string; doneOn?: string }[] = [];
  for (const line of text.split(/[\r\n;；]+/u).map((part) => part.trim()).filter((part) => part !== '')) {
    const groups = MILESTONE.exec(line)?.groups;
    const plannedOn = groups?.planned === undefined ? null : readDate(groups.planned);
    const doneOn = groups?.done === undefined ? undefined : readDate(groups.done);
    if (groups?.name === undefined || plannedOn === null || doneOn === null) {
      return { milestones, problem: `项目节点“${line}”无法识别，请写作“开工：2026-03-01”，已完成的写作“开工：2026-03-01（完成 2026-03-05）”` };
    }
    milestones.push({ name: groups.name, plannedOn, ...(doneOn === undefined ? {} : { doneOn }) });
  }
  return { milestones, problem: null };
};

/** Writes milestones back as the cell takes them. */
export const milestonesText = (milestones: readonly { name: string; plannedOn: string; doneOn?: string }[]): string =>
  milestones.map((milestone) => `${milestone.name}：${milestone.plannedOn}${milestone.doneOn ? `（完成 ${milestone.doneOn}）` : ''}`).join('\n');

/** An amount in 万元: a number cell, or text such as `50`, `12.5万元`, `500000元`. */
const readWan = (value: ExcelJS.CellValue): Fen | string => {
  const plain = plainValue(value);
  const text = typeof plain === 'number' ? String(plain) : cellText(plain).replace(/\s+/gu, '');
  try {
    return parseYuan(/(万元|万|元)$/u.test(text) ? text : `${text}万元`);
  } catch {
    return `“${cellText(plain)}”不是有效金额，请填写以万元计的数，如 600 或 12.5`;
  }
};

const fileError = (message: string): Omit<RegisterWorkbook, 'cellAt'> => ({ projects: [], errors: [{ row: null, column: null, value: null, message }] });

/**
 * Reads the sheet into candidate projects with their promises. Every cell's problem is listed
 * (nothing is thrown for a bad file, whose problem is a file-level error), and so is a project
 * column that differs between the rows of one project.
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the unpacking limits (a zip bomb)
 */
export const readRegisterWorkbook = async (content: Uint8Array): Promise<RegisterWorkbook> => {
  const empty = (result: Omit<RegisterWorkbook, 'cellAt'>): RegisterWorkbook => ({ ...result, cellAt: () => '' });
  // Only the register's sheet is read, bounded in what it unpacks, its rows and cells (workbook-reader.ts).
  const read = await readWorkbook(content, { maxRows: ({ name }) => (name.trim() === REGISTER_SHEET ? REGISTER_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 1 : null) });
  if (read.kind === 'not_xlsx') return empty(fileError('文件不是有效的 Excel 工作簿（.xlsx），请使用招商项目与承诺导入模板'));
  if (read.kind === 'too_many_rows') return empty(fileError(`一次最多导入${REGISTER_IMPORT_MAX_ROWS}行，请拆分为多个文件`));
  if (read.kind === 'cell_invalid') return empty({ projects: [], errors: [{ row: read.row, column: read.column, value: null, message: read.message }] });
  const { workbook } = read;
  const sheet = workbook.worksheets.find((candidate) => candidate.name.trim() === REGISTER_SHEET);
  if (sheet === undefined) return empty(fileError(`工作簿中没有“${REGISTER_SHEET}”工作表，请使用导入模板`));

  const header = (text: string) => normalizeHeader(text.normalize('NFKC'));
  let headerRow = 0;
  const columnOf = new Map<RegisterColumn, number>();
  const errors: RegisterImportError[] = [];
  for (let rowNumber = 1; rowNumber <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount) && headerRow === 0; rowNumber += 1) {
    const row = sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const headers = new Map<string, number>();
    row.eachCell((cell, column) => headers.set(header(cellText(cell.value)), column));
    if (!headers.has(header(REGISTER_COLUMNS.agreementNo))) continue;
    headerRow = rowNumber;
    for (const key of COLUMN_KEYS) {
      const column = headers.get(header(REGISTER_COLUMNS[key]));
      if (column === undefined) errors.push({ row: rowNumber, column: REGISTER_COLUMNS[key], value: null, message: `“${REGISTER_SHEET}”表缺少“${REGISTER_COLUMNS[key]}”列` });
      else columnOf.set(key, column);
    }
  }
  if (headerRow === 0) return empty(fileError(`“${REGISTER_SHEET}”表前${HEADER_SEARCH_ROWS}行中未找到表头“${REGISTER_COLUMNS.agreementNo}”，请使用导入模板`));
  if (errors.length > 0) return empty({ projects: [], errors });

  const texts = new Map<number, Record<RegisterColumn, string>>();
  const cellAt = (row: number, column: RegisterColumn) => texts.get(row)?.[column] ?? '';
  const projects: (WorkbookProject & { rows: number[] })[] = [];
  const byKey = new Map<string, (typeof projects)[number]>();
  let dataRows = 0;
  for (let rowNumber = headerRow + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    // findRow, unlike getRow, creates nothing for the empty rows of a sheet whose last cell is far down.
    const row = sheet.findRow(rowNumber);
    if (row === undefined) continue;
    const cells = Object.fromEntries(COLUMN_KEYS.map((key) => [key, row.getCell(columnOf.get(key)!)])) as Record<RegisterColumn, ExcelJS.Cell>;
    const text = Object.fromEntries(COLUMN_KEYS.map((key) => [key, cellText(plainValue(cells[key].value))])) as Record<RegisterColumn, string>;
    if (COLUMN_KEYS.every((key) => text[key] === '')) continue;
    dataRows += 1;
    if (dataRows > REGISTER_IMPORT_MAX_ROWS) return empty(fileError(`一次最多导入${REGISTER_IMPORT_MAX_ROWS}行，请拆分为多个文件`));
    texts.set(rowNumber, text);
    const fail = (key: RegisterColumn, message: string) => errors.push({ row: rowNumber, column: REGISTER_COLUMNS[key], value: text[key] || null, message });

    // The project's values as this row gives them.
    const project: Record<string, unknown> = {};
    for (const [key, field] of [['projectName', 'name'], ['agreementName', 'agreementName'], ['agreementNo', 'agreementNo'], ['clauses', 'clauses']] as const) {
      if (text[key] !== '') project[field] = text[key];
    }
    if (text.signedOn !== '') {
      const day = readDate(cells.signedOn.value);
      if (day === null) fail('signedOn', `签约日期“${text.signedOn}”无法识别，请填写如 2026-03-01 的日期`);
      else project.signedOn = day;
    }
    if (text.investmentAmount !== '') {
      const amount = readWan(cells.investmentAmount.value);
      if (typeof amount === 'string') fail('investmentAmount', amount);
      else project.investmentAmount = amount;
    }
    if (text.milestones !== '') {
      const read = parseMilestones(text.milestones);
      if (read.problem !== null) fail('milestones', read.problem);
      else project.milestones = read.milestones;
    }

    // The promise of this row, when it names one.
    const promiseKeys = Object.keys(PROMISE_COLUMNS) as PromiseColumn[];
    const promise: Record<string, unknown> | null = promiseKeys.some((key) => text[key] !== '') ? {} : null;
    if (promise !== null) {
      for (const key of ['clause', 'content', 'conditions'] as const) if (text[key] !== '') promise[key] = text[key];
      if (text.type !== '') {
        const type = TYPE_OF_TEXT.get(text.type);
        if (type === undefined) fail('type', `承诺类型“${text.type}”无效，应为优惠政策、资金、土地或其他资源`);
        else promise.type = type;
      }
      if (text.amount !== '') {
        const amount = readWan(cells.amount.value);
        if (typeof amount === 'string') fail('amount', amount);
        else promise.amount = amount;
      }
      if (text.area !== '') {
        const plain = plainValue(cells.area.value);
        try {
          promise.area = parseMu(typeof plain === 'number' ? String(plain) : text.area);
        } catch (error) {
          if (!isAppError(error)) throw error;
          fail('area', error.message);
        }
      }
      if (text.dueOn !== '') {
        const day = readDate(cells.dueOn.value);
        if (day === null) fail('dueOn', `兑现期限“${text.dueOn}”无法识别，请填写如 2026-12-31 的日期`);
        else promise.dueOn = day;
      }
    }

    // A project is its agreement number and its enterprise's code, on every one of its rows.
    const creditCode = normalizeCreditCode(text.creditCode);
    if (text.agreementNo === '') fail('agreementNo', '请填写协议编号（同一项目的每一行都要填写）');
    if (text.creditCode === '') fail('creditCode', '请填写企业的统一社会信用代码（同一项目的每一行都要填写）');
    if (text.agreementNo === '' || text.creditCode === '') continue;
    const key = `${text.agreementNo}\u0000${creditCode}`;
    const first = byKey.get(key);
    if (first === undefined) {
      const created = {
        row: rowNumber,
        rows: [rowNumber],
        agreementNo: text.agreementNo,
        creditCode,
        signingUnit: text.signingUnit,
        candidate: { ...project, enterprise: { ...(text.enterpriseName === '' ? {} : { name: text.enterpriseName }), creditCode: text.creditCode } },
        promises: [] as WorkbookPromise[],
      };
      projects.push(created);
      byKey.set(key, created);
      if (promise !== null) created.promises.push({ row: rowNumber, responsibleUnit: text.responsibleUnit, candidate: promise });
      continue;
    }
    first.rows.push(rowNumber);
    // Later rows may leave the project's columns blank; what they fill must be the first row's.
    for (const column of Object.keys(PROJECT_COLUMNS) as ProjectColumn[]) {
      if (column === 'agreementNo' || column === 'creditCode' || text[column] === '') continue;
      if (text[column] !== cellAt(first.row, column)) fail(column, `与第${first.row}行（同一项目）的“${REGISTER_COLUMNS[column]}”不一致；同一项目各行的项目列须相同，或留空`);
    }
    if (promise !== null) first.promises.push({ row: rowNumber, responsibleUnit: text.responsibleUnit, candidate: promise });
  }
  if (projects.length === 0 && errors.length === 0) return empty(fileError(`“${REGISTER_SHEET}”表中没有数据（表头以下均为空行）`));
  return { projects, errors, cellAt };
};
