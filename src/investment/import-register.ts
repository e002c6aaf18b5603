import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { canonicalJson } from '../audit/chain.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { canKeepRegister, keepsSomeRegister, type PromiseLead } from '../domain/investment/access.ts';
import { checkProjectDates, checkTermsCoverDeliveries, projectInputSchema, promiseInputSchema, PROMISE_TYPE_LABEL, type ProjectInput, type PromiseInput } from '../domain/investment/register.ts';
import { isValidCreditCode } from '../domain/credit-code.ts';
import { deliveredOf } from '../domain/investment/promise-status.ts';
import type { Db } from '../db/connection.ts';
import { investmentProjects, investmentPromises, units, type InvestmentProjectRow, type InvestmentPromiseRow } from '../db/schema.ts';
import {
  PROMISE_COLUMNS,
  readRegisterWorkbook,
  REGISTER_COLUMNS,
  type RegisterColumn,
  type RegisterImportError,
  type WorkbookProject,
} from '../io/investment-workbook.ts';
import { writeRegisterTemplate } from '../io/investment-template.ts';
import { cityJurisdiction, findUnitByCreditCode, listJurisdictions } from '../reference/reference-data.ts';
import { insertPromise, promiseColumns } from './add-promise.ts';
import { versionConflict } from './edit-project.ts';
import { insertProject, projectColumns } from './record-project.ts';
import { fulfilmentsOf, loadPromiseLead } from './register-store.ts';
import { resolveEnterprise } from './resolve-parties.ts';

/** What an import does with a project or a promise of the file: new, changed, or as registered already. */
export type ImportAction = 'create' | 'update' | 'unchanged';

export interface RegisterImportPromise {
  readonly row: number;
  readonly id: string | null;
  readonly action: ImportAction;
  readonly clause: string;
  readonly typeLabel: string;
  readonly content: string;
  readonly amount: number | null;
  readonly area: number | null;
  readonly dueOn: string;
  readonly responsibleUnitName: string;
}

export interface RegisterImportProject {
  readonly row: number;
  readonly id: string | null;
  readonly action: ImportAction;
  readonly agreementNo: string;
  readonly name: string;
  readonly enterpriseName: string;
  readonly creditCode: string;
  /** The enterprise is new to the platform and is registered with the project. */
  readonly newEnterprise: boolean;
  readonly signingUnitName: string;
  readonly investmentAmount: number;
  readonly promises: RegisterImportPromise[];
}

export interface RegisterImportResult {
  readonly dryRun: boolean;
  readonly projects: RegisterImportProject[];
  readonly counts: { readonly projects: Record<ImportAction, number>; readonly promises: Record<ImportAction, number> };
}

/** @throws AppError FORBIDDEN for whom keeps no project */
const assertMayImport = (actor: Actor, lead: PromiseLead): void => {
  if (!keepsSomeRegister(actor, lead)) throw new AppError('FORBIDDEN', '只有市招商局和县市区、管委会可以导入招商项目与承诺');
};

const invalid = (errors: readonly RegisterImportError[]) =>
  new AppError('IMPORT_INVALID', `导入文件有${errors.length}处错误，未导入任何项目和承诺；请逐行修正后重新导入`, { errors });

const COLUMN_ORDER = Object.values(REGISTER_COLUMNS) as string[];
const byPlace = (a: RegisterImportError, b: RegisterImportError) =>
  (a.row ?? 0) - (b.row ?? 0) || COLUMN_ORDER.indexOf(a.column ?? '') - COLUMN_ORDER.indexOf(b.column ?? '');

/** The column of an issue of `projectInputSchema`. */
const projectColumn = (path: readonly PropertyKey[]): RegisterColumn => {
  const [first, second] = path;
  if (first === 'enterprise') return second === 'name' ? 'enterpriseName' : 'creditCode';
  const columns: Record<string, RegisterColumn> = {
    name: 'projectName',
    agreementName: 'agreementName',
    agreementNo: 'agreementNo',
    signingUnitId: 'signingUnit',
    signedOn: 'signedOn',
    investmentAmount: 'investmentAmount',
    milestones: 'milestones',
    clauses: 'clauses',
  };
  return columns[String(first)] ?? 'projectName';
};

