import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { notifications } from '../db/schema.ts';

/**
 * Acting on a case answers its notices: the actor's unread notifications of that case are marked
 * read at the action's instant, inside the action's transaction (a refused action marks nothing).
 * Other people's notices of the case stay as they are.
 * @returns how many were unread
 */
export const markCaseNoticesRead = async (tx: Db, tenantId: string, accountId: string, caseId: string, at: Date): Promise<number> => {
  const rows = await tx
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.accountId, accountId), eq(notifications.caseId, caseId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
};
