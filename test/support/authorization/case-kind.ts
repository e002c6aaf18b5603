/**
 * The cases' part of the authorization matrix: every operation on a case, and every case action,
 * against the declarative case access rules (`CASE_ACCESS_RULES`), on the demo city's cases.
 */
import { isStaffRole } from '../../../src/domain/identity/security-policy.ts';
import { count, eq, sql } from 'drizzle-orm';
import { can, CASE_ACCESS_RULES, RELATIONS, type Relation } from '../../../src/domain/access/case-policy.ts';
import { mayRevealCasePersonalData } from '../../../src/domain/access/personal-data-policy.ts';
import type { Actor } from '../../../src/domain/access/roles.ts';
import { CASE_ACTIONS, type CaseAction } from '../../../src/domain/case/actions.ts';
import { availableActions } from '../../../src/domain/case/available-actions.ts';
import { flowAllows } from '../../../src/domain/case/paths.ts';
import type { CaseRecord } from '../../../src/domain/case/record.ts';
import { mayProposeBreach } from '../../../src/domain/credit/proposal.ts';
import type { Db } from '../../../src/db/connection.ts';
import { caseEvents, cases, supervisionOrders } from '../../../src/db/schema.ts';
import type { LocalDate } from '../../../src/domain/calendar.ts';
import { performCaseAction } from '../../../src/cases/perform-case-action.ts';
import type { DemoApp } from '../demo-app.ts';
import { representativeCommand } from './case-commands.ts';
import { holds, type Expected, type ObjectKind, type ObjectOperation } from './matrix.ts';

/** A case of the demo city, and the sequence number of one 督办单 it issued, if any. */
export interface MatrixCase {
  readonly record: CaseRecord;
  readonly orderSeq: number | null;
}

export const loadMatrixCases = async (db: Db, tenantId: string): Promise<MatrixCase[]> => {
  const rows = await db
    .select({ detail: cases.detail, orderSeq: sql<number | null>`(select min(${supervisionOrders.eventSeq}) from ${supervisionOrders} where ${supervisionOrders.caseId} = ${cases.id})` })
    .from(cases)
    .where(eq(cases.tenantId, tenantId))
    .orderBy(cases.number);
  return rows.map((row) => ({ record: row.detail as unknown as CaseRecord, orderSeq: row.orderSeq === null ? null : Number(row.orderSeq) }));
};

/**
 * The demo city has no rating yet, and its first enterprise account has one closed case, which
 * stays unrated so that rating is offered and performed. Its settled case is fed back and closed by
 * 营商办 and rated 不满意 by the enterprise (through the one write path), so that asking to reopen
 * (`request_reopen`) is offered and performed like every other action.
 */
export const rateOneClosedCaseDissatisfied = async (demo: DemoApp): Promise<void> => {
  const enterprise = demo.people.find((person) => person.actor.role === 'enterprise')!;
  const office = demo.people.find((person) => person.actor.role === 'business_office')!;
  const settled = (await loadMatrixCases(demo.db, demo.app.tenantId)).map(({ record }) => record).find((record) => record.state === 'settled' && record.enterprise?.unitId === enterprise.actor.unitId);
  if (settled === undefined) throw new Error('演示数据中第一个企业账号没有已办结的事项');
  const fedBack = await performCaseAction(demo.app, office.actor, settled.id, {
    action: 'submit_feedback',
    summary: '已全部付清。',
    documents: [{ title: '支付凭证', reference: 'MATRIX-1' }],
    expectedVersion: settled.version,
  });
  const closed = await performCaseAction(demo.app, office.actor, settled.id, { action: 'close', opinion: '同意销号', expectedVersion: fedBack.version });
  await performCaseAction(demo.app, enterprise.actor, settled.id, { action: 'rate', score: 1, comment: '款项仍未全部到账', expectedVersion: closed.version });
};

/** The relations the rules of the actor's role name, in the order the rules name them. */
const relationsOf = (actor: Actor): Relation[] => [...new Set(CASE_ACCESS_RULES.filter((rule) => rule.role === actor.role).map((rule) => rule.relation))];

