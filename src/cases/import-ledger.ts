import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { caseReadScope, ledgerImportReach, reachIncludes, type ResponsibleUnitReach } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { AppError } from '../domain/errors.ts';
import { LINE_LABEL, type Line, type Source } from '../domain/lines/vocabulary.ts';
import { isStorableText } from '../domain/text.ts';
import type { Db } from '../db/connection.ts';
import { cases, units } from '../db/schema.ts';
import { headerKey, LEDGER_LAYOUTS, type LedgerColumnKey, type LedgerLayout } from '../io/ledger-layout.ts';
import { normalizeName, readLedgerWorkbook, type LedgerImportError, type LedgerRow } from '../io/ledger-import.ts';
import { writeLedgerTemplate } from '../io/ledger-template.ts';
import { ledMatrixRows, listJurisdictions, matrixLevelOf } from '../reference/reference-data.ts';
import { caseScopeCondition } from './case-conditions.ts';
import { writeRegistrations } from './write-registrations.ts';

/** 台账导入: the source of every case a ledger brings in. */
const SOURCE: Source = 'import';
/** The line a ledger is imported for when the caller names none (the first ledger import was the arrears line's). */
export const DEFAULT_LEDGER_LINE: Line = 'arrears';
/** The cases a result lists by number (the rest are counted). */
const RESULT_CASES_LISTED = 200;
/** A file name as the first event records it. */
const FILE_NAME_MAX = 200;
/** Rows registered together (`writeRegistrations`): large enough that a statement carries many. */
const ROWS_PER_WRITE = 2000;

/**
 * Who may load a line's ledger, and for which units: 营商办 any unit, a county the units of its
 * jurisdictions, a unit itself, a lead bureau the units its matrix rows of the line cover.
 * @throws AppError FORBIDDEN for anyone else
 */
export const assertMayImportLedger = async (app: AppContext, actor: Actor, line: Line = DEFAULT_LEDGER_LINE): Promise<ResponsibleUnitReach> => {
  const reach = ledgerImportReach(actor, line, await ledMatrixRows(app.db, app.tenantId, actor.unitId));
  if (reach === null) {
    throw new AppError('FORBIDDEN', `${LINE_LABEL[line]}台账导入仅限市营商办、县市区（本辖区单位）、责任单位（本单位）和牵头部门（分工范围内的单位）`);
  }
  return reach;
};

/** The lines whose ledger `actor` may import (the session's `importLedgerLines`). */
export const ledgerImportLines = (actor: Actor, ledRows: Parameters<typeof ledgerImportReach>[2]): Line[] =>
  (Object.keys(LEDGER_LAYOUTS) as Line[]).filter((line) => ledgerImportReach(actor, line, ledRows) !== null);

const headerIn = (layout: LedgerLayout) => (key: LedgerColumnKey) => layout.columns.find((column) => column.key === key)!.header;

interface GovernmentUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly jurisdictionId: string;
  readonly key: string;
}

