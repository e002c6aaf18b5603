import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, yearOf } from '../domain/calendar.ts';
import { EXPORT_CONTENT_TYPE, exportChangeFor, exportFileContent, type ExportRecord } from '../domain/credit/export-file.ts';
import { authorizeCreditManagement } from '../domain/credit/policy.ts';
import { AppError } from '../domain/errors.ts';
import { creditExportBatches, creditRecords } from '../db/schema.ts';
import { appendCreditEvent, CREDIT_NUMBER_PREFIX, nextCreditNumber } from './credit-store.ts';

/** The batch file's name: 数据批次号 in it, so each download names its batch. */
export const exportFileName = (batchNumber: string): string => `失信记录报送-${batchNumber}.csv`;

/**
 * 市信用办 makes the next batch for 全国信用信息共享平台 (S4): every record the platform has
 * not yet been told about, or whose status changed since (`exportChangeFor`), in one file
 * whose bytes and SHA-256 are kept with the batch. Each record remembers what it was last
 * reported as, and gets an `export` event, so the next batch holds only what changed since.
 * With nothing to report no batch is made: an empty file would only burn a batch number.
 * @throws AppError FORBIDDEN, CREDIT_EXPORT_NOTHING_NEW
 */
export const createCreditExport = async (app: AppContext, actor: Actor) => {
  authorizeCreditManagement(actor);
  const now = app.clock();
  return app.db.transaction(async (tx) => {
    // Revoked and repaired records that were reported as such are final; the rest may have news.
    // The row locks keep a concurrent batch or objection from interleaving.
    const rows = await tx
      .select()
      .from(creditRecords)
      .where(and(eq(creditRecords.tenantId, app.tenantId), or(isNull(creditRecords.exportedChange), eq(creditRecords.exportedChange, 'added'))))
      .for('update');
    // Only a determined record (with its 认定日期) has anything to report; the steps before it never do.
    const changes = rows.flatMap((row) => {
      const change = exportChangeFor(row.status, row.exportedChange);
      return change === null || row.breachOn === null ? [] : [{ row: { ...row, breachOn: row.breachOn }, change }];
    });
    if (changes.length === 0) {
      throw new AppError('CREDIT_EXPORT_NOTHING_NEW', '自上一批次以来没有新增、撤销或修复的失信记录，未生成报送批次');
    }
    const id = randomUUID();
    const number = await nextCreditNumber(tx, app.tenantId, CREDIT_NUMBER_PREFIX.batch, yearOf(todayInShanghai(now)));
    const records: ExportRecord[] = changes.map(({ row, change }) => ({
      number: row.number,
      unitName: row.unitName,
      unitCreditCode: row.unitCreditCode,
      unitKind: row.unitKind,
      facts: row.facts,
      basis: row.basis,
      breachOn: row.breachOn,
      recordingUnitName: row.recordingUnitName,
      caseNumber: row.caseNumber,
      change,
      revokedOn: row.revokedOn,
      repairedOn: row.repairedOn,
    }));
    const content = exportFileContent(number, records);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const batch = {
      id,
      tenantId: app.tenantId,
      number,
      createdBy: actor.id,
      createdByName: actor.name,
      createdAt: now,
      recordCount: records.length,
      fileName: exportFileName(number),
      contentType: EXPORT_CONTENT_TYPE,
      sha256,
      content,
    };
    await tx.insert(creditExportBatches).values(batch);
    for (const { row, change } of changes) {
      const version = row.version + 1;
      await appendCreditEvent(tx, {
        tenantId: app.tenantId,
        recordId: row.id,
        seq: version,
        type: 'export',
        payload: { batchId: id, batchNumber: number, change },
        statusBefore: row.status,
        statusAfter: row.status,
        actor,
        at: now,
      });
      await tx
        .update(creditRecords)
        .set({ exportedChange: change, exportedBatchId: id, version, updatedAt: now })
        .where(and(eq(creditRecords.tenantId, app.tenantId), eq(creditRecords.id, row.id), eq(creditRecords.version, row.version)));
    }
    const { content: _content, tenantId: _tenantId, ...summary } = batch;
    return { ...summary, createdAt: now.toISOString() };
  });
};
