import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import { caseKindOf } from '../domain/lines/case-kinds.ts';
import type { HolidayCalendar } from '../domain/calendar.ts';
import type { CaseAction } from '../domain/case/actions.ts';
import { availableActions } from '../domain/case/available-actions.ts';
import { caseBasis, caseRegulation } from '../domain/case/basis.ts';
import { enterpriseProgress } from '../domain/case/enterprise-progress.ts';
import { flowDiagram } from '../domain/case/flow-diagram.ts';
import { actionLabel, openLine } from '../domain/case/paths.ts';
import { outstandingAmount, type CaseRecord } from '../domain/case/record.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { upcastHistory } from '../domain/case/upcast.ts';
import type { ChainedEvent } from '../audit/chain.ts';
import { complaintClocks } from '../domain/supervision/complaint-clocks.ts';
import { deadlineStory, type StoryEvent } from '../domain/supervision/deadline-story.ts';
import { supervisionOrderNumber } from '../domain/supervision/supervision-order.ts';
import { readOrderIssuer } from '../setup/tenant.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import type { Db } from '../db/connection.ts';
import { cases, jurisdictions, supervisionOrders, units } from '../db/schema.ts';
import { referenceData } from '../reference/reference-cache.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import { mayRevealCasePersonalData } from '../domain/access/personal-data-policy.ts';
import { maskedPhone, withResponsiblePhone } from '../domain/personal-data.ts';
import { caseScopeCondition } from './case-conditions.ts';
import type { Disclosure } from '../domain/access/disclosure.ts';
import { loadDisclosure } from '../reference/acting-units.ts';

export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

/** Names of units and jurisdictions by id, for showing a case. */
export const namesOf = async (db: Db, tenantId: string, unitIds: readonly string[], jurisdictionIds: readonly string[]) => {
  const unitRows = unitIds.length
    ? await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.tenantId, tenantId), inArray(units.id, [...new Set(unitIds)])))
    : [];
  const jurisdictionRows = jurisdictionIds.length
    ? await db
        .select({ id: jurisdictions.id, name: jurisdictions.name })
        .from(jurisdictions)
        .where(and(eq(jurisdictions.tenantId, tenantId), inArray(jurisdictions.id, [...new Set(jurisdictionIds)])))
    : [];
  const unitNames = new Map(unitRows.map((row) => [row.id, row.name]));
  const jurisdictionNames = new Map(jurisdictionRows.map((row) => [row.id, row.name]));
  return {
    unit: (id: string): NamedRef => ({ id, name: unitNames.get(id) ?? id }),
    jurisdiction: (id: string): NamedRef => ({ id, name: jurisdictionNames.get(id) ?? id }),
  };
};

/** S3: the duplicates merged into a case, as far as the reader may see them. */
const mergedCases = (db: Db, tenantId: string, caseId: string, actor: Actor) =>
  db
    .select({ id: cases.id, number: cases.number, title: cases.title, source: cases.source, registeredAt: cases.registeredAt })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, tenantId),
        sql`${cases.detail} #>> '{mergedInto,caseId}' = ${caseId}`,
        caseScopeCondition(caseReadScope(actor)),
      ),
    )
    .orderBy(asc(cases.registeredAt));

/** S2: the 督办单 of the case's formal supervisions, by event seq, with their download address. */
const supervisionOrdersOf = async (db: Db, tenantId: string, caseId: string) => {
  const rows = await db
    .select({ seq: supervisionOrders.eventSeq, year: supervisionOrders.year, number: supervisionOrders.number })
    .from(supervisionOrders)
    .where(and(eq(supervisionOrders.tenantId, tenantId), eq(supervisionOrders.caseId, caseId)));
  if (rows.length === 0) return new Map<number, { number: string; url: string }>();
  const issuer = await readOrderIssuer({ db, tenantId });
  return new Map(
    rows.map((row) => [row.seq, { number: supervisionOrderNumber(issuer, row.year, row.number), url: `/api/cases/${caseId}/supervision-orders/${row.seq}` }]),
  );
};

/**
 * S1, S2: the deadline in force and its status, the pending extension request and the last
 * decision, and the ladder's steps with the 督办单 of each formal supervision; beside them a
 * complaint's two clocks (保障中小企业款项支付条例 第二十五条).
 */
const deadlineStoryOf = async (db: Db, tenantId: string, record: CaseRecord, events: readonly StoryEvent[], today: string, calendar: HolidayCalendar) => {
  const story = deadlineStory(record, events, today, calendar);
  const orders = story.supervisionSteps.length === 0 ? null : await supervisionOrdersOf(db, tenantId, record.id);
  return {
    ...story,
    supervisionSteps: story.supervisionSteps.map((step) => ({ ...step, order: orders?.get(step.seq) ?? null })),
    complaintClocks: complaintClocks(record, today, calendar),
  };
};

/**
 * 个人信息保护法: the responsible person's phone that a record or an event carries, masked for
 * every reader, whether it is stored sealed or, in an event from before sealing, in clear. The
 * whole number goes out only by a logged reveal (`reveal-case-personal-data.ts`).
 */
const withPersonalDataMasked = <T extends object>(value: T): T => withResponsiblePhone(value, (phone) => ({ masked: maskedPhone(phone) }));

