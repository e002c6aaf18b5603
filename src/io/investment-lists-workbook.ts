/**
 * S6: 市招商局's two lists as .xlsx workbooks, with the page's rows and figures exactly:
 * 问题清单 (one row per problem, then 按县市区 and 按责任单位) and 整改责任清单 (one row per
 * registered problem: measures, responsible unit, time limit, where it stands). Money in 万元.
 */
import ExcelJS from 'exceljs';
import { todayInShanghai } from '../domain/calendar.ts';
import type { ProblemLists, ProblemListsQuery } from '../investment/read-problem-lists.ts';
import { addSheet, COUNT, WAN, type Column } from './sheets.ts';

const wan = (fen: number | null) => (fen === null ? null : fen / 1_000_000);

export const problemListFileName = (asOf: string): string => `招商引资问题清单_${asOf}.xlsx`;
export const responsibilityListFileName = (asOf: string): string => `招商引资整改责任清单_${asOf}.xlsx`;

const noteOf = (lists: ProblemLists, query: ProblemListsQuery, names: { jurisdiction?: string; unit?: string }, what: string): string => {
  const filters = [
    query.jurisdictionId ? `县市区：${names.jurisdiction ?? query.jurisdictionId}` : null,
    query.responsibleUnitId ? `责任单位：${names.unit ?? query.responsibleUnitId}` : null,
    query.open === 'true' ? '只含未销号' : null,
  ].filter((part): part is string => part !== null);
  return `统计日 ${lists.asOf}。${what}${filters.length ? `筛选：${filters.join('，')}。` : ''}`;
};

type Figures = ProblemLists['byCounty'][number];

const figureColumns = (first: string): Column<Figures>[] => [
  { header: first, width: 30, value: (row) => row.name },
  { header: '问题数', width: 9, value: (row) => row.problems, numFmt: COUNT },
  { header: '未销号', width: 9, value: (row) => row.open, numFmt: COUNT },
  { header: '已销号', width: 9, value: (row) => row.closed, numFmt: COUNT },
  { header: '逾期', width: 8, value: (row) => row.overdue, numFmt: COUNT },
  { header: '未立案', width: 9, value: (row) => row.unregistered, numFmt: COUNT },
];

export const problemListWorkbook = async (lists: ProblemLists, query: ProblemListsQuery, names: { jurisdiction?: string; unit?: string } = {}): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const note = noteOf(lists, query, names, '含已登记的招商引资承诺问题（不含不予受理）和承诺台账中逾期或有瑕疵、尚未立案的承诺。');
  type Problem = ProblemLists['problems'][number];
  const columns: Column<Problem>[] = [
    { header: '问题编号', width: 16, value: (row) => row.case?.number ?? '未立案' },
    { header: '县市区', width: 22, value: (row) => row.jurisdiction.name },
    { header: '责任单位', width: 26, value: (row) => row.responsibleUnit.name },
    { header: '企业', width: 28, value: (row) => row.enterpriseName },
    { header: '项目', width: 24, value: (row) => row.projectName },
    { header: '承诺事项', width: 46, value: (row) => row.promise },
    { header: '问题类型', width: 30, value: (row) => row.problem },
    { header: '涉及金额（万元）', width: 14, value: (row) => wan(row.amount), numFmt: WAN },
    { header: '办理期限', width: 11, value: (row) => row.deadline },
    { header: '是否逾期', width: 8, value: (row) => (row.overdue ? '是' : '否') },
    { header: '状态', width: 14, value: (row) => row.stateLabel },
  ];
  const { totals } = lists;
  const total = { case: { id: '', number: `合计${totals.problems}个问题` }, jurisdiction: { id: '', name: `未销号${totals.open}，已销号${totals.closed}，逾期${totals.overdue}，未立案${totals.unregistered}` }, responsibleUnit: { id: '', name: '' } } as Problem;
  addSheet<Problem>(workbook, '问题清单', '招商引资领域政府承诺不兑现问题清单', columns, lists.problems, { note, empty: '没有问题', total });
  const sum = { ...totals, id: '', name: '合计' } as Figures;
  addSheet<Figures>(workbook, '按县市区', '问题清单（按县市区）', figureColumns('县市区'), lists.byCounty, { note, empty: '没有问题', total: sum });
  addSheet<Figures>(workbook, '按责任单位', '问题清单（按责任单位）', figureColumns('责任单位'), lists.byUnit, { note, empty: '没有问题', total: sum });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

export const responsibilityListWorkbook = async (lists: ProblemLists, query: ProblemListsQuery, names: { jurisdiction?: string; unit?: string } = {}): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const note = noteOf(lists, query, names, '已登记的招商引资承诺问题的整改措施、责任单位、整改时限和进展；市招商局牵头。');
  type Item = ProblemLists['responsibilities'][number];
  const columns: Column<Item>[] = [
    { header: '问题编号', width: 16, value: (row) => row.number },
    { header: '问题', width: 36, value: (row) => row.title },
    { header: '问题类型', width: 28, value: (row) => row.problem },
    { header: '整改措施', width: 50, value: (row) => row.measures },
    { header: '县市区', width: 22, value: (row) => row.jurisdiction.name },
    { header: '责任单位', width: 26, value: (row) => row.responsibleUnit.name },
    { header: '牵头单位', width: 16, value: (row) => row.leadUnit?.name ?? null },
    { header: '整改时限', width: 11, value: (row) => row.deadline },
    { header: '是否逾期', width: 8, value: (row) => (row.overdue ? '是' : '否') },
    { header: '整改进展', width: 14, value: (row) => row.stateLabel },
    { header: '最新进展', width: 30, value: (row) => row.progress },
    { header: '销号日期', width: 11, value: (row) => (row.closedAt ? todayInShanghai(new Date(row.closedAt)) : null) },
  ];
  const count = lists.responsibilities.length;
  const total = { number: `合计${count}项`, title: `逾期${lists.responsibilities.filter((row) => row.overdue).length}项，已销号${lists.responsibilities.filter((row) => row.closedAt !== null).length}项`, jurisdiction: { id: '', name: '' }, responsibleUnit: { id: '', name: '' }, leadUnit: null } as unknown as Item;
  addSheet<Item>(workbook, '整改责任清单', '招商引资领域政府承诺不兑现整改责任清单', columns, lists.responsibilities, { note, empty: '没有已登记的问题', total });
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
