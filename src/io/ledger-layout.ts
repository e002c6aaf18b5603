/**
 * The case ledgers (台账) as counties and bureaus keep them in Excel, one layout per line —
 * 清理拖欠企业账款, 惠企政策兑现, 招商引资政策兑现, 政府守信践诺 — sharing their common columns:
 * defined once here for the template, the import (`ledger-import.ts`) and the ledger's export.
 * A column has its header (money with its unit: 万元), what it accepts, an example, and, for a
 * code list, the domain's labels offered as a drop-down. The format is documented in
 * docs/IMPORT.md.
 */
import { CONTRACT_SUBJECT_LABEL, CONTRACT_SUBJECTS, DEBTOR_KIND_LABEL, DEBTOR_KINDS, DEPOSIT_KIND_LABEL, DEPOSIT_KINDS, ENTERPRISE_SIZE_LABEL, ENTERPRISE_SIZES, type ContractSubject, type DebtorKind, type DepositKind, type EnterpriseSize } from '../domain/lines/arrears/contract.ts';
import { LINE_LABEL, type Line } from '../domain/lines/vocabulary.ts';

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
  | 'line'
  | 'enterpriseName'
  | 'creditCode'
  | 'unit'
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

const WAN_FORMAT = '#,##0.00####';

const SEQ: LedgerColumn = { key: 'seq', header: '序号', aliases: [], width: 7, required: false, accepts: '行序号，可不填；填“示例”的行不导入', example: '示例' };

const creditCodeColumn = (required: boolean, aliases: readonly string[] = []): LedgerColumn => ({
  key: 'creditCode',
  header: '统一社会信用代码',
  aliases: ['企业统一社会信用代码', '信用代码', ...aliases],
  width: 22,
  required,
  accepts: `18位统一社会信用代码（GB 32100），按校验码核验；空格、小写、全角字符自动规范${required ? '' : '；填写企业名称时必填'}`,
  example: '91422900MA49XK7C3X',
  numFmt: '@',
});

const unitColumn = (header: string, aliases: readonly string[], what: string): LedgerColumn => ({
  key: 'unit',
  header,
  aliases,
  width: 26,
  required: true,
  accepts: `${what}，填写全称（空格、全角半角括号不计）；须在本账号可登记的范围内`,
  example: '汉东区教育局',
});

const titleColumn = (aliases: readonly string[], example: string): LedgerColumn => ({
  key: 'title',
  header: '事项名称',
  aliases: ['项目名称', '事项', ...aliases],
  width: 32,
  required: true,
  accepts: '不超过200字，作为案件的事项名称',
  example,
});

/** 涉及金额（万元）: optional on the lines whose registration takes an amount without requiring one. */
const involvedAmountColumn = (aliases: readonly string[], what: string, example: number | string): LedgerColumn => ({
  key: 'amount',
  header: '涉及金额（万元）',
  aliases: ['涉及金额', '金额', ...aliases],
  width: 16,
  required: false,
  accepts: `${what}，按表头单位（万元或元）填写数字；千分位逗号、文本格式的数字、全角数字均可；填写时应大于0，精确到分；可不填`,
  example,
  numFmt: WAN_FORMAT,
});

const factsColumn = (aliases: readonly string[], what: string, example: string): LedgerColumn => ({
  key: 'facts',
  header: '基本情况',
  aliases: ['情况说明', '备注', ...aliases],
  width: 48,
  required: false,
  accepts: `${what}，不超过5000字；不填时按本行内容生成`,
  example,
});

const CASE_NUMBER: LedgerColumn = {
  key: 'caseNumber',
  header: '案件编号',
  aliases: ['事项编号'],
  width: 16,
  required: false,
  accepts: '导出台账时填写；导入时填有本市已有案件编号的行视为已登记，跳过不重复登记',
  example: '',
  exportOnly: true,
};
const STATE: LedgerColumn = { key: 'state', header: '办理状态', aliases: [], width: 12, required: false, accepts: '导出台账时填写，导入时不读', example: '', exportOnly: true };
const paidColumn = (header: string): LedgerColumn => ({
  key: 'paid',
  header,
  aliases: [],
  width: 16,
  required: false,
  accepts: '导出台账时填写（已登记的付款合计），导入时不读',
  example: '',
  numFmt: WAN_FORMAT,
  exportOnly: true,
});

