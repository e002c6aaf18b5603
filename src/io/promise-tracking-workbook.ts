/**
 * S6: the promise tracking list (承诺兑现跟踪) as an .xlsx workbook — sheet 承诺兑现 with one row per
 * promise, the overdue first, as the page lists them, and sheet 按状态 with the count of each
 * status — money in 万元, land in 亩, days overdue in calendar days.
 */
import ExcelJS from 'exceljs';
import { PROMISE_STATUS_LABEL, PROMISE_STATUSES } from '../domain/investment/promise-status.ts';
import { LEGALITY_FILTER_LABEL, PROMISE_TYPE_LABEL } from '../domain/investment/register.ts';
import type { PromiseTracking, TrackPromisesQuery } from '../investment/read-register.ts';
import { addSheet, COUNT, WAN, type Column } from './sheets.ts';

const wan = (fen: number | null) => (fen === null ? null : fen / 1_000_000);
const mu = (hundredths: number | null) => (hundredths === null ? null : hundredths / 100);
const MU = '#,##0.00';

export const promiseTrackingFileName = (asOf: string): string => `招商引资承诺兑现跟踪_${asOf}.xlsx`;

/** The filters in words, for the note row. */
const filtersText = (query: TrackPromisesQuery, names: { jurisdiction?: string; responsibleUnit?: string }): string => {
  const parts = [
    query.status ? `状态：${PROMISE_STATUS_LABEL[query.status]}` : null,
    query.type ? `类型：${PROMISE_TYPE_LABEL[query.type]}` : null,
    query.jurisdictionId ? `属地：${names.jurisdiction ?? query.jurisdictionId}` : null,
    query.responsibleUnitId ? `履约责任单位：${names.responsibleUnit ?? query.responsibleUnitId}` : null,
    query.legality ? `合法性审查：${LEGALITY_FILTER_LABEL[query.legality]}` : null,
    query.dueBefore ? `兑现期限不晚于 ${query.dueBefore}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length ? `筛选：${parts.join('，')}。` : '';
};

/** The workbook of a tracking list (read without a limit), as bytes. */
export const promiseTrackingWorkbook = async (tracking: PromiseTracking, query: TrackPromisesQuery, names: { jurisdiction?: string; responsibleUnit?: string } = {}): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const note = `统计日 ${tracking.asOf}。逾期天数按自然日计，兑现期限当日不算逾期；已兑现指承诺的金额、面积已全部兑现，或不涉及金额和面积的承诺已登记兑现完毕。${filtersText(query, names)}`;
  type Item = PromiseTracking['items'][number];
  const columns: Column<Item>[] = [
    { header: '状态', width: 11, value: (row) => row.statusLabel },
    { header: '逾期（天）', width: 10, value: (row) => row.daysOverdue, numFmt: COUNT },
    { header: '项目', width: 28, value: (row) => row.project.name },
    { header: '企业', width: 28, value: (row) => row.project.enterpriseName },
    { header: '协议编号', width: 20, value: (row) => row.project.agreementNo },
    { header: '属地', width: 14, value: (row) => row.project.jurisdiction.name },
    { header: '签约主体', width: 24, value: (row) => row.project.signingUnitName },
    { header: '条款', width: 10, value: (row) => row.clause },
    { header: '类型', width: 9, value: (row) => row.typeLabel },
    { header: '承诺内容', width: 40, value: (row) => row.content },
    { header: '承诺金额（万元）', width: 14, value: (row) => wan(row.amount), numFmt: WAN },
    { header: '已兑现（万元）', width: 13, value: (row) => (row.amount === null ? null : wan(row.delivered.amount)), numFmt: WAN },
    { header: '承诺面积（亩）', width: 13, value: (row) => mu(row.area), numFmt: MU },
    { header: '已兑现（亩）', width: 12, value: (row) => (row.area === null ? null : mu(row.delivered.area)), numFmt: MU },
    { header: '兑现期限', width: 11, value: (row) => row.dueOn },
    { header: '兑现完毕日期', width: 12, value: (row) => row.keptOn },
    { header: '履约责任单位', width: 24, value: (row) => row.responsibleUnit.name },
    { header: '合法性审查', width: 11, value: (row) => row.legality?.label ?? '未审查' },
    { header: '审查意见', width: 30, value: (row) => row.legality?.reason ?? null },
    { header: '问题事项编号', width: 18, value: (row) => row.case?.number ?? null },
  ];
  const sheet = addSheet<Item>(workbook, '承诺兑现', '招商引资承诺兑现跟踪', columns, tracking.items, { note, empty: '没有符合条件的承诺' });
  for (const column of [10, 19]) sheet.getColumn(column).alignment = { wrapText: true, vertical: 'top' };

  const counts = PROMISE_STATUSES.map((status) => ({ label: PROMISE_STATUS_LABEL[status], count: tracking.totals[status] }));
  type Count = (typeof counts)[number];
  const byStatus = addSheet<Count>(
    workbook,
    '按状态',
    '招商引资承诺兑现情况（按状态）',
    [
      { header: '状态', width: 16, value: (row) => row.label },
      { header: '承诺数', width: 10, value: (row) => row.count, numFmt: COUNT },
    ],
    counts,
    { note, total: { label: '合计', count: tracking.totals.all } },
  );
  // A part of the total, not a status of its own: below it.
  byStatus.addRow(['其中有瑕疵', tracking.totals.flawed]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
