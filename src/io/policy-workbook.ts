/**
 * The policy list workbook (政策导入, P7): sheet 政策 (one row a policy) and sheet 条款 (one row a
 * clause, linked to its policy by 文号), read into candidate policy inputs, and the template a
 * clerk fills. What a cell may hold is decided here; the schemas of the API
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

export const POLICY_SHEET = '政策';
export const CLAUSE_SHEET = '条款';
const NOTES_SHEET = '说明';
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
type PolicyColumn = keyof typeof POLICY_COLUMNS;

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
type ClauseColumn = keyof typeof CLAUSE_COLUMNS;

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
 */
export const readPolicyWorkbook = async (content: Uint8Array, context: ConditionTextContext): Promise<PolicyWorkbook> => {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; in Node it reads a Buffer (through JSZip).
    await workbook.xlsx.load(Buffer.from(content.buffer, content.byteOffset, content.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fileError('文件不是有效的 Excel 工作簿（.xlsx），请使用政策导入模板');
  }
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

/** What the template's example and notes name from the tenant's reference data. */
export interface PolicyTemplateExample {
  /** A department the downloader keeps the policies of. */
  readonly issuerName: string;
  readonly today: LocalDate;
  /** The jurisdictions 属地 may name. */
  readonly jurisdictionNames: readonly string[];
}

const EXAMPLE_CONDITIONS: Condition[] = [
  { field: 'industry', op: 'in', values: ['C'] },
  { field: 'annualRevenue', op: 'gte', value: yuan(2_000 * 10_000) },
  { field: 'sizeClass', op: 'in', values: ['medium', 'small', 'micro'] },
  { field: 'employees', op: 'gte', value: 10 },
];

const POLICY_NOTES: readonly [string, string, string][] = [
  [POLICY_COLUMNS.documentNo, '必填', '政策文件的文号，如 汉经信发〔2026〕5号；同一文件内及政策库中不得重复'],
  [POLICY_COLUMNS.title, '必填', '不超过200字'],
  [POLICY_COLUMNS.issuer, '必填', '发布政策的本市政府或部门全称（如 汉江市经济和信息化局），也可填单位编号；部门只能导入本部门的政策，县市区、管委会只能导入本辖区部门的政策'],
  [POLICY_COLUMNS.packageTag, '选填', '所属政策包，如 16条、30条'],
  [POLICY_COLUMNS.publishedOn, '必填', '日期，如 2026-03-01'],
  [POLICY_COLUMNS.effectiveOn, '必填', '不早于发布日期'],
  [POLICY_COLUMNS.expiresOn, '选填', '晚于施行日期；长期有效的留空'],
];

const CLAUSE_NOTES: readonly [string, string, string][] = [
  [CLAUSE_COLUMNS.documentNo, '必填', '条款所属政策的文号，须与“政策”表中的一行相同；一项政策的各条款按行序排列，至少一条'],
  [CLAUSE_COLUMNS.article, '必填', '如 第五条、（三）'],
  [CLAUSE_COLUMNS.title, '必填', '不超过200字'],
  [CLAUSE_COLUMNS.class, '必填', '奖补资金、减免、权益 或 资质认定'],
  [CLAUSE_COLUMNS.content, '必填', '条款原文，不超过5000字'],
  [CLAUSE_COLUMNS.amountKind, '必填', '定额、比例 或 不涉及资金'],
  [CLAUSE_COLUMNS.fixedAmount, '定额时必填', '以万元计，如 50 或 12.5'],
  [CLAUSE_COLUMNS.rate, '比例时必填', '百分数，如 10 表示 10%，最多两位小数'],
  [CLAUSE_COLUMNS.base, '比例时必填', '按什么计算，如 设备投资额'],
  [CLAUSE_COLUMNS.cap, '比例时选填', '单户最高金额，以万元计；不设上限的留空'],
  [CLAUSE_COLUMNS.conditions, '选填', '每行一个条件（单元格内换行用 Alt+Enter，也可用“；”分隔），全部满足方可申报，写法见下表；无条件的留空'],
  [CLAUSE_COLUMNS.materials, '选填', '用“、”、逗号、分号或换行分隔，如 项目验收报告、设备购置发票'],
  [CLAUSE_COLUMNS.noApplication, '选填', '是 或 否（留空为否）：符合条件的企业无需申请即可享受'],
  [CLAUSE_COLUMNS.fastTrack, '选填', '是 或 否（留空为否）：快申快享'],
];

const CONDITION_NOTES: readonly [string, string][] = [
  ['行业: C、C34', '所属行业为国民经济行业分类（GB/T 4754）代码或其开头，多项用“、”分隔'],
  ['营业收入>=2000万元', '上年度营业收入不低于；须写单位（万元或元）；<= 表示不高于'],
  ['资产总额>=5000万元', '资产总额，写法同营业收入'],
  ['从业人员>=10', '从业人员数'],
  ['成立年限>=2', '自注册之日起满的年数'],
  ['规模: 中型、小型、微型', '企业规模（按2017年大中小微型企业划分办法）：大型、中型、小型、微型'],
  ['资质: 高新技术企业', '具有某项资质或认定；须同时具备多项的，每项一行'],
  ['属地: 汉东区', '注册地在所列属地之一'],
];

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
};

/** Picking from a list where the cell allows only a few values. */
const listValidation = (sheet: ExcelJS.Worksheet, key: string, values: readonly string[]) => {
  const column = sheet.getColumn(key);
  for (let row = 2; row <= 501; row += 1) {
    sheet.getCell(row, column.number).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`] };
  }
};

/**
 * The template workbook: sheets 政策 and 条款 with their headers and one example each (a valid
 * policy that imports as it stands, titled as the example so a preview shows it), and sheet 说明.
 */
export const writePolicyTemplate = async (example: PolicyTemplateExample): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  const year = Number(example.today.slice(0, 4));
  const documentNo = `示例〔${year}〕1号`;
  const day = (date: LocalDate) => new Date(`${date}T00:00:00Z`);

  const policies = workbook.addWorksheet(POLICY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const policyWidths: Record<PolicyColumn, number> = { documentNo: 24, title: 44, issuer: 30, packageTag: 10, publishedOn: 13, effectiveOn: 13, expiresOn: 13 };
  policies.columns = (Object.keys(POLICY_COLUMNS) as PolicyColumn[]).map((key) => ({ header: POLICY_COLUMNS[key], key, width: policyWidths[key] }));
  policies.getColumn('documentNo').numFmt = '@';
  for (const key of ['publishedOn', 'effectiveOn', 'expiresOn'] as const) policies.getColumn(key).numFmt = 'yyyy-mm-dd';
  bold(policies.getRow(1));
  policies.addRow({
    documentNo,
    title: '汉江市中小企业数字化转型专项资金管理办法（示例）',
    issuer: example.issuerName,
    packageTag: '16条',
    publishedOn: day(example.today),
    effectiveOn: day(example.today),
    expiresOn: day(`${year + 2}-12-31`),
  });

  const clauses = workbook.addWorksheet(CLAUSE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const clauseWidths: Record<ClauseColumn, number> = {
    documentNo: 24,
    article: 10,
    title: 24,
    class: 11,
    content: 50,
    amountKind: 11,
    fixedAmount: 12,
    rate: 10,
    base: 18,
    cap: 12,
    conditions: 30,
    materials: 36,
    noApplication: 10,
    fastTrack: 10,
  };
  clauses.columns = (Object.keys(CLAUSE_COLUMNS) as ClauseColumn[]).map((key) => ({ header: CLAUSE_COLUMNS[key], key, width: clauseWidths[key] }));
  clauses.getColumn('documentNo').numFmt = '@';
  for (const key of ['content', 'conditions', 'materials'] as const) clauses.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  bold(clauses.getRow(1));
  clauses.addRow({
    documentNo,
    article: '第五条',
    title: '数字化改造奖补',
    class: CLAUSE_CLASS_LABEL.subsidy,
    content: '对中小企业实施数字化改造的，按软件和设备投入的20%给予奖补，最高100万元。',
    amountKind: '比例',
    rate: 20,
    base: '软件和设备投入',
    cap: 100,
    conditions: conditionText(EXAMPLE_CONDITIONS, (id) => id),
    materials: '改造项目验收报告、软件和设备购置发票、数字化水平评测报告',
    noApplication: '否',
    fastTrack: '是',
  });
  listValidation(clauses, 'class', CLAUSE_CLASSES.map((kind) => CLAUSE_CLASS_LABEL[kind]));
  listValidation(clauses, 'amountKind', ['定额', '比例', '不涉及资金']);
  listValidation(clauses, 'noApplication', ['是', '否']);
  listValidation(clauses, 'fastTrack', ['是', '否']);

  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 26 }, { width: 12 }, { width: 90 }];
  notes.addRow(['政策导入说明']).font = { bold: true, size: 14 };
  const intro = notes.addRow([
    `“政策”表每行一项政策，“条款”表每行一个条款，以文号对应（一次不超过${POLICY_IMPORT_MAX_POLICIES}项政策、${POLICY_IMPORT_MAX_CLAUSES}个条款）。上传后先预览；任一行有误时不导入任何政策，并逐行列出错误（工作表、行号、列、原因）。全部无误后确认导入，所有政策一次登记到政策库，记为“新增”。`,
  ]);
  intro.alignment = { wrapText: true, vertical: 'top' };
  intro.height = 60;
  notes.mergeCells(intro.number, 1, intro.number, 3);
  const exampleNote = notes.addRow([`两表第2行是示例（文号 ${documentNo}），可照此填写；导入前请删除或改写，否则示例也会作为一项政策导入。`]);
  exampleNote.alignment = { wrapText: true };
  notes.mergeCells(exampleNote.number, 1, exampleNote.number, 3);
  for (const [title, rows] of [
    [`“${POLICY_SHEET}”表`, POLICY_NOTES],
    [`“${CLAUSE_SHEET}”表`, CLAUSE_NOTES],
  ] as const) {
    notes.addRow([]);
    bold(notes.addRow([title, '是否必填', '填写要求']));
    for (const note of rows) notes.addRow(note).alignment = { wrapText: true, vertical: 'top' };
  }
  notes.addRow([]);
  bold(notes.addRow(['申报条件写法', '', '含义']));
  for (const [line, meaning] of CONDITION_NOTES) notes.addRow([line, '', meaning]).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  const places = notes.addRow(['可填写的属地', '', example.jurisdictionNames.join('、')]);
  places.alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
};
