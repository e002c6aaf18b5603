/**
 * The case ledger workbooks (台账), one layout per line (`ledger-layout.ts`): reading a county's
 * or a bureau's ledger row by row into checked rows (the template is `ledger-template.ts`'s). What a cell may hold is decided here,
 * against `today` given by the caller; what the tenant's data says (the unit, the enterprise,
 * rows imported before, who may import what) is the use case's (`src/cases/import-ledger.ts`).
 * The columns are `ledger-layout.ts`'s; the format is documented in docs/IMPORT.md.
 */
import ExcelJS from 'exceljs';
import type { LocalDate } from '../domain/calendar.ts';
import { registerCaseSchema } from '../domain/case/commands.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { isAppError, type ErrorCode } from '../domain/errors.ts';
import { applyContractPatch, contractFactsPatch, NO_CONTRACT_FACTS, type ContractFactsPatch } from '../domain/lines/arrears/contract.ts';
import { checkContractFacts } from '../domain/lines/arrears/payment-terms.ts';
import { formatWanYuan, parseYuan, type Fen } from '../domain/money.ts';
import { isStorableText } from '../domain/text.ts';
import { cellText, halfWidth, plainValue, readDate } from './cell-values.ts';
import {
  DEBTOR_KIND_OPTIONS,
  ENTERPRISE_SIZE_OPTIONS,
  headerKey,
  headerMoneyUnit,
  LEDGER_LAYOUTS,
  PAYMENT_KINDS,
  type LedgerColumn,
  type LedgerColumnKey,
  type LedgerLayout,
} from './ledger-layout.ts';
import { streamWorkbookRows, type SheetRow } from './workbook-reader.ts';

/** The largest ledger file: 100,000 rows of a dozen columns fit in about 15 MB. */
export const LEDGER_IMPORT_MAX_BYTES = 30 * 1024 * 1024;
export const LEDGER_IMPORT_MAX_TEXT = '30MB';
/** Unpacked, a sheet of 100,000 rows is about 100 MB of XML. */
export const LEDGER_IMPORT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
/** The most rows one file may carry. */
export const LEDGER_IMPORT_MAX_ROWS = 100_000;
/** How far down the first sheet the header row is looked for (title, 填报单位 and 填报日期 rows above it). */
export const LEDGER_HEADER_SEARCH_ROWS = 10;
const EXAMPLE_MARK = '示例';
/** A 序号 that marks a total row (the ledger export ends with 合计). */
const TOTAL_MARKS: readonly string[] = ['合计', '总计', '小计'];
/** A problem's value is shown so far. */
const VALUE_SHOWN = 100;

/** One problem of the file: the row number Excel shows, the column's header as the file writes it, the cell's value; null for the file as a whole. */
export interface LedgerImportError {
  readonly row: number | null;
  readonly column: string | null;
  readonly value: string;
  readonly message: string;
  readonly code?: ErrorCode;
}

/** A ledger row as read and checked; a value that failed its check is null (its error is listed). */
export interface LedgerRow {
  readonly row: number;
  /** '' when the line's row may name no enterprise (政府守信践诺) and this one names none. */
  readonly enterpriseName: string;
  /** Normalised GB 32100 code; null when none was written or it failed its check. */
  readonly creditCode: string | null;
  /** The 债务单位 (arrears) or 责任单位 as written. */
  readonly unit: string;
  readonly title: string;
  /** null when the line's amount is optional and the row gives none (or it failed its check). */
  readonly claimedAmount: Fen | null;
  readonly facts: string;
  /** The contract facts the row gives (款项类型, 债务人性质, 企业规模, 合同…); undefined when none. */
  readonly contract: ContractFactsPatch | undefined;
  /** The case number a ledger exported from the platform carries ('' for a new row). */
  readonly caseNumber: string;
}

