import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { attachments } from '../db/schema.ts';

/** The stored files among `ids`, by id, with what their uses check: who uploaded them and where they are used. */
export const attachmentRows = async (db: Db, tenantId: string, ids: readonly string[]) => {
  const rows = await db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      sha256: attachments.sha256,
      size: attachments.sizeBytes,
      uploadedBy: attachments.uploadedBy,
      caseId: attachments.caseId,
      ownerUnitId: attachments.ownerUnitId,
    })
    .from(attachments)
    .where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, [...ids])));
  return new Map(rows.map((row) => [row.id, row]));
};

/** What a case or an application keeps of a file. */
export const attachmentRef = (row: { id: string; fileName: string; sha256: string; size: number }): AttachmentRef => ({
  id: row.id,
  fileName: row.fileName,
  sha256: row.sha256,
  size: row.size,
});

/**
 * The files a command names, checked to be the caller's own uploads not yet linked to a case,
 * in the order named (duplicates once); `field` names the command's field in a refusal.
 * @throws AppError ATTACHMENT_NOT_FOUND for a file that does not exist or is someone else's,
 *   ATTACHMENT_ALREADY_LINKED for one already linked to a case
 */
export const usableAttachments = async (db: Db, tenantId: string, actor: Actor, ids: readonly string[], field = 'attachmentIds'): Promise<AttachmentRef[]> => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const byId = await attachmentRows(db, tenantId, unique);
  return unique.map((id) => {
    const row = byId.get(id);
    // Someone else's upload is not disclosed: it answers as a missing one.
    if (row === undefined || row.uploadedBy !== actor.id) {
      throw new AppError('ATTACHMENT_NOT_FOUND', '附件不存在，或不是当前账号上传的，请重新上传', { field, attachmentId: id });
    }
    if (row.caseId !== null) {
      throw new AppError('ATTACHMENT_ALREADY_LINKED', `附件“${row.fileName}”已用于其他事项，请重新上传`, { field, attachmentId: id });
    }
    return attachmentRef(row);
  });
};

/**
 * Links the files to the case, inside the caller's transaction. Only files still unlinked are
 * taken, so of two commands racing for one file, the second fails and writes nothing.
 * @throws AppError ATTACHMENT_ALREADY_LINKED
 */
export const linkAttachments = async (tx: Db, tenantId: string, refs: readonly AttachmentRef[], caseId: string): Promise<void> => {
  if (refs.length === 0) return;
  const ids = refs.map((ref) => ref.id);
  const linked = await tx
    .update(attachments)
    .set({ caseId })
    .where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, ids), isNull(attachments.caseId)))
    .returning({ id: attachments.id });
  if (linked.length !== ids.length) {
    throw new AppError('ATTACHMENT_ALREADY_LINKED', '附件已被其他事项使用，请重新上传', { field: 'attachmentIds' });
  }
};