/** The arrears ledger's columns, in the template's order. */
export const ARREARS_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  SEQ,
  {
    key: 'enterpriseName',
    header: '债权企业名称',
    aliases: ['企业名称', '债权人', '债权人名称', '被拖欠企业', '债权企业'],
    width: 30,
    required: true,
    accepts: '被拖欠账款的企业全称，不超过200字',
    example: '汉江市楚风建筑工程有限公司',
  },
  creditCodeColumn(true, ['债权企业统一社会信用代码']),
  { ...unitColumn('债务单位', ['责任单位', '欠款单位', '债务人', '债务人名称', '拖欠单位'], '欠款的政府部门、事业单位或国有企业'), example: '汉东区教育局' },
  titleColumn(['欠款事项'], '汉东区第三小学校舍维修工程款'),
  {
    key: 'amount',
    header: '欠款金额（万元）',
    aliases: ['拖欠金额', '未支付金额', '欠款余额', '主张金额'],
    width: 16,
    required: true,
    accepts: '企业主张的欠款金额，按表头单位（万元或元）填写数字；千分位逗号、文本格式的数字、全角数字均可；应大于0，精确到分',
    example: 68.5,
    numFmt: WAN_FORMAT,
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
  factsColumn(['欠款情况'], '欠款的形成和催收情况', '校舍维修工程于2025年8月竣工验收，结算金额68.5万元，至今未支付。'),
  CASE_NUMBER,
  STATE,
  paidColumn('已支付金额（万元）'),
];

/** 惠企政策兑现: the enterprise that was promised a benefit, the department that owes it, the amount when it is money. */
export const POLICY_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  SEQ,
  {
    key: 'enterpriseName',
    header: '企业名称',
    aliases: ['申报企业', '申请企业', '企业全称', '反映企业'],
    width: 30,
    required: true,
    accepts: '未兑现政策的企业全称，不超过200字',
    example: '汉江市楚风新材料科技有限公司',
  },
  creditCodeColumn(true),
  unitColumn('责任单位', ['兑现单位', '政策兑现单位', '责任部门', '承办单位'], '应兑现政策的政府部门或单位'),
  titleColumn(['政策名称', '问题事项'], '2025年度技术改造专项补贴未兑现'),
  involvedAmountColumn(['兑现金额', '应兑现金额', '补贴金额', '奖补金额'], '应兑现未兑现的资金金额（知晓难、手续繁等非资金问题可不填）', 45),
  factsColumn(['问题情况', '具体情况'], '政策条款、申报和审核情况、应兑现而未兑现的内容', '企业于2025年5月申报技术改造专项补贴，经审核公示应兑现45万元，至今未拨付。'),
  CASE_NUMBER,
  STATE,
  paidColumn('已拨付金额（万元）'),
];

/** 招商引资政策兑现: the investing enterprise, the unit that made the promise, the amount concerned. */
export const INVESTMENT_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  SEQ,
  {
    key: 'enterpriseName',
    header: '投资企业名称',
    aliases: ['企业名称', '投资企业', '投资方', '签约企业', '项目企业'],
    width: 30,
    required: true,
    accepts: '招商引资项目的投资企业全称，不超过200字',
    example: '汉江市长江智能装备有限公司',
  },
  creditCodeColumn(true),
  unitColumn('责任单位', ['签约单位', '承诺单位', '责任部门', '承办单位'], '作出承诺、应履约的政府部门或单位'),
  titleColumn(['项目名称及问题', '承诺事项', '问题事项'], '智能装备产业园项目厂房租金补贴未兑现'),
  involvedAmountColumn(['承诺金额', '应兑现金额', '奖补金额'], '承诺应兑现而未兑现的金额', 120),
  factsColumn(['问题情况', '具体情况'], '投资协议的承诺、企业的履约情况、未兑现的内容', '投资协议约定项目投产后三年内按年兑现厂房租金补贴，2025年度120万元至今未兑现。'),
  CASE_NUMBER,
  STATE,
  paidColumn('已兑现金额（万元）'),
];

/** 政府守信践诺: a promise of the government not kept; an enterprise only when one is concerned. */
export const INTEGRITY_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  SEQ,
  {
    key: 'enterpriseName',
    header: '企业名称',
    aliases: ['相关企业', '涉及企业', '企业全称'],
    width: 30,
    required: false,
    accepts: '涉及企业时填写企业全称，不超过200字；与统一社会信用代码同时填写；不涉及企业可不填',
    example: '汉江市青山物流有限公司',
  },
  creditCodeColumn(false),
  unitColumn('责任单位', ['承诺单位', '责任部门', '承办单位', '整改单位'], '作出承诺、应整改的政府部门或单位'),
  titleColumn(['承诺事项', '问题事项', '问题'], '园区配套道路未按承诺期限建成'),
  involvedAmountColumn([], '涉及金额（多数事项不涉及金额）', ''),
  factsColumn(['问题情况', '具体情况'], '承诺的内容、期限和未履行的情况', '区政府2024年承诺2025年6月底前建成园区配套道路，至今未完工，影响企业物流通行。'),
  CASE_NUMBER,
  STATE,
];

