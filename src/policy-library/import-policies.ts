import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { canMaintainPolicy, canMaintainSomePolicy } from '../domain/policy-library/access.ts';
import { describeCondition } from '../domain/policy-library/conditions.ts';
import { amountRuleText, checkPolicyDates, CLAUSE_CLASS_LABEL, policyInputSchema, type PolicyInput } from '../domain/policy-library/library.ts';
import type { Db } from '../db/connection.ts';
import { benefitPolicies, units } from '../db/schema.ts';
import { writePolicyTemplate } from '../io/policy-template.ts';
import {
  cellOfIssue,
  CLAUSE_COLUMNS,
  CLAUSE_SHEET,
  POLICY_COLUMNS,
  POLICY_SHEET,
  readPolicyWorkbook,
  type PolicyImportError,
  type WorkbookPolicy,
} from '../io/policy-workbook.ts';
import { listJurisdictions } from '../reference/reference-data.ts';
import { recordPolicy, resolveIssuer } from './record-policy.ts';

/** @throws AppError FORBIDDEN for anyone who keeps no policy */
const assertMayImport = (actor: Actor): void => {
  if (!canMaintainSomePolicy(actor)) throw new AppError('FORBIDDEN', '只有维护政策的单位（市营商办、县市区和管委会、政策部门）可以导入政策');
};

const invalid = (errors: readonly PolicyImportError[]) =>
  new AppError('IMPORT_INVALID', `导入文件有${errors.length}处错误，未导入任何政策；请逐行修正后重新导入`, { errors });

/** Errors in the file's order: the file's own, then sheet 政策, then 条款, by row and column. */
const SHEET_ORDER = new Map<string | null, number>([
  [null, 0],
  [POLICY_SHEET, 1],
  [CLAUSE_SHEET, 2],
]);
const columnOrder = (error: PolicyImportError) =>
  error.column === null ? -1 : Object.values(error.sheet === CLAUSE_SHEET ? CLAUSE_COLUMNS : POLICY_COLUMNS).indexOf(error.column as never);
const byPlace = (a: PolicyImportError, b: PolicyImportError) =>
  (SHEET_ORDER.get(a.sheet) ?? 0) - (SHEET_ORDER.get(b.sheet) ?? 0) || (a.row ?? 0) - (b.row ?? 0) || columnOrder(a) - columnOrder(b);

const DATES = policyInputSchema.pick({ publishedOn: true, effectiveOn: true, expiresOn: true });

type Issuer = Awaited<ReturnType<typeof resolveIssuer>> & { name: string };

/**
 * The issuing department each 发布部门 cell names — a unit's id or its full name — checked as
 * `recordPolicy` checks it (a government or department, kept by `actor`), or why not.
 */
const resolveIssuers = async (db: Db, tenantId: string, actor: Actor, written: readonly string[]): Promise<Map<string, Issuer | string>> => {
  const resolved = new Map<string, Issuer | string>();
  // A cell the schema refuses (too long, NUL) is the schema's error, and is not looked up.
  const named = [...new Set(written)].filter((text) => policyInputSchema.shape.issuerUnitId.safeParse(text).success);
  if (named.length === 0) return resolved;
  const candidates = await db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), ne(units.kind, 'enterprise')))
    .orderBy(asc(units.name));
  for (const text of named) {
    const matches = candidates.filter((unit) => unit.id === text || unit.name === text);
    if (matches.length !== 1) {
      const similar = candidates.filter((unit) => (unit.kind === 'government' || unit.kind === 'department') && unit.name.includes(text)).slice(0, 3);
      resolved.set(
        text,
        matches.length > 1
          ? `“${text}”对应多个单位，请填写单位编号`
          : `未找到发布部门“${text}”，请填写本市政府或部门的全称${similar.length > 0 ? `（如 ${similar.map((unit) => unit.name).join('、')}）` : ''}`,
      );
      continue;
    }
    const unit = matches[0]!;
    try {
      resolved.set(text, { ...(await resolveIssuer(db, tenantId, actor, unit.id)), name: unit.name });
    } catch (error) {
      if (!isAppError(error) || error.code === 'INTERNAL') throw error;
      resolved.set(text, error.code === 'FORBIDDEN' ? `无权导入“${unit.name}”发布的政策：${error.message}` : error.message);
    }
  }
  return resolved;
};

