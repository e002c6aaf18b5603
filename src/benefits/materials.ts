import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { attachmentRef, attachmentRows } from '../attachments/attachment-store.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import type { Material } from '../domain/benefits/application.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { attachments, benefitApplications } from '../db/schema.ts';

/**
 * P2: materials are uploaded once and reused. A file named in an application is either one of
 * the enterprise's materials already (reused as it is) or the caller's own new upload, which
 * becomes the enterprise's — in the caller's transaction, so two applications racing for one
 * new upload cannot both claim it.
 * @throws AppError ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED
 */
export const claimFiles = async (db: Db, tenantId: string, actor: Actor, enterpriseUnitId: string, ids: readonly string[]): Promise<Map<string, AttachmentRef>> => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const byId = await attachmentRows(db, tenantId, unique);
  const fresh: string[] = [];
  const refs = new Map<string, AttachmentRef>();
  for (const id of unique) {
    const row = byId.get(id);
    const reused = row?.ownerUnitId === enterpriseUnitId;
    // Someone else's upload, or another enterprise's material, is not disclosed: it answers as missing.
    if (row === undefined || (!reused && row.uploadedBy !== actor.id)) {
      throw new AppError('ATTACHMENT_NOT_FOUND', '材料文件不存在，或不是当前账号上传的，请重新上传', { field: 'materials', attachmentId: id });
    }
    if (!reused && (row.caseId !== null || row.ownerUnitId !== null)) {
      throw new AppError('ATTACHMENT_ALREADY_LINKED', `文件“${row.fileName}”已用于其他事项，请重新上传`, { field: 'materials', attachmentId: id });
    }
    if (!reused) fresh.push(id);
    refs.set(id, attachmentRef(row));
  }
  if (fresh.length > 0) {
    const claimed = await db
      .update(attachments)
      .set({ ownerUnitId: enterpriseUnitId })
      .where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, fresh), isNull(attachments.ownerUnitId), isNull(attachments.caseId)))
      .returning({ id: attachments.id });
    if (claimed.length !== fresh.length) throw new AppError('ATTACHMENT_ALREADY_LINKED', '材料文件已被其他申报使用，请重新上传', { field: 'materials' });
  }
  return refs;
};

/** The named materials with their files resolved. */
export const materialsOf = (inputs: readonly { name: string; attachmentId: string }[], files: Map<string, AttachmentRef>): Material[] =>
  inputs.map((input) => ({ name: input.name, attachment: files.get(input.attachmentId)! }));

/**
 * The enterprise's material library: for each material name, the file it gave most recently,
 * offered again on its next application.
 */
export const materialLibrary = async (db: Db, tenantId: string, enterpriseUnitId: string): Promise<{ name: string; attachment: AttachmentRef }[]> => {
  const rows = await db
    .select({ materials: benefitApplications.materials })
    .from(benefitApplications)
    .where(and(eq(benefitApplications.tenantId, tenantId), eq(benefitApplications.enterpriseUnitId, enterpriseUnitId)))
    .orderBy(desc(benefitApplications.updatedAt));
  const byName = new Map<string, AttachmentRef>();
  for (const row of rows) for (const material of [...row.materials].reverse()) if (!byName.has(material.name)) byName.set(material.name, material.attachment);
  return [...byName].map(([name, attachment]) => ({ name, attachment }));
};