/** Characters two names share in pairs (Dice on bigrams): how alike 汉东区教育局 and 汉东区教体局 are. */
const bigrams = (text: string): Map<string, number> => {
  const pairs = new Map<string, number>();
  for (let index = 0; index < text.length - 1; index += 1) {
    const pair = text.slice(index, index + 2);
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return pairs;
};
const likeness = (a: string, b: string): number => {
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  const total = Math.max(1, a.length - 1) + Math.max(1, b.length - 1);
  return (2 * shared) / total;
};

/**
 * The tenant's units a ledger may name as debtor, matched by their normalised name (NFKC, no
 * spacing): exactly, or by the beginning of a name when it names one unit; otherwise the
 * problem lists up to 3 close names. Each name is matched once per import.
 */
class UnitMatcher {
  private readonly byKey = new Map<string, GovernmentUnit[]>();
  private readonly cache = new Map<string, GovernmentUnit | string>();
  constructor(
    private readonly all: readonly GovernmentUnit[],
    private readonly reach: ResponsibleUnitReach,
    private readonly levelOf: (jurisdictionId: string) => 'city' | 'county',
    /** The unit's column in words: 债务单位 (arrears) or 责任单位. */
    private readonly noun: string,
  ) {
    for (const unit of all) this.byKey.set(unit.key, [...(this.byKey.get(unit.key) ?? []), unit]);
  }

  match(name: string): GovernmentUnit | string {
    const key = normalizeName(name);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const result = this.find(name, key);
    this.cache.set(key, result);
    return result;
  }

  private find(name: string, key: string): GovernmentUnit | string {
    const exact = this.byKey.get(key) ?? [];
    const candidates = exact.length > 0 ? exact : this.all.filter((unit) => unit.key.startsWith(key));
    if (candidates.length > 1) {
      return `“${name}”对应多个单位（${candidates.slice(0, 3).map((unit) => unit.name).join('、')}${candidates.length > 3 ? '等' : ''}），请填写全称`;
    }
    const unit = candidates[0];
    if (unit === undefined) {
      const close = this.all
        .map((candidate) => ({ candidate, score: likeness(key, candidate.key) }))
        .filter((item) => item.score >= 0.4)
        .sort((a, b) => b.score - a.score || a.candidate.name.localeCompare(b.candidate.name, 'zh-CN'))
        .slice(0, 3)
        .map((item) => `“${item.candidate.name}”`);
      return close.length === 0
        ? `未找到${this.noun}“${name}”，请填写本市政府部门、事业单位或国有企业的全称`
        : `未找到${this.noun}“${name}”，是否为：${close.join('、')}？`;
    }
    if (!reachIncludes(this.reach, { id: unit.id, kind: unit.kind, jurisdictionId: unit.jurisdictionId, level: this.levelOf(unit.jurisdictionId) })) {
      return `“${unit.name}”不在本账号可导入的范围内（县市区导入本辖区单位、责任单位导入本单位、牵头部门导入分工范围内单位的台账）`;
    }
    return unit;
  }
}

/** A case a result names: its id and number. */
export interface LedgerImportedCase {
  readonly id: string;
  readonly number: string;
  readonly row: number;
}

/** The dry run (校验): every problem of the file; nothing was written. */
export interface LedgerImportPreview {
  readonly dryRun: true;
  readonly fileName: string;
  readonly sha256: string;
  /** Rows read below the header (the example row and empty rows aside). */
  readonly rows: number;
  /** Rows that would be registered now. */
  readonly importable: number;
  /** Rows imported before (this file's row, or a case number already registered): registered nothing. */
  readonly skipped: number;
  readonly errors: LedgerImportError[];
}

export interface LedgerImportResult {
  readonly dryRun: false;
  readonly fileName: string;
  readonly sha256: string;
  readonly rows: number;
  readonly imported: number;
  readonly skipped: number;
  /** The cases registered, in the file's order (the first 200). */
  readonly cases: LedgerImportedCase[];
}

const invalid = (errors: readonly LedgerImportError[]) =>
  new AppError('IMPORT_INVALID', `台账文件有${errors.length}处问题，未导入任何一行；请逐行修正后重新导入`, { errors });

const byRow = (a: LedgerImportError, b: LedgerImportError) => (a.row ?? 0) - (b.row ?? 0);

/** What the checks of a pass found: the rows to skip, every problem. */
interface Checked {
  readonly skip: ReadonlySet<number>;
  readonly errors: LedgerImportError[];
  readonly rows: number;
}

/**
 * Reads the file and checks every row against the tenant's data (the unit within the importer's
 * reach, the credit code not a public body's, a case number that exists), batch by batch;
 * `eachValid` is awaited with each batch's rows that would be registered.
 */
const checkFile = async (
  db: Db,
  tenantId: string,
  actor: Actor,
  file: { content: Uint8Array; sha256: string; layout: LedgerLayout },
  today: LocalDate,
  matcher: UnitMatcher,
  /** Awaited with each batch's rows that would be registered, and whether every row so far was. */
  eachValid?: (rows: readonly { row: LedgerRow; unitId: string }[], clean: boolean) => Promise<void>,
): Promise<Checked> => {
  const { content, sha256, layout } = file;
  const header = headerIn(layout);
  const imported = new Set(
    (
      await db
        .select({ row: sql<string>`${cases.detail} #>> '{importedFrom,row}'` })
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), sql`${cases.detail} #>> '{importedFrom,sha256}' = ${sha256}`))
    ).map((found) => Number(found.row)),
  );
  const errors: LedgerImportError[] = [];
  const skip = new Set<number>();
  const ownerOf = new Map<string, { name: string; kind: string } | null>();
  const end = await readLedgerWorkbook(content, today, async (rows, rowErrors) => {
    // A row imported before is skipped as it stands: its cells are not checked again.
    const before = new Set(rows.filter((row) => imported.has(row.row)).map((row) => row.row));
    errors.push(...rowErrors.filter((error) => error.row === null || !before.has(error.row)));
    const inError = new Set(rowErrors.map((error) => error.row));
    // A case number names a case registered before (an exported ledger edited and loaded again).
    const numbers = [...new Set(rows.map((row) => row.caseNumber).filter((number) => number !== ''))];
    const known =
      numbers.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .select({ number: cases.number })
                .from(cases)
                .where(and(eq(cases.tenantId, tenantId), inArray(cases.number, numbers), caseScopeCondition(caseReadScope(actor))))
            ).map((found) => found.number),
          );
    const codes = [...new Set(rows.flatMap((row) => (row.creditCode === null || ownerOf.has(row.creditCode) ? [] : [row.creditCode])))];
    if (codes.length > 0) {
      const owners = await db
        .select({ creditCode: units.creditCode, name: units.name, kind: units.kind })
        .from(units)
        .where(and(eq(units.tenantId, tenantId), inArray(units.creditCode, codes)));
      for (const code of codes) ownerOf.set(code, null);
      for (const owner of owners) if (owner.creditCode !== null) ownerOf.set(owner.creditCode, owner);
    }
    const valid: { row: LedgerRow; unitId: string }[] = [];
    for (const row of rows) {
      if (imported.has(row.row)) {
        skip.add(row.row);
        continue;
      }
      if (row.caseNumber !== '') {
        if (known.has(row.caseNumber)) skip.add(row.row);
        else errors.push({ row: row.row, column: header('caseNumber'), value: row.caseNumber, message: `案件编号“${row.caseNumber}”不存在或无权查看；新登记的行请将案件编号留空` });
        continue;
      }
      let ok = !inError.has(row.row);
      let unitId: string | undefined;
      if (row.unit !== '') {
        const unit = matcher.match(row.unit);
        if (typeof unit === 'string') {
          errors.push({ row: row.row, column: header('unit'), value: row.unit, message: unit });
          ok = false;
        } else unitId = unit.id;
      }
      const owner = row.creditCode === null ? null : ownerOf.get(row.creditCode);
      if (owner !== null && owner !== undefined && owner.kind !== 'enterprise') {
        errors.push({ row: row.row, column: header('creditCode'), value: row.creditCode!, message: `统一社会信用代码${row.creditCode}属于“${owner.name}”，不是企业` });
        ok = false;
      }
      if (ok && eachValid !== undefined) valid.push({ row, unitId: unitId! });
    }
    if (eachValid !== undefined && (valid.length > 0 || errors.length > 0)) await eachValid(valid, errors.length === 0);
  }, layout);
  errors.push(...end.fileErrors);
  return { skip, errors: errors.sort(byRow), rows: end.rows };
};

