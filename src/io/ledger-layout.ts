/**
 * The arrears ledger (清理拖欠企业账款台账) as counties and bureaus keep it in Excel: its columns,
 * defined once here for the template, the import (`ledger-import.ts`) and the ledger's export.
 * A column has its header (money with its unit: 万元), what it accepts, an example, and, for a
 * code list, the domain's labels offered as a drop-down. The format is documented in
 * docs/IMPORT.md.
 */
import { CONTRACT_SUBJECT_LABEL, CONTRACT_SUBJECTS, DEBTOR_KIND_LABEL, DEBTOR_KINDS, DEPOSIT_KIND_LABEL, DEPOSIT_KINDS, ENTERPRISE_SIZE_LABEL, ENTERPRISE_SIZES, type ContractSubject, type DebtorKind, type DepositKind, type EnterpriseSize } from '../domain/lines/arrears/contract.ts';
import { LINE_LABEL } from '../domain/lines/vocabulary.ts';

/** 款项类型: the price of what was bought (Art. 3: 货物、工程、服务) or a deposit held beyond its day. */
export type PaymentKind = { readonly subject: ContractSubject } | { readonly deposit: DepositKind };

/** The 款项类型 list: each purchase as 货物款/工程款/服务款, then each deposit by its name. */
export const PAYMENT_KINDS: readonly { readonly label: string; readonly kind: PaymentKind }[] = [
  ...CONTRACT_SUBJECTS.map((subject) => ({ label: `${CONTRACT_SUBJECT_LABEL[subject]}款`, kind: { subject } })),
  ...DEPOSIT_KINDS.map((deposit) => ({ label: DEPOSIT_KIND_LABEL[deposit], kind: { deposit } })),
];

export const DEBTOR_KIND_OPTIONS: readonly { readonly label: string; readonly kind: DebtorKind }[] = DEBTOR_KINDS.map((kind) => ({ label: DEBTOR_KIND_LABEL[kind], kind }));
export const ENTERPRISE_SIZE_OPTIONS: readonly { readonly label: string; readonly size: EnterpriseSize }[] = ENTERPRISE_SIZES.map((size) => ({ label: ENTERPRISE_SIZE_LABEL[size], size }));

export type LedgerColumnKey =
  | 'seq'
  | 'enterpriseName'
  | 'creditCode'
  | 'debtorUnit'
  | 'title'
  | 'amount'
  | 'paymentKind'
  | 'debtorKind'
  | 'enterpriseSize'
  | 'contractNo'
  | 'signedOn'
  | 'deliveredOn'
  | 'paymentTermDays'
  | 'facts'
  | 'caseNumber'
  | 'state'
  | 'paid';

export interface LedgerColumn {
  readonly key: LedgerColumnKey;
  /** The header as the template writes it (money in 万元). */
  readonly header: string;
  /** Other headers real ledgers use for it (the unit in brackets is read from the header, not matched). */
  readonly aliases: readonly string[];
  readonly width: number;
  /** Must be filled on every row the import reads. */
  readonly required: boolean;
  /** What the cell accepts, for 填写说明. */
  readonly accepts: string;
  /** The template's example row. */
  readonly example: string | number;
  /** A code list: the drop-down's values. */
  readonly list?: readonly string[];
  readonly numFmt?: string;
  /** Written by the export only (the case it became, its state, what was paid); the import reads only 案件编号 of them. */
  readonly exportOnly?: boolean;
}

/** The money columns: their header names the unit (元 or 万元), which the import reads. */
export const MONEY_COLUMNS: ReadonlySet<LedgerColumnKey> = new Set(['amount', 'paid']);

