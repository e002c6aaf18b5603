/**
 * The template of the promise register workbook (招商项目与承诺导入, S6): sheet 项目与承诺 with its
 * headers and an example project of two promises signed by a government the downloader keeps
 * (so it imports as it stands), drop-downs for the closed lists, and sheet 说明 on the layout —
 * one row per promise, the project's columns repeated — and what each column takes.
 * `investment-workbook.ts` reads what a clerk fills in.
 */
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { PROMISE_TYPE_LABEL, PROMISE_TYPES } from '../domain/investment/register.ts';
import { milestonesText, REGISTER_COLUMNS, REGISTER_IMPORT_MAX_ROWS, REGISTER_NOTES_SHEET, REGISTER_SHEET, type RegisterColumn } from './investment-workbook.ts';

export interface RegisterTemplateExample {
  /** A government (or committee) the downloader keeps the projects of. */
  readonly signingUnitName: string;
  /** A unit of the same jurisdiction that keeps the example's funds. */
  readonly responsibleUnitName: string;
  readonly today: LocalDate;
}

/** A valid code of no real enterprise: division 422900 is the fictional city's. */
export const EXAMPLE_CREDIT_CODE = makeCreditCode('91422900MA4EXAMP0');

const NOTES: readonly [RegisterColumn, string, string][] = [
  ['agreementNo', '必填（每行）', '投资协议或合同的编号；与统一社会信用代码一起确定一个项目，同一项目的每一行都要填写'],
  ['creditCode', '必填（每行）', '签约企业的18位统一社会信用代码；平台中尚无该企业的，导入时按企业名称登记'],
  ['enterpriseName', '必填', '企业全称'],
  ['projectName', '必填', '不超过200字'],
  ['agreementName', '必填', '如 年产5万吨新材料项目投资协议'],
  ['signingUnit', '必填', '代表政府签约的本市政府、管委会或政府部门全称（也可填单位编号）；项目属于其属地，县市区、管委会只能导入本辖区签约的项目'],
  ['signedOn', '必填', '日期，如 2026-03-01，不晚于今天'],
  ['investmentAmount', '必填', '协议投资额，以万元计，如 50000 或 12.5'],
  ['milestones', '选填', '每行一个节点（单元格内换行用 Alt+Enter，也可用“；”分隔），写作“开工：2026-06-30”，已完成的写作“开工：2026-06-30（完成 2026-06-28）”'],
  ['clauses', '选填', '协议中与政府承诺有关的条款原文，不超过20000字'],
  ['clause', '必填', '承诺所在的条款，如 第六条；同一项目中条款和承诺内容相同的视为同一承诺'],
  ['type', '必填', '优惠政策、资金、土地 或 其他资源'],
  ['content', '必填', '政府承诺的内容，不超过1000字'],
  ['amount', '选填', '承诺的金额，以万元计；不涉及金额的留空'],
  ['area', '选填', '承诺的面积，以亩计，最多两位小数，如 120.5；不涉及土地面积的留空'],
  ['dueOn', '必填', '承诺兑现的期限；过了该日仍未兑现完毕的为“逾期未兑现”'],
  ['conditions', '选填', '企业须满足的条件，如 项目在签约后6个月内开工、设备投资不低于2亿元'],
  ['responsibleUnit', '必填', '负责兑现该承诺的单位全称（也可填单位编号），不能是企业'],
];

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
};

