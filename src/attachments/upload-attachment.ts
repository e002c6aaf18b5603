import { createHash, randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_TEXT,
  attachmentContentType,
  cleanFileName,
  DAY_MS,
  decideUploadQuota,
  UPLOAD_QUOTA,
  uploadQuotaExceeded,
  type UploadQuota,
} from '../domain/attachments.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { attachments } from '../db/schema.ts';

export interface UploadedAttachment {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  readonly sha256: string;
}

/** The account's uploads of the last day: what its quota is counted from. */
const recentUploads = (db: Db, tenantId: string, accountId: string, now: Date) =>
  db
    .select({ at: attachments.createdAt, size: attachments.sizeBytes })
    .from(attachments)
    .where(and(eq(attachments.tenantId, tenantId), eq(attachments.uploadedBy, accountId), gt(attachments.createdAt, new Date(now.getTime() - DAY_MS))));

/**
 * Stores one uploaded file, unlinked, for a later registration or feedback of the same
 * account to name. The type is taken from the extension and confirmed by the content. The
 * account's quota (`UPLOAD_QUOTA`: uploads a minute, bytes a day) is checked and the file stored
 * in one transaction under a lock of the account, so two uploads at once cannot both take the
 * last place; a refused upload stores nothing.
 * @throws AppError FORBIDDEN for accounts without case work (三员分立), VALIDATION_FAILED for
 *   an empty file or name, ATTACHMENT_TOO_LARGE, ATTACHMENT_TYPE_NOT_ALLOWED,
 *   UPLOAD_QUOTA_EXCEEDED (details: limit, freesAt, retryAfterSeconds)
 */
export const uploadAttachment = async (
  app: AppContext,
  actor: Actor,
  file: { readonly fileName: string; readonly content: Buffer },
  quota: UploadQuota = UPLOAD_QUOTA,
): Promise<UploadedAttachment> => {
  if (caseReadScope(actor).kind === 'none') throw new AppError('FORBIDDEN', '当前账号不办理问题事项，不能上传附件');
  const fileName = cleanFileName(file.fileName);
  const size = file.content.byteLength;
  if (size === 0) throw new AppError('VALIDATION_FAILED', `文件“${fileName}”是空文件`, { field: 'file' });
  if (size > ATTACHMENT_MAX_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', `文件“${fileName}”超过${ATTACHMENT_MAX_TEXT}，请压缩或拆分后上传`, { field: 'file', maxBytes: ATTACHMENT_MAX_BYTES });
  }
  const contentType = attachmentContentType(fileName, file.content);
  const uploaded = { id: randomUUID(), fileName, contentType, size, sha256: createHash('sha256').update(file.content).digest('hex') };
  await app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chengxin:upload:${app.tenantId}:${actor.id}`}))`);
    const now = app.clock();
    const verdict = decideUploadQuota(await recentUploads(tx, app.tenantId, actor.id, now), size, now, quota);
    if (verdict.kind === 'refused') throw uploadQuotaExceeded(verdict, now, quota);
    await tx.insert(attachments).values({
      id: uploaded.id,
      tenantId: app.tenantId,
      uploadedBy: actor.id,
      fileName,
      contentType,
      sizeBytes: size,
      sha256: uploaded.sha256,
      content: file.content,
      caseId: null,
      createdAt: now,
    });
  });
  return uploaded;
};
