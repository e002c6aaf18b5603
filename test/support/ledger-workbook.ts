/**
 * Arrears ledgers (清理拖欠企业账款台账) as counties keep them, for the tests and the bench: a
 * merged title row, 填报单位 and 填报日期 above the header, plausible enterprises of 汉江市 with
 * valid credit codes, 汉东区's own units as debtors, and the things real files hold (amounts as
 * text with separators, full-width digits, dates as serials or text). `faultyLedger` adds a
 * dozen kinds of mistake, each with the problem the import must report.
 */
import ExcelJS from 'exceljs';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { demoCreditCode } from '../../src/db/seed/demo-credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';

/** A ledger row by its header; a value left out is an empty cell. */
export type LedgerRowCells = Record<string, ExcelJS.CellValue>;

export const LEDGER_HEADERS = [
  '序号',
  '债权企业名称',
  '统一社会信用代码',
  '债务单位',
  '事项名称',
  '欠款金额（万元）',
  '款项类型',
  '债务人性质',
  '企业规模',
  '合同编号',
  '合同订立日期',
  '交付日期',
  '约定付款期限（天）',
  '基本情况',
] as const;

const PLACES = ['楚风', '江汉', '汉阳', '荆楚', '长江', '丰乐', '青山', '临江', '汉东', '江北', '石门', '高新'];
const TRADES: readonly [string, string, string][] = [
  ['建筑工程有限公司', '工程款', '校舍维修工程'],
  ['市政工程有限公司', '工程款', '道路改造工程'],
  ['办公设备有限公司', '货物款', '办公设备采购'],
  ['信息技术有限公司', '服务款', '政务信息系统运维'],
  ['园林绿化有限公司', '工程款', '公园绿化工程'],
  ['医疗器械有限公司', '货物款', '医疗设备采购'],
  ['物业服务有限公司', '服务款', '物业管理服务'],
  ['建材贸易有限公司', '履约保证金', '建材供应合同履约保证金'],
];
/** 汉东区's units a county coordinator of 汉东区 may import for, with their kind in the ledger's words. */
export const HANDONG_DEBTORS: readonly [string, string][] = [
  ['汉东区教育局', '机关'],
  ['汉东区住房和城乡建设局', '机关'],
  ['汉东区交通运输局', '机关'],
  ['汉东区人民医院', '事业单位'],
  ['汉东区财政局', '机关'],
];
const SIZES = ['小型企业', '微型企业', '中型企业'];

/** The enterprise `n`'s credit code: valid (GB 32100), distinct for each n below 10^7. */
export const enterpriseCode = (n: number): string => makeCreditCode(`91422902MA${String(n).padStart(7, '0')}`);

/** A valid ledger row against 汉东区's units; `n` varies the enterprise, the debtor and the amount. */
export const ledgerRow = (n: number, overrides: LedgerRowCells = {}): LedgerRowCells => {
  const [suffix, paymentKind, work] = TRADES[n % TRADES.length]!;
  const [debtor, debtorKind] = HANDONG_DEBTORS[n % HANDONG_DEBTORS.length]!;
  const enterprise = `汉江市${PLACES[n % PLACES.length]}${suffix.slice(0, 2)}${n}${suffix.slice(2)}`;
  const wan = ((n * 37) % 900) + 10 + (n % 4) * 0.25;
  return {
    序号: n,
    债权企业名称: enterprise,
    统一社会信用代码: enterpriseCode(n),
    债务单位: debtor,
    事项名称: `${debtor.replace('汉东区', '汉东区')}${work}款（第${n}笔）`,
    '欠款金额（万元）': wan,
    款项类型: paymentKind,
    债务人性质: debtorKind,
    企业规模: SIZES[n % SIZES.length],
    合同编号: `HD-${2024 + (n % 2)}-${String(n).padStart(4, '0')}`,
    合同订立日期: new Date(Date.UTC(2024, n % 12, 1 + (n % 27))),
    交付日期: `2025年${1 + (n % 10)}月${1 + (n % 20)}日`,
    '约定付款期限（天）': 30 + (n % 3) * 15,
    基本情况: `${work}已于2025年验收合格，经对账确认尚欠${wan}万元，企业多次催要未果。`,
    ...overrides,
  };
};

export interface LedgerWorkbookOptions {
  readonly headers?: readonly string[];
  /** The merged title row and 填报单位/填报日期 above the header, as counties' files have them (default: yes). */
  readonly heading?: boolean;
}