/** The uploaded file's name as recorded: its last path part, on one line, at most 200 characters. */
const recordedName = (name: string): string => {
  const last = name.split(/[\\/]/u).pop() ?? '';
  const plain = last.replace(/[\p{Cc}]/gu, '').trim();
  if (plain === '' || !isStorableText(plain)) return '台账.xlsx';
  return plain.length > FILE_NAME_MAX ? plain.slice(plain.length - FILE_NAME_MAX) : plain;
};

/**
 * 台账导入: loads a line's ledger (.xlsx, the line's layout in `ledger-layout.ts`) as cases of
 * that line and source `import`. Every row is read and
 * checked first, streaming (a file of 100,000 rows is never held as rows); the dry run answers
 * every problem (row, column, value, message) and writes nothing. The import checks the same,
 * answers IMPORT_INVALID with every problem if there is one, and otherwise registers each row not
 * imported before through the one write path, in one transaction: all rows or none. A row
 * imported before (this file's SHA-256 and row, recorded in each case's first event with the
 * file's name; or a case number already registered) is skipped: importing a file again writes
 * nothing.
 * @throws AppError FORBIDDEN, IMPORT_INVALID (details.errors), VERSION_CONFLICT when an import
 *   of the same file raced this one
 */
export async function importLedger(app: AppContext, actor: Actor, file: { name: string; content: Uint8Array }, options: { dryRun: true; line?: Line }): Promise<LedgerImportPreview>;
export async function importLedger(app: AppContext, actor: Actor, file: { name: string; content: Uint8Array }, options?: { dryRun?: false; line?: Line }): Promise<LedgerImportResult>;
export async function importLedger(
  app: AppContext,
  actor: Actor,
  file: { name: string; content: Uint8Array },
  options: { dryRun?: boolean; line?: Line } = {},
): Promise<LedgerImportPreview | LedgerImportResult> {
  const line = options.line ?? DEFAULT_LEDGER_LINE;
  const layout = LEDGER_LAYOUTS[line];
  const reach = await assertMayImportLedger(app, actor, line);
  const today = todayInShanghai(app.clock());
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const fileName = recordedName(file.name);
  const jurisdictions = await listJurisdictions(app.db, app.tenantId);
  const government = (
    await app.db
      .select({ id: units.id, name: units.name, kind: units.kind, jurisdictionId: units.jurisdictionId })
      .from(units)
      .where(and(eq(units.tenantId, app.tenantId), ne(units.kind, 'enterprise')))
      .orderBy(asc(units.name))
  ).map((unit) => ({ ...unit, key: normalizeName(unit.name) }));
  const matcher = new UnitMatcher(government, reach, (jurisdictionId) => matrixLevelOf(jurisdictions, jurisdictionId), headerKey(headerIn(layout)('unit')));
  const source = { content: file.content, sha256, layout };

  if (options.dryRun === true) {
    const checked = await checkFile(app.db, app.tenantId, actor, source, today, matcher);
    return {
      dryRun: true,
      fileName,
      sha256,
      rows: checked.rows,
      importable: checked.errors.length > 0 ? 0 : checked.rows - checked.skip.size,
      skipped: checked.skip.size,
      errors: checked.errors,
    };
  }
  return app.db.transaction(async (tx) => {
    // Two imports of one file wait for each other here, so the second finds the first's cases.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chengxin:ledger-import:${app.tenantId}`}))`);
    const scoped: AppContext = { ...app, db: tx };
    const registered: LedgerImportedCase[] = [];
    let imported = 0;
    const refusals: LedgerImportError[] = [];
    let pending: { row: LedgerRow; unitId: string }[] = [];
    let failed = false;
    // The rows are registered a batch at a time, as one registration after another would be
    // (`writeRegistrations`); once a row fails nothing more is written, the rest is only checked,
    // and the transaction is rolled back with every problem.
    const flush = async () => {
      const rows = pending;
      pending = [];
      if (failed || rows.length === 0) return;
      const outcome = await writeRegistrations(
        scoped,
        actor,
        rows.map(({ row, unitId }) => ({
          register: {
            line,
            source: SOURCE,
            title: row.title,
            facts: row.facts,
            ...(row.creditCode === null ? {} : { enterprise: { name: row.enterpriseName, creditCode: row.creditCode } }),
            responsibleUnitId: unitId,
            claimedAmount: row.claimedAmount,
            ...(row.contract === undefined ? {} : { particulars: { contract: row.contract } }),
          },
          importedFrom: { fileName, sha256, row: row.row },
        })),
      );
      if (outcome.kind === 'refused') {
        failed = true;
        for (const { index, error } of outcome.refusals) refusals.push({ row: rows[index]!.row.row, column: null, value: '', message: error.message, code: error.code });
        return;
      }
      imported += outcome.records.length;
      outcome.records.forEach((record, index) => {
        if (registered.length < RESULT_CASES_LISTED) registered.push({ id: record.id, number: record.number, row: rows[index]!.row.row });
      });
    };
    // One pass under the lock: every row is checked again against what is registered now, and
    // registered while the file is read; the first problem stops the writing.
    const checked = await checkFile(tx, app.tenantId, actor, source, today, matcher, async (rows, clean) => {
      if (!clean) failed = true;
      pending.push(...rows);
      if (pending.length >= ROWS_PER_WRITE) await flush();
    });
    await flush();
    const errors = [...checked.errors, ...refusals].sort(byRow);
    if (errors.length > 0) throw invalid(errors);
    return { dryRun: false as const, fileName, sha256, rows: checked.rows, imported, skipped: checked.skip.size, cases: registered };
  });
}

