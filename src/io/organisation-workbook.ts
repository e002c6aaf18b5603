/**
 * The organisation workbook a city is set up from (组织架构导入模板): sheet 行政区划 (the city, its
 * 县市区 and 管委会), sheet 单位 (every public unit, with the function it holds in the
 * responsibility matrix), sheet 管理员 (the three administrators), and sheet 说明. What a cell may
 * hold is decided here; whether the organisation holds together is `checkOrganisation`'s.
 */
import ExcelJS from 'exceljs';
import type { AdminRole } from '../domain/access/account-policy.ts';
import type { JurisdictionLevel } from '../domain/jurisdictions.ts';
import {
  ADMIN_ROLE_LABEL,
  ORG_FUNCTIONS,
  ORGANISATION_LIMITS,
  ORG_LEVEL_LABEL,
  PUBLIC_UNIT_KIND_LABEL,
  type AdminEntry,
  type JurisdictionEntry,
  type OrganisationInput,
  type OrganisationProblem,
  type OrgFunction,
  type PublicUnitKind,
  type UnitEntry,
} from '../domain/setup/organisation.ts';
import { cellText, normalizeHeader } from './intake-import.ts';
import { readWorkbook } from './workbook-reader.ts';

export const ORGANISATION_TEMPLATE_FILE_NAME = '组织架构导入模板.xlsx';
export const JURISDICTION_SHEET = '行政区划';
export const UNIT_SHEET = '单位';
export const ADMIN_SHEET = '管理员';
const NOTES_SHEET = '说明';


const JURISDICTION_COLUMNS = { name: '名称', level: '级别', division: '区划代码' } as const;
const UNIT_COLUMNS = { name: '单位名称', kind: '类别', jurisdiction: '所属区划', parent: '上级单位', creditCode: '统一社会信用代码', orgFunction: '职能' } as const;
const ADMIN_COLUMNS = { role: '角色', username: '用户名', displayName: '姓名' } as const;

const invert = <K extends string>(labels: Record<K, string>): Map<string, K> => new Map((Object.entries(labels) as [K, string][]).map(([key, label]) => [label, key]));
const LEVELS = invert<JurisdictionLevel>(ORG_LEVEL_LABEL);
// The unit kinds as a clerk may write them: the label, or its halves.
const KINDS = new Map<string, PublicUnitKind>([...invert<PublicUnitKind>(PUBLIC_UNIT_KIND_LABEL), ['人民政府', 'government'], ['管委会', 'government'], ['司法', 'justice'], ['国企', 'soe']]);
const FUNCTIONS = invert<OrgFunction>(ORG_FUNCTIONS);
const ROLES = invert<AdminRole>(ADMIN_ROLE_LABEL);

export interface OrganisationWorkbook {
  /** The organisation as far as the cells could be read. */
  readonly input: OrganisationInput;
  /** What could not be read: each cell's problem. */
  readonly problems: readonly OrganisationProblem[];
}

const fileProblem = (message: string): OrganisationWorkbook => ({ input: { jurisdictions: [], units: [], admins: [] }, problems: [{ sheet: null, row: null, column: null, message }] });

/** The rows of a sheet under its header row (row 2, under the title), by column header. */
const rowsOf = <C extends Record<string, string>>(sheet: ExcelJS.Worksheet, columns: C, problems: OrganisationProblem[]): { row: number; cells: Record<keyof C, string> }[] => {
  const HEADER_ROW = 2;
  const headers = new Map<string, number>();
  sheet.getRow(HEADER_ROW).eachCell((cell, column) => headers.set(normalizeHeader(cellText(cell.value)), column));
  const at = {} as Record<keyof C, number>;
  for (const [key, header] of Object.entries(columns) as [keyof C, string][]) {
    const column = headers.get(normalizeHeader(header));
    if (column === undefined) {
      problems.push({ sheet: sheet.name, row: HEADER_ROW, column: header, message: `“${sheet.name}”表缺少列“${header}”，请使用组织架构导入模板` });
      return [];
    }
    at[key] = column;
  }
  const rows: { row: number; cells: Record<keyof C, string> }[] = [];
  for (let row = HEADER_ROW + 1; row <= sheet.rowCount; row += 1) {
    const found = sheet.findRow(row);
    if (found === undefined) continue;
    const cells = Object.fromEntries((Object.keys(columns) as (keyof C)[]).map((key) => [key, cellText(found.getCell(at[key]).value)])) as Record<keyof C, string>;
    if (Object.values(cells).every((text) => text === '')) continue;
    rows.push({ row, cells });
  }
  return rows;
};

/**
 * Reads an organisation workbook. Every cell's problem is listed; nothing is thrown for a bad
 * file, whose problem is the one file-level problem.
 */