/** The column of an issue of `promiseInputSchema`. */
const promiseColumn = (path: readonly PropertyKey[]): RegisterColumn => {
  const first = String(path[0]);
  if (first === 'responsibleUnitId') return 'responsibleUnit';
  return first in PROMISE_COLUMNS ? (first as RegisterColumn) : 'content';
};

const PROJECT_DATES = projectInputSchema.pick({ signedOn: true, milestones: true });

/** A blank cell is a missing value: said so, rather than the schema's words for a wrong one. */
const missing = (candidate: Record<string, unknown>, path: readonly PropertyKey[]): boolean => {
  let value: unknown = candidate;
  for (const key of path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<PropertyKey, unknown>)[key];
  return value === undefined;
};

type UnitChoice = { id: string; name: string; kind: string; jurisdictionId: string };

/** Each unit cell — a unit's id or its full name — resolved among the public units, or why not. */
const resolveUnitCells = async (db: Db, tenantId: string, written: readonly string[]) => {
  const candidates: UnitChoice[] = await db
    .select({ id: units.id, name: units.name, kind: units.kind, jurisdictionId: units.jurisdictionId })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), ne(units.kind, 'enterprise')))
    .orderBy(asc(units.name));
  const resolved = new Map<string, UnitChoice | string>();
  for (const text of new Set(written)) {
    if (text === '') continue;
    const matches = candidates.filter((unit) => unit.id === text || unit.name === text);
    if (matches.length === 1) resolved.set(text, matches[0]!);
    else if (matches.length > 1) resolved.set(text, `“${text}”对应多个单位，请填写单位编号`);
    else {
      const similar = candidates.filter((unit) => unit.name.includes(text) || text.includes(unit.name)).slice(0, 3);
      resolved.set(text, `未找到单位“${text}”，请填写单位全称${similar.length > 0 ? `（如 ${similar.map((unit) => unit.name).join('、')}）` : ''}`);
    }
  }
  return resolved;
};

/** A project of the file that passed every check, with what it becomes. */
interface CheckedProject {
  readonly read: WorkbookProject;
  readonly input: ProjectInput;
  readonly signing: UnitChoice;
  readonly enterpriseUnitId: string | null;
  readonly enterpriseName: string;
  readonly existing: InvestmentProjectRow | null;
  readonly action: ImportAction;
  readonly promises: CheckedPromise[];
}

interface CheckedPromise {
  readonly row: number;
  readonly input: PromiseInput;
  readonly responsible: UnitChoice;
  readonly existing: InvestmentPromiseRow | null;
  readonly action: ImportAction;
}

const sameProject = (existing: InvestmentProjectRow, next: ReturnType<typeof projectColumns>) =>
  existing.name === next.name &&
  existing.agreementName === next.agreementName &&
  existing.signingUnitId === next.signingUnitId &&
  existing.jurisdictionId === next.jurisdictionId &&
  existing.signedOn === next.signedOn &&
  existing.investmentAmount === next.investmentAmount &&
  canonicalJson(existing.milestones) === canonicalJson(next.milestones) &&
  existing.clauses === next.clauses;

const samePromise = (existing: InvestmentPromiseRow, next: ReturnType<typeof promiseColumns>) =>
  existing.type === next.type &&
  existing.amount === next.amount &&
  existing.area === next.area &&
  existing.dueOn === next.dueOn &&
  existing.conditions === next.conditions &&
  existing.responsibleUnitId === next.responsibleUnitId;