/** The case page's data: the case, the names it refers to, its history, flow and the caller's actions. */
const recordedCaseView = async (db: Db, tenantId: string, record: CaseRecord, chained: readonly ChainedEvent[], actor: Actor, today: string) => {
  const unitIds = [record.responsibleUnitId, record.handlingUnitId, ...record.cooperatingUnitIds];
  if (record.leadUnitId !== null) unitIds.push(record.leadUnitId);
  const names = await namesOf(db, tenantId, unitIds, [record.jurisdictionId]);
  const actions: CaseAction[] = availableActions(record, actor);
  const merged = await mergedCases(db, tenantId, record.id, actor);
  const history = upcastHistory(chained.map(({ event }) => event));
  // The calendar and the LPR table from one read of the reference data.
  const reference = await referenceData(db, tenantId);
  const story = await deadlineStoryOf(db, tenantId, record, chained.map(({ event }) => event), today, reference.calendar);
  const { paymentLaw } = openLine(record.line);
  return {
    ...withPersonalDataMasked(record),
    mayRevealPersonalData: mayRevealCasePersonalData(actor, record),
    mergedCases: merged.map((row) => ({ ...row, registeredAt: row.registeredAt.toISOString() })),
    stateLabel: CASE_STATE_LABEL[record.state],
    // A kind of case its line keeps apart (打击报复投诉), or null.
    kind: caseKindOf(record),
    // Where the case stands in the enterprise's words, for its own view of the case.
    enterpriseProgress: enterpriseProgress({ ...record, kind: caseKindOf(record) }),
    outstandingAmount: outstandingAmount(record),
    deadlineStatus: deadlineStatus(record.deadline, today),
    deadlineStory: story,
    // 保障中小企业款项支付条例, beside the work map's deadlines: the statutory due date and late interest.
    paymentLaw: paymentLaw === undefined ? null : paymentLaw(record, today, { lpr: reference.lpr }),
    responsibleUnit: names.unit(record.responsibleUnitId),
    handlingUnit: names.unit(record.handlingUnitId),
    jurisdiction: names.jurisdiction(record.jurisdictionId),
    leadUnit: record.leadUnitId === null ? null : names.unit(record.leadUnitId),
    cooperatingUnits: record.cooperatingUnitIds.map(names.unit),
    availableActions: actions.map((action) => ({ action, label: actionLabel(action, record.line) })),
    basis: caseBasis(record),
    // The articles of 保障中小企业款项支付条例 the panel quotes beside the rules.
    regulation: caseRegulation(record),
    events: history.map((event, index) => ({
      seq: event.seq,
      type: event.type,
      label: event.type === 'register' ? '登记' : actionLabel(event.type, record.line),
      rule: event.rule,
      stateBefore: event.stateBefore,
      stateAfter: event.stateAfter,
      deadline: event.deadline,
      actor: event.actor,
      at: event.at,
      payload: withPersonalDataMasked(event.payload),
      hash: chained[index]!.hash,
    })),
    flow: { current: record.state, mermaid: flowDiagram({ line: record.line, current: record.state }) },
  };
};

type RecordedCaseView = Awaited<ReturnType<typeof recordedCaseView>>;

/**
 * The case page as `disclosure` shows it to its reader (个人信息保护法): to an enterprise, each
 * official of the history, the deadline story and the intake is the unit they acted for, and a
 * rectification's responsible person is known by post only.
 */
const disclosedCaseView = (view: RecordedCaseView, disclosure: Disclosure) => {
  const story = view.deadlineStory;
  const { pendingExtension: pending, lastExtensionDecision: decision } = story;
  return {
    ...disclosure.withResponsiblePerson(view),
    intake: view.intake && { ...view.intake, acceptedBy: view.intake.acceptedBy && disclosure.actor(view.intake.acceptedBy) },
    deadlineStory: {
      ...story,
      pendingExtension: pending && { ...pending, requestedBy: disclosure.actor(pending.requestedBy) },
      lastExtensionDecision: decision && { ...decision, decidedBy: disclosure.actor(decision.decidedBy) },
      supervisionSteps: story.supervisionSteps.map((step) => ({ ...step, by: disclosure.actor(step.by) })),
    },
    events: view.events.map((event) => ({ ...event, actor: disclosure.actor(event.actor), payload: disclosure.withResponsiblePerson(event.payload) })),
  };
};

/** A value without `importedFrom` (the ledger file a case came from, 台账导入). */
const withoutImportOrigin = <T extends object>(value: T): T => {
  if (!('importedFrom' in value)) return value;
  const { importedFrom: _origin, ...rest } = value as T & { importedFrom?: unknown };
  return rest as T;
};

/**
 * The case page for `actor`: its data, with the people in it as the reader may be shown them.
 * The ledger file an imported case came from (its name, hash and row) is the staff's: an
 * enterprise's view of its case does not name it.
 */
export const caseView = async (db: Db, tenantId: string, record: CaseRecord, chained: readonly ChainedEvent[], actor: Actor, today: string) => {
  const recorded = await recordedCaseView(db, tenantId, record, chained, actor, today);
  const view =
    actor.role === 'enterprise'
      ? { ...withoutImportOrigin(recorded), events: recorded.events.map((event) => ({ ...event, payload: withoutImportOrigin(event.payload) })) }
      : recorded;
  // Everyone the page names acted in the case's history.
  const disclosure = await loadDisclosure({ db, tenantId }, actor, view.events.map((event) => event.actor.id));
  return disclosedCaseView(view, disclosure);
};

export type CaseView = Awaited<ReturnType<typeof caseView>>;
