/**
 * The security audit log as an .xlsx workbook for the audit administrator: one sheet, newest
 * first, the filters named in the note row.
 */
import ExcelJS from 'exceljs';
import { addSheet, type Column } from '../io/sheets.ts';
import { SECURITY_EVENT_KIND_LABEL, SECURITY_OUTCOME_LABEL } from './event-kinds.ts';
import type { SecurityEventFilters, SecurityEventView } from './read-security-events.ts';

/** `安全审计日志_2026-12-05.xlsx` */
export const securityLogFileName = (asOf: string): string => `安全审计日志_${asOf}.xlsx`;

/** The time in Asia/Shanghai as `YYYY-MM-DD HH:mm:ss`. */
const shanghaiTime = (iso: string): string => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

const COLUMNS: Column<SecurityEventView>[] = [
  { header: '序号', width: 9, value: (row) => row.seq },
  { header: '时间（北京时间）', width: 20, value: (row) => shanghaiTime(row.at) },
  { header: '账号', width: 16, value: (row) => row.account?.username ?? row.username ?? row.account?.id ?? '' },
  { header: '姓名', width: 12, value: (row) => row.account?.displayName ?? '' },
  { header: '地址', width: 16, value: (row) => row.address ?? '' },
  { header: '事件', width: 16, value: (row) => SECURITY_EVENT_KIND_LABEL[row.kind] },
  { header: '结果', width: 7, value: (row) => SECURITY_OUTCOME_LABEL[row.outcome] },
  { header: '操作对象', width: 48, value: (row) => row.object ?? '' },
  { header: '详情', width: 60, value: (row) => (Object.keys(row.details).length === 0 ? '' : JSON.stringify(row.details)) },
];

const filterNote = (filters: SecurityEventFilters, truncated: boolean, max: number): string => {
  const parts = [
    filters.from || filters.to ? `日期 ${filters.from ?? '…'} 至 ${filters.to ?? '…'}` : null,
    filters.kind ? `事件 ${SECURITY_EVENT_KIND_LABEL[filters.kind]}` : null,
    filters.outcome ? `结果 ${SECURITY_OUTCOME_LABEL[filters.outcome]}` : null,
    filters.account ? `账号含“${filters.account}”` : null,
    filters.address ? `地址以“${filters.address}”开头` : null,
    filters.object ? `对象含“${filters.object}”` : null,
  ].filter((part): part is string => part !== null);
  const scope = parts.length === 0 ? '全部事件' : `筛选：${parts.join('；')}`;
  return truncated ? `${scope}。结果超过${max}条，仅含最新的${max}条，请缩小筛选范围分批导出。` : `${scope}。`;
};

export const securityLogWorkbook = async (
  events: readonly SecurityEventView[],
  options: { readonly asOf: string; readonly filters: SecurityEventFilters; readonly truncated: boolean; readonly max: number },
): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '诚信 Chengxin';
  addSheet(workbook, '安全审计日志', `安全审计日志（导出于 ${options.asOf}）`, COLUMNS, events, {
    note: filterNote(options.filters, options.truncated, options.max),
    empty: '没有符合条件的事件',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
