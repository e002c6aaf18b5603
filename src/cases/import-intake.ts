import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { mayImportIntake } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { isOpenLine } from '../domain/lines/registry.ts';
import type { Line, Source } from '../domain/lines/vocabulary.ts';
import type { Fen } from '../domain/money.ts';
import type { Db } from '../db/connection.ts';
import { cases, units } from '../db/schema.ts';
import {
  INTAKE_IMPORT_COLUMNS,
  INTAKE_IMPORT_LINES,
  readIntakeWorkbook,
  writeIntakeTemplate,
  type IntakeImportError,
  type IntakeImportLine,
  type IntakeImportRow,
  type IntakeLineOrigin,
} from '../io/intake-import.ts';
import { ledMatrixRows } from '../reference/reference-data.ts';
import { registerCase } from './register-case.ts';

/** S3: the provincial SME platform's demands come in by import. */
const SOURCE: Source = 'provincial_platform';

/**
 * S3: 营商办 imports, and so does the lead bureau whose unit leads the platform's matrix row
 * (经信局, `investment_provincial_platform`), as the matrix says today.
 * @throws AppError FORBIDDEN for anyone else
 */
export const assertMayImportIntake = async (app: AppContext, actor: Actor): Promise<void> => {
  if (!mayImportIntake(actor, await ledMatrixRows(app.db, app.tenantId, actor.unitId))) {
    throw new AppError('FORBIDDEN', '省平台诉求导入仅限市营商办和牵头省平台诉求的部门（见责任分工矩阵）');
  }
};

type UnitRow = { id: string; name: string; kind: string };

/** The unit a row names: its exact name, or the one government unit whose name starts so. */
const matchUnit = (name: string, exact: ReadonlyMap<string, UnitRow[]>, government: readonly UnitRow[]): UnitRow | string => {
  const named = exact.get(name) ?? [];
  if (named.length === 1) {
    const [unit] = named as [UnitRow];
    return unit.kind === 'enterprise' ? `“${name}”是企业，被反映单位应为政府部门、事业单位或国有企业` : unit;
  }
  const candidates = named.length > 1 ? named.filter((unit) => unit.kind !== 'enterprise') : government.filter((unit) => unit.name.startsWith(name));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) return `未找到单位“${name}”，请填写本市政府部门、事业单位或国有企业的全称`;
  const shown = candidates.slice(0, 5).map((unit) => unit.name);
  return `“${name}”对应多个单位（${shown.join('、')}${candidates.length > 5 ? '等' : ''}），请填写全称`;
};

/**
 * Checks the rows against the tenant's data: the unit named, the credit code not a non-enterprise
 * unit's. Rows whose platform id is already on a case were skipped before.
 */
const checkReferences = async (tx: Db, tenantId: string, rows: readonly IntakeImportRow[]) => {
  const errors: IntakeImportError[] = [];
  const unitIds = new Map<number, UnitRow>();
  if (rows.length === 0) return { errors, unitIds };
  const government = await tx
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), ne(units.kind, 'enterprise')))
    .orderBy(asc(units.name));
  const names = [...new Set(rows.map((row) => row.unitName).filter((name) => name !== ''))];
  const exactRows =
    names.length === 0
      ? []
      : await tx
          .select({ id: units.id, name: units.name, kind: units.kind })
          .from(units)
          .where(and(eq(units.tenantId, tenantId), inArray(units.name, names)));
  const exact = new Map<string, UnitRow[]>();
  for (const unit of exactRows) exact.set(unit.name, [...(exact.get(unit.name) ?? []), unit]);
  const codes = [...new Set(rows.flatMap((row) => (row.creditCode === null ? [] : [row.creditCode])))];
  const owners =
    codes.length === 0
      ? []
      : await tx
          .select({ creditCode: units.creditCode, name: units.name, kind: units.kind })
          .from(units)
          .where(and(eq(units.tenantId, tenantId), inArray(units.creditCode, codes)));
  const ownerOf = new Map(owners.map((owner) => [owner.creditCode, owner]));

  for (const row of rows) {
    if (row.unitName !== '') {
      const unit = matchUnit(row.unitName, exact, government);
      if (typeof unit === 'string') errors.push({ row: row.row, column: INTAKE_IMPORT_COLUMNS.unitName, message: unit });
      else unitIds.set(row.row, unit);
    }
    const owner = row.creditCode === null ? undefined : ownerOf.get(row.creditCode);
    if (owner !== undefined && owner.kind !== 'enterprise') {
      errors.push({
        row: row.row,
        column: INTAKE_IMPORT_COLUMNS.creditCode,
        message: `统一社会信用代码${row.creditCode}属于“${owner.name}”，不是企业`,
      });
    }
  }
  return { errors, unitIds };
};

