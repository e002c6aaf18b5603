/**
 * `chengxin sweep` also purges the uploads nothing took within a day and the records past their
 * retention (issue 11), as the server's hourly and daily jobs do: run as a real command on a
 * data folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { accounts, attachments, idempotencyKeys } from '../../src/db/schema.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { seedReferenceData } from '../../src/db/seed/reference.ts';
import { commandsTimeout, runChengxin as chengxin } from '../support/cli.ts';

const TENANT = 'hanjiang';
const OLD = randomUUID();
const FRESH = randomUUID();

// One command and two openings of the folder.
describe('chengxin sweep purges unused uploads and expired records', { timeout: commandsTimeout(3) }, () => {
  let folder: string;
  let dataDir: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-purge-'));
    dataDir = join(folder, 'data');
    const database = await openDatabase({ dataDir });
    try {
      await seedReferenceData(database.db, TENANT);
      await database.db.insert(accounts).values({
        id: 'acc-uploader',
        tenantId: TENANT,
        username: 'uploader',
        displayName: '上传人',
        passwordHash: 'not-a-password',
        role: 'business_office',
        unitId: UNIT_IDS.yingshangban,
        jurisdictionId: null,
      });
      const file = (id: string, createdAt: string) => ({
        id,
        tenantId: TENANT,
        uploadedBy: 'acc-uploader',
        fileName: '证明.pdf',
        contentType: 'application/pdf',
        sizeBytes: 9,
        sha256: '0'.repeat(64),
        content: Buffer.from('%PDF-1.7\n'),
        caseId: null,
        createdAt: new Date(createdAt),
      });
      await database.db.insert(attachments).values([file(OLD, '2026-11-30T09:00:00+08:00'), file(FRESH, '2026-12-02T08:00:00+08:00')]);
      const key = (name: string, usedAt: string) => ({ tenantId: TENANT, accountId: 'acc-uploader', key: name, requestHash: '0'.repeat(64), statusCode: 201, createdAt: new Date(usedAt) });
      await database.db.insert(idempotencyKeys).values([key('used-a-week-ago', '2026-11-24T09:00:00+08:00'), key('used-today', '2026-12-02T08:00:00+08:00')]);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('deletes the upload unused for over a day and the key used over a week ago, and keeps the fresh ones', async () => {
    const run = await chengxin('sweep', '--now', '2026-12-02', '--data', dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('附件清理：删除 1 个上传后超过24小时未被事项或申报使用的附件（0.0MB）。');
    expect(run.stdout).toContain('保存期限清理：删除幂等记录 1 条、已读通知 0 条、未读通知 0 条、Webhook 推送记录 0 条（已送达 0，失败 0）。');
    const database = await openDatabase({ dataDir });
    try {
      expect((await database.db.select({ id: attachments.id }).from(attachments)).map((row) => row.id)).toEqual([FRESH]);
      expect((await database.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys)).map((row) => row.key)).toEqual(['used-today']);
    } finally {
      await database.close();
    }
  });
});
