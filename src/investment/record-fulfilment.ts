import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { authorizeFulfilment } from '../domain/investment/access.ts';
import { promiseStanding } from '../domain/investment/promise-status.ts';
import { checkFulfilment, type FulfilmentInput } from '../domain/investment/register.ts';
import { investmentPromiseFulfilments } from '../db/schema.ts';
import { deliveredOn, loadPromiseLead, loadReadablePromise, refOf } from './register-store.ts';

/**
 * S6 (实时跟踪): the responsible unit, 招商局 or the county records what was delivered on a
 * promise — the day, the amount and/or area, what and the voucher — as the next numbered record
 * of its append-only log, under the promise's lock, so two deliveries never pass its total.
 * @throws AppError PROMISE_NOT_FOUND, FORBIDDEN, VALIDATION_FAILED, PROMISE_ALREADY_KEPT,
 *   FULFILMENT_EXCEEDS_PROMISE
 */
export const recordFulfilment = async (app: AppContext, actor: Actor, promiseId: string, input: FulfilmentInput): Promise<void> => {
  const now = app.clock();
  const today = todayInShanghai(now);
  await app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const row = await loadReadablePromise(tx, app.tenantId, actor, lead, promiseId, { lock: true });
    authorizeFulfilment(actor, lead, refOf(row));
    const delivered = await deliveredOn(tx, app.tenantId, promiseId);
    const standing = promiseStanding(row.promise, delivered, today);
    checkFulfilment(row.promise, delivered, input, today, standing.status === 'kept');
    const inserted = await tx
      .insert(investmentPromiseFulfilments)
      .values({
        tenantId: app.tenantId,
        promiseId,
        seq: delivered.records + 1,
        deliveredOn: input.deliveredOn,
        amount: input.amount ?? null,
        area: input.area ?? null,
        description: input.description,
        voucher: input.voucher || null,
        completes: input.completes,
        recordedById: actor.id,
        recordedByName: actor.name,
        recordedByUnitId: actor.unitId,
        recordedAt: now,
      })
      .onConflictDoNothing()
      .returning({ seq: investmentPromiseFulfilments.seq });
    if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '该承诺的履约记录刚被他人更新，请刷新后重试');
  });
};
