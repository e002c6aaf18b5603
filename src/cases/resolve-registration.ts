import { and, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { usableAttachments } from '../attachments/attachment-store.ts';
import { canRegister, caseReadScope, type LedMatrixRow, type RegistrationMatrixScope, type RegistrationScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import { yearOf, type LocalDate } from '../domain/calendar.ts';
import type { RegisterCaseInput } from '../domain/case/commands.ts';
import type { RegistrationPayload } from '../domain/case/line-module.ts';
import { openLine } from '../domain/case/paths.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { AppError } from '../domain/errors.ts';
import { LINE_LABEL, type Line } from '../domain/lines/vocabulary.ts';
import type { Db } from '../db/connection.ts';
import { formatYearlyNumber, takeCounterValue } from '../db/counters.ts';
import { cases, units, type Jurisdiction, type Unit } from '../db/schema.ts';
import type { ReferencedCase } from '../domain/case/decision.ts';
import type { ImportedFrom } from '../domain/case/record.ts';
import { caseScopeCondition } from './case-conditions.ts';
import type { ReferenceData } from '../reference/reference-cache.ts';
import {
  cityJurisdiction,
  findUnitByCreditCode,
  getUnit,
  ledMatrixRowsIn,
  matrixLevelOf,
  supervisorsIn,
  type Supervisors,
} from '../reference/reference-data.ts';

/** S3: where an imported demand came from: its id and submission day on the provincial platform. */
export interface ExternalOrigin {
  readonly externalRef: string;
  readonly submittedOn: LocalDate;
}

/**
 * What a registration reads of the tenant's data, and the two things it takes (an enterprise
 * registered by its credit code, a case number). `liveReads` asks the database each time; a
 * batch of registrations (`write-registrations.ts`) answers the same questions from what it read
 * once, so that both decide on the same facts by the same code.
 */
export interface RegistrationReads {
  unit(unitId: string): Promise<Unit>;
  supervisors(line: Line, debtor: Unit): Promise<Supervisors>;
  jurisdictions(): Promise<Jurisdiction[]>;
  ledRows(unitId: string | null): Promise<LedMatrixRow[]>;
  /** The unit holding `creditCode` (of any kind), or a new enterprise registered with it. */
  enterpriseByCode(name: string, creditCode: string, cityJurisdictionId: string): Promise<Unit>;
  /** The next value of the line's yearly case counter. */
  caseNumber(prefix: string, year: number): Promise<number>;
}

/**
 * The creditor enterprise, found by its unified social credit code or registered with it (`kind`
 * tells which was found). Two registrations naming one new enterprise at once both register it:
 * the second's insert waits for the first's row, gives way, and takes that row (one unit per
 * credit code, neither refused).
 */
export const findOrRegisterEnterprise = async (tx: Db, tenantId: string, name: string, creditCode: string, jurisdictionId: string): Promise<Unit> => {
  const existing = await findUnitByCreditCode(tx, tenantId, creditCode);
  if (existing !== null) return existing;
  await tx.insert(units).values({ id: `ent-${randomUUID()}`, tenantId, name, kind: 'enterprise', creditCode, jurisdictionId }).onConflictDoNothing();
  return (await findUnitByCreditCode(tx, tenantId, creditCode))!;
};

/**
 * The matrix and the jurisdictions from the reference data the write read; units, enterprises and
 * case numbers straight from the database (inside the write's transaction).
 */
export const liveReads = (db: Db, tenantId: string, reference: ReferenceData): RegistrationReads => ({
  unit: (unitId) => getUnit(db, tenantId, unitId),
  supervisors: async (line, debtor) => supervisorsIn(reference, line, debtor),
  jurisdictions: async () => [...reference.jurisdictions],
  ledRows: async (unitId) => ledMatrixRowsIn(reference, unitId),
  enterpriseByCode: (name, creditCode, jurisdictionId) => findOrRegisterEnterprise(db, tenantId, name, creditCode, jurisdictionId),
  caseNumber: (prefix, year) => takeCounterValue(db, tenantId, prefix, year),
});

/**
 * The creditor enterprise of a registration.
 * @throws AppError VALIDATION_FAILED when the code belongs to a unit that is not an enterprise
 */
const enterpriseUnit = async (reads: RegistrationReads, name: string, creditCode: string, jurisdictionId: string): Promise<Unit> => {
  const unit = await reads.enterpriseByCode(name, creditCode, jurisdictionId);
  if (unit.kind !== 'enterprise') {
    throw new AppError('VALIDATION_FAILED', `统一社会信用代码${creditCode}属于“${unit.name}”，不是企业`, {
      field: 'enterprise.creditCode',
    });
  }
  return unit;
};

export interface ResolvedRegistration {
  readonly payload: RegistrationPayload;
  readonly responsibleJurisdictionId: string;
  /** What a lead bureau's reach is decided on (S3): the line, the unit's kind and level, the rows the actor's unit leads. */
  readonly matrix: RegistrationMatrixScope;
  readonly attachments: AttachmentRef[];
  /** The earlier cases its particulars name by number, of the same enterprise and readable by the actor (a complaint of retaliation's). */
  readonly referencedCases: ReadonlyMap<string, ReferencedCase>;
}

/** The numbers of earlier cases a registration's particulars name (a complaint of retaliation names the complaint it follows). */
const referencedNumbers = (particulars: Record<string, unknown> | undefined): string[] => {
  const retaliation = particulars?.retaliation as { priorCaseNumber?: unknown } | undefined;
  const number = retaliation?.priorCaseNumber;
  return typeof number === 'string' && number.trim() !== '' ? [number.trim()] : [];
};

/** The earlier cases named by `numbers` that are the enterprise's own and that the actor may read. */
const findReferencedCases = async (db: Db, tenantId: string, actor: Actor, creditCode: string | null, numbers: string[]) => {
  if (numbers.length === 0 || creditCode === null) return new Map<string, ReferencedCase>();
  const rows = await db
    .select({ id: cases.id, number: cases.number, title: cases.title })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, tenantId),
        inArray(cases.number, numbers),
        eq(cases.enterpriseCreditCode, creditCode),
        caseScopeCondition(caseReadScope(actor)),
      ),
    );
  return new Map(rows.map((row) => [row.number, row]));
};

