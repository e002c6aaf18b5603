import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { UNLINKED_ATTACHMENT_TTL_MS } from '../domain/attachments.ts';
import { attachments } from '../db/schema.ts';

export interface PurgeResult {
  /** Files deleted. */
  readonly purged: number;
  /** Their bytes. */
  readonly bytes: number;
}

/**
 * Deletes the tenant's uploads that nothing took within a day (`UNLINKED_ATTACHMENT_TTL_MS`):
 * linked to no case (`case_id`, set by a registration or a step that takes a file) and in no enterprise's
 * file (`owner_unit_id`, set by an application's materials). Idempotent, and safe beside a
 * command linking a file at the same moment: the delete re-checks both columns on the row it
 * takes, so a file linked first is kept, and a file deleted first is refused to the command
 * (ATTACHMENT_NOT_FOUND or ATTACHMENT_ALREADY_LINKED, as for any missing upload).
 */
export const purgeUnlinkedAttachments = async (app: AppContext, options: { now: Date }): Promise<PurgeResult> => {
  const cutoff = new Date(options.now.getTime() - UNLINKED_ATTACHMENT_TTL_MS);
  const deleted = await app.db
    .delete(attachments)
    .where(and(eq(attachments.tenantId, app.tenantId), isNull(attachments.caseId), isNull(attachments.ownerUnitId), lt(attachments.createdAt, cutoff)))
    .returning({ size: attachments.sizeBytes });
  return { purged: deleted.length, bytes: deleted.reduce((sum, row) => sum + row.size, 0) };
};