/** Where a registration error belongs in the file. */
const COLUMN_OF_FIELD: Record<string, string> = {
  'enterprise.creditCode': INTAKE_IMPORT_COLUMNS.creditCode,
  'enterprise.name': INTAKE_IMPORT_COLUMNS.enterpriseName,
  responsibleUnitId: INTAKE_IMPORT_COLUMNS.unitName,
  claimedAmount: INTAKE_IMPORT_COLUMNS.amount,
  title: INTAKE_IMPORT_COLUMNS.title,
  facts: INTAKE_IMPORT_COLUMNS.facts,
  line: INTAKE_IMPORT_COLUMNS.line,
};

const invalid = (errors: readonly IntakeImportError[]) =>
  new AppError('IMPORT_INVALID', `导入文件有${errors.length}处错误，未导入任何诉求；请逐行修正后重新导入`, { errors });

/** What the importer may tell the import besides the file. */
export interface IntakeImportOptions {
  /** Check everything and show what would be registered, writing nothing (the preview). */
  readonly dryRun?: boolean;
  /** The importer's line for a demand, by its 诉求编号: the preview's choices, over the file's column. */
  readonly lines?: Readonly<Record<string, Line>>;
}

export interface IntakeImportResult {
  readonly dryRun: false;
  /** Demands registered by this import. */
  readonly imported: number;
  /** Demands of the file already on a case (an earlier import of them): registered nothing. */
  readonly skipped: number;
  readonly cases: { id: string; number: string; title: string; externalRef: string; line: Line }[];
  readonly existing: { externalRef: string; number: string }[];
}

/** One demand of the file as the preview shows it, with the line it would go to and where that came from. */
export interface IntakeImportPreviewRow {
  readonly row: number;
  readonly externalRef: string;
  readonly title: string;
  readonly enterpriseName: string;
  readonly unitName: string;
  /** The unit the name was matched to; null when it matched none (see the errors). */
  readonly responsibleUnitName: string | null;
  readonly claimedAmount: Fen | null;
  /** Null when the file names a line that cannot be read (see the errors). */
  readonly line: Line | null;
  readonly lineFrom: IntakeLineOrigin;
  /** The file's 所属行动 cell as written. */
  readonly lineText: string;
  /** The case the demand was imported as before: it is skipped, whatever its line. */
  readonly existingNumber: string | null;
}

/** The preview (dry run): every demand with its line, every error; nothing was written. */
export interface IntakeImportPreview {
  readonly dryRun: true;
  /** Demands that would be registered now. */
  readonly importable: number;
  readonly skipped: number;
  readonly rows: IntakeImportPreviewRow[];
  /** Every problem of the file; committing answers IMPORT_INVALID with them until there are none. */
  readonly errors: IntakeImportError[];
  /** The lines a demand may be put on: those an import takes that are open. */
  readonly lines: IntakeImportLine[];
}

/** Carries the preview out of the transaction it rolls back. */
class PreviewRollback extends Error {
  constructor(readonly preview: IntakeImportPreview) {
    super('preview');
  }
}

const byRow = (a: IntakeImportError, b: IntakeImportError) => (a.row ?? 0) - (b.row ?? 0);

/**
 * S3: imports the demands of an .xlsx exported from 湖北省中小微企业诉求响应平台, each to the
 * line it concerns (the importer's choice, else the file's 所属行动, else arrears). Every row is
 * checked first; with any error nothing is written and every error is reported. Otherwise each
 * demand not imported before is registered by `registerCase` (source `provincial_platform`,
 * pending 营商办's intake) in one transaction: all land or none. The platform id makes it
 * idempotent: a demand already on a case is skipped, not registered twice. A dry run does all
 * of it, registrations included, and rolls it back: the preview shows what would land, with
 * every error, registration errors too.
 * @throws AppError FORBIDDEN, IMPORT_INVALID (details.errors: [{ row, column, message, code? }]),
 *   VERSION_CONFLICT when a concurrent registration of the same demand won
 */