/** The arrears ledger's columns, in the template's order. */
export const ARREARS_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'seq', header: '序号', aliases: [], width: 7, required: false, accepts: '行序号，可不填；填“示例”的行不导入', example: '示例' },
  {
    key: 'enterpriseName',
    header: '债权企业名称',
    aliases: ['企业名称', '债权人', '债权人名称', '被拖欠企业', '债权企业'],
    width: 30,
    required: true,
    accepts: '被拖欠账款的企业全称，不超过200字',
    example: '汉江市楚风建筑工程有限公司',
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['企业统一社会信用代码', '债权企业统一社会信用代码', '信用代码'],
    width: 22,
    required: true,
    accepts: '18位统一社会信用代码（GB 32100），按校验码核验；空格、小写、全角字符自动规范',
    example: '91422900MA49XK7C3X',
    numFmt: '@',
  },
  {
    key: 'debtorUnit',
    header: '债务单位',
    aliases: ['责任单位', '欠款单位', '债务人', '债务人名称', '拖欠单位'],
    width: 26,
    required: true,
    accepts: '欠款的政府部门、事业单位或国有企业，填写全称（空格、全角半角括号不计）；须在本账号可登记的范围内',
    example: '汉东区教育局',
  },
  {
    key: 'title',
    header: '事项名称',
    aliases: ['项目名称', '欠款事项', '事项'],
    width: 32,
    required: true,
    accepts: '不超过200字，作为案件的事项名称',
    example: '汉东区第三小学校舍维修工程款',
  },
  {
    key: 'amount',
    header: '欠款金额（万元）',
    aliases: ['拖欠金额', '未支付金额', '欠款余额', '主张金额'],
    width: 16,
    required: true,
    accepts: '企业主张的欠款金额，按表头单位（万元或元）填写数字；千分位逗号、文本格式的数字、全角数字均可；应大于0，精确到分',
    example: 68.5,
    numFmt: '#,##0.00####',
  },
  {
    key: 'paymentKind',
    header: '款项类型',
    aliases: ['欠款类型', '账款类型'],
    width: 16,
    required: false,
    accepts: `从下拉列表选择：${PAYMENT_KINDS.map((item) => item.label).join('、')}；可不填`,
    example: '工程款',
    list: PAYMENT_KINDS.map((item) => item.label),
  },
  {
    key: 'debtorKind',
    header: '债务人性质',
    aliases: ['债务单位性质', '债务人类型', '单位性质'],
    width: 12,
    required: false,
    accepts: `从下拉列表选择：${DEBTOR_KIND_OPTIONS.map((item) => item.label).join('、')}（保障中小企业款项支付条例第九条的付款期限因此不同）；可不填`,
    example: '机关',
    list: DEBTOR_KIND_OPTIONS.map((item) => item.label),
  },
  {
    key: 'enterpriseSize',
    header: '企业规模',
    aliases: ['企业类型', '企业规模（订立合同时）'],
    width: 12,
    required: false,
    accepts: `订立合同时的企业规模，从下拉列表选择：${ENTERPRISE_SIZE_OPTIONS.map((item) => item.label).join('、')}；可不填`,
    example: '小型企业',
    list: ENTERPRISE_SIZE_OPTIONS.map((item) => item.label),
  },
  { key: 'contractNo', header: '合同编号', aliases: ['合同号'], width: 18, required: false, accepts: '不超过100字；可不填', example: 'HDJY-2025-017', numFmt: '@' },
  {
    key: 'signedOn',
    header: '合同订立日期',
    aliases: ['合同签订日期', '签订日期'],
    width: 14,
    required: false,
    accepts: '日期，如 2026-03-01、2026/3/1、2026年3月1日，或 Excel 日期；不得晚于今天；可不填',
    example: '2025-03-10',
    numFmt: 'yyyy-mm-dd',
  },
  {
    key: 'deliveredOn',
    header: '交付日期',
    aliases: ['竣工日期', '完工日期', '交付验收日期', '竣工验收日期'],
    width: 14,
    required: false,
    accepts: '货物交付、工程竣工或服务完成的日期，写法同上；不得早于合同订立日期、不得晚于今天；可不填',
    example: '2025-08-20',
    numFmt: 'yyyy-mm-dd',
  },
  {
    key: 'paymentTermDays',
    header: '约定付款期限（天）',
    aliases: ['付款期限（天）', '约定付款期限'],
    width: 12,
    required: false,
    accepts: '合同约定的付款期限，0至3650的整数天数；可不填',
    example: 30,
    numFmt: '0',
  },
  {
    key: 'facts',
    header: '基本情况',
    aliases: ['欠款情况', '情况说明', '备注'],
    width: 48,
    required: false,
    accepts: '欠款的形成和催收情况，不超过5000字；不填时按本行内容生成',
    example: '校舍维修工程于2025年8月竣工验收，结算金额68.5万元，至今未支付。',
  },
  {
    key: 'caseNumber',
    header: '案件编号',
    aliases: ['事项编号'],
    width: 16,
    required: false,
    accepts: '导出台账时填写；导入时填有本市已有案件编号的行视为已登记，跳过不重复登记',
    example: '',
    exportOnly: true,
  },
  { key: 'state', header: '办理状态', aliases: [], width: 12, required: false, accepts: '导出台账时填写，导入时不读', example: '', exportOnly: true },
  {
    key: 'paid',
    header: '已支付金额（万元）',
    aliases: [],
    width: 16,
    required: false,
    accepts: '导出台账时填写（已登记的付款合计），导入时不读',
    example: '',
    numFmt: '#,##0.00####',
    exportOnly: true,
  },
];

/** The ledger's title, by line; only the arrears line has a ledger import yet. */
export const LEDGER_TITLE = `${LINE_LABEL.arrears}台账`;
export const LEDGER_SHEET_NAME = '拖欠账款台账';
export const LEDGER_TEMPLATE_FILE_NAME = '清理拖欠企业账款台账导入模板.xlsx';
/** The header row of the template (and of the export): below the title and 填报单位/填报日期. */
export const LEDGER_HEADER_ROW = 3;

/** How a header names a column: without spaces, brackets made full-width, its unit in brackets left off. */
export const headerKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[(（][^)）]*[)）]$/u, '');

/** The unit of a money header: `欠款金额（万元）` is 万元, `欠款金额(元)` 元, none: null. */
export const headerMoneyUnit = (text: string): '万元' | '元' | null => {
  const unit = /[(（]\s*(万元|元|万)\s*[)）]/u.exec(text.normalize('NFKC'))?.[1];
  return unit === undefined ? null : unit === '元' ? '元' : '万元';
};