/**
 * S6: imports projects and their promises from the register workbook (`src/io/investment-workbook.ts`).
 * Every row is checked first — its cells, the API's schemas, the signing and responsible units,
 * the actor's right to keep the project's jurisdiction, the enterprise's code, promises repeated
 * in the file, and an existing promise's deliveries against its new terms — and every problem
 * is reported at once (row, column, cell, why), with nothing written. A project already
 * registered (the same agreement number and enterprise) and a promise already in it (the same
 * clause and content) are updated where the file differs and left alone where it does not, so
 * importing a file again changes nothing. A dry run stops at the plan; otherwise everything is
 * written in ONE transaction.
 * @throws AppError FORBIDDEN, PAYLOAD_TOO_LARGE (unpacked past the limits of `src/io/workbook-reader.ts`),
 *   IMPORT_INVALID (details.errors: [{ row, column, value, message }]), VERSION_CONFLICT
 */
export const importRegister = async (app: AppContext, actor: Actor, content: Uint8Array, options: { dryRun: boolean }): Promise<RegisterImportResult> => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  assertMayImport(actor, lead);
  const file = await readRegisterWorkbook(content);
  const today = todayInShanghai(app.clock());
  const errors = [...file.errors];
  // One message a cell: a cell the reader could not read is not also reported by the schema.
  const taken = new Set(errors.map((error) => `${error.row}|${error.column}`));
  const report = (row: number, column: RegisterColumn, message: string) => {
    const key = `${row}|${REGISTER_COLUMNS[column]}`;
    if (taken.has(key)) return;
    taken.add(key);
    errors.push({ row, column: REGISTER_COLUMNS[column], value: file.cellAt(row, column) || null, message });
  };

  const unitCells = await resolveUnitCells(app.db, app.tenantId, file.projects.flatMap((project) => [project.signingUnit, ...project.promises.map((promise) => promise.responsibleUnit)]));
  const checked: CheckedProject[] = [];
  for (const read of file.projects) {
    const signing = unitCells.get(read.signingUnit);
    if (typeof signing === 'string') report(read.row, 'signingUnit', signing);
    else if (signing !== undefined) {
      if (signing.kind !== 'government' && signing.kind !== 'department') report(read.row, 'signingUnit', `${signing.name}不能作为签约主体：应为政府、管委会或政府部门`);
      else if (!canKeepRegister(actor, lead, signing.jurisdictionId)) report(read.row, 'signingUnit', `无权登记“${signing.name}”签约的项目：县市区、管委会只登记本辖区签约的项目`);
    }
    const parsed = projectInputSchema.safeParse({ ...read.candidate, ...(typeof signing === 'object' ? { signingUnitId: signing.id } : read.signingUnit === '' ? {} : { signingUnitId: 'unresolved' }) });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report(read.row, projectColumn(issue.path), missing(read.candidate, issue.path) ? `请填写${REGISTER_COLUMNS[projectColumn(issue.path)]}` : issue.message);
    }
    // The dates are checked whenever they were read, whatever else is wrong with the row.
    const dates = PROJECT_DATES.safeParse(read.candidate);
    if (dates.success) {
      try {
        checkProjectDates(dates.data, today);
      } catch (error) {
        if (!isAppError(error)) throw error;
        report(read.row, String(error.details.field).startsWith('milestones') ? 'milestones' : 'signedOn', error.message);
      }
    }
    // The enterprise: the code must be valid, and not a public unit's.
    let enterprise: { unitId: string | null; name: string } | null = null;
    if (!isValidCreditCode(read.creditCode)) report(read.row, 'creditCode', '统一社会信用代码无效（应为18位，校验位须正确）');
    else {
      const found = await findUnitByCreditCode(app.db, app.tenantId, read.creditCode);
      if (found !== null && found.kind !== 'enterprise') report(read.row, 'creditCode', `统一社会信用代码${read.creditCode}属于“${found.name}”，不是企业`);
      else enterprise = found === null ? { unitId: null, name: String(read.candidate.enterprise.name ?? '') } : { unitId: found.id, name: found.name };
    }
    const [existing] =
      enterprise?.unitId == null
        ? []
        : await app.db
            .select()
            .from(investmentProjects)
            .where(and(eq(investmentProjects.tenantId, app.tenantId), eq(investmentProjects.agreementNo, read.agreementNo), eq(investmentProjects.enterpriseUnitId, enterprise.unitId)));
    if (existing !== undefined && !canKeepRegister(actor, lead, existing.jurisdictionId)) {
      report(read.row, 'agreementNo', `该企业协议编号为“${read.agreementNo}”的项目已由其他单位登记，无权修改`);
    }

    // Its promises, against the file and against what is registered.
    const registered = existing === undefined ? [] : await app.db.select().from(investmentPromises).where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.projectId, existing.id)));
    const delivered = await fulfilmentsOf(app.db, app.tenantId, registered.map((promise) => promise.id));
    const seen = new Map<string, number>();
    const promises: CheckedPromise[] = [];
    for (const promise of read.promises) {
      const responsible = unitCells.get(promise.responsibleUnit);
      if (typeof responsible === 'string') report(promise.row, 'responsibleUnit', responsible);
      // The same promise twice in the file is one error, whatever else is wrong with either row.
      const { clause, content } = promise.candidate;
      if (typeof clause === 'string' && typeof content === 'string') {
        const key = `${clause}\u0000${content}`;
        const twin = seen.get(key);
        if (twin !== undefined) {
          report(promise.row, 'content', `与第${twin}行是同一项目同一条款的同一承诺，请合并为一行`);
          continue;
        }
        seen.set(key, promise.row);
      }
      const responsibleUnitId = typeof responsible === 'object' ? responsible.id : promise.responsibleUnit === '' ? undefined : 'unresolved';
      const parsedPromise = promiseInputSchema.safeParse({ ...promise.candidate, ...(responsibleUnitId === undefined ? {} : { responsibleUnitId }) });
      if (!parsedPromise.success) {
        for (const issue of parsedPromise.error.issues) {
          report(promise.row, promiseColumn(issue.path), missing(promise.candidate, issue.path) ? `请填写${REGISTER_COLUMNS[promiseColumn(issue.path)]}` : issue.message);
        }
        continue;
      }
      const input = parsedPromise.data;
      if (typeof responsible !== 'object') continue;
      const old = registered.find((candidate) => candidate.clause === input.clause && candidate.content === input.content) ?? null;
      const columns = promiseColumns(input);
      if (old !== null) {
        try {
          checkTermsCoverDeliveries(columns, deliveredOf(delivered.get(old.id) ?? []));
        } catch (error) {
          if (!isAppError(error)) throw error;
          report(promise.row, error.details.field === 'area' ? 'area' : 'amount', error.message);
        }
      }
      promises.push({ row: promise.row, input, responsible, existing: old, action: old === null ? 'create' : samePromise(old, columns) ? 'unchanged' : 'update' });
    }

    if (!parsed.success || typeof signing !== 'object' || enterprise === null) continue;
    const columns = projectColumns(parsed.data, enterprise.unitId ?? '', { id: signing.id, jurisdictionId: signing.jurisdictionId });
    checked.push({
      read,
      input: parsed.data,
      signing,
      enterpriseUnitId: enterprise.unitId,
      enterpriseName: enterprise.unitId === null ? parsed.data.enterprise.name : enterprise.name,
      existing: existing ?? null,
      action: existing === undefined ? 'create' : sameProject(existing, columns) ? 'unchanged' : 'update',
      promises,
    });
  }
  if (errors.length > 0) throw invalid(errors.sort(byPlace));

  const counts = { projects: { create: 0, update: 0, unchanged: 0 }, promises: { create: 0, update: 0, unchanged: 0 } };
  for (const project of checked) {
    counts.projects[project.action] += 1;
    for (const promise of project.promises) counts.promises[promise.action] += 1;
  }
  const item = (project: CheckedProject, id: string | null, promiseIds: readonly (string | null)[]): RegisterImportProject => ({
    row: project.read.row,
    id,
    action: project.action,
    agreementNo: project.input.agreementNo,
    name: project.input.name,
    enterpriseName: project.enterpriseName,
    creditCode: project.read.creditCode,
    newEnterprise: project.enterpriseUnitId === null,
    signingUnitName: project.signing.name,
    investmentAmount: project.input.investmentAmount,
    promises: project.promises.map((promise, index) => ({
      row: promise.row,
      id: promiseIds[index] ?? null,
      action: promise.action,
      clause: promise.input.clause,
      typeLabel: PROMISE_TYPE_LABEL[promise.input.type],
      content: promise.input.content,
      amount: promise.input.amount ?? null,
      area: promise.input.area ?? null,
      dueOn: promise.input.dueOn,
      responsibleUnitName: promise.responsible.name,
    })),
  });
  if (options.dryRun) return { dryRun: true, projects: checked.map((project) => item(project, project.existing?.id ?? null, project.promises.map((promise) => promise.existing?.id ?? null))), counts };

  const now = app.clock();
  return app.db.transaction(async (tx) => {
    const projects: RegisterImportProject[] = [];
    for (const project of checked) {
      let projectId = project.existing?.id ?? null;
      if (project.action !== 'unchanged') {
        const enterprise = await resolveEnterprise(tx, app.tenantId, project.input.enterprise, project.signing.jurisdictionId, { register: true });
        const columns = projectColumns(project.input, enterprise.unitId!, { id: project.signing.id, jurisdictionId: project.signing.jurisdictionId });
        if (project.existing === null) projectId = await insertProject(tx, app.tenantId, actor, columns, now);
        else {
          const updated = await tx
            .update(investmentProjects)
            .set({ ...columns, version: project.existing.version + 1, updatedByName: actor.name, updatedAt: now })
            .where(and(eq(investmentProjects.tenantId, app.tenantId), eq(investmentProjects.id, project.existing.id), eq(investmentProjects.version, project.existing.version)))
            .returning({ id: investmentProjects.id });
          if (updated.length === 0) throw versionConflict('招商项目');
        }
      }
      const promiseIds: string[] = [];
      for (const promise of project.promises) {
        if (promise.existing === null) promiseIds.push(await insertPromise(tx, app.tenantId, actor, projectId!, promise.input, now));
        else {
          promiseIds.push(promise.existing.id);
          if (promise.action === 'unchanged') continue;
          const updated = await tx
            .update(investmentPromises)
            .set({ ...promiseColumns(promise.input), version: promise.existing.version + 1, updatedByName: actor.name, updatedAt: now })
            .where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.id, promise.existing.id), eq(investmentPromises.version, promise.existing.version)))
            .returning({ id: investmentPromises.id });
          if (updated.length === 0) throw versionConflict('承诺事项');
        }
      }
      projects.push(item(project, projectId, promiseIds));
    }
    return { dryRun: false, projects, counts };
  });
};