/** The ledger of several lines, as the export writes it when its filter spans them: the columns every line has, and its 专项行动. */
export const MIXED_LEDGER_COLUMNS: readonly LedgerColumn[] = [
  SEQ,
  { key: 'line', header: '专项行动', aliases: [], width: 18, required: false, accepts: '导出台账时填写', example: '', exportOnly: true },
  { ...POLICY_LEDGER_COLUMNS[1]!, required: false },
  creditCodeColumn(false),
  unitColumn('责任单位', ['债务单位'], '责任单位'),
  titleColumn([], ''),
  { ...involvedAmountColumn([], '涉及金额', ''), aliases: ['欠款金额'] },
  factsColumn([], '基本情况', ''),
  CASE_NUMBER,
  STATE,
  paidColumn('已支付金额（万元）'),
];

/**
 * One line's ledger: its columns (defined once, for the template, the import and the export),
 * its title and sheet, the header that marks the header row, and what a repeated row repeats.
 */
export interface LedgerLayout {
  /** The line; null for the ledger of several lines (export only). */
  readonly line: Line | null;
  readonly columns: readonly LedgerColumn[];
  /** The title row, e.g. 惠企政策兑现问题台账. */
  readonly title: string;
  /** The sheet's tab (at most 31 characters). */
  readonly sheetName: string;
  readonly templateFileName: string;
  /** The export's file name in ASCII, for the header's fallback. */
  readonly asciiName: string;
  /** The column whose header marks the header row: present in every file of the line. */
  readonly anchor: LedgerColumnKey;
  /** What a row that repeats an earlier one has in common with it, in words. */
  readonly repeats: string;
  /** What one row of the ledger is, for 填写说明 (一笔欠款, 一个问题). */
  readonly rowNoun: string;
}

const layout = (line: Line, title: string, sheetName: string, columns: readonly LedgerColumn[], more: Pick<LedgerLayout, 'anchor' | 'repeats' | 'rowNoun'>): LedgerLayout => ({
  line,
  columns,
  title,
  sheetName,
  templateFileName: `${title}导入模板.xlsx`,
  asciiName: `${line}-ledger`,
  ...more,
});

/** Each line's ledger. */
export const LEDGER_LAYOUTS: Readonly<Record<Line, LedgerLayout>> = {
  arrears: layout('arrears', `${LINE_LABEL.arrears}台账`, '拖欠账款台账', ARREARS_LEDGER_COLUMNS, {
    anchor: 'enterpriseName',
    repeats: '企业、债务单位、事项名称和欠款金额',
    rowNoun: '一笔欠款',
  }),
  policy: layout('policy', `${LINE_LABEL.policy}问题台账`, '惠企政策兑现问题台账', POLICY_LEDGER_COLUMNS, {
    anchor: 'enterpriseName',
    repeats: '企业、责任单位、事项名称和涉及金额',
    rowNoun: '一个问题',
  }),
  investment: layout('investment', `${LINE_LABEL.investment}问题台账`, '招商引资政策兑现问题台账', INVESTMENT_LEDGER_COLUMNS, {
    anchor: 'enterpriseName',
    repeats: '企业、责任单位、事项名称和涉及金额',
    rowNoun: '一个问题',
  }),
  integrity: layout('integrity', '政府守信践诺问题台账', '政府守信践诺问题台账', INTEGRITY_LEDGER_COLUMNS, {
    // An item may concern no enterprise: the header row is the one naming 事项名称.
    anchor: 'title',
    repeats: '企业、责任单位、事项名称和涉及金额',
    rowNoun: '一个问题',
  }),
};

/** The ledger of several lines (the export's, when its filter spans lines). */
export const MIXED_LEDGER_LAYOUT: LedgerLayout = {
  line: null,
  columns: MIXED_LEDGER_COLUMNS,
  title: '问题事项台账',
  sheetName: '问题事项台账',
  templateFileName: '问题事项台账.xlsx',
  asciiName: 'case-ledger',
  anchor: 'title',
  repeats: '',
  rowNoun: '一个问题',
};

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
