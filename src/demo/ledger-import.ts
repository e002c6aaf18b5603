/**
 * 台账导入 in the demo: 汉东区's own arrears ledger, kept in Excel as counties keep theirs (a
 * merged title, 填报单位 and 填报日期 above the header, amounts in 万元), loaded by 汉东区's
 * coordinator through the real import (`importLedger`), so that the ledger shows cases of source
 * 台账导入 and their case page names the file they came from.
 */
import ExcelJS from 'exceljs';
import type { AppContext } from '../app-context.ts';
import { importLedger } from '../cases/import-ledger.ts';
import type { Actor } from '../domain/access/roles.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { LEDGER_LAYOUTS } from '../io/ledger-layout.ts';

/** The file as the county named it. */
export const DEMO_LEDGER_FILE_NAME = '汉东区清理拖欠企业账款台账（2026年11月）.xlsx';

/** Five arrears of 汉东区's units, as the county's ledger lists them. */
const ROWS: readonly Record<string, string | number | Date | null>[] = [
  {
    债权企业名称: '汉江市汉东鑫源建筑劳务有限公司',
    统一社会信用代码: makeCreditCode('91422902MA4DL0011'),
    债务单位: '汉东区教育局',
    事项名称: '汉东区第二中学运动场改造工程款',
    '欠款金额（万元）': 86.4,
    款项类型: '工程款',
    债务人性质: '机关',
    企业规模: '小型企业',
    合同编号: 'HDJY-2025-031',
    合同订立日期: new Date(Date.UTC(2025, 2, 12)),
    交付日期: new Date(Date.UTC(2025, 7, 28)),
    '约定付款期限（天）': 60,
    基本情况: '运动场改造工程于2025年8月竣工验收，审计结算86.4万元，至今未支付。',
  },
  {
    债权企业名称: '汉江市楚天办公家具有限公司',
    统一社会信用代码: makeCreditCode('91422902MA4DL0022'),
    债务单位: '汉东区人民医院',
    事项名称: '门诊楼办公家具采购款',
    '欠款金额（万元）': 23.75,
    款项类型: '货物款',
    债务人性质: '事业单位',
    企业规模: '微型企业',
    合同编号: 'HDRY-2025-118',
    合同订立日期: new Date(Date.UTC(2025, 4, 6)),
    交付日期: new Date(Date.UTC(2025, 5, 20)),
    '约定付款期限（天）': 30,
    基本情况: null,
  },
  {
    债权企业名称: '汉江市江城数联信息技术有限公司',
    统一社会信用代码: makeCreditCode('91422902MA4DL0033'),
    债务单位: '汉东区财政局',
    事项名称: '预算管理一体化系统运维服务费',
    '欠款金额（万元）': 41.2,
    款项类型: '服务款',
    债务人性质: '机关',
    企业规模: '小型企业',
    合同编号: 'HDCZ-2025-007',
    合同订立日期: new Date(Date.UTC(2025, 0, 15)),
    交付日期: new Date(Date.UTC(2025, 11, 31)),
    '约定付款期限（天）': 30,
    基本情况: '2025年度运维服务已履行完毕并通过验收，服务费41.2万元未支付。',
  },
  {
    债权企业名称: '汉江市临江路桥工程有限公司',
    统一社会信用代码: makeCreditCode('91422902MA4DL0044'),
    债务单位: '汉东区交通运输局',
    事项名称: '农村公路提档升级工程质量保证金',
    '欠款金额（万元）': 15.8,
    款项类型: '工程质量保证金',
    债务人性质: '机关',
    企业规模: '中型企业',
    合同编号: 'HDJT-2023-052',
    合同订立日期: new Date(Date.UTC(2023, 5, 1)),
    交付日期: new Date(Date.UTC(2024, 4, 30)),
    '约定付款期限（天）': null,
    基本情况: '缺陷责任期已于2025年5月届满，工程质量保证金15.8万元未退还。',
  },
  {
    债权企业名称: '汉江市丰乐园林绿化有限公司',
    统一社会信用代码: makeCreditCode('91422902MA4DL0055'),
    债务单位: '汉东区住房和城乡建设局',
    事项名称: '滨江公园绿化养护工程款',
    '欠款金额（万元）': 57,
    款项类型: '工程款',
    债务人性质: '机关',
    企业规模: '小型企业',
    合同编号: 'HDZJ-2025-064',
    合同订立日期: new Date(Date.UTC(2025, 1, 20)),
    交付日期: new Date(Date.UTC(2025, 9, 15)),
    '约定付款期限（天）': 45,
    基本情况: '绿化养护工程已验收，结算57万元，企业多次催要未果。',
  },
];

/** The cases the demo's ledger import registers, beside the scripted ones (`DEMO_CASES`): all arrears. */
export const DEMO_LEDGER_ROW_COUNT = ROWS.length;

/** The county's workbook: its title, 填报单位 and 填报日期, the arrears ledger's header, the rows. */
export const demoLedgerWorkbook = async (): Promise<Buffer> => {
  const headers = LEDGER_LAYOUTS.arrears.columns.filter((column) => column.exportOnly !== true).map((column) => column.header);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('拖欠账款台账');
  sheet.addRow(['汉东区清理拖欠企业账款台账（截至2026年11月）']);
  sheet.mergeCells(1, 1, 1, headers.length);
  sheet.addRow(['填报单位：汉东区人民政府']);
  sheet.addRow(headers);
  ROWS.forEach((row, index) => sheet.addRow(headers.map((header) => (header === '序号' ? index + 1 : (row[header] ?? null)))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/** 汉东区's coordinator imports the county's ledger; answers the number of cases registered. */
export const seedDemoLedgerImport = async (app: AppContext, coordinator: Actor): Promise<number> => {
  const result = await importLedger(app, coordinator, { name: DEMO_LEDGER_FILE_NAME, content: await demoLedgerWorkbook() });
  return result.imported;
};
