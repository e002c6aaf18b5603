import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/connection.ts';
import { notifications } from '../db/schema.ts';

/** Who acts on a case, and when: whose notices of it the action answers. */
export interface NoticesReader {
  readonly accountId: string;
  readonly at: Date;
}

/**
 * Acting on a case answers its notices: the actor's unread notifications of that case are marked
 * read at the action's instant, inside the action's transaction (a refused action, rolled back,
 * marks nothing). Other people's notices of the case stay as they are.
 * The update as a statement to send, or to run as a data-modifying `WITH` of the statement that
 * reads the case for the action (`loadCaseForWrite`), which spares the action a round trip.
 */
export const caseNoticesRead = (db: Db, tenantId: string, caseId: string, reader: NoticesReader) =>
  db
    .update(notifications)
    .set({ readAt: reader.at })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.accountId, reader.accountId), eq(notifications.caseId, caseId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
