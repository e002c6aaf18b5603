/**
 * The template of the policy list workbook (政策导入, P7): sheets 政策 and 条款 with their headers,
 * an example policy of the downloader's own department, drop-downs for the closed lists, and
 * sheet 说明 on what each column takes. `policy-workbook.ts` reads what a clerk fills in.
 */
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import { conditionText } from '../domain/policy-library/condition-text.ts';
import type { Condition } from '../domain/policy-library/conditions.ts';
import { CLAUSE_CLASSES, CLAUSE_CLASS_LABEL } from '../domain/policy-library/library.ts';
import { yuan } from '../domain/money.ts';
import {
  CLAUSE_COLUMNS,
  CLAUSE_SHEET,
  NOTES_SHEET,
  POLICY_COLUMNS,
  POLICY_IMPORT_MAX_CLAUSES,
  POLICY_IMPORT_MAX_POLICIES,
  POLICY_SHEET,
  type ClauseColumn,
  type PolicyColumn,
} from './policy-workbook.ts';

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
