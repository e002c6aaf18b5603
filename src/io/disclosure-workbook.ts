/**
 * The annual disclosure as an .xlsx workbook (保障中小企业款项支付条例 第十八条, and the yearly
 * report to the government of 第二十二条): sheet 逾期未支付情况 with every unit's row, its status
 * and publication date, and a total row; sheet 按属地 with the same figures per jurisdiction. The
 * title row names the year; money in 万元 with two decimals; the figures are exactly the page's.
 */
import ExcelJS from 'exceljs';
import { todayInShanghai } from '../domain/calendar.ts';
import { DISCLOSURE_KIND_LABEL, DISCLOSURE_STANDING_LABEL, disclosureTitle } from '../domain/disclosure/annual-disclosure.ts';
import { fenToWanYuan } from '../domain/dispatch/figures.ts';
import { sumFen } from '../domain/money.ts';
import type { DisclosureRow, DisclosureYear } from '../disclosure/read-disclosures.ts';
import { addSheet, COUNT, WAN, type Column } from './sheets.ts';

/** `2025年度逾期未支付中小企业款项情况.xlsx`. */
export const disclosureWorkbookFileName = (year: number): string => `${year}年度逾期未支付中小企业款项情况.xlsx`;

/**
 * Text as a cell shows it, never as a formula: a value starting with = + - @ (a unit's note may)
 * gets a leading apostrophe, as the credit export's CSV cells do, so that a copy pasted or saved
 * as CSV elsewhere does not run it.
 */
const plain = (value: string | null): string | null => (value !== null && /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value);

type UnitRow = DisclosureRow | { readonly total: true; readonly unitName: string; readonly contracts: number; readonly amount: number; readonly incomplete: number; readonly published: number };

interface JurisdictionRow {
  readonly name: string;
  readonly units: number;
  readonly published: number;
  readonly contracts: number;
  readonly amount: number;
  readonly incomplete: number;
}

const isTotal = (row: UnitRow): row is Extract<UnitRow, { total: true }> => 'total' in row;

/** The workbook of a year as the reader may read it, as bytes. */
export const disclosureWorkbook = async (disclosure: DisclosureYear, cityName: string): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  const { year, totals } = disclosure;
  const title = disclosureTitle(year);
  const note =
    `${cityName}。统计口径：截至${disclosure.yearEnd}已超过法定付款期限（保障中小企业款项支付条例第九条、第十条）且年末尚未付清的合同，` +
    `金额为年末未付部分；合同信息不全、无法确定法定付款期限的另列，未计入。应于${disclosure.deadline}前公开（第十八条）。` +
    (disclosure.generatedAt === null ? '' : `数据生成于${todayInShanghai(new Date(disclosure.generatedAt))}；导出于${disclosure.today}。`);

  const unitColumns: Column<UnitRow>[] = [
    { header: '属地', width: 16, value: (row) => (isTotal(row) ? null : plain(row.jurisdictionName)) },
    { header: '单位', width: 34, value: (row) => plain(row.unitName) },
    { header: '类别', width: 10, value: (row) => (isTotal(row) ? null : DISCLOSURE_KIND_LABEL[row.kind]) },
    { header: '逾期未支付合同（件）', width: 12, value: (row) => row.contracts, numFmt: COUNT },
    { header: '逾期未支付金额（万元）', width: 14, value: (row) => fenToWanYuan(row.amount), numFmt: WAN },
    { header: '合同信息不全未计入（件）', width: 13, value: (row) => row.incomplete, numFmt: COUNT },
    { header: '状态', width: 11, value: (row) => (isTotal(row) ? `已公开${row.published}个` : DISCLOSURE_STANDING_LABEL[row.standing]) },
    { header: '公开日期', width: 12, value: (row) => (isTotal(row) ? null : row.publishedOn) },
    { header: '情况说明', width: 50, value: (row) => (isTotal(row) ? null : plain(row.note)) },
  ];
  addSheet<UnitRow>(workbook, '逾期未支付情况', title, unitColumns, disclosure.rows, {
    note,
    empty: '尚未生成本年度数据',
    total: { total: true, unitName: `合计（${totals.units}个单位）`, contracts: totals.contracts, amount: totals.amount, incomplete: totals.incomplete, published: totals.published },
  });

  const byJurisdiction = new Map<string, DisclosureRow[]>();
  for (const row of disclosure.rows) byJurisdiction.set(row.jurisdictionName, [...(byJurisdiction.get(row.jurisdictionName) ?? []), row]);
  const jurisdictionRows: JurisdictionRow[] = [...byJurisdiction].map(([name, rows]) => ({
    name,
    units: rows.length,
    published: rows.filter((row) => row.status === 'published').length,
    contracts: rows.reduce((sum, row) => sum + row.contracts, 0),
    amount: sumFen(rows.map((row) => row.amount)),
    incomplete: rows.reduce((sum, row) => sum + row.incomplete, 0),
  }));
  addSheet<JurisdictionRow>(
    workbook,
    '按属地',
    `${title}（按属地）`,
    [
      { header: '属地', width: 20, value: (row) => plain(row.name) },
      { header: '单位数', width: 8, value: (row) => row.units, numFmt: COUNT },
      { header: '已公开', width: 8, value: (row) => row.published, numFmt: COUNT },
      { header: '逾期未支付合同（件）', width: 12, value: (row) => row.contracts, numFmt: COUNT },
      { header: '逾期未支付金额（万元）', width: 14, value: (row) => fenToWanYuan(row.amount), numFmt: WAN },
      { header: '合同信息不全未计入（件）', width: 13, value: (row) => row.incomplete, numFmt: COUNT },
    ],
    jurisdictionRows,
    { note, empty: '尚未生成本年度数据', total: { name: '合计', units: totals.units, published: totals.published, contracts: totals.contracts, amount: totals.amount, incomplete: totals.incomplete } },
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