/** The 文号 of the file already in the library (of any status: a 文号 is the tenant's once). */
const recordedDocumentNos = async (db: Db, tenantId: string, documentNos: readonly string[]): Promise<Set<string>> => {
  const checked = [...new Set(documentNos)].filter((documentNo) => policyInputSchema.shape.documentNo.safeParse(documentNo).success);
  if (checked.length === 0) return new Set();
  const rows = await db
    .select({ documentNo: benefitPolicies.documentNo })
    .from(benefitPolicies)
    .where(and(eq(benefitPolicies.tenantId, tenantId), inArray(benefitPolicies.documentNo, checked)));
  return new Set(rows.map((row) => row.documentNo));
};

/** One policy of the file, as it would be recorded. */
export interface PolicyImportItem {
  /** The recorded policy; null in a preview. */
  readonly id: string | null;
  readonly row: number;
  readonly documentNo: string;
  readonly title: string;
  readonly issuerUnitId: string;
  readonly issuerName: string;
  readonly packageTag: string | null;
  readonly publishedOn: string;
  readonly effectiveOn: string;
  readonly expiresOn: string | null;
  readonly clauses: {
    readonly row: number;
    readonly article: string;
    readonly title: string;
    readonly classLabel: string;
    readonly amountText: string;
    readonly conditionTexts: string[];
    readonly materials: string[];
    readonly noApplication: boolean;
    readonly fastTrack: boolean;
  }[];
}

export interface PolicyImportResult {
  readonly dryRun: boolean;
  /** Policies recorded by this import; 0 in a preview. */
  readonly imported: number;
  readonly clauseCount: number;
  readonly policies: PolicyImportItem[];
}

/** A policy that passed every check, with its row and its clauses' rows. */
interface Checked {
  readonly read: WorkbookPolicy;
  readonly input: PolicyInput;
  readonly issuer: Issuer;
}

/**
 * P7: imports a policy list from an .xlsx (sheets 政策 and 条款, `src/io/policy-workbook.ts`).
 * Every row is checked first — its cells, then `policyInputSchema` (the API's schema), the
 * dates, the issuing department and the actor's right to keep its policies, the 文号 unique in
 * the file and new to the library — and every error is reported at once, with nothing written.
 * A dry run stops there and returns what would be recorded. Otherwise every policy is recorded
 * by `recordPolicy` in ONE transaction (its own becomes a savepoint): all land or none.
 * @throws AppError FORBIDDEN, PAYLOAD_TOO_LARGE (unpacked past the limits of `src/io/workbook-reader.ts`),
 *   IMPORT_INVALID (details.errors: [{ sheet, row, column, message }])
 */