export const readOrganisationWorkbook = async (content: Uint8Array): Promise<OrganisationWorkbook> => {
  const read = await readWorkbook(content, {
    maxRows: ({ name }) => (name === UNIT_SHEET ? ORGANISATION_LIMITS.units + 3 : name === JURISDICTION_SHEET ? ORGANISATION_LIMITS.jurisdictions + 3 : name === ADMIN_SHEET ? 20 : null),
  });
  if (read.kind === 'not_xlsx') return fileProblem('文件不是有效的 Excel 工作簿（.xlsx），请使用组织架构导入模板');
  if (read.kind === 'too_many_rows') return fileProblem(`“${read.sheet}”表的行数超过上限（${read.limit}行）`);
  if (read.kind === 'cell_invalid') return { input: { jurisdictions: [], units: [], admins: [] }, problems: [{ sheet: read.sheet, row: read.row, column: read.column, message: read.message }] };
  const problems: OrganisationProblem[] = [];
  const sheetOf = (name: string) => {
    const sheet = read.workbook.getWorksheet(name);
    if (sheet === undefined) problems.push({ sheet: name, row: null, column: null, message: `工作簿缺少“${name}”表，请使用组织架构导入模板` });
    return sheet;
  };
  const need = (sheet: string, row: number, column: string, text: string): string | null => {
    if (text === '') {
      problems.push({ sheet, row, column, message: `请填写“${column}”` });
      return null;
    }
    if (text.length > ORGANISATION_LIMITS.nameLength) {
      problems.push({ sheet, row, column, message: `“${column}”不能超过${ORGANISATION_LIMITS.nameLength}字` });
      return null;
    }
    return text;
  };
  const pick = <T>(sheet: string, row: number, column: string, text: string, choices: Map<string, T>): T | null => {
    const value = choices.get(text.replace(/\s+/gu, ''));
    if (value === undefined) problems.push({ sheet, row, column, message: text === '' ? `请填写“${column}”` : `“${text}”不是有效的${column}，可填：${[...choices.keys()].join('、')}` });
    return value ?? null;
  };

  const jurisdictions: JurisdictionEntry[] = [];
  const jurisdictionSheet = sheetOf(JURISDICTION_SHEET);
  if (jurisdictionSheet !== undefined) {
    for (const { row, cells } of rowsOf(jurisdictionSheet, JURISDICTION_COLUMNS, problems)) {
      const name = need(JURISDICTION_SHEET, row, JURISDICTION_COLUMNS.name, cells.name);
      const level = pick(JURISDICTION_SHEET, row, JURISDICTION_COLUMNS.level, cells.level, LEVELS);
      if (name !== null && level !== null) jurisdictions.push({ sheet: JURISDICTION_SHEET, row, name, level, division: cells.division === '' ? null : cells.division });
    }
  }
  const units: UnitEntry[] = [];
  const unitSheet = sheetOf(UNIT_SHEET);
  if (unitSheet !== undefined) {
    for (const { row, cells } of rowsOf(unitSheet, UNIT_COLUMNS, problems)) {
      const name = need(UNIT_SHEET, row, UNIT_COLUMNS.name, cells.name);
      const kind = pick(UNIT_SHEET, row, UNIT_COLUMNS.kind, cells.kind, KINDS);
      const jurisdiction = need(UNIT_SHEET, row, UNIT_COLUMNS.jurisdiction, cells.jurisdiction);
      const orgFunction = cells.orgFunction === '' ? null : pick(UNIT_SHEET, row, UNIT_COLUMNS.orgFunction, cells.orgFunction, FUNCTIONS);
      if (name === null || kind === null || jurisdiction === null || (cells.orgFunction !== '' && orgFunction === null)) continue;
      units.push({
        sheet: UNIT_SHEET,
        row,
        name,
        kind,
        jurisdiction,
        parent: cells.parent === '' ? null : cells.parent,
        creditCode: cells.creditCode === '' ? null : cells.creditCode,
        orgFunction,
      });
    }
  }
  const admins: AdminEntry[] = [];
  const adminSheet = sheetOf(ADMIN_SHEET);
  if (adminSheet !== undefined) {
    for (const { row, cells } of rowsOf(adminSheet, ADMIN_COLUMNS, problems)) {
      const role = pick(ADMIN_SHEET, row, ADMIN_COLUMNS.role, cells.role, ROLES);
      const username = need(ADMIN_SHEET, row, ADMIN_COLUMNS.username, cells.username);
      const displayName = need(ADMIN_SHEET, row, ADMIN_COLUMNS.displayName, cells.displayName);
      if (role !== null && username !== null && displayName !== null) admins.push({ sheet: ADMIN_SHEET, row, role, username: username.toLowerCase(), displayName });
    }
  }
  return { input: { jurisdictions, units, admins }, problems };
};

const addTitledSheet = (workbook: ExcelJS.Workbook, name: string, title: string, headers: readonly string[], widths: readonly number[], rows: readonly (readonly string[])[]) => {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = widths.map((width) => ({ width }));
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, headers.length);
  const header = sheet.getRow(2);
  header.values = [...headers];
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  for (const row of rows) sheet.addRow([...row]);
  return sheet;
};