export async function importIntake(app: AppContext, actor: Actor, content: Uint8Array, options: IntakeImportOptions & { dryRun: true }): Promise<IntakeImportPreview>;
export async function importIntake(app: AppContext, actor: Actor, content: Uint8Array, options?: IntakeImportOptions & { dryRun?: false }): Promise<IntakeImportResult>;
export async function importIntake(app: AppContext, actor: Actor, content: Uint8Array, options?: IntakeImportOptions): Promise<IntakeImportResult | IntakeImportPreview>;
export async function importIntake(
  app: AppContext,
  actor: Actor,
  content: Uint8Array,
  options: IntakeImportOptions = {},
): Promise<IntakeImportResult | IntakeImportPreview> {
  await assertMayImportIntake(app, actor);
  const dryRun = options.dryRun === true;
  const today = todayInShanghai(app.clock());
  const file = await readIntakeWorkbook(content, today, options.lines === undefined ? {} : { lines: options.lines });
  if (file.rows.length === 0) throw invalid(file.errors);

  try {
    return await app.db.transaction(async (tx) => {
      // Two imports of one file wait for each other here, so the second finds the first's cases.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chengxin:intake-import:${app.tenantId}`}))`);
      const refs = [...new Set(file.rows.map((row) => row.externalRef).filter((ref) => ref !== ''))];
      const externalRef = sql<string>`${cases.detail} ->> 'externalRef'`;
      const found =
        refs.length === 0
          ? []
          : await tx
              .select({ externalRef, number: cases.number })
              .from(cases)
              .where(and(eq(cases.tenantId, app.tenantId), eq(cases.source, SOURCE), inArray(externalRef, refs)));
      const existingNumber = new Map(found.map((row) => [row.externalRef, row.number]));
      // A demand already imported is skipped as it stands: its row is not checked again.
      const fresh = file.rows.filter((row) => !existingNumber.has(row.externalRef));
      const freshRows = new Set(fresh.map((row) => row.row));
      const references = await checkReferences(tx, app.tenantId, fresh);
      const errors = [...file.errors.filter((error) => error.row === null || freshRows.has(error.row)), ...references.errors];
      if (errors.length > 0 && !dryRun) throw invalid(errors.sort(byRow));

      // Each demand in a savepoint of its own, so that one refused registration leaves the
      // others standing and every refusal is reported; the transaction still lands all or none.
      const scoped: AppContext = { ...app, db: tx };
      const registered: IntakeImportResult['cases'] = [];
      const rowsInError = new Set(errors.map((error) => error.row));
      for (const row of fresh) {
        if (rowsInError.has(row.row) || row.line === null) continue;
        try {
          const record = await registerCase(
            scoped,
            actor,
            {
              line: row.line,
              source: SOURCE,
              title: row.title,
              facts: row.facts,
              enterprise: { name: row.enterpriseName, creditCode: row.creditCode! },
              responsibleUnitId: references.unitIds.get(row.row)!.id,
              claimedAmount: row.claimedAmount,
            },
            { externalRef: row.externalRef, submittedOn: row.submittedOn! },
          );
          registered.push({ id: record.id, number: record.number, title: record.title, externalRef: row.externalRef, line: row.line });
        } catch (error) {
          if (!isAppError(error) || error.code === 'VERSION_CONFLICT' || error.code === 'INTERNAL') throw error;
          const field = typeof error.details.field === 'string' ? error.details.field : '';
          errors.push({ row: row.row, column: COLUMN_OF_FIELD[field] ?? null, message: error.message, code: error.code });
        }
      }
      errors.sort(byRow);
      if (dryRun) {
        throw new PreviewRollback({
          dryRun: true,
          importable: fresh.length,
          skipped: file.rows.length - fresh.length,
          rows: file.rows.map((row) => ({
            row: row.row,
            externalRef: row.externalRef,
            title: row.title,
            enterpriseName: row.enterpriseName,
            unitName: row.unitName,
            responsibleUnitName: references.unitIds.get(row.row)?.name ?? null,
            claimedAmount: row.claimedAmount,
            line: row.line,
            lineFrom: row.lineFrom,
            lineText: row.lineText,
            existingNumber: existingNumber.get(row.externalRef) ?? null,
          })),
          errors,
          lines: INTAKE_IMPORT_LINES.filter((line) => isOpenLine(line)),
        });
      }
      if (errors.length > 0) throw invalid(errors);
      return {
        dryRun: false as const,
        imported: registered.length,
        skipped: file.rows.length - fresh.length,
        cases: registered,
        existing: file.rows.flatMap((row) => {
          const number = existingNumber.get(row.externalRef);
          return number === undefined ? [] : [{ externalRef: row.externalRef, number }];
        }),
      };
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.preview;
    throw error;
  }
}

/**
 * The import template, its example row naming one of the tenant's own units so that it reads true.
 * @throws AppError FORBIDDEN for anyone who may not import
 */
export const intakeImportTemplate = async (app: AppContext, actor: Actor): Promise<Buffer> => {
  await assertMayImportIntake(app, actor);
  const [unit] = await app.db
    .select({ name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, ['department', 'institution'])))
    .orderBy(asc(units.name))
    .limit(1);
  const today: LocalDate = todayInShanghai(app.clock());
  return writeIntakeTemplate({ unitName: unit?.name ?? '（本市政府部门全称）', creditCode: makeCreditCode('91422900MA49XK7C3'), submittedOn: today });
};
