/**
 * The matrix's kinds of 信用办's breach records and export batches (S4), and of the daily
 * dispatch (G1): its rounds, the lines of a round's cases and the units' reports.
 */
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../../src/domain/access/roles.ts';
import { CREDIT_ACTIONS, type CreditAction } from '../../../src/domain/credit/commands.ts';
import { canActOnCredit, canManageCredit, canReadCredit, type CreditParties } from '../../../src/domain/credit/policy.ts';
import { isUnitInScope, type ScopedUnit } from '../../../src/domain/access/unit-scope.ts';
import { canReportForUnit, dispatchUnitScope } from '../../../src/domain/dispatch/dispatch-policy.ts';
import { creditExportBatches, creditRecords, dispatchRoundItems, dispatchRounds, dispatchUnitReports } from '../../../src/db/schema.ts';
import { allowedIf, unitRelation, type Expected, type ObjectKind, type ObjectOperation } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

interface MatrixCreditRecord extends CreditParties {
  readonly id: string;
  readonly number: string;
  readonly version: number;
}

const CREDIT_COMMAND: Record<CreditAction, object> = {
  // 发改财金〔2023〕1103号: the steps between the order to rectify and the determination.
  record_rectified: { rectifiedOn: '2026-01-05', evidence: '已于整改期限内付清欠款' },
  record_refusal: { ground: 'written', facts: '单位复函拒绝在整改期限内付款' },
  record: { facts: '逾期未付，经责令整改拒不整改', basis: '《保障中小企业款项支付条例》第九条、第二十六条', breachOn: '2026-01-05' },
  object: { reason: '逾期系财政资金拨付流程所致，已于次月付清' },
  decide_objection: { decision: 'rejected', reason: '异议理由不成立' },
  apply_repair: { measures: '已全额支付并建立台账，承诺按期履约' },
  decide_repair: { decision: 'approved', reason: '整改到位，同意修复' },
};

const creditAction = (action: CreditAction): ObjectOperation<MatrixCreditRecord> => ({
  operationId: 'performCreditAction',
  variant: action,
  // The record's status is checked after who acts, so every action reaches the rule.
  expected: (actor, record) => (!canReadCredit(actor, record) ? 'hidden' : canActOnCredit(actor, action, record) ? 'allowed' : 'forbidden'),
  request: (record) => ({ method: 'POST', url: `/api/credit/records/${record.id}/actions`, payload: { action, expectedVersion: record.version, ...CREDIT_COMMAND[action] } }),
});

export const creditRecordKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixCreditRecord>> => {
  const { db, app } = world.demo;
  const rows = await db
    .select({ id: creditRecords.id, number: creditRecords.number, unitId: creditRecords.unitId, version: creditRecords.version })
    .from(creditRecords)
    .where(eq(creditRecords.tenantId, app.tenantId))
    .orderBy(creditRecords.number);
  return {
    name: 'credit records',
    objects: rows.map((row) => ({ ...row, unitJurisdictionId: unitOf(world, row.unitId).jurisdictionId })),
    label: (record) => record.number,
    relation: (actor, record) => `of a unit ${unitRelation(actor, { id: record.unitId, jurisdictionId: record.unitJurisdictionId }, 'of its own')}`,
    hiddenCode: 'CREDIT_RECORD_NOT_FOUND',
    operations: [
      { operationId: 'getCreditRecord', expected: (actor, record) => allowedIf(canReadCredit(actor, record)), request: (record) => ({ method: 'GET', url: `/api/credit/records/${record.id}` }) },
      ...CREDIT_ACTIONS.map(creditAction),
    ],
  };
};

export const creditExportKind = async (world: MatrixWorld): Promise<ObjectKind<{ readonly id: string; readonly number: string }>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: creditExportBatches.id, number: creditExportBatches.number }).from(creditExportBatches).where(eq(creditExportBatches.tenantId, app.tenantId));
  return {
    name: 'credit export batches',
    objects: rows,
    label: (batch) => batch.number,
    relation: () => 'a batch reported',
    hiddenCode: 'CREDIT_EXPORT_BATCH_NOT_FOUND',
    operations: [{ operationId: 'downloadCreditExport', expected: (actor) => allowedIf(canManageCredit(actor)), request: (batch) => ({ method: 'GET', url: `/api/credit/exports/${batch.id}/file` }) }],
  };
};

/**
 * S5, 三员分立: the dispatch is followed by the staff whose units it covers (`dispatchUnitScope`);
 * enterprises and the three administrators, who have no case figures, see no round.
 */
