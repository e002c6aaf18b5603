/**
 * The dispatch report as an .xlsx workbook (S5): sheets 按属地 / 按专项行动 / 按责任单位 / 满意率 / 约谈 /
 * 通报 / 未报送 (with a round) / 诚信指数, each with a title row naming the report date, Chinese
 * headers, a frozen header, money in 万元 with two decimals and rates as percentages. The
 * layout is documented in docs/REPORTS.md; the figures are exactly the report's JSON.
 */
import ExcelJS from 'exceljs';
import { addSheet, COUNT, PERCENT, plainText, SCORE, WAN, type Column } from './sheets.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { fenToWanYuan, type GroupFigures } from '../domain/dispatch/figures.ts';
import type { IndexRow } from '../domain/dispatch/integrity-index.ts';
import { UNIT_REPORT_STATUS_LABEL } from '../domain/dispatch/round-status.ts';
import { JURISDICTION_LEVEL_LABEL } from '../domain/jurisdictions.ts';
import { LINE_LABEL } from '../domain/lines/vocabulary.ts';
import type { DispatchReport } from '../dispatch/dispatch-report.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `调度报告_2026-11-26.xlsx`, or with the round's title. */
export const dispatchWorkbookFileName = (report: Pick<DispatchReport, 'asOf' | 'round'>): string =>
  `调度报告_${report.round === null ? '' : `${report.round.title.replace(/[\\/:*?"<>|\s]+/g, '_')}_`}${report.asOf}.xlsx`;

const FIGURE_COLUMNS: Column<GroupFigures>[] = [
  { header: '案件数', width: 8, value: (row) => row.cases, numFmt: COUNT },
  { header: '在办', width: 7, value: (row) => row.open, numFmt: COUNT },
  { header: '已销号', width: 7, value: (row) => row.closed, numFmt: COUNT },
  { header: '不予受理', width: 9, value: (row) => row.dismissed, numFmt: COUNT },
  { header: '已撤回', width: 8, value: (row) => row.withdrawn, numFmt: COUNT },
  { header: '逾期', width: 7, value: (row) => row.overdue, numFmt: COUNT },
  { header: '按期办结', width: 9, value: (row) => row.closedOnTime, numFmt: COUNT },
  { header: '年底风险', width: 9, value: (row) => row.yearEndRisk, numFmt: COUNT },
  { header: '退回次数', width: 9, value: (row) => row.returned, numFmt: COUNT },
  { header: '主张金额（万元）', width: 15, value: (row) => fenToWanYuan(row.claimedAmount), numFmt: WAN },
  { header: '确认金额（万元）', width: 15, value: (row) => fenToWanYuan(row.confirmedAmount), numFmt: WAN },
  { header: '已清偿（万元）', width: 14, value: (row) => fenToWanYuan(row.paidAmount), numFmt: WAN },
  { header: '未清偿（万元）', width: 14, value: (row) => fenToWanYuan(row.outstandingAmount), numFmt: WAN },
  { header: '清偿率', width: 9, value: (row) => row.clearanceRate, numFmt: PERCENT },
  { header: '按期办结率', width: 11, value: (row) => row.onTimeRate, numFmt: PERCENT },
  { header: '销号率', width: 9, value: (row) => row.closureRate, numFmt: PERCENT },
];

/** 满意率: the enterprises' ratings of the period (满意 4–5 分, 不满意 1–2 分) and their requests to reopen. */
const SATISFACTION_COLUMNS: Column<GroupFigures>[] = [
  { header: '评价次数', width: 9, value: (row) => row.ratings, numFmt: COUNT },
  { header: '满意', width: 7, value: (row) => row.satisfied, numFmt: COUNT },
  { header: '不满意', width: 8, value: (row) => row.dissatisfied, numFmt: COUNT },
  { header: '满意率', width: 9, value: (row) => row.satisfactionRate, numFmt: PERCENT },
  { header: '申请重新办理', width: 13, value: (row) => row.reopenRequests, numFmt: COUNT },
];

/** A row of the 约谈 or 通报 list, with the day of its step as `on`. */
type LadderStepRow = Omit<DispatchReport['notices'][number], 'noticedOn'> & { readonly on: string };

/** The columns of the 约谈 and 通报 sheets; what people typed (number, title, names, note) is written as plain text. */
const ladderStepColumns = (dayHeader: string): Column<LadderStepRow>[] => [
  { header: '案件编号', width: 16, value: (row) => plainText(row.number) },
  { header: '事项名称', width: 36, value: (row) => plainText(row.title) },
  { header: '专项行动', width: 16, value: (row) => LINE_LABEL[row.line] },
  { header: '责任单位', width: 28, value: (row) => plainText(row.responsibleUnitName) },
  { header: '属地', width: 14, value: (row) => plainText(row.jurisdictionName) },
  { header: dayHeader, width: 12, value: (row) => row.on },
  { header: '所涉期限', width: 12, value: (row) => row.deadline },
  { header: '当前状态', width: 12, value: (row) => CASE_STATE_LABEL[row.state] },
  { header: '未清偿（万元）', width: 14, value: (row) => fenToWanYuan(row.outstandingAmount), numFmt: WAN },
  { header: '督办意见', width: 50, value: (row) => plainText(row.note) },
];

const indexColumns = (kind: string): Column<IndexRow>[] => [
  { header: '排名', width: 6, value: (row) => row.rank, numFmt: COUNT },
  { header: '类别', width: 8, value: () => kind },
  { header: '名称', width: 30, value: (row) => row.name },
  { header: '诚信指数', width: 10, value: (row) => row.score, numFmt: SCORE },
  ...(['onTime', 'overdue', 'feedback', 'breach'] as const).map(
    (key): Column<IndexRow> => ({
      header: { onTime: '按期办结（60）', overdue: '逾期在办（20）', feedback: '反馈质量（20）', breach: '失信记录扣分' }[key],
      width: 12,
      value: (row) => row.parts.find((part) => part.key === key)?.points ?? 0,
      numFmt: SCORE,
    }),
  ),
  { header: '得分明细', width: 90, value: (row) => row.parts.map((part) => part.explanation).join('；') },
];

/** The workbook of a report, as bytes. */
export const dispatchWorkbook = async (report: DispatchReport, cityName: string): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  workbook.created = new Date(report.generatedAt);
  const heading = (what: string) =>
    `${cityName}政府诚信建设专项行动调度报告（${what}） 统计日：${report.asOf} 统计期：${report.period.from} 至 ${report.period.to}` +
    (report.round === null ? '' : ` 调度：${report.round.title}`);
  const total = { name: '合计', ...report.total };
  type JurisdictionRow = DispatchReport['byJurisdiction'][number] | typeof total;
  type LineRow = DispatchReport['byLine'][number] | typeof total;
  type UnitRow = DispatchReport['byUnit'][number] | typeof total;

  addSheet<JurisdictionRow>(
    workbook,
    '按属地',
    heading('按属地'),
    [
      { header: '属地', width: 28, value: (row) => row.name },
      { header: '层级', width: 8, value: (row) => ('level' in row ? JURISDICTION_LEVEL_LABEL[row.level] : '') },
      ...FIGURE_COLUMNS,
    ],
    report.byJurisdiction,
    { total },
  );
  addSheet<LineRow>(
    workbook,
    '按专项行动',
    heading('按专项行动'),
    [{ header: '专项行动', width: 22, value: (row) => ('line' in row ? LINE_LABEL[row.line] : row.name) }, ...FIGURE_COLUMNS],
    report.byLine,
    { total },
  );
  addSheet<UnitRow>(
    workbook,
    '按责任单位',
    heading('按责任单位'),
    [
      { header: '责任单位', width: 32, value: (row) => row.name },
      { header: '属地', width: 16, value: (row) => ('jurisdictionName' in row ? row.jurisdictionName : '') },
      ...FIGURE_COLUMNS,
    ],
    report.byUnit,
    { total },
  );
  addSheet<UnitRow>(
    workbook,
    '满意率',
    heading('满意率：统计期内企业评价，满意为4—5分，不满意为1—2分'),
    [
      { header: '责任单位', width: 32, value: (row) => row.name },
      { header: '属地', width: 16, value: (row) => ('jurisdictionName' in row ? row.jurisdictionName : '') },
      ...SATISFACTION_COLUMNS,
    ],
    report.byUnit.filter((row) => row.ratings > 0 || row.reopenRequests > 0),
    { total, empty: '统计期内无企业评价' },
  );
  // S2 and Art. 23: 约谈 then 通报, in the ladder's order, each laid out alike.
  addSheet<LadderStepRow>(
    workbook,
    '约谈',
    heading('约谈（保障中小企业款项支付条例第二十三条：统计期内升至约谈级的案件）'),
    ladderStepColumns('约谈日期'),
    report.interviews.map((row) => ({ ...row, on: row.interviewedOn })),
    { empty: '统计期内无约谈' },
  );
  addSheet<LadderStepRow>(
    workbook,
    '通报',
    heading('通报（S2：统计期内升至通报级的案件）'),
    ladderStepColumns('通报日期'),
    report.notices.map((row) => ({ ...row, on: row.noticedOn })),
    { empty: '统计期内无通报' },
  );
  if (report.roundStatus !== null) {
    type Status = NonNullable<DispatchReport['roundStatus']>[number];
    addSheet<Status>(
      workbook,
      '未报送',
      heading(`未报送单位，报送截止 ${report.round?.dueOn ?? ''}`),
      [
        { header: '责任单位', width: 32, value: (row) => row.unitName },
        { header: '属地', width: 16, value: (row) => row.jurisdictionName },
        { header: '本轮案件', width: 10, value: (row) => row.total, numFmt: COUNT },
        { header: '已报进展', width: 10, value: (row) => row.reported, numFmt: COUNT },
        { header: '期间销号', width: 10, value: (row) => row.closedSince, numFmt: COUNT },
        { header: '状态', width: 10, value: (row) => UNIT_REPORT_STATUS_LABEL[row.status] },
      ],
      report.roundStatus.filter((row) => row.submittedOn === null),
      { empty: '各单位均已报送' },
    );
  }
  const sheet = addSheet<IndexRow>(workbook, '诚信指数', heading('诚信指数'), indexColumns('责任单位'), report.index.units, {
    note: report.index.formula,
    empty: '无可排名的单位',
  });
  sheet.addRow([]);
  for (const row of report.index.jurisdictions) {
    const columns = indexColumns('属地');
    const added = sheet.addRow(columns.map((column) => column.value(row)));
    columns.forEach((column, index) => {
      if (column.numFmt !== undefined) added.getCell(index + 1).numFmt = column.numFmt;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
