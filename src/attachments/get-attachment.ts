import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { can } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { attachments } from '../db/schema.ts';
import { loadCase } from '../cases/case-store.ts';
import { canReadEnterprise } from '../domain/enterprises/profile.ts';
import { getUnit } from '../reference/reference-data.ts';

export interface AttachmentFile {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly content: Buffer;
}

const notFound = () => new AppError('ATTACHMENT_NOT_FOUND', '附件不存在或无权查看');

/**
 * One file, for its uploader, for anyone who may read the case it is linked to (the case
 * access rules), or — an enterprise's application material — for anyone who may see that
 * enterprise's file (a window payment's voucher is both, and either reader gets it); to anyone
 * else it does not exist.
 * @throws AppError ATTACHMENT_NOT_FOUND
 */
export const getAttachment = async (app: AppContext, actor: Actor, id: string): Promise<AttachmentFile> => {
  const [row] = await app.db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.sizeBytes,
      sha256: attachments.sha256,
      uploadedBy: attachments.uploadedBy,
      caseId: attachments.caseId,
      ownerUnitId: attachments.ownerUnitId,
    })
    .from(attachments)
    .where(and(eq(attachments.tenantId, app.tenantId), eq(attachments.id, id)));
  if (row === undefined) throw notFound();
  if (row.uploadedBy !== actor.id) {
    // An enterprise's application material: for whoever may see that enterprise's file.
    const owner = row.ownerUnitId === null ? null : await getUnit(app.db, app.tenantId, row.ownerUnitId);
    const ownersReader = owner !== null && canReadEnterprise(actor, { unitId: owner.id, jurisdictionId: owner.jurisdictionId });
    if (!ownersReader) {
      const stored = row.caseId === null ? null : await loadCase(app.db, app.tenantId, row.caseId);
      if (stored === null || !can(actor, 'read', stored.record)) throw notFound();
    }
  }
  const [file] = await app.db
    .select({ content: attachments.content })
    .from(attachments)
    .where(and(eq(attachments.tenantId, app.tenantId), eq(attachments.id, id)));
  if (file === undefined) throw notFound();
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, sha256: row.sha256, content: file.content };
};