/** Where the header is and which columns it holds. */
interface Header {
  readonly row: number;
  readonly columnOf: ReadonlyMap<LedgerColumnKey, { index: number; header: string }>;
  readonly amountInWan: boolean;
  readonly layout: LedgerLayout;
  readonly columns: LayoutColumns;
}

/** A layout's columns by key, and each one's name as a problem says it (its header without unit or brackets). */
interface LayoutColumns {
  readonly byKey: ReadonlyMap<LedgerColumnKey, LedgerColumn>;
  readonly nameOf: ReadonlyMap<LedgerColumnKey, string>;
}
const layoutColumns = (layout: LedgerLayout): LayoutColumns => ({
  byKey: new Map(layout.columns.map((column) => [column.key, column])),
  nameOf: new Map(layout.columns.map((column) => [column.key, headerKey(column.header)])),
});

/** The columns the import reads of a layout: all but the export's, 案件编号 aside. */
const importedColumns = (layout: LedgerLayout) => layout.columns.filter((column) => column.exportOnly !== true || column.key === 'caseNumber');
export const columnOf = (layout: LedgerLayout, key: LedgerColumnKey): LedgerColumn => layout.columns.find((column) => column.key === key)!;

/** The columns a header row holds, by the template's header or an alias (spacing, brackets and the unit in brackets aside). */
const readHeader = (row: SheetRow, layout: LedgerLayout): Map<LedgerColumnKey, { index: number; header: string }> => {
  const found = new Map<LedgerColumnKey, { index: number; header: string }>();
  const imported = importedColumns(layout);
  for (const [index, value] of row.cells) {
    const text = cellText(plainValue(value));
    const key = headerKey(text);
    const column = imported.find((candidate) => [candidate.header, ...candidate.aliases].some((name) => headerKey(name) === key));
    if (column !== undefined && !found.has(column.key)) found.set(column.key, { index, header: text });
  }
  return found;
};

const shown = (text: string) => (text.length > VALUE_SHOWN ? `${text.slice(0, VALUE_SHOWN)}…` : text);

const messageOf = (error: unknown): string => (isAppError(error) ? error.message : String(error));

const enterpriseNameSchema = registerCaseSchema.shape.enterprise.unwrap().shape.name;

/** A name as it is compared: NFKC (full-width letters, digits and brackets as half-width), without any spacing. */
export const normalizeName = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '');

/**
 * An amount in the header's unit: a number cell, or text with thousands separators, full-width
 * digits or its own unit (`68.5万元`, `685,000元`), read exactly by `parseYuan`.
 * @throws AppError AMOUNT_INVALID
 */
const readAmount = (value: ExcelJS.CellValue, inWan: boolean): Fen => {
  const plain = plainValue(value);
  let text = halfWidth(cellText(plain)).replace(/\s+/gu, '').replaceAll('，', ',');
  if (typeof plain === 'number') {
    // A number cell holds a float: as Excel shows it (15 digits, no binary noise), never in exponent form.
    const exact = Number(plain.toPrecision(15));
    text = /e/iu.test(String(exact)) ? exact.toFixed(inWan ? 6 : 2) : String(exact);
  }
  return parseYuan(/(万元|万|元)$/u.test(text) ? text : `${text}${inWan ? '万元' : '元'}`);
};

/** A code list's value: its label, or the label without its last character (`中型`, `工程` for 工程款). */
const listValue = <T,>(text: string, options: readonly { label: string; value: T }[]): T | null => {
  const plain = normalizeName(text);
  return options.find((option) => option.label === plain || option.label.replace(/(企业|款)$/u, '') === plain)?.value ?? null;
};

/** A payment kind's entry whole: its name (工程款) as well as its kind. */
const PAYMENT_KIND_OPTIONS = PAYMENT_KINDS.map((item) => ({ label: item.label, value: item }));
const DEBTOR_OPTIONS = DEBTOR_KIND_OPTIONS.map((item) => ({ label: item.label, value: item.kind }));
const SIZE_OPTIONS = ENTERPRISE_SIZE_OPTIONS.map((item) => ({ label: item.label, value: item.size }));

