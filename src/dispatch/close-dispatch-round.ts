import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { authorizeRoundManagement } from '../domain/dispatch/dispatch-policy.ts';
import { dispatchRounds } from '../db/schema.ts';
import { assertRoundOpen, loadRound } from './round-store.ts';

/**
 * G1: 营商办 closes a round. Units that had not submitted stay on record as 未报送; nothing can
 * be reported in the round afterwards.
 * @throws AppError FORBIDDEN, DISPATCH_ROUND_NOT_FOUND, DISPATCH_ROUND_CLOSED
 */
export const closeDispatchRound = async (app: AppContext, actor: Actor, roundId: string) => {
  authorizeRoundManagement(actor);
  return app.db.transaction(async (tx) => {
    assertRoundOpen(await loadRound(tx, app.tenantId, roundId, true));
    const [round] = await tx
      .update(dispatchRounds)
      .set({ status: 'closed', closedBy: actor.id, closedByName: actor.name, closedAt: app.clock() })
      .where(and(eq(dispatchRounds.tenantId, app.tenantId), eq(dispatchRounds.id, roundId)))
      .returning();
    return round!;
  });
};
