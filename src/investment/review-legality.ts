import { and, count, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { authorizeReview } from '../domain/investment/access.ts';
import { checkReview, type LegalityReviewInput } from '../domain/investment/register.ts';
import { investmentPromiseReviews } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { loadPromiseLead, loadReadablePromise, refOf } from './register-store.ts';

/**
 * SPEC §3.3, S6: 招商局 or the county reviews a promise's legality — 合法合规, or 有瑕疵 with the
 * reason — as the next numbered review of its append-only history; the latest is the one in
 * force. The reviewer is the acting user and their unit, as named that day.
 * @throws AppError PROMISE_NOT_FOUND, FORBIDDEN, VALIDATION_FAILED
 */
export const reviewLegality = async (app: AppContext, actor: Actor, promiseId: string, input: LegalityReviewInput): Promise<void> => {
  const now = app.clock();
  checkReview(input, todayInShanghai(now));
  await app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const row = await loadReadablePromise(tx, app.tenantId, actor, lead, promiseId, { lock: true });
    authorizeReview(actor, lead, refOf(row));
    const [existing] = await tx
      .select({ n: count() })
      .from(investmentPromiseReviews)
      .where(and(eq(investmentPromiseReviews.tenantId, app.tenantId), eq(investmentPromiseReviews.promiseId, promiseId)));
    const unit = actor.unitId === null ? null : await getUnit(tx, app.tenantId, actor.unitId);
    const inserted = await tx
      .insert(investmentPromiseReviews)
      .values({
        tenantId: app.tenantId,
        promiseId,
        seq: Number(existing?.n ?? 0) + 1,
        legality: input.legality,
        reason: input.reason || null,
        reviewedOn: input.reviewedOn,
        reviewerId: actor.id,
        reviewerName: actor.name,
        reviewerUnitId: unit?.id ?? null,
        reviewerUnitName: unit?.name ?? null,
        recordedAt: now,
      })
      .onConflictDoNothing()
      .returning({ seq: investmentPromiseReviews.seq });
    if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '该承诺的合法性审查刚被他人更新，请刷新后重试');
  });
};
