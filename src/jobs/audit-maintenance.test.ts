import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/connection.ts';
import { jobRuns, securityEvents } from '../db/schema.ts';
import { recordSecurityEvent, verifySecurityLog } from '../security/audit-log.ts';
import { verifyAnchors } from '../security/anchors.ts';
import { ephemeralKeys } from '../security/keys.ts';
import { AUDIT_MAINTENANCE_JOB, runDailyAuditMaintenanceIfDue } from './scheduler.ts';

const shanghai = (local: string) => new Date(`${local}+08:00`);
const DAY_MS = 86_400_000;

describe(`the daily audit job on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let now: Date;
  let anchorDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    now = shanghai('2026-01-01T10:00:00');
    app = { db: database.db, tenantId: database.tenantId, clock: () => now, keys: ephemeralKeys() };
    anchorDir = await mkdtemp(join(tmpdir(), 'chengxin-anchors-'));
  });
  afterAll(async () => {
    await database?.close();
    if (anchorDir) await rm(anchorDir, { recursive: true, force: true });
  });

  const events = () => database.db.select().from(securityEvents).where(eq(securityEvents.tenantId, app.tenantId)).orderBy(asc(securityEvents.seq));
  const run = (atStart: boolean) => runDailyAuditMaintenanceIfDue(app, { now, atStart, sweepAt: { hour: 8, minute: 30 }, anchorDir });

  it('anchors the heads once a day, and purges what is older than 180 days', async () => {
    await recordSecurityEvent(app, { kind: 'sign_in', outcome: 'success', accountId: 'acc-1', address: '10.0.0.1' });
    expect(await run(true)).toBe(true);
    expect(await run(false)).toBe(false);
    const [claimed] = await database.db.select().from(jobRuns).where(and(eq(jobRuns.tenantId, app.tenantId), eq(jobRuns.job, AUDIT_MAINTENANCE_JOB)));
    expect(claimed?.result).toMatchObject({ purged: 0, resealedEvents: null, problem: null, anchorId: expect.any(String) });
    expect((await events()).map((event) => event.kind)).toEqual(['sign_in', 'anchor_written']);
    const lines = (await readFile(join(anchorDir, 'anchors.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);

    // 200 days later, past 08:30: the first sign-in and the first anchor's event are past the retention.
    now = new Date(now.getTime() + 200 * DAY_MS);
    await recordSecurityEvent(app, { kind: 'sign_in', outcome: 'success', accountId: 'acc-2', address: '10.0.0.2' });
    expect(await run(false)).toBe(true);
    expect((await events()).map((event) => [Number(event.seq), event.kind])).toEqual([
      [3, 'sign_in'],
      [4, 'audit_log_purged'],
      [5, 'anchor_written'],
    ]);
    const log = await verifySecurityLog(app);
    expect(log).toMatchObject({ firstSeq: 3, lastSeq: 5, broken: [] });
    // The first anchor named seq 1, purged since: still consistent with the purge record.
    const anchors = await verifyAnchors(app, { anchorDir, purgedThrough: log.purgedThrough });
    expect(anchors).toMatchObject({ anchorsChecked: 2, fileChecked: true, broken: [], cases: [] });
  });
});