/** A schema a required text is checked by: its first issue's words are the problem's. */
type TextSchema = { safeParse: (value: unknown) => { success: boolean; error?: { issues: { message: string }[] } } };

/**
 * One row's cells by column key, and the problems found in them: what `readRow` reads a row
 * with, built once per row (the layout's columns are looked up in `Header.columns`).
 */
class RowCells {
  readonly errors: LedgerImportError[] = [];
  constructor(
    private readonly row: SheetRow,
    private readonly header: Header,
  ) {}
  column(key: LedgerColumnKey): LedgerColumn {
    return this.header.columns.byKey.get(key)!;
  }
  has(key: LedgerColumnKey): boolean {
    return this.header.columns.byKey.has(key);
  }
  raw(key: LedgerColumnKey): ExcelJS.CellValue {
    const at = this.header.columnOf.get(key);
    return at === undefined ? null : (this.row.cells.get(at.index) ?? null);
  }
  text(key: LedgerColumnKey): string {
    return cellText(plainValue(this.raw(key)));
  }
  fail(key: LedgerColumnKey, message: string, code?: ErrorCode): void {
    this.errors.push({
      row: this.row.row,
      column: this.header.columnOf.get(key)?.header ?? this.column(key).header,
      value: shown(this.text(key)),
      message,
      ...(code === undefined ? {} : { code }),
    });
  }
  storable(key: LedgerColumnKey, value: string): string {
    if (!isStorableText(value)) this.fail(key, `${this.column(key).header}含有无法保存的字符`);
    return value;
  }
  required(key: LedgerColumnKey, schema?: TextSchema): string {
    const value = this.text(key);
    const name = this.header.columns.nameOf.get(key)!;
    if (value === '') this.fail(key, `请填写${name}`);
    else if (schema !== undefined) {
      const result = schema.safeParse(value);
      if (!result.success) this.fail(key, (result.error?.issues[0]?.message ?? '取值无效').replace(/^(事项名称|基本情况|企业名称)/u, name));
    }
    return value;
  }
}

