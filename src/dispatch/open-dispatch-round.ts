import { randomUUID } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { authorizeRoundManagement } from '../domain/dispatch/dispatch-policy.ts';
import { cases, dispatchRoundItems, dispatchRounds } from '../db/schema.ts';
import { openCondition } from '../cases/case-conditions.ts';
import type { OpenRoundInput } from './round-schemas.ts';

// S3: a complaint still waiting in 营商办's intake queue is not yet the unit's to act on.
const notPendingIntake = sql`coalesce(${cases.detail} #>> '{intake,status}', '') <> 'pending'`;

/**
 * G1: 营商办 opens a dispatch round. In the same transaction every case then open (neither
 * closed nor dismissed, and accepted if it came through the intake queue) is snapshotted
 * under its responsible unit: those are the cases each
 * unit must report on in this round, whatever happens to the ledger afterwards.
 * @throws AppError FORBIDDEN
 */
export const openDispatchRound = async (app: AppContext, actor: Actor, input: OpenRoundInput) => {
  authorizeRoundManagement(actor);
  const id = randomUUID();
  const now = app.clock();
  return app.db.transaction(async (tx) => {
    const [round] = await tx
      .insert(dispatchRounds)
      .values({
        id,
        tenantId: app.tenantId,
        title: input.title,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        dueOn: input.dueOn,
        status: 'open',
        openedBy: actor.id,
        openedByName: actor.name,
        openedAt: now,
      })
      .returning();
    const snapshot = await tx.execute<{ case_id: string }>(sql`
      insert into ${dispatchRoundItems} (tenant_id, round_id, case_id, unit_id)
      select ${cases.tenantId}, ${id}::uuid, ${cases.id}, ${cases.responsibleUnitId} from ${cases}
      where ${and(eq(cases.tenantId, app.tenantId), openCondition(), lte(cases.registeredAt, now), notPendingIntake)}
      returning case_id`);
    return { round: round!, cases: snapshot.rows.length };
  });
};
