import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/connection.ts';
import { securityEvents, securityLogHeads } from '../db/schema.ts';
import { ephemeralKeys } from './keys.ts';
import {
  MIN_RETENTION_DAYS,
  purgeSecurityLog,
  recordSecurityEvent,
  retentionDays,
  SECURITY_GENESIS_MAC,
  securityEventMac,
  verifySecurityLog,
  type SecurityEventInput,
} from './audit-log.ts';

const DAY_MS = 86_400_000;

const signIn = (index: number): SecurityEventInput => ({
  kind: 'sign_in',
  outcome: 'success',
  accountId: `acc-${index}`,
  username: `user${index}`,
  address: `10.0.0.${index % 250}`,
  object: `account:acc-${index}`,
  details: { index, nested: { b: 2, a: [1, { y: true, x: null }] } },
});

/** What an attacker with the database's owner rights does: writes with the triggers off. */
const asOwner = (database: Database, statement: ReturnType<typeof sql>) =>
  database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });

const rows = (database: Database, tenantId: string) =>
  database.db.select().from(securityEvents).where(sql`${securityEvents.tenantId} = ${tenantId}`).orderBy(securityEvents.seq);

describe(`the security audit log on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let now: Date;
  const keys = ephemeralKeys();
  const appOf = (tenantId: string): AppContext => ({ db: database.db, tenantId, clock: () => now, keys });

  beforeAll(async () => {
    database = await createTestDatabase();
    now = new Date('2026-03-02T09:00:00+08:00');
  });
  afterAll(() => database?.close());

  it('chains each tenant’s events with the key: seq 1..n, each MAC over the fields and the MAC before', async () => {
    const app = appOf('chain');
    for (let index = 1; index <= 5; index += 1) await recordSecurityEvent(app, signIn(index));
    await recordSecurityEvent(appOf('other-city'), signIn(99));
    const stored = await rows(database, 'chain');
    expect(stored.map((row) => Number(row.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(stored[0]!.prevMac).toBe(SECURITY_GENESIS_MAC);
    stored.slice(1).forEach((row, index) => expect(row.prevMac).toBe(stored[index]!.mac));
    for (const row of stored) expect(securityEventMac(keys, { ...row, seq: Number(row.seq) })).toBe(row.mac);
    expect(stored[2]).toMatchObject({ kind: 'sign_in', outcome: 'success', accountId: 'acc-3', username: 'user3', address: '10.0.0.3', object: 'account:acc-3' });
    const report = await verifySecurityLog(app);
    expect(report).toEqual({ eventsChecked: 5, firstSeq: 1, lastSeq: 5, purgedThrough: null, broken: [] });
    // Another key cannot have sealed them.
    expect((await verifySecurityLog({ ...app, keys: ephemeralKeys() })).broken.map((item) => item.kind)).toEqual(['mac', 'mac', 'mac', 'mac', 'mac']);
  });

  it('keeps one unbroken chain under writers at once', async () => {
    const app = appOf('concurrent');
    await Promise.all(Array.from({ length: 24 }, (_, index) => recordSecurityEvent(app, signIn(index))));
    const stored = await rows(database, 'concurrent');
    expect(stored.map((row) => Number(row.seq))).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    expect(new Set(stored.map((row) => row.details.index)).size).toBe(24);
    expect((await verifySecurityLog(app)).broken).toEqual([]);
    const [head] = await database.db.select().from(securityLogHeads).where(sql`${securityLogHeads.tenantId} = 'concurrent'`);
    expect(head).toMatchObject({ seq: 24, mac: stored.at(-1)!.mac });
  });

  it('commits or rolls back with the transaction it is given', async () => {
    const app = appOf('transactional');
    await recordSecurityEvent(app, signIn(1));
    await expect(
      database.db.transaction(async (tx) => {
        await recordSecurityEvent(app, signIn(2), tx);
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    await database.db.transaction((tx) => recordSecurityEvent(app, signIn(3), tx));
    expect((await rows(database, 'transactional')).map((row) => row.details.index)).toEqual([1, 3]);
    expect((await verifySecurityLog(app)).broken).toEqual([]);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const app = appOf('append-only');
    await recordSecurityEvent(app, signIn(1));
    await recordSecurityEvent(app, signIn(2));
    const before = await rows(database, 'append-only');
    await expect(database.db.execute(sql`update security_events set address = '6.6.6.6' where tenant_id = 'append-only'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from security_events where tenant_id = 'append-only' and seq = 1`)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate security_events`)).rejects.toThrow();
    // The purge's setting admits a DELETE only, never an UPDATE.
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('chengxin.security_log_purge', 'on', true)`);
        await tx.execute(sql`update security_events set address = '6.6.6.6' where tenant_id = 'append-only'`);
      }),
    ).rejects.toThrow();
    expect(await rows(database, 'append-only')).toEqual(before);
  });

  it('finds an edited, a re-sealed, a removed and a cut-off event', async () => {
    const app = appOf('tampered');
    for (let index = 1; index <= 6; index += 1) await recordSecurityEvent(app, signIn(index));
    expect((await verifySecurityLog(app)).broken).toEqual([]);

    // Edited.
    await asOwner(database, sql`update security_events set address = '6.6.6.6' where tenant_id = 'tampered' and seq = 2`);
    expect((await verifySecurityLog(app)).broken).toMatchObject([{ seq: 2, kind: 'mac' }]);

    // Re-sealed with another key: the MAC is consistent, but not the key's.
    const stolen = ephemeralKeys();
    const [second] = (await rows(database, 'tampered')).filter((row) => Number(row.seq) === 2);
    const forged = securityEventMac(stolen, { ...second!, seq: 2 });
    await asOwner(database, sql`update security_events set mac = ${forged} where tenant_id = 'tampered' and seq = 2`);
    const resealed = (await verifySecurityLog(app)).broken;
    expect(resealed[0]).toMatchObject({ seq: 2, kind: 'mac' });
    expect(resealed[0]!.message).toContain('HMAC-SM3');

    // Removed from the middle.
    await asOwner(database, sql`delete from security_events where tenant_id = 'tampered' and seq = 4`);
    expect((await verifySecurityLog(app)).broken.map((item) => [item.seq, item.kind])).toContainEqual([5, 'gap']);

    // The tail cut off, the head row left: the head tells.
    await asOwner(database, sql`delete from security_events where tenant_id = 'tampered' and seq = 6`);
    const cut = await verifySecurityLog(app);
    expect(cut.broken.map((item) => item.kind)).toContain('head');
    expect(cut.broken.find((item) => item.kind === 'head')!.message).toContain('日志末尾事件缺失');
  });

  it('purges events older than the retention and stays verifiable from the first kept event', async () => {
    const app = appOf('retention');
    const start = new Date('2026-01-01T09:00:00+08:00');
    for (let day = 0; day < 10; day += 1) {
      now = new Date(start.getTime() + day * 20 * DAY_MS);
      await recordSecurityEvent(app, signIn(day));
    }
    // Days 0, 20, …, 180; purged as of day 200 + 1 hour with 180 days kept: days 0 and 20 go.
    now = new Date(start.getTime() + 200 * DAY_MS + 3_600_000);
    const before = await rows(database, 'retention');
    // Never fewer than 180 days, whatever is asked.
    expect(retentionDays(30)).toBe(MIN_RETENTION_DAYS);
    const result = await purgeSecurityLog(app, { retentionDays: 30 });
    expect(result).toEqual({ purged: 2, lastPurgedSeq: 2, retentionDays: 180 });
    const after = await rows(database, 'retention');
    expect(after.map((row) => Number(row.seq))).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(after.at(-1)).toMatchObject({ kind: 'audit_log_purged', details: { lastPurgedSeq: 2, lastPurgedMac: before[1]!.mac, purged: 2, retentionDays: 180 } });
    const report = await verifySecurityLog(app);
    expect(report).toMatchObject({ firstSeq: 3, lastSeq: 11, purgedThrough: { seq: 2, mac: before[1]!.mac }, broken: [] });

    // Nothing more is old enough: nothing purged, nothing recorded.
    expect(await purgeSecurityLog(app)).toEqual({ purged: 0, lastPurgedSeq: null, retentionDays: 180 });
    expect(await rows(database, 'retention')).toHaveLength(9);

    // Removing the oldest kept event is not a purge: the log no longer starts where the purge left it.
    await asOwner(database, sql`delete from security_events where tenant_id = 'retention' and seq = 3`);
    expect((await verifySecurityLog(app)).broken).toMatchObject([{ seq: 4, kind: 'start' }]);
  });
});