/** "responsibleOrHandling, not handling": how the actor stands to the case in the words of its role's rules. */
const caseRelation = (actor: Actor, { record }: MatrixCase): string => {
  const relations = relationsOf(actor);
  if (relations.length === 0) return 'no rule of the role';
  return relations.map((relation) => holds(relation, RELATIONS[relation](actor, record))).join(', ');
};

/** `authorizeCase`'s answer: hidden from who may not read it, refused to who reads but may not do `what`. */
const caseAnswer = (actor: Actor, record: CaseRecord, what: 'read' | CaseAction | ((actor: Actor, record: CaseRecord) => boolean)): Expected => {
  if (!can(actor, 'read', record)) return 'hidden';
  const allowed = typeof what === 'function' ? what(actor, record) : can(actor, what, record);
  return allowed ? 'allowed' : 'forbidden';
};

const caseUrl = ({ record }: MatrixCase, tail = ''): string => `/api/cases/${record.id}${tail}`;

const actionOperation = (action: CaseAction, today: LocalDate, others: readonly CaseRecord[]): ObjectOperation<MatrixCase> => ({
  operationId: 'performCaseAction',
  variant: action,
  // `decide` checks the line's path and the state before the actor's right to act.
  reaches: ({ record }) => flowAllows(action, record.state, record.line),
  expected: (actor, { record }) => caseAnswer(actor, record, action),
  offered: (actor, { record }) => availableActions(record, actor).includes(action),
  request: (object) => ({ method: 'POST', url: caseUrl(object, '/actions'), payload: representativeCommand(object.record, action, today, others) }),
});

const readOperation = (operationId: string, tail: string): ObjectOperation<MatrixCase> => ({
  operationId,
  expected: (actor, { record }) => caseAnswer(actor, record, 'read'),
  request: (object) => ({ method: 'GET', url: caseUrl(object, tail) }),
});

export const caseKind = (objects: readonly MatrixCase[], today: LocalDate): ObjectKind<MatrixCase> => ({
  name: 'cases',
  objects,
  label: ({ record }) => record.number,
  relation: caseRelation,
  hiddenCode: 'CASE_NOT_FOUND',
  footprint: async (db, { record }) => {
    const [row] = await db
      .select({ version: cases.version, events: sql<number>`(select ${count()} from ${caseEvents} where ${caseEvents.caseId} = ${cases.id})` })
      .from(cases)
      .where(eq(cases.id, record.id));
    return { version: row?.version, events: Number(row?.events) };
  },
  operations: [
    readOperation('getCase', ''),
    readOperation('findDuplicates', '/duplicates'),
    readOperation('getCreditProposal', '/credit-proposal'),
    {
      // The working paper of the offices: staff who may read the case; its enterprise reads the case but gets the receipt.
      operationId: 'downloadCaseHandlingForm',
      expected: (actor, { record }) => caseAnswer(actor, record, (reader) => isStaffRole(reader.role)),
      request: (object) => ({ method: 'GET', url: caseUrl(object, '/handling-form.docx') }),
    },
    {
      ...readOperation('downloadAcceptanceReceipt', '/acceptance-receipt.docx'),
      reaches: ({ record }) => record.intake?.status === 'accepted' && record.intake.acceptedAt !== null && record.state !== 'dismissed',
    },
    {
      ...readOperation('downloadSupervisionOrder', ''),
      reaches: ({ orderSeq }) => orderSeq !== null,
      request: (object) => ({ method: 'GET', url: caseUrl(object, `/supervision-orders/${object.orderSeq}`) }),
    },
    {
      operationId: 'proposeCreditBreach',
      expected: (actor, { record }) => caseAnswer(actor, record, mayProposeBreach),
      request: (object) => ({ method: 'POST', url: caseUrl(object, '/credit-proposal'), payload: { facts: '逾期未兑现且经督办仍未履行。' } }),
    },
    {
      operationId: 'revealCasePersonalData',
      expected: (actor, { record }) => caseAnswer(actor, record, mayRevealCasePersonalData),
      request: (object) => ({ method: 'POST', url: caseUrl(object, '/personal-data/reveal') }),
    },
    ...CASE_ACTIONS.map((action) => actionOperation(action, today, objects.map(({ record }) => record))),
  ],
});
