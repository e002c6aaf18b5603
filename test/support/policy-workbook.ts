/**
 * Policy list workbooks for the tests, as a city clerk fills the template: sheet 政策 (one row a
 * policy) and sheet 条款 (one row a clause, linked by 文号), built with exceljs.
 */
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export const POLICY_HEADERS = ['文号', '政策名称', '发布部门', '政策包', '发布日期', '施行日期', '有效期至'] as const;
export const CLAUSE_HEADERS = [
  '文号',
  '条款序号',
  '条款名称',
  '类别',
  '条款内容',
  '金额方式',
  '定额（万元）',
  '比例（%）',
  '计算基数',
  '最高（万元）',
  '申报条件',
  '申报材料',
  '免申即享',
  '快申快享',
] as const;

export type PolicyRow = Partial<Record<(typeof POLICY_HEADERS)[number], ExcelJS.CellValue>>;
export type ClauseRow = Partial<Record<(typeof CLAUSE_HEADERS)[number], ExcelJS.CellValue>>;

/** A valid policy of 汉江市经济和信息化局; `n` varies its 文号 and title. */
export const policyRow = (n: number, overrides: PolicyRow = {}): PolicyRow => ({
  文号: `汉经信发〔2026〕${n}号`,
  政策名称: `汉江市工业企业技术改造专项资金实施细则（第${n}批）`,
  发布部门: '汉江市经济和信息化局',
  政策包: '30条',
  发布日期: '2026-03-01',
  施行日期: '2026-03-10',
  有效期至: '2028-12-31',
  ...overrides,
});

/** A valid clause of the policy `documentNo`: a rate of a base with a cap, for manufacturers. */
export const clauseRow = (documentNo: string, overrides: ClauseRow = {}): ClauseRow => ({
  文号: documentNo,
  条款序号: '第七条',
  条款名称: '技改设备投资奖补',
  类别: '奖补资金',
  条款内容: '对年度设备投资300万元以上的技术改造项目，按设备投资额的8%给予奖补，最高150万元。',
  金额方式: '比例',
  '比例（%）': 8,
  计算基数: '设备投资额',
  '最高（万元）': 150,
  申报条件: '行业: C\n成立年限>=2',
  申报材料: '项目备案证明、设备购置发票、项目验收报告',
  免申即享: '否',
  快申快享: '是',
  ...overrides,
});

const addSheet = (workbook: ExcelJS.Workbook, name: string, headers: readonly string[], rows: readonly Record<string, ExcelJS.CellValue>[]) => {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((header) => row[header] ?? null));
  return sheet;
};

/** The workbook's bytes; `shape` may give a cell a number format (a percentage, a date) by sheet, row and header. */
export const policyWorkbook = async (
  policies: readonly PolicyRow[],
  clauses: readonly ClauseRow[],
  shape: (workbook: ExcelJS.Workbook) => void = () => undefined,
): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  addSheet(workbook, '政策', POLICY_HEADERS, policies as Record<string, ExcelJS.CellValue>[]);
  addSheet(workbook, '条款', CLAUSE_HEADERS, clauses as Record<string, ExcelJS.CellValue>[]);
  shape(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/**
 * A "zip bomb": a ZIP archive of a few tens of kilobytes whose one entry, a worksheet, inflates
 * to `unpackedBytes` of zeros.
 */
export const zipBomb = (unpackedBytes: number): Buffer => {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(unpackedBytes));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(unpackedBytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(unpackedBytes, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
};
