/**
 * P5: the 资金拨付 list as an .xlsx workbook — sheet 待拨付资金 with one row per approved
 * application still owed money and a total row, sheet 按部门 per approving department — with the
 * page's figures exactly: money in 万元, lateness in working days.
 */
import ExcelJS from 'exceljs';
import type { BenefitFunds, FundsQuery } from '../benefits/read-funds.ts';
import { addSheet, COUNT, WAN, type Column } from './sheets.ts';

const wan = (fen: number) => fen / 1_000_000;

export const fundsWorkbookFileName = (asOf: string): string => `资金拨付_${asOf}.xlsx`;

/** The filters in words, for the note row: a sheet read later says what it was cut from. */
const filtersText = (query: FundsQuery, names: { handlingUnit?: string; jurisdiction?: string }): string => {
  const parts = [
    query.packageTag ? `政策包“${query.packageTag}”` : null,
    query.handlingUnitId ? `部门：${names.handlingUnit ?? query.handlingUnitId}` : null,
    query.jurisdictionId ? `属地：${names.jurisdiction ?? query.jurisdictionId}` : null,
    query.late ? '只含逾期未拨付' : null,
  ].filter((part): part is string => part !== null);
  return parts.length ? `筛选：${parts.join('，')}。` : '';
};

/** The workbook of a funds list (read without a limit), as bytes. */
export const fundsWorkbook = async (funds: BenefitFunds, query: FundsQuery, names: { handlingUnit?: string; jurisdiction?: string } = {}): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const note = `统计日 ${funds.asOf}。已核准、尚未全部拨付的政策兑现资金；拨付时限为自申报之日起的工作日时限（快申快享条款与其他条款分别设定），逾期天数按工作日计。${filtersText(query, names)}`;
  type Item = BenefitFunds['items'][number];
  const itemColumns: Column<Item>[] = [
    { header: '企业', width: 30, value: (row) => row.enterpriseName },
    { header: '文号', width: 20, value: (row) => row.documentNo },
    { header: '政策名称', width: 34, value: (row) => row.policyTitle },
    { header: '条款', width: 26, value: (row) => row.clauseTitle },
    { header: '政策包', width: 8, value: (row) => row.packageTag },
    { header: '核准部门', width: 24, value: (row) => row.handlingUnitName },
    { header: '申报日期', width: 11, value: (row) => row.submittedOn },
    { header: '核准日期', width: 11, value: (row) => row.decidedOn },
    { header: '核准金额（万元）', width: 15, value: (row) => wan(row.approvedAmount), numFmt: WAN },
    { header: '已拨付（万元）', width: 14, value: (row) => wan(row.disbursedAmount), numFmt: WAN },
    { header: '待拨付（万元）', width: 14, value: (row) => wan(row.outstanding), numFmt: WAN },
    { header: '拨付时限', width: 11, value: (row) => row.dueOn },
    { header: '逾期（工作日）', width: 12, value: (row) => row.workingDaysLate, numFmt: COUNT },
    { header: '拨付缓慢问题编号', width: 20, value: (row) => row.slowCase?.number ?? null },
  ];
  const { totals } = funds;
  // The total row fills the columns it sums and names itself in the first; the others stay empty.
  const total = { enterpriseName: `合计（${totals.count}笔，逾期${totals.lateCount}笔）`, approvedAmount: totals.approved, disbursedAmount: totals.disbursed, outstanding: totals.outstanding } as Item;
  addSheet<Item>(workbook, '待拨付资金', '惠企政策资金拨付情况', itemColumns, funds.items, { note, empty: '没有待拨付的资金', total });

  type Department = BenefitFunds['byDepartment'][number];
  addSheet<Department>(
    workbook,
    '按部门',
    '惠企政策资金拨付情况（按核准部门）',
    [
      { header: '核准部门', width: 30, value: (row) => row.handlingUnitName },
      { header: '笔数', width: 8, value: (row) => row.count, numFmt: COUNT },
      { header: '核准金额（万元）', width: 15, value: (row) => wan(row.approved), numFmt: WAN },
      { header: '已拨付（万元）', width: 14, value: (row) => wan(row.disbursed), numFmt: WAN },
      { header: '待拨付（万元）', width: 14, value: (row) => wan(row.outstanding), numFmt: WAN },
      { header: '逾期笔数', width: 9, value: (row) => row.lateCount, numFmt: COUNT },
    ],
    funds.byDepartment,
    { note, empty: '没有待拨付的资金', total: { handlingUnitId: '', handlingUnitName: '合计', ...totals } },
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