/**
 * The import template: its example signed by a government the downloader keeps, so that it
 * imports as it stands.
 * @throws AppError FORBIDDEN for whom keeps no project
 */
export const registerImportTemplate = async (app: AppContext, actor: Actor): Promise<Buffer> => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  assertMayImport(actor, lead);
  const publicUnits = await app.db
    .select({ id: units.id, name: units.name, kind: units.kind, jurisdictionId: units.jurisdictionId })
    .from(units)
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, ['government', 'department'])))
    .orderBy(asc(units.name));
  const kept = publicUnits.filter((unit) => canKeepRegister(actor, lead, unit.jurisdictionId));
  const city = cityJurisdiction(await listJurisdictions(app.db, app.tenantId));
  // A county's own government; for 招商局, the city's.
  const governments = kept.filter((unit) => unit.kind === 'government');
  const signing = governments.find((unit) => unit.id === actor.unitId) ?? governments.find((unit) => unit.jurisdictionId === city.id) ?? governments[0] ?? kept[0];
  const finance = kept.find((unit) => unit.jurisdictionId === signing?.jurisdictionId && unit.name.endsWith('财政局'));
  return writeRegisterTemplate({
    signingUnitName: signing?.name ?? '（签约的政府或管委会全称）',
    responsibleUnitName: finance?.name ?? signing?.name ?? '（履约责任单位全称）',
    today: todayInShanghai(app.clock()),
  });
};
