import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Source } from '../domain/lines/vocabulary.ts';
import type { Db } from '../db/connection.ts';
import { cases, units } from '../db/schema.ts';
import {
  INTAKE_IMPORT_COLUMNS,
  readIntakeWorkbook,
  writeIntakeTemplate,
  type IntakeImportError,
  type IntakeImportRow,
} from '../io/intake-import.ts';
import { registerCase } from './register-case.ts';

/** S3: the provincial SME platform's demands come in by import. */
const SOURCE: Source = 'provincial_platform';

/** An imported demand's first handling is an arrears case (清理拖欠企业账款). */
const LINE = 'arrears';

/** @throws AppError FORBIDDEN for anyone but 营商办, whose intake desk the demands wait on (S3). */
const assertOffice = (actor: Actor): void => {
  if (actor.role !== 'business_office') throw new AppError('FORBIDDEN', '省平台诉求导入仅限市营商办');
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
  const unitIds = new Map<number, string>();
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
      else unitIds.set(row.row, unit.id);
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
};

const invalid = (errors: readonly IntakeImportError[]) =>
  new AppError('IMPORT_INVALID', `导入文件有${errors.length}处错误，未导入任何诉求；请逐行修正后重新导入`, { errors });

export interface IntakeImportResult {
  /** Demands registered by this import. */
  readonly imported: number;
  /** Demands of the file already on a case (an earlier import of them): registered nothing. */
  readonly skipped: number;
  readonly cases: { id: string; number: string; title: string; externalRef: string }[];
  readonly existing: { externalRef: string; number: string }[];
}

/**
 * S3: imports the demands of an .xlsx exported from 湖北省中小微企业诉求响应平台. Every row is
 * checked first; with any error nothing is written and every error is reported. Otherwise each
 * demand not imported before is registered by `registerCase` (source `provincial_platform`,
 * line `arrears`, pending 营商办's intake) in one transaction: all land or none. The platform id
 * makes it idempotent: a demand already on a case is skipped, not registered twice.
 * @throws AppError FORBIDDEN, IMPORT_INVALID (details.errors: [{ row, column, message }]),
 *   VERSION_CONFLICT when a concurrent registration of the same demand won
 */
export const importIntake = async (app: AppContext, actor: Actor, content: Uint8Array): Promise<IntakeImportResult> => {
  assertOffice(actor);
  const today = todayInShanghai(app.clock());
  const file = await readIntakeWorkbook(content, today);
  if (file.rows.length === 0) throw invalid(file.errors);

  return app.db.transaction(async (tx) => {
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
    const errors = [...file.errors.filter((error) => error.row === null || freshRows.has(error.row)), ...references.errors].sort(
      (a, b) => (a.row ?? 0) - (b.row ?? 0),
    );
    if (errors.length > 0) throw invalid(errors);

    const scoped: AppContext = { ...app, db: tx };
    const registered: IntakeImportResult['cases'] = [];
    for (const row of fresh) {
      try {
        const record = await registerCase(
          scoped,
          actor,
          {
            line: LINE,
            source: SOURCE,
            title: row.title,
            facts: row.facts,
            enterprise: { name: row.enterpriseName, creditCode: row.creditCode! },
            responsibleUnitId: references.unitIds.get(row.row)!,
            claimedAmount: row.claimedAmount,
          },
          { externalRef: row.externalRef, submittedOn: row.submittedOn! },
        );
        registered.push({ id: record.id, number: record.number, title: record.title, externalRef: row.externalRef });
      } catch (error) {
        if (!isAppError(error) || error.code === 'VERSION_CONFLICT' || error.code === 'INTERNAL') throw error;
        const field = typeof error.details.field === 'string' ? error.details.field : '';
        throw invalid([{ row: row.row, column: COLUMN_OF_FIELD[field] ?? null, message: error.message }]);
      }
    }
    return {
      imported: registered.length,
      skipped: file.rows.length - fresh.length,
      cases: registered,
      existing: file.rows.flatMap((row) => {
        const number = existingNumber.get(row.externalRef);
        return number === undefined ? [] : [{ externalRef: row.externalRef, number }];
      }),
    };
  });
};

/**
 * The import template, its example row naming one of the tenant's own units so that it reads true.
 * @throws AppError FORBIDDEN for anyone but 营商办
 */
export const intakeImportTemplate = async (app: AppContext, actor: Actor): Promise<Buffer> => {
  assertOffice(actor);
  const [unit] = await app.db
    .select({ name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, ['department', 'institution'])))
    .orderBy(asc(units.name))
    .limit(1);
  const today: LocalDate = todayInShanghai(app.clock());
  return writeIntakeTemplate({ unitName: unit?.name ?? '（本市政府部门全称）', creditCode: makeCreditCode('91422900MA49XK7C3'), submittedOn: today });
};