const followsDispatch = (actor: Actor): boolean => dispatchUnitScope(actor).kind !== 'none';

interface MatrixRound {
  readonly id: string;
  readonly title: string;
  readonly status: string;
}

export const dispatchRoundKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixRound>> => {
  const { db, app } = world.demo;
  const rows = await db.select({ id: dispatchRounds.id, title: dispatchRounds.title, status: dispatchRounds.status }).from(dispatchRounds).where(eq(dispatchRounds.tenantId, app.tenantId)).orderBy(dispatchRounds.periodStart);
  return {
    name: 'dispatch rounds',
    objects: rows,
    label: (round) => round.title,
    relation: (_actor, round) => `a round ${round.status}`,
    hiddenCode: 'DISPATCH_ROUND_NOT_FOUND',
    operations: [
      { operationId: 'getDispatchRound', expected: (actor) => allowedIf(followsDispatch(actor)), request: (round) => ({ method: 'GET', url: `/api/dispatch/rounds/${round.id}` }) },
      // G1: 营商办 alone opens and closes rounds.
      { operationId: 'closeDispatchRound', expected: (actor) => allowedIf(actor.role === 'business_office'), request: (round) => ({ method: 'POST', url: `/api/dispatch/rounds/${round.id}/close` }) },
    ],
  };
};

/** A unit's line in an open round: hidden from who does not see the unit, refused to who sees but does not report for it. */
const reportAnswer = (actor: Actor, unit: ScopedUnit): Expected =>
  !isUnitInScope(dispatchUnitScope(actor), unit) ? 'hidden' : canReportForUnit(actor, unit) ? 'allowed' : 'forbidden';

interface MatrixRoundLine {
  readonly roundId: string;
  readonly caseId: string;
  readonly unit: ScopedUnit & { readonly name: string };
  /** The unit has submitted its report: its lines are final. */
  readonly submitted: boolean;
}

export const dispatchLineKinds = async (world: MatrixWorld): Promise<ObjectKind<MatrixRoundLine>[]> => {
  const { db, app } = world.demo;
  const rows = await db
    .select({ roundId: dispatchRoundItems.roundId, caseId: dispatchRoundItems.caseId, unitId: dispatchRoundItems.unitId, submittedAt: dispatchUnitReports.submittedAt })
    .from(dispatchRoundItems)
    .innerJoin(dispatchRounds, eq(dispatchRounds.id, dispatchRoundItems.roundId))
    .leftJoin(dispatchUnitReports, and(eq(dispatchUnitReports.roundId, dispatchRoundItems.roundId), eq(dispatchUnitReports.unitId, dispatchRoundItems.unitId)))
    .where(and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRounds.status, 'open')))
    .orderBy(dispatchRoundItems.unitId, dispatchRoundItems.caseId);
  const lines = rows.map((row) => ({ roundId: row.roundId, caseId: row.caseId, unit: unitOf(world, row.unitId), submitted: row.submittedAt !== null }));
  const common = {
    label: (line: MatrixRoundLine) => line.unit.name,
    relation: (actor: Actor, line: MatrixRoundLine) => unitRelation(actor, line.unit),
  };
  return [
    {
      ...common,
      name: 'dispatch lines',
      objects: lines,
      hiddenCode: 'DISPATCH_ITEM_NOT_FOUND',
      operations: [
        {
          operationId: 'reportDispatchProgress',
          expected: (actor, line) => reportAnswer(actor, line.unit),
          offered: (actor, line) => !line.submitted && reportAnswer(actor, line.unit) === 'allowed',
          request: (line) => ({ method: 'POST', url: `/api/dispatch/rounds/${line.roundId}/progress`, payload: { caseId: line.caseId, progress: '已拟定付款计划，下周支付首期' } }),
        },
      ],
    },
    {
      ...common,
      name: 'dispatch unit reports',
      objects: lines.filter((line, index) => lines.findIndex((other) => other.unit.id === line.unit.id) === index),
      hiddenCode: 'DISPATCH_ITEM_NOT_FOUND',
      operations: [
        {
          operationId: 'submitDispatchReport',
          expected: (actor, line) => reportAnswer(actor, line.unit),
          request: (line) => ({ method: 'POST', url: `/api/dispatch/rounds/${line.roundId}/reports`, payload: { unitId: line.unit.id, summary: '本期各项工作按计划推进。' } }),
        },
      ],
    },
  ];
};