/** Checks one row's cells against `today`. */
const readRow = (row: SheetRow, header: Header, today: LocalDate): { value: LedgerRow; errors: LedgerImportError[] } => {
  const cells = new RowCells(row, header);
  const { layout } = header;

  // The enterprise: required where the line's registration needs one; where it may have none (政府守信践诺), its name and code go together.
  const enterpriseRequired = cells.column('enterpriseName').required;
  const optionalName = enterpriseRequired ? '' : cells.text('enterpriseName');
  const optionalCode = enterpriseRequired ? '' : cells.text('creditCode');
  const withEnterprise = enterpriseRequired || optionalName !== '' || optionalCode !== '';
  let enterpriseName = '';
  let creditCode: string | null = null;
  if (withEnterprise) {
    enterpriseName = cells.required('enterpriseName', enterpriseNameSchema);
    const codeText = cells.required('creditCode');
    if (codeText !== '') {
      try {
        creditCode = assertCreditCode(halfWidth(codeText));
      } catch (error) {
        cells.fail('creditCode', messageOf(error));
      }
    }
  }
  const unit = cells.storable('unit', cells.required('unit'));
  const title = cells.required('title', registerCaseSchema.shape.title);

  let claimedAmount: Fen | null = null;
  const amountColumn = cells.column('amount');
  const amountText = amountColumn.required ? cells.required('amount') : cells.text('amount');
  if (amountText !== '') {
    try {
      claimedAmount = readAmount(cells.raw('amount'), header.amountInWan);
      if (claimedAmount === 0) {
        claimedAmount = null;
        cells.fail('amount', `${headerKey(amountColumn.header)}应大于0`);
      }
    } catch (error) {
      cells.fail('amount', messageOf(error));
    }
  }

  // The contract facts (arrears only): each optional, each checked as the registration form checks them.
  const patch: Record<string, unknown> = {};
  const paymentText = cells.has('paymentKind') ? cells.text('paymentKind') : '';
  // The kind's own name (工程款 for a cell that says 工程), for the story of a row without one.
  let paymentLabel = '';
  if (paymentText !== '') {
    const entry = listValue(paymentText, PAYMENT_KIND_OPTIONS);
    if (entry === null) cells.fail('paymentKind', `款项类型应为${PAYMENT_KINDS.map((item) => item.label).join('、')}之一`);
    else {
      paymentLabel = entry.label;
      if ('subject' in entry.kind) patch.subject = entry.kind.subject;
      else patch.depositKind = entry.kind.deposit;
    }
  }
  const debtorText = cells.text('debtorKind');
  if (debtorText !== '') {
    const kind = listValue(debtorText, DEBTOR_OPTIONS);
    if (kind === null) cells.fail('debtorKind', `债务人性质应为${DEBTOR_KIND_OPTIONS.map((item) => item.label).join('、')}之一`);
    else patch.debtorKind = kind;
  }
  const sizeText = cells.text('enterpriseSize');
  if (sizeText !== '') {
    const size = listValue(sizeText, SIZE_OPTIONS);
    if (size === null) cells.fail('enterpriseSize', `企业规模应为${ENTERPRISE_SIZE_OPTIONS.map((item) => item.label).join('、')}之一`);
    else patch.enterpriseSize = { size };
  }
  const contractNo = cells.storable('contractNo', cells.text('contractNo'));
  if (contractNo !== '') {
    if (contractNo.length > 100) cells.fail('contractNo', '合同编号不能超过100字');
    else patch.contractNo = contractNo;
  }
  for (const key of ['signedOn', 'deliveredOn'] as const) {
    const written = cells.text(key);
    if (written === '') continue;
    const day = readDate(cells.raw(key));
    const name = cells.column(key).header;
    if (day === null) cells.fail(key, `${name}“${written}”无法识别，请填写如 2026-03-01、2026/3/1 或 2026年3月1日 的日期`);
    else if (day > today) cells.fail(key, `${name} ${day} 晚于今天（${today}）`);
    else patch[key] = day;
  }
  if (typeof patch.signedOn === 'string' && typeof patch.deliveredOn === 'string' && patch.deliveredOn < patch.signedOn) {
    cells.fail('deliveredOn', `交付日期 ${patch.deliveredOn} 早于合同订立日期 ${patch.signedOn}`);
  }
  const termText = halfWidth(cells.text('paymentTermDays')).replace(/天$/u, '');
  if (termText !== '') {
    const days = /^\d{1,4}$/u.test(termText) ? Number(termText) : Number.NaN;
    if (!Number.isInteger(days) || days > 3650) cells.fail('paymentTermDays', '约定付款期限应为0至3650的整数天数');
    else patch.paymentTermDays = days;
  }
  let contract: ContractFactsPatch | undefined;
  if (Object.keys(patch).length > 0) {
    const parsed = contractFactsPatch.safeParse(patch);
    if (!parsed.success) cells.fail('contractNo', parsed.error.issues[0]?.message ?? '合同信息无效');
    else {
      try {
        checkContractFacts(applyContractPatch(NO_CONTRACT_FACTS, parsed.data), today);
        contract = parsed.data;
      } catch (error) {
        // What the contract's own rules refuse: the later date is the one to look at.
        cells.fail(patch.deliveredOn !== undefined ? 'deliveredOn' : 'signedOn', messageOf(error), 'CONTRACT_FACTS_INVALID');
      }
    }
  }

  let facts = cells.text('facts');
  if (facts === '' && layout.line === 'arrears' && enterpriseName !== '' && unit !== '' && claimedAmount !== null) {
    // A ledger row without its story: the case says what the ledger says.
    facts = `据台账登记：${unit}拖欠${enterpriseName}${paymentLabel === '' ? '账款' : paymentLabel}${formatWanYuan(claimedAmount)}${contractNo === '' ? '' : `（合同编号 ${contractNo}）`}。`;
  } else if (facts === '' && layout.line !== 'arrears' && unit !== '' && title !== '') {
    facts = `据台账登记：${enterpriseName === '' ? '' : `${enterpriseName}反映`}${title}${claimedAmount === null ? '' : `，涉及金额${formatWanYuan(claimedAmount)}`}；责任单位${unit}。`;
  } else if (facts !== '') {
    const result = registerCaseSchema.shape.facts.safeParse(facts);
    if (!result.success) cells.fail('facts', (result.error.issues[0]?.message ?? '取值无效'));
  }
  const caseNumber = cells.storable('caseNumber', cells.text('caseNumber'));
  if (caseNumber.length > 40) cells.fail('caseNumber', '案件编号不能超过40字');

  return { value: { row: row.row, enterpriseName, creditCode, unit, title, claimedAmount, facts, contract, caseNumber }, errors: cells.errors };
};