/** The template workbook: sheet 项目与承诺 with its headers and an example (titled as one), and sheet 说明. */
export const writeRegisterTemplate = async (example: RegisterTemplateExample): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  const year = Number(example.today.slice(0, 4));
  const day = (date: LocalDate) => new Date(`${date}T00:00:00Z`);
  const widths: Record<RegisterColumn, number> = {
    agreementNo: 18,
    creditCode: 22,
    enterpriseName: 26,
    projectName: 28,
    agreementName: 28,
    signingUnit: 24,
    signedOn: 12,
    investmentAmount: 13,
    milestones: 30,
    clauses: 36,
    clause: 10,
    type: 10,
    content: 36,
    amount: 14,
    area: 13,
    dueOn: 12,
    conditions: 30,
    responsibleUnit: 24,
  };
  const sheet = workbook.addWorksheet(REGISTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = (Object.keys(REGISTER_COLUMNS) as RegisterColumn[]).map((key) => ({ header: REGISTER_COLUMNS[key], key, width: widths[key] }));
  for (const key of ['agreementNo', 'creditCode'] as const) sheet.getColumn(key).numFmt = '@';
  for (const key of ['signedOn', 'dueOn'] as const) sheet.getColumn(key).numFmt = 'yyyy-mm-dd';
  for (const key of ['milestones', 'clauses', 'content', 'conditions'] as const) sheet.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  bold(sheet.getRow(1));
  const agreementNo = `示例-${year}-001`;
  sheet.addRow({
    agreementNo,
    creditCode: EXAMPLE_CREDIT_CODE,
    enterpriseName: '湖北示例新材料有限公司',
    projectName: '（示例）年产5万吨新材料项目',
    agreementName: '年产5万吨新材料项目投资协议',
    signingUnit: example.signingUnitName,
    signedOn: day(example.today),
    investmentAmount: 50_000,
    milestones: milestonesText([
      { name: '开工', plannedOn: `${year + 1}-03-31` },
      { name: '投产', plannedOn: `${year + 2}-06-30` },
    ]),
    clauses: '第五条 甲方按工业用地出让最低价标准为项目供地约120.5亩。\n第六条 项目投产后，甲方按设备购置额给予补助，总额600万元。',
    clause: '第五条',
    type: PROMISE_TYPE_LABEL.land,
    content: '按工业用地出让最低价标准供应项目用地',
    area: 120.5,
    dueOn: day(`${year + 1}-06-30`),
    conditions: '签约后6个月内完成项目备案',
    responsibleUnit: example.signingUnitName,
  });
  // The project's second promise: its key again, its other columns left blank.
  sheet.addRow({
    agreementNo,
    creditCode: EXAMPLE_CREDIT_CODE,
    clause: '第六条',
    type: PROMISE_TYPE_LABEL.funds,
    content: '项目投产后给予设备购置补助',
    amount: 600,
    dueOn: day(`${year + 2}-12-31`),
    conditions: '设备投资不低于2亿元',
    responsibleUnit: example.responsibleUnitName,
  });
  const typeColumn = sheet.getColumn('type').number;
  for (let row = 2; row <= REGISTER_IMPORT_MAX_ROWS + 1; row += 1) {
    sheet.getCell(row, typeColumn).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${PROMISE_TYPES.map((type) => PROMISE_TYPE_LABEL[type]).join(',')}"`] };
  }

  const notes = workbook.addWorksheet(REGISTER_NOTES_SHEET);
  notes.columns = [{ width: 22 }, { width: 14 }, { width: 90 }];
  notes.addRow(['招商项目与承诺导入说明']).font = { bold: true, size: 14 };
  const intro = notes.addRow([
    `“${REGISTER_SHEET}”表每行一项承诺：前10列是项目，后8列是承诺。一个项目有几项承诺就写几行，每行都填协议编号和统一社会信用代码；项目的其他列写在该项目的第一行，其余行可留空或重复（重复的须与第一行相同）。只登记项目、暂无承诺的，承诺各列留空。一次不超过${REGISTER_IMPORT_MAX_ROWS}行。`,
  ]);
  const rules = notes.addRow([
    '上传后先预览；任一行有误时不导入任何数据，并逐行列出错误（行号、列、单元格内容、原因）。全部无误后确认导入，所有项目和承诺一次写入。已登记的项目（协议编号和企业相同）按文件更新，已登记的承诺（同一项目中条款和承诺内容相同）按文件更新其类型、金额、面积、期限、条件和责任单位；与平台中相同的不作改动，同一文件再次导入不会产生任何变化。履约记录和合法性审查不在此导入，请在页面上登记。',
  ]);
  const exampleNote = notes.addRow([`第2、3行是示例（协议编号 ${agreementNo}，一个项目两项承诺），可照此填写；导入前请删除或改写，否则示例也会作为一个项目导入。`]);
  for (const row of [intro, rules, exampleNote]) {
    row.alignment = { wrapText: true, vertical: 'top' };
    notes.mergeCells(row.number, 1, row.number, 3);
  }
  intro.height = 60;
  rules.height = 75;
  notes.addRow([]);
  bold(notes.addRow(['列', '是否必填', '填写要求']));
  for (const [key, required, meaning] of NOTES) notes.addRow([REGISTER_COLUMNS[key], required, meaning]).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