/**
 * What a registration decides on, resolved inside the write's transaction: the enterprise
 * (found or registered by its credit code; none for a line that allows it), the responsible
 * unit, the lead and cooperating bureaus from the matrix, the case number of the line and year,
 * and the caller's uploaded files. It checks the whole registration rule (S3) on them, a lead
 * bureau's reach by the matrix rows its unit leads included.
 * @throws AppError ACTION_NOT_FOR_LINE, CREDIT_CODE_INVALID, UNIT_NOT_FOUND, FORBIDDEN,
 *   VALIDATION_FAILED, ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED
 */
export const resolveRegistration = async (
  scope: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  today: LocalDate,
  origin: ExternalOrigin | undefined,
  importedFrom: ImportedFrom | undefined,
  reads: RegistrationReads,
): Promise<ResolvedRegistration> => {
  const { db, tenantId } = scope;
  const line = openLine(input.line);
  const creditCode = input.enterprise === undefined ? null : assertCreditCode(input.enterprise.creditCode);
  const responsible = await reads.unit(input.responsibleUnitId);
  if (responsible.kind === 'enterprise') {
    throw new AppError('VALIDATION_FAILED', '责任单位应为政府部门、事业单位或国有企业，不能是民营企业', { field: 'responsibleUnitId' });
  }
  if (actor.role === 'enterprise') {
    const own = actor.unitId === null ? null : await reads.unit(actor.unitId);
    if (creditCode === null || own?.creditCode !== creditCode) {
      throw new AppError('FORBIDDEN', '企业只能以本企业名义提交诉求', { field: 'enterprise.creditCode' });
    }
  }
  const supervisors = await reads.supervisors(input.line, responsible);
  const jurisdictions = await reads.jurisdictions();
  const city = cityJurisdiction(jurisdictions);
  const attachments = await usableAttachments(db, tenantId, actor, input.attachmentIds ?? []);
  const enterprise =
    input.enterprise === undefined || creditCode === null ? null : await enterpriseUnit(reads, input.enterprise.name, creditCode, city.id);
  // S3: the whole registration rule, a lead bureau's matrix reach included; `decideRegistration`
  // decides it again on the same matrix scope, which it cannot read itself.
  const matrix: RegistrationMatrixScope = {
    line: input.line,
    responsibleUnitKind: responsible.kind,
    responsibleUnitLevel: matrixLevelOf(jurisdictions, responsible.jurisdictionId),
    ledRows: await reads.ledRows(actor.unitId),
    imported: origin !== undefined,
    ledgerImport: importedFrom !== undefined,
  };
  const scopeOfRule: RegistrationScope = {
    source: input.source,
    responsibleUnitId: responsible.id,
    responsibleJurisdictionId: responsible.jurisdictionId,
    enterpriseUnitId: enterprise?.id ?? null,
    matrix,
  };
  if (!canRegister(actor, scopeOfRule)) {
    if (actor.role === 'lead_bureau' && input.source === 'inspection') {
      throw new AppError('FORBIDDEN', `“${responsible.name}”不在本单位牵头的“${LINE_LABEL[input.line]}”责任分工范围内，不能以牵头部门排查登记`, {
        source: input.source,
        field: 'responsibleUnitId',
      });
    }
    throw new AppError('FORBIDDEN', '当前账号无权以该来源登记此责任单位的问题事项', { source: input.source });
  }
  const year = yearOf(today);
  return {
    payload: {
      number: formatYearlyNumber(line.numberPrefix, year, await reads.caseNumber(line.numberPrefix, year), 5),
      line: input.line,
      source: input.source,
      title: input.title,
      facts: input.facts,
      instruction: input.instruction || null,
      enterprise: enterprise === null || creditCode === null ? null : { unitId: enterprise.id, name: enterprise.name, creditCode },
      responsibleUnitId: responsible.id,
      handlingUnitId: responsible.id,
      jurisdictionId: responsible.jurisdictionId,
      leadUnitId: supervisors.leadUnitId,
      cooperatingUnitIds: supervisors.cooperatingUnitIds,
      claimedAmount: input.claimedAmount ?? null,
      attachments,
      ...(input.particulars === undefined ? {} : { particulars: input.particulars }),
      ...(origin === undefined ? {} : { externalRef: origin.externalRef, submittedOn: origin.submittedOn }),
      ...(importedFrom === undefined ? {} : { importedFrom }),
    },
    responsibleJurisdictionId: responsible.jurisdictionId,
    matrix,
    attachments,
    referencedCases: await findReferencedCases(db, tenantId, actor, creditCode, referencedNumbers(input.particulars)),
  };
};