/** What reading a ledger file found: its rows were handed on in batches; these are the file's own problems and its count. */
export interface LedgerReadEnd {
  /** Problems of the whole file or its header (the rows' own came with their batches). */
  readonly fileErrors: LedgerImportError[];
  readonly rows: number;
}

const fileError = (message: string, row: number | null = null, column: string | null = null): LedgerImportError => ({ row, column, value: '', message });

/**
 * Reads the first sheet of a ledger workbook in `layout` row by row: finds the header row (the
 * first of the first 10 that holds the layout's anchor — 债权企业名称, 企业名称, 事项名称 — or
 * another name of it), then checks every non-empty row below it (skipping the template's example
 * row) and hands them on in batches with their problems, awaiting `onRows` between batches;
 * nothing of the sheet is held whole. Also flags a row that repeats an earlier one (same
 * enterprise, unit, 事项名称 and amount).
 * @throws AppError PAYLOAD_TOO_LARGE for an archive past the unpacking limits (a zip bomb)
 */
export const readLedgerWorkbook = async (
  content: Uint8Array,
  today: LocalDate,
  onRows: (rows: readonly LedgerRow[], errors: readonly LedgerImportError[]) => void | Promise<void>,
  layout: LedgerLayout = LEDGER_LAYOUTS.arrears,
): Promise<LedgerReadEnd> => {
  const anchor = headerKey(columnOf(layout, layout.anchor).header);
  const noHeader = `第一张工作表前${LEDGER_HEADER_SEARCH_ROWS}行中未找到表头“${anchor}”，请使用${layout.title}导入模板`;
  const imported = importedColumns(layout);
  const amountRequired = columnOf(layout, 'amount').required;
  const enterpriseRequired = columnOf(layout, 'enterpriseName').required;
  let header: Header | null = null;
  let headerError: LedgerImportError[] | null = null;
  let count = 0;
  let sawRows = 0;
  const firstRowOf = new Map<string, number>();
  const end = await streamWorkbookRows(content, {
    sheetIndex: 0,
    maxRows: LEDGER_IMPORT_MAX_ROWS + LEDGER_HEADER_SEARCH_ROWS + 1,
    maxUnpackedBytes: LEDGER_IMPORT_MAX_UNPACKED_BYTES,
    onRows: async (batch) => {
      if (headerError !== null) return;
      const rows: LedgerRow[] = [];
      const errors: LedgerImportError[] = [];
      for (const sheetRow of batch) {
        sawRows += 1;
        if (header === null) {
          if (sheetRow.row > LEDGER_HEADER_SEARCH_ROWS) {
            headerError = [fileError(noHeader)];
            return;
          }
          const found = readHeader(sheetRow, layout);
          if (!found.has(layout.anchor)) continue;
          // A line whose enterprise is optional still needs both columns when it has one of them.
          const missing = imported.filter(
            (column) => (column.required || (column.key === 'creditCode' && found.has('enterpriseName')) || (column.key === 'enterpriseName' && found.has('creditCode'))) && !found.has(column.key),
          );
          if (missing.length > 0) {
            headerError = missing.map((column) => fileError(`缺少“${column.header}”列`, sheetRow.row, column.header));
            return;
          }
          const amountHeader = found.get('amount')?.header;
          const unit = amountHeader === undefined ? '万元' : headerMoneyUnit(amountHeader);
          if (unit === null) {
            const base = headerKey(columnOf(layout, 'amount').header);
            headerError = [fileError(`表头“${amountHeader}”未注明金额单位，请写作“${base}（万元）”或“${base}（元）”`, sheetRow.row, amountHeader)];
            return;
          }
          header = { row: sheetRow.row, columnOf: found, amountInWan: unit === '万元', layout, columns: layoutColumns(layout) };
          continue;
        }
        const current: Header = header;
        let empty = true;
        for (const { index } of current.columnOf.values()) {
          if (cellText(plainValue(sheetRow.cells.get(index) ?? null)) !== '') {
            empty = false;
            break;
          }
        }
        if (empty) continue;
        const seq = current.columnOf.get('seq');
        const seqText = seq === undefined ? '' : cellText(plainValue(sheetRow.cells.get(seq.index) ?? null));
        // The template's example row, and the 合计 row an exported ledger ends with.
        if (seqText.startsWith(EXAMPLE_MARK) || TOTAL_MARKS.includes(seqText.replace(/\s+/gu, ''))) continue;
        count += 1;
        if (count > LEDGER_IMPORT_MAX_ROWS) {
          headerError = [fileError(`一次最多导入${LEDGER_IMPORT_MAX_ROWS}行，请拆分为多个文件`)];
          return;
        }
        const read = readRow(sheetRow, current, today);
        const { value } = read;
        const comparable = (value.creditCode !== null || !enterpriseRequired) && (value.claimedAmount !== null || !amountRequired) && value.title !== '' && value.unit !== '';
        if (comparable && value.caseNumber === '') {
          const key = `${value.creditCode ?? ''}\u0000${normalizeName(value.unit)}\u0000${normalizeName(value.title)}\u0000${value.claimedAmount ?? ''}`;
          const first = firstRowOf.get(key);
          if (first === undefined) firstRowOf.set(key, value.row);
          else {
            read.errors.push({
              row: value.row,
              column: current.columnOf.get('title')!.header,
              value: shown(value.title),
              message: `与第${first}行重复（${layout.repeats}均相同）`,
            });
          }
        }
        rows.push(value);
        errors.push(...read.errors);
      }
      if (rows.length > 0 || errors.length > 0) await onRows(rows, errors);
    },
  });
  if (end.kind === 'not_xlsx') return { fileErrors: [fileError(`文件不是有效的 Excel 工作簿（.xlsx），请使用${layout.title}导入模板，或在 Excel 中另存为 .xlsx 后导入`)], rows: 0 };
  if (end.kind === 'too_many_rows') return { fileErrors: [fileError(`一次最多导入${LEDGER_IMPORT_MAX_ROWS}行，请拆分为多个文件`)], rows: 0 };
  if (end.kind === 'cell_invalid') return { fileErrors: [{ row: end.row, column: end.column, value: '', message: end.message }], rows: 0 };
  if (headerError !== null) return { fileErrors: headerError, rows: 0 };
  if (header === null) {
    return {
      fileErrors: [fileError(sawRows === 0 ? '工作表是空的' : noHeader)],
      rows: 0,
    };
  }
  if (count === 0) return { fileErrors: [fileError('文件中没有台账数据（表头以下均为空行或示例行）')], rows: 0 };
  return { fileErrors: [], rows: count };
};
