/**
 * Import files of the provincial SME platform for the tests: a sheet with the platform's
 * Chinese headers, as 湖北省中小微企业诉求响应平台 exports it, built with exceljs.
 */
import ExcelJS from 'exceljs';
import { makeCreditCode } from '../../src/domain/credit-code.ts';

export interface DemandRow {
  诉求编号?: ExcelJS.CellValue;
  企业名称?: ExcelJS.CellValue;
  统一社会信用代码?: ExcelJS.CellValue;
  被反映单位?: ExcelJS.CellValue;
  诉求标题?: ExcelJS.CellValue;
  诉求内容?: ExcelJS.CellValue;
  '涉及金额（元）'?: ExcelJS.CellValue;
  提交日期?: ExcelJS.CellValue;
  /** The line the demand concerns (optional: left empty, the demand is an arrear). */
  所属行动?: ExcelJS.CellValue;
  诉求类别?: ExcelJS.CellValue;
}

export const DEMAND_HEADERS = ['诉求编号', '企业名称', '统一社会信用代码', '被反映单位', '诉求标题', '诉求内容', '涉及金额（元）', '提交日期', '所属行动'] as const;

/** A valid demand against 汉东区教育局; `n` varies the platform id and the enterprise. */
export const demand = (n: number, overrides: DemandRow = {}): DemandRow => ({
  诉求编号: `HBSQ20261120${String(n).padStart(4, '0')}`,
  企业名称: `汉江市测试供应商${n}有限公司`,
  统一社会信用代码: makeCreditCode(`91422900MA4T${String(n).padStart(5, '0')}`),
  被反映单位: '汉东区教育局',
  诉求标题: `反映汉东区教育局拖欠货款问题（${n}）`,
  诉求内容: '我公司为区属学校供应课桌椅，已验收交付，货款至今未付，请求协调支付。',
  '涉及金额（元）': '680000.00',
  提交日期: '2026-11-20',
  ...overrides,
});

/**
 * The workbook's bytes: optional title rows, the header row (the headers given, all by
 * default) and one row per demand.
 */
export const demandWorkbook = async (
  rows: readonly DemandRow[],
  options: { headers?: readonly string[]; titleRows?: readonly string[] } = {},
): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('诉求列表');
  const headers = options.headers ?? DEMAND_HEADERS;
  for (const title of options.titleRows ?? []) sheet.addRow([title]);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((header) => (row as Record<string, ExcelJS.CellValue>)[header] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
