/** Reads shared by the dispatch use cases. */
import { and, eq } from 'drizzle-orm';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { dispatchRounds } from '../db/schema.ts';

export type DispatchRoundRow = typeof dispatchRounds.$inferSelect;

/**
 * A round of the tenant; `forUpdate` locks it for the caller's transaction so that a report
 * and the round's closing cannot interleave.
 * @throws AppError DISPATCH_ROUND_NOT_FOUND
 */
export const loadRound = async (db: Db, tenantId: string, roundId: string, forUpdate = false): Promise<DispatchRoundRow> => {
  const query = db
    .select()
    .from(dispatchRounds)
    .where(and(eq(dispatchRounds.tenantId, tenantId), eq(dispatchRounds.id, roundId)));
  const [round] = forUpdate ? await query.for('update') : await query;
  if (round === undefined) throw new AppError('DISPATCH_ROUND_NOT_FOUND', '调度不存在', { roundId });
  return round;
};

/** @throws AppError DISPATCH_ROUND_CLOSED */
export const assertRoundOpen = (round: DispatchRoundRow): void => {
  if (round.status !== 'open') throw new AppError('DISPATCH_ROUND_CLOSED', `“${round.title}”已结束，不能再报送`, { roundId: round.id });
};


/** A round id from a URL: anything but a UUID is a round that does not exist. */
export const isRoundId = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
