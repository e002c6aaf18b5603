import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { authorizeCreditManagement } from '../domain/credit/policy.ts';
import { AppError } from '../domain/errors.ts';
import { creditExportBatches } from '../db/schema.ts';

const summaryColumns = {
  id: creditExportBatches.id,
  number: creditExportBatches.number,
  createdBy: creditExportBatches.createdBy,
  createdByName: creditExportBatches.createdByName,
  createdAt: creditExportBatches.createdAt,
  recordCount: creditExportBatches.recordCount,
  fileName: creditExportBatches.fileName,
  contentType: creditExportBatches.contentType,
  sha256: creditExportBatches.sha256,
};

/** The batches reported so far, newest first (市信用办 only). @throws AppError FORBIDDEN */
export const listCreditExports = async (app: AppContext, actor: Actor) => {
  authorizeCreditManagement(actor);
  const rows = await app.db
    .select(summaryColumns)
    .from(creditExportBatches)
    .where(eq(creditExportBatches.tenantId, app.tenantId))
    .orderBy(desc(creditExportBatches.createdAt), desc(creditExportBatches.number));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
};
export type CreditExportSummary = Awaited<ReturnType<typeof listCreditExports>>[number];

/**
 * A batch's file exactly as it was first made, byte for byte (its SHA-256 is the batch's).
 * @throws AppError FORBIDDEN, CREDIT_EXPORT_BATCH_NOT_FOUND
 */
export const getCreditExportFile = async (app: AppContext, actor: Actor, batchId: string) => {
  authorizeCreditManagement(actor);
  const [row] = await app.db
    .select({ fileName: creditExportBatches.fileName, contentType: creditExportBatches.contentType, sha256: creditExportBatches.sha256, content: creditExportBatches.content })
    .from(creditExportBatches)
    .where(and(eq(creditExportBatches.tenantId, app.tenantId), eq(creditExportBatches.id, batchId)));
  if (row === undefined) throw new AppError('CREDIT_EXPORT_BATCH_NOT_FOUND', '报送批次不存在');
  return row;
};
