/**
 * The matrix's kinds of reference data addressed by key — a day of the holiday calendar, a row of
 * the LPR table, a state's time limit, a row of the responsibility matrix, a unit, a jurisdiction —
 * each edited by the roles `REFERENCE_EDITORS` names.
 */
import { and, eq } from 'drizzle-orm';
import { canEditReference, type ReferenceKind } from '../../../src/domain/access/reference-policy.ts';
import { holidays, lprRates, responsibilityMatrix, timeLimits } from '../../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../../src/db/seed/hanjiang.ts';
import { allowedIf, type ObjectKind, type ObjectOperation } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

/** One keyed row of reference data and the edits addressed to it. */
interface ReferenceRow {
  readonly key: string;
  readonly label: string;
}

/** A kind of one row of `reference`, its edits sent as `edits` build them. */
const referenceKind = (name: string, reference: ReferenceKind, row: ReferenceRow, edits: readonly Omit<ObjectOperation<ReferenceRow>, 'expected'>[]): ObjectKind<ReferenceRow> => ({
  name,
  objects: [row],
  label: (object) => object.label,
  relation: () => `${reference.replaceAll('_', ' ')} of the city`,
  hiddenCode: 'NOT_FOUND',
  operations: edits.map((edit) => ({ ...edit, expected: (actor) => allowedIf(canEditReference(actor, reference)) })),
});

export const referenceKinds = async (world: MatrixWorld): Promise<ObjectKind<ReferenceRow>[]> => {
  const { db, app } = world.demo;
  const [holiday] = await db.select().from(holidays).where(eq(holidays.tenantId, app.tenantId)).orderBy(holidays.day).limit(1);
  const [lpr] = await db.select().from(lprRates).where(eq(lprRates.tenantId, app.tenantId)).orderBy(lprRates.effectiveOn).limit(1);
  const [limit] = await db.select().from(timeLimits).where(eq(timeLimits.tenantId, app.tenantId)).orderBy(timeLimits.state).limit(1);
  const [matrixRow] = await db
    .select()
    .from(responsibilityMatrix)
    .where(and(eq(responsibilityMatrix.tenantId, app.tenantId), eq(responsibilityMatrix.topic, 'investment_promises')));
  const unit = unitOf(world, LOCAL_UNIT_IDS.handong.jiaoyuju);
  const jurisdiction = world.jurisdictions.find((candidate) => candidate.id === JURISDICTION_IDS.handong)!;
  return [
    referenceKind('holidays', 'holiday', { key: String(holiday!.day), label: String(holiday!.day) }, [
      { operationId: 'setHoliday', request: (row) => ({ method: 'PUT', url: `/api/holidays/${row.key}`, payload: { kind: holiday!.kind, name: holiday!.name } }) },
      { operationId: 'removeHoliday', request: (row) => ({ method: 'DELETE', url: `/api/holidays/${row.key}` }) },
    ]),
    referenceKind('LPR rates', 'lpr', { key: lpr!.effectiveOn, label: lpr!.effectiveOn }, [
      { operationId: 'setLprRate', request: (row) => ({ method: 'PUT', url: `/api/lpr-rates/${row.key}`, payload: { oneYearBp: lpr!.oneYearBp } }) },
      { operationId: 'removeLprRate', request: (row) => ({ method: 'DELETE', url: `/api/lpr-rates/${row.key}` }) },
    ]),
    referenceKind('time limits', 'time_limit', { key: limit!.state, label: limit!.state }, [
      { operationId: 'setTimeLimit', request: (row) => ({ method: 'PUT', url: `/api/time-limits/${row.key}`, payload: { unit: limit!.unit, days: limit!.days } }) },
    ]),
    referenceKind('responsibility matrix', 'responsibility_matrix', { key: matrixRow!.id, label: matrixRow!.topic }, [
      { operationId: 'updateResponsibilityMatrixRow', request: (row) => ({ method: 'PATCH', url: `/api/responsibility-matrix/${row.key}`, payload: { description: matrixRow!.description } }) },
    ]),
    referenceKind('units', 'unit', { key: unit.id, label: unit.name }, [
      { operationId: 'updateUnit', request: (row) => ({ method: 'PATCH', url: `/api/units/${row.key}`, payload: { name: unit.name } }) },
    ]),
    referenceKind('jurisdictions', 'jurisdiction', { key: jurisdiction.id, label: jurisdiction.name }, [
      { operationId: 'updateJurisdiction', request: (row) => ({ method: 'PATCH', url: `/api/jurisdictions/${row.key}`, payload: { name: jurisdiction.name } }) },
    ]),
  ];
};