/** The workbook's bytes: the heading rows, the header row, one row per entry. */
export const ledgerWorkbook = async (rows: readonly LedgerRowCells[], options: LedgerWorkbookOptions = {}): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  const headers = options.headers ?? LEDGER_HEADERS;
  if (options.heading !== false) {
    sheet.addRow(['汉东区清理拖欠企业账款台账（截至2026年11月）']);
    sheet.mergeCells(1, 1, 1, headers.length);
    sheet.addRow(['填报单位：汉东区人民政府', '', '', '', '', '', '', '填报日期：2026年11月26日']);
    sheet.mergeCells(2, 1, 2, 7);
  }
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((header) => row[header] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/** The Excel row of the ledger's `index`-th entry (from 0), under the two heading rows and the header. */
export const rowOf = (index: number) => index + 4;

/** A mistake a county makes, and what the import must say of it: the column and a part of the message. */
export interface Mistake {
  readonly column: string;
  readonly message: string;
  readonly cells: LedgerRowCells;
}

/** A dozen kinds of mistake, each on a row of its own (applied to `ledgerRow(100 + i)`). */
export const MISTAKES: readonly Mistake[] = [
  { column: '统一社会信用代码', message: '校验', cells: { 统一社会信用代码: enterpriseCode(900).slice(0, 17) + (enterpriseCode(900).endsWith('0') ? '1' : '0') } },
  { column: '统一社会信用代码', message: '18位', cells: { 统一社会信用代码: '91422902MA12345' } },
  { column: '债权企业名称', message: '请填写债权企业名称', cells: { 债权企业名称: '' } },
  { column: '债务单位', message: '是否为：“汉东区教育局”', cells: { 债务单位: '汉东区教育厅' } },
  { column: '债务单位', message: '不在本账号可导入的范围内', cells: { 债务单位: '江北区教育局' } },
  { column: '欠款金额（万元）', message: '金额格式不正确', cells: { '欠款金额（万元）': '约五十万' } },
  { column: '欠款金额（万元）', message: '欠款金额应大于0', cells: { '欠款金额（万元）': 0 } },
  { column: '欠款金额（万元）', message: '最多保留6位小数', cells: { '欠款金额（万元）': '12.3456789' } },
  { column: '款项类型', message: '款项类型应为', cells: { 款项类型: '咨询费' } },
  { column: '合同订立日期', message: '无法识别', cells: { 合同订立日期: '去年三月' } },
  { column: '交付日期', message: '晚于今天', cells: { 交付日期: '2027-01-05' } },
  { column: '交付日期', message: '早于合同订立日期', cells: { 合同订立日期: '2025-06-01', 交付日期: '2025/5/1' } },
  { column: '约定付款期限（天）', message: '0至3650的整数天数', cells: { '约定付款期限（天）': '三十天' } },
  { column: '统一社会信用代码', message: '不是企业', cells: { 统一社会信用代码: demoCreditCode('department', '422902', LOCAL_UNIT_IDS.handong.caizhengju) } },
];

/** The lines other than arrears, whose ledgers share the common columns. */
export type OtherLedgerLine = 'policy' | 'investment' | 'integrity';

/** Each line's template header (arrears: `LEDGER_HEADERS`). */
export const LINE_LEDGER_HEADERS: Readonly<Record<OtherLedgerLine, readonly string[]>> = {
  policy: ['序号', '企业名称', '统一社会信用代码', '责任单位', '事项名称', '涉及金额（万元）', '基本情况'],
  investment: ['序号', '投资企业名称', '统一社会信用代码', '责任单位', '事项名称', '涉及金额（万元）', '基本情况'],
  integrity: ['序号', '企业名称', '统一社会信用代码', '责任单位', '事项名称', '涉及金额（万元）', '基本情况'],
};

const LINE_STORIES: Readonly<Record<OtherLedgerLine, { readonly base: number; readonly trade: string; readonly works: readonly string[] }>> = {
  policy: { base: 3000, trade: '新材料科技有限公司', works: ['技术改造专项补贴未兑现', '稳岗返还资金未拨付', '首台套奖励申报无人受理', '研发费用补助迟迟未到位'] },
  investment: { base: 4000, trade: '智能装备有限公司', works: ['厂房租金补贴未按协议兑现', '设备购置奖励未兑现', '配套用地未按约定交付', '人才公寓承诺未落实'] },
  integrity: { base: 5000, trade: '物流有限公司', works: ['园区配套道路未按承诺期限建成', '承诺的审批时限未兑现', '会议纪要议定事项未落实', '承诺的供水供电配套未到位'] },
};

/**
 * A valid row of a line's ledger against 汉东区's units: the enterprise (its code distinct from
 * every other line's and from the arrears rows'), the unit, the matter, an amount on every second
 * row; an integrity row names no enterprise on every third row.
 */
export const lineLedgerRow = (line: OtherLedgerLine, n: number, overrides: LedgerRowCells = {}): LedgerRowCells => {
  const story = LINE_STORIES[line];
  const [unit] = HANDONG_DEBTORS[n % HANDONG_DEBTORS.length]!;
  const [nameHeader] = [LINE_LEDGER_HEADERS[line][1]!];
  const withEnterprise = line !== 'integrity' || n % 3 !== 0;
  const wan = n % 2 === 0 ? ((n * 13) % 300) + 5 + (n % 4) * 0.25 : null;
  return {
    序号: n,
    [nameHeader]: withEnterprise ? `汉江市${PLACES[n % PLACES.length]}${n}${story.trade}` : null,
    统一社会信用代码: withEnterprise ? enterpriseCode(story.base + n) : null,
    责任单位: unit,
    事项名称: `${unit}${story.works[n % story.works.length]}（第${n}项）`,
    '涉及金额（万元）': wan,
    基本情况: `据企业反映，${story.works[n % story.works.length]}，多次沟通未果。`,
    ...overrides,
  };
};

/** A problem the import reports, as the API answers it. */
export interface LedgerImportProblem {
  row: number | null;
  column: string | null;
  value: string;
  message: string;
}
/** The dry run's answer. */
export interface LedgerImportPreview {
  dryRun: true;
  fileName: string;
  sha256: string;
  rows: number;
  importable: number;
  skipped: number;
  errors: LedgerImportProblem[];
}
/** The import's answer. */
export interface LedgerImportResult {
  dryRun: false;
  fileName: string;
  sha256: string;
  rows: number;
  imported: number;
  skipped: number;
  cases: { id: string; number: string; row: number }[];
}