export const importPolicies = async (app: AppContext, actor: Actor, content: Uint8Array, options: { dryRun: boolean }): Promise<PolicyImportResult> => {
  assertMayImport(actor);
  const jurisdictions = await listJurisdictions(app.db, app.tenantId);
  const jurisdictionName = (id: string) => jurisdictions.find((jurisdiction) => jurisdiction.id === id)?.name ?? id;
  const file = await readPolicyWorkbook(content, {
    jurisdictionId: (nameOrId) => jurisdictions.find((jurisdiction) => jurisdiction.id === nameOrId || jurisdiction.name === nameOrId)?.id ?? null,
  });

  const errors = [...file.errors];
  // One message a cell: a cell the reader could not read is not also reported by the schema.
  const taken = new Set(errors.map((error) => `${error.sheet}|${error.row}|${error.column}`));
  const report = (error: PolicyImportError) => {
    const key = `${error.sheet}|${error.row}|${error.column}`;
    if (taken.has(key)) return;
    taken.add(key);
    errors.push(error);
  };

  const issuers = await resolveIssuers(app.db, app.tenantId, actor, file.policies.map((policy) => policy.issuer).filter((issuer) => issuer !== ''));
  const recorded = await recordedDocumentNos(app.db, app.tenantId, file.policies.map((policy) => policy.documentNo));
  const checked: Checked[] = [];
  for (const read of file.policies) {
    const at = (column: string | null) => ({ sheet: POLICY_SHEET, row: read.row, column });
    const issuer = issuers.get(read.issuer);
    if (typeof issuer === 'string') report({ ...at(POLICY_COLUMNS.issuer), message: issuer });
    if (recorded.has(read.documentNo)) report({ ...at(POLICY_COLUMNS.documentNo), message: `文号“${read.documentNo}”的政策已在政策库中` });

    const candidate = { ...read.candidate, ...(read.issuer === '' ? {} : { issuerUnitId: typeof issuer === 'object' ? issuer.unitId : read.issuer }) };
    // The dates are checked together whenever they were read, whatever else is wrong with the row.
    const dates = DATES.safeParse(candidate);
    if (dates.success) {
      try {
        checkPolicyDates(dates.data);
      } catch (error) {
        if (!isAppError(error)) throw error;
        report({ ...at(cellOfIssue([String(error.details.field)]).column), message: error.message });
      }
    }
    const parsed = policyInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const cell = cellOfIssue(issue.path);
        if (cell.clause === null) {
          const noClauses = issue.path.length === 1 && issue.path[0] === 'clauses' && read.candidate.clauses.length === 0;
          report(
            noClauses
              ? { ...at(POLICY_COLUMNS.documentNo), message: `“${CLAUSE_SHEET}”表中没有文号为“${read.documentNo}”的条款，每项政策至少一个条款` }
              : { ...at(cell.column), message: issue.message },
          );
        } else {
          report({ sheet: CLAUSE_SHEET, row: read.clauseRows[cell.clause] ?? null, column: cell.column, message: issue.message });
        }
      }
      continue;
    }
    if (typeof issuer === 'object') checked.push({ read, input: parsed.data, issuer });
  }
  if (errors.length > 0) throw invalid(errors.sort(byPlace));

  const item = ({ read, input, issuer }: Checked, id: string | null): PolicyImportItem => ({
    id,
    row: read.row,
    documentNo: input.documentNo,
    title: input.title,
    issuerUnitId: issuer.unitId,
    issuerName: issuer.name,
    packageTag: input.packageTag || null,
    publishedOn: input.publishedOn,
    effectiveOn: input.effectiveOn,
    expiresOn: input.expiresOn ?? null,
    clauses: input.clauses.map((clause, index) => ({
      row: read.clauseRows[index]!,
      article: clause.article,
      title: clause.title,
      classLabel: CLAUSE_CLASS_LABEL[clause.class],
      amountText: amountRuleText(clause.amountRule),
      conditionTexts: clause.conditions.map((condition) => describeCondition(condition, jurisdictionName)),
      materials: clause.materials,
      noApplication: clause.noApplication,
      fastTrack: clause.fastTrack,
    })),
  });
  const clauseCount = checked.reduce((sum, policy) => sum + policy.input.clauses.length, 0);
  if (options.dryRun) return { dryRun: true, imported: 0, clauseCount, policies: checked.map((policy) => item(policy, null)) };

  return app.db.transaction(async (tx) => {
    const scoped: AppContext = { ...app, db: tx };
    const policies: PolicyImportItem[] = [];
    for (const policy of checked) {
      try {
        policies.push(item(policy, await recordPolicy(scoped, actor, policy.input)));
      } catch (error) {
        // What changed since the check (a 文号 recorded meanwhile) is that row's error; the rest is not the file's.
        if (!isAppError(error) || error.code === 'VERSION_CONFLICT' || error.code === 'INTERNAL') throw error;
        const field = typeof error.details.field === 'string' ? error.details.field : '';
        throw invalid([{ sheet: POLICY_SHEET, row: policy.read.row, column: cellOfIssue([field]).column, message: error.message }]);
      }
    }
    return { dryRun: false, imported: policies.length, clauseCount, policies };
  });
};

/**
 * The import template, its example naming a department the downloader keeps, so that it
 * imports as it stands; its notes list the tenant's jurisdictions 属地 may name.
 * @throws AppError FORBIDDEN for anyone who keeps no policy
 */
export const policyImportTemplate = async (app: AppContext, actor: Actor): Promise<Buffer> => {
  assertMayImport(actor);
  const makers = await app.db
    .select({ id: units.id, name: units.name, jurisdictionId: units.jurisdictionId })
    .from(units)
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, ['government', 'department'])))
    .orderBy(asc(units.name));
  const kept = makers.filter((unit) => canMaintainPolicy(actor, { unitId: unit.id, jurisdictionId: unit.jurisdictionId }));
  const issuer = kept.find((unit) => unit.id === actor.unitId) ?? kept[0];
  const jurisdictions = await listJurisdictions(app.db, app.tenantId);
  return writePolicyTemplate({
    issuerName: issuer?.name ?? '（本单位全称）',
    today: todayInShanghai(app.clock()),
    jurisdictionNames: jurisdictions.map((jurisdiction) => jurisdiction.name),
  });
};