/**
 * A line's ledger template, its 填报单位 the importer's unit and its example row naming a unit
 * the importer may import for, so that it reads true.
 * @throws AppError FORBIDDEN for anyone who may not import the line's ledger
 */
export const ledgerImportTemplate = async (app: AppContext, actor: Actor, line: Line = DEFAULT_LEDGER_LINE): Promise<Buffer> => {
  const reach = await assertMayImportLedger(app, actor, line);
  const jurisdictions = await listJurisdictions(app.db, app.tenantId);
  const candidates = await app.db
    .select({ id: units.id, name: units.name, kind: units.kind, jurisdictionId: units.jurisdictionId })
    .from(units)
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, ['department', 'institution'])))
    .orderBy(asc(units.name));
  const example = candidates.find((unit) => reachIncludes(reach, { ...unit, level: matrixLevelOf(jurisdictions, unit.jurisdictionId) }));
  const [own] = actor.unitId === null ? [] : await app.db.select({ name: units.name }).from(units).where(and(eq(units.tenantId, app.tenantId), eq(units.id, actor.unitId)));
  const layout = LEDGER_LAYOUTS[line];
  return writeLedgerTemplate(layout, {
    unitName: own?.name ?? '',
    date: todayInShanghai(app.clock()),
    example: { creditCode: makeCreditCode('91422900MA49XK7C3'), unit: example?.name ?? `（${headerKey(headerIn(layout)('unit'))}全称）` },
  });
};
