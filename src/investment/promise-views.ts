import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { LocalDate } from '../domain/calendar.ts';
import { canKeepRegister, canRecordFulfilment, canReviewLegality, seesLegality, type PromiseLead } from '../domain/investment/access.ts';
import { deliveredOf, PROMISE_STATUS_LABEL, promiseStanding } from '../domain/investment/promise-status.ts';
import { PROMISE_LEGALITY_LABEL, PROMISE_TYPE_LABEL } from '../domain/investment/register.ts';
import type { Db } from '../db/connection.ts';
import { jurisdictions, units } from '../db/schema.ts';
import { loadDisclosure } from '../reference/acting-units.ts';
import { fulfilmentsOf, refOf, reviewsOf, type PromiseWithProject, type ReviewRow } from './register-store.ts';

/** Names (and credit codes) of the units and jurisdictions a set of views mentions, in two queries. */
export const registerNames = async (db: Db, tenantId: string, unitIds: readonly string[], jurisdictionIds: readonly string[]) => {
  const unitRows = unitIds.length
    ? await db
        .select({ id: units.id, name: units.name, creditCode: units.creditCode })
        .from(units)
        .where(and(eq(units.tenantId, tenantId), inArray(units.id, [...new Set(unitIds)])))
    : [];
  const jurisdictionRows = jurisdictionIds.length
    ? await db
        .select({ id: jurisdictions.id, name: jurisdictions.name })
        .from(jurisdictions)
        .where(and(eq(jurisdictions.tenantId, tenantId), inArray(jurisdictions.id, [...new Set(jurisdictionIds)])))
    : [];
  const unitById = new Map(unitRows.map((row) => [row.id, row]));
  const jurisdictionById = new Map(jurisdictionRows.map((row) => [row.id, row.name]));
  return {
    unit: (id: string) => ({ id, name: unitById.get(id)?.name ?? id }),
    enterprise: (id: string) => ({ unitId: id, name: unitById.get(id)?.name ?? id, creditCode: unitById.get(id)?.creditCode ?? '' }),
    jurisdiction: (id: string) => ({ id, name: jurisdictionById.get(id) ?? id }),
  };
};

const legalityOf = (review: ReviewRow) => ({
  legality: review.legality,
  label: PROMISE_LEGALITY_LABEL[review.legality],
  reason: review.reason,
  reviewedOn: review.reviewedOn,
  reviewerName: review.reviewerName,
  reviewerUnitName: review.reviewerUnitName,
});

/**
 * Promises as the API shows them: terms with labels, the project they belong to, where they
 * stand on `today` (status, days overdue, delivered and outstanding), the legality review in
 * force (not to enterprises), the case raised about them, and what the reader may do.
 */
export const promiseViews = async (db: Db, tenantId: string, actor: Actor, lead: PromiseLead, rows: readonly PromiseWithProject[], today: LocalDate) => {
  const ids = rows.map((row) => row.promise.id);
  const fulfilments = await fulfilmentsOf(db, tenantId, ids);
  const reviews = seesLegality(actor) ? await reviewsOf(db, tenantId, ids) : new Map<string, ReviewRow[]>();
  const names = await registerNames(
    db,
    tenantId,
    rows.flatMap((row) => [row.promise.responsibleUnitId, row.project.enterpriseUnitId, row.project.signingUnitId]),
    rows.map((row) => row.project.jurisdictionId),
  );
  return rows.map((row) => {
    const { promise, project } = row;
    const records = fulfilments.get(promise.id) ?? [];
    const delivered = deliveredOf(records);
    const standing = promiseStanding(promise, delivered, today);
    const history = reviews.get(promise.id) ?? [];
    const latest = history.at(-1);
    const ref = refOf(row);
    const view = {
      id: promise.id,
      projectId: project.id,
      project: {
        id: project.id,
        name: project.name,
        agreementNo: project.agreementNo,
        enterpriseName: names.unit(project.enterpriseUnitId).name,
        signingUnitName: names.unit(project.signingUnitId).name,
        jurisdiction: names.jurisdiction(project.jurisdictionId),
      },
      type: promise.type,
      typeLabel: PROMISE_TYPE_LABEL[promise.type],
      clause: promise.clause,
      content: promise.content,
      amount: promise.amount,
      area: promise.area,
      dueOn: promise.dueOn,
      conditions: promise.conditions,
      responsibleUnit: names.unit(promise.responsibleUnitId),
      case: promise.caseId === null ? null : { id: promise.caseId, number: row.caseNumber ?? '' },
      version: promise.version,
      ...standing,
      statusLabel: PROMISE_STATUS_LABEL[standing.status],
      delivered: { amount: delivered.amount, area: delivered.area, records: delivered.records },
      legality: latest === undefined ? null : legalityOf(latest),
      mayEdit: canKeepRegister(actor, lead, project.jurisdictionId),
      mayFulfil: canRecordFulfilment(actor, lead, ref) && standing.status !== 'kept',
      mayReview: canReviewLegality(actor, lead, ref),
    };
    return view;
  });
};

export type PromiseView = Awaited<ReturnType<typeof promiseViews>>[number];

/**
 * The promises' views with their every delivery and legality review, oldest first; who recorded
 * a delivery as the reader may be shown them (to the enterprise, the unit that delivered).
 */
export const promiseDetails = async (db: Db, tenantId: string, actor: Actor, lead: PromiseLead, rows: readonly PromiseWithProject[], today: LocalDate) => {
  const views = await promiseViews(db, tenantId, actor, lead, rows, today);
  const ids = views.map((view) => view.id);
  const fulfilments = await fulfilmentsOf(db, tenantId, ids);
  const reviews = seesLegality(actor) ? await reviewsOf(db, tenantId, ids) : new Map<string, ReviewRow[]>();
  const disclosure = await loadDisclosure({ db, tenantId }, actor, [...fulfilments.values()].flat().map((record) => record.recordedById));
  return views.map((view) => ({
    ...view,
    fulfilments: (fulfilments.get(view.id) ?? []).map((record) => ({
      seq: record.seq,
      deliveredOn: record.deliveredOn,
      amount: record.amount,
      area: record.area,
      description: record.description,
      voucher: record.voucher,
      completes: record.completes,
      recordedByName: disclosure.actor({ id: record.recordedById, name: record.recordedByName }).name,
      recordedAt: record.recordedAt.toISOString(),
    })),
    reviews: (reviews.get(view.id) ?? []).map((review) => ({ seq: review.seq, ...legalityOf(review), recordedAt: review.recordedAt.toISOString() })),
  }));
};

export type PromiseDetail = Awaited<ReturnType<typeof promiseDetails>>[number];
