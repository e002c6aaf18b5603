/**
 * P5, P6: the evaluation of the year's policies and the focus packages as an .xlsx workbook —
 * sheets 按政策, 按部门 and, per package, 按部门 and 按属地 — with the page's figures exactly: money
 * in 万元, the approval rate as a percentage, the median in working days.
 */
import ExcelJS from 'exceljs';
import type { BenefitEvaluation, PackageFocus } from '../benefits/read-evaluation.ts';
import type { BenefitFigures } from '../domain/benefits/evaluation.ts';
import { POLICY_STATUS_LABEL } from '../domain/policy-library/library.ts';
import { addSheet, COUNT, PERCENT, WAN, type Column } from './sheets.ts';

const wan = (fen: number) => fen / 1_000_000;

const figureColumns = <T extends BenefitFigures>(): Column<T>[] => [
  { header: '惠及企业', width: 9, value: (row) => row.enterprises, numFmt: COUNT },
  { header: '申报及免申事项', width: 12, value: (row) => row.applications, numFmt: COUNT },
  { header: '核准', width: 7, value: (row) => row.approved, numFmt: COUNT },
  { header: '未予通过', width: 9, value: (row) => row.refused, numFmt: COUNT },
  { header: '通过率', width: 8, value: (row) => row.approvalRate, numFmt: PERCENT },
  { header: '核准金额（万元）', width: 15, value: (row) => wan(row.approvedAmount), numFmt: WAN },
  { header: '已拨付（万元）', width: 14, value: (row) => wan(row.disbursedAmount), numFmt: WAN },
  { header: '待拨付（万元）', width: 14, value: (row) => wan(row.outstandingAmount), numFmt: WAN },
  { header: '逾期未拨付', width: 10, value: (row) => row.late, numFmt: COUNT },
  { header: '逾期金额（万元）', width: 15, value: (row) => wan(row.lateAmount), numFmt: WAN },
  { header: '申报到兑付中位数（工作日）', width: 14, value: (row) => row.medianWorkingDays, numFmt: '0.0' },
];

export const evaluationWorkbookFileName = (year: number, asOf: string): string => `政策兑现评估_${year}年_${asOf}.xlsx`;

/** The workbook of an evaluation and its packages, as bytes. */
export const evaluationWorkbook = async (evaluation: BenefitEvaluation, packages: readonly PackageFocus[]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const note = `统计日 ${evaluation.asOf}。${evaluation.year}年发布的政策；申报及免申事项含企业网上申报、窗口代办和免申即享事项；通过率 = 核准 ÷（核准 + 未予通过）；中位数为全部兑付到位的事项自申报之日至最后一笔拨付的工作日数。`;
  type PolicyRow = BenefitEvaluation['policies'][number];
  addSheet<PolicyRow>(
    workbook,
    '按政策',
    `${evaluation.year}年惠企政策兑现评估（按政策）`,
    [
      { header: '文号', width: 20, value: (row) => row.documentNo },
      { header: '政策名称', width: 36, value: (row) => row.title },
      { header: '发布部门', width: 22, value: (row) => row.issuerName },
      { header: '政策包', width: 8, value: (row) => row.packageTag },
      { header: '发布日期', width: 11, value: (row) => row.publishedOn },
      { header: '状态', width: 8, value: (row) => POLICY_STATUS_LABEL[row.status] },
      ...figureColumns<PolicyRow>(),
      { header: '未办结问题', width: 10, value: (row) => row.openProblems, numFmt: COUNT },
    ],
    evaluation.policies,
    { note, empty: '本年度没有发布的政策', total: { ...evaluation.total, documentNo: '合计', title: '', issuerName: '', packageTag: null, publishedOn: '', status: 'in_force', policyId: '' } as PolicyRow },
  );
  type DepartmentRow = BenefitEvaluation['departments'][number];
  addSheet<DepartmentRow>(
    workbook,
    '按部门',
    `${evaluation.year}年惠企政策兑现评估（按发布部门）`,
    [
      { header: '发布部门', width: 26, value: (row) => row.name },
      { header: '政策数', width: 8, value: (row) => row.policies, numFmt: COUNT },
      ...figureColumns<DepartmentRow>(),
      { header: '未办结问题', width: 10, value: (row) => row.openProblems, numFmt: COUNT },
    ],
    evaluation.departments,
    { note, empty: '本年度没有发布的政策', total: { ...evaluation.total, name: '合计', unitId: '' } as DepartmentRow },
  );
  for (const focus of packages) {
    type GroupRow = PackageFocus['byDepartment'][number];
    const columns: Column<GroupRow>[] = [{ header: '名称', width: 26, value: (row) => row.name }, ...figureColumns<GroupRow>()];
    const focusNote = `统计日 ${focus.asOf}。“${focus.packageTag}”政策包全部 ${focus.policies} 项政策（不限发布年度）的兑现资金；按部门为审核核准的部门，按属地为受惠企业的注册地。`;
    const total = { ...focus.total, id: '', name: '合计' };
    addSheet<GroupRow>(workbook, `${focus.packageTag}按部门`, `“${focus.packageTag}”资金兑现（按部门）`, columns, focus.byDepartment, { note: focusNote, empty: '尚无申报', total });
    addSheet<GroupRow>(workbook, `${focus.packageTag}按属地`, `“${focus.packageTag}”资金兑现（按属地）`, columns, focus.byCounty, { note: focusNote, empty: '尚无申报', total });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
