import type { LocalDate } from '../calendar.ts';
import {
  CREDIT_UNIT_KIND_LABEL,
  EXPORT_CHANGE_LABEL,
  type CreditStatus,
  type ExportChange,
  type RecordedUnitKind,
} from './states.ts';

/**
 * S4: the batch file reported to 全国信用信息共享平台 (format: docs/CREDIT-EXPORT.md). Pure:
 * the same rows give the same bytes.
 */

/**
 * What the next batch must tell the platform about a record, given what it was last told, or
 * null when nothing. A record is reported as 新增 once in effect and undisputed (an objection
 * holds it back until decided); a reported record that is revoked or repaired is reported
 * again as 撤销 or 修复. A record revoked before it was ever reported is never disclosed: the
 * objection found no breach. One repaired before it was reported goes out once as 修复, with
 * its facts, so the platform learns both. A record not yet determined (ordered, rectified,
 * refused: 发改财金〔2023〕1103号's steps before 认定) is no breach and is never reported.
 */
export const exportChangeFor = (status: CreditStatus, exported: ExportChange | null): ExportChange | null => {
  switch (status) {
    case 'ordered':
    case 'rectified':
    case 'refused':
      return null;
    case 'recorded':
      return exported === null ? 'added' : null;
    case 'objected':
      return null;
    case 'revoked':
      return exported === 'added' ? 'revoked' : null;
    case 'repaired':
      return exported === 'repaired' || exported === 'revoked' ? null : 'repaired';
  }
};

/** One record as a batch reports it. */
export interface ExportRecord {
  readonly number: string;
  readonly unitName: string;
  readonly unitCreditCode: string;
  readonly unitKind: RecordedUnitKind;
  readonly facts: string;
  readonly basis: string;
  readonly breachOn: LocalDate;
  readonly recordingUnitName: string;
  readonly caseNumber: string | null;
  readonly change: ExportChange;
  readonly revokedOn: LocalDate | null;
  readonly repairedOn: LocalDate | null;
}

/** The columns, in order: the header row of the file. */
export const EXPORT_COLUMNS = [
  ['batchNumber', '数据批次号'],
  ['number', '记录编号'],
  ['unitName', '主体名称'],
  ['unitCreditCode', '统一社会信用代码'],
  ['unitKind', '主体类型'],
  ['facts', '失信行为事实'],
  ['basis', '认定依据'],
  ['breachOn', '认定日期'],
  ['recordingUnitName', '认定单位'],
  ['caseNumber', '关联事项编号'],
  ['change', '状态'],
  ['revokedOn', '撤销日期'],
  ['repairedOn', '修复日期'],
] as const;

export const EXPORT_CONTENT_TYPE = 'text/csv; charset=utf-8';

const BOM = '\uFEFF';

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell starting
 * with = + - @ or a tab is prefixed with an apostrophe so that a spreadsheet shows it as text
 * instead of running it as a formula (CSV injection); no generated field starts so.
 */
export const csvCell = (value: string): string => {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Records in a stable order: by record number. */
const byNumber = (a: ExportRecord, b: ExportRecord): number => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

/**
 * The batch file: UTF-8 with a byte-order mark (so that Excel reads the Chinese), CRLF line
 * ends, a header row, one row per record ordered by record number.
 */
export const exportFileContent = (batchNumber: string, records: readonly ExportRecord[]): Buffer => {
  const rows = [...records].sort(byNumber).map((record) => {
    const values: Record<(typeof EXPORT_COLUMNS)[number][0], string> = {
      batchNumber,
      number: record.number,
      unitName: record.unitName,
      unitCreditCode: record.unitCreditCode,
      unitKind: CREDIT_UNIT_KIND_LABEL[record.unitKind],
      facts: record.facts,
      basis: record.basis,
      breachOn: record.breachOn,
      recordingUnitName: record.recordingUnitName,
      caseNumber: record.caseNumber ?? '',
      change: EXPORT_CHANGE_LABEL[record.change],
      revokedOn: record.change === 'revoked' ? (record.revokedOn ?? '') : '',
      repairedOn: record.change === 'repaired' ? (record.repairedOn ?? '') : '',
    };
    return EXPORT_COLUMNS.map(([key]) => csvCell(values[key])).join(',');
  });
  const header = EXPORT_COLUMNS.map(([, label]) => label).join(',');
  return Buffer.from(BOM + [header, ...rows].join('\r\n') + '\r\n', 'utf8');
};

/** Reads a batch file back (for tests and checks): header labels → values, per row. */
export const parseExportFile = (content: Buffer): Record<string, string>[] => {
  const text = content.toString('utf8').replace(/^\uFEFF/u, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += character;
  }
  const [header, ...body] = rows;
  return body.map((values) => Object.fromEntries((header ?? []).map((label, index) => [label, values[index] ?? ''])));
};