/** A drop-down of `choices` on column `column` of rows 3…`lastRow`. */
const dropDown = (sheet: ExcelJS.Worksheet, column: number, choices: readonly string[], lastRow: number) => {
  for (let row = 3; row <= lastRow; row += 1) {
    sheet.getCell(row, column).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`], showErrorMessage: true, errorTitle: '取值无效', error: `可填：${choices.join('、')}` };
  }
};

/** The template, filled with a small example city a clerk replaces with the real one. */
export const writeOrganisationTemplate = async (): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const jurisdictionSheet = addTitledSheet(workbook, JURISDICTION_SHEET, '行政区划（第一行填本市，其下各县市区、管委会）', Object.values(JURISDICTION_COLUMNS), [30, 12, 12], [
    ['示例市', '市', '429900'],
    ['示例区', '县市区', '429902'],
    ['示例经济技术开发区管委会', '管委会', ''],
  ]);
  dropDown(jurisdictionSheet, 2, Object.values(ORG_LEVEL_LABEL), ORGANISATION_LIMITS.jurisdictions + 2);
  const unitSheet = addTitledSheet(workbook, UNIT_SHEET, '单位（每个县市区、管委会须有一个“人民政府/管委会”）', Object.values(UNIT_COLUMNS), [40, 16, 26, 34, 24, 12], [
    ['示例市人民政府', '人民政府/管委会', '示例市', '', '', ''],
    ['示例市优化营商环境领导小组办公室', '部门', '示例市', '示例市人民政府', '', '市营商办'],
    ['示例市经济和信息化局', '部门', '示例市', '示例市人民政府', '', '市经信局'],
    ['示例市财政局', '部门', '示例市', '示例市人民政府', '', '市财政局'],
    ['示例市人民政府国有资产监督管理委员会', '部门', '示例市', '示例市人民政府', '', '市国资委'],
    ['示例市招商局', '部门', '示例市', '示例市人民政府', '', '市招商局'],
    ['示例市社会信用体系建设领导小组办公室', '部门', '示例市', '示例市人民政府', '', '市信用办'],
    ['示例市城市建设投资集团有限公司', '国有企业', '示例市', '示例市人民政府国有资产监督管理委员会', '', ''],
    ['示例区人民政府', '人民政府/管委会', '示例区', '示例市人民政府', '', ''],
    ['示例区教育局', '部门', '示例区', '示例区人民政府', '', ''],
    ['示例经济技术开发区管理委员会', '人民政府/管委会', '示例经济技术开发区管委会', '示例市人民政府', '', ''],
  ]);
  dropDown(unitSheet, 2, Object.values(PUBLIC_UNIT_KIND_LABEL), 500);
  dropDown(unitSheet, 6, Object.values(ORG_FUNCTIONS), 500);
  const adminSheet = addTitledSheet(workbook, ADMIN_SHEET, '管理员（三员分立：三人分别担任，互不兼任）', Object.values(ADMIN_COLUMNS), [14, 20, 14], [
    ['系统管理员', 'xitong', '张三'],
    ['安全管理员', 'anquan', '李四'],
    ['审计管理员', 'shenji', '王五'],
  ]);
  dropDown(adminSheet, 1, Object.values(ADMIN_ROLE_LABEL), 10);
  addTitledSheet(workbook, NOTES_SHEET, '填写说明', ['表', '列', '说明'], [12, 18, 90], [
    [JURISDICTION_SHEET, JURISDICTION_COLUMNS.name, '必填，不得重复；须有且只有一行级别为“市”'],
    [JURISDICTION_SHEET, JURISDICTION_COLUMNS.level, `必填：${Object.values(ORG_LEVEL_LABEL).join('、')}`],
    [JURISDICTION_SHEET, JURISDICTION_COLUMNS.division, '选填，6位行政区划代码'],
    [UNIT_SHEET, UNIT_COLUMNS.name, '必填，单位全称，不得重复'],
    [UNIT_SHEET, UNIT_COLUMNS.kind, `必填：${Object.values(PUBLIC_UNIT_KIND_LABEL).join('、')}；每个行政区划须有且只有一个“人民政府/管委会”`],
    [UNIT_SHEET, UNIT_COLUMNS.jurisdiction, '必填，“行政区划”表中的名称'],
    [UNIT_SHEET, UNIT_COLUMNS.parent, '选填，“单位”表中另一单位的全称（如部门的上级为本级人民政府，市属国企的上级为市国资委）；法院不填'],
    [UNIT_SHEET, UNIT_COLUMNS.creditCode, '选填，18位统一社会信用代码，不得重复'],
    [UNIT_SHEET, UNIT_COLUMNS.orgFunction, `选填，该单位在责任分工矩阵中承担的职能：${Object.values(ORG_FUNCTIONS).join('、')}；每项职能至多一个市直单位，“市营商办”必填`],
    [ADMIN_SHEET, ADMIN_COLUMNS.role, '系统管理员、安全管理员、审计管理员各一人，不得兼任'],
    [ADMIN_SHEET, ADMIN_COLUMNS.username, '3—32位小写字母、数字或 . _ -，以字母开头；初始化后显示一次性初始密码，首次登录须修改并绑定动态口令'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
