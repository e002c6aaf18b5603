import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/connection.ts';
import { jobRuns } from '../db/schema.ts';
import { expectError } from '../../test/support/domain.ts';
import { claimDailyRun } from './job-runs.ts';
import { isPastDailyTime, parseSweepTime, runDailySweepIfDue, startScheduler, SWEEP_JOB } from './scheduler.ts';
import { ephemeralKeys } from '../security/keys.ts';

const shanghai = (text: string) => new Date(`${text}+08:00`);
const at830 = parseSweepTime('08:30');

describe(`the scheduler runs the daily sweep once per day (S2, ${backendName})`, () => {
  let database: Database & { tenantId: string };
  let now = shanghai('2026-11-26T07:00:00');
  let app: AppContext;
  const runs = () => database.db.select().from(jobRuns);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => now, keys: ephemeralKeys() };
  });
  afterAll(() => database?.close());

  it('reads the daily time as HH:MM in Shanghai', () => {
    expect(parseSweepTime('08:30')).toEqual({ hour: 8, minute: 30 });
    for (const text of ['8:30', '24:00', '08:60', '0830']) expectError(() => parseSweepTime(text), 'VALIDATION_FAILED');
    expect(isPastDailyTime(shanghai('2026-11-26T08:29:59'), at830)).toBe(false);
    expect(isPastDailyTime(shanghai('2026-11-26T08:30:00'), at830)).toBe(true);
    // 00:10 in Shanghai is the previous day in UTC: still before 08:30.
    expect(isPastDailyTime(shanghai('2026-11-27T00:10:00'), at830)).toBe(false);
  });

  it('waits for the daily time, except once at start when today has not run', async () => {
    expect(await runDailySweepIfDue(app, { now, atStart: false, sweepAt: at830 })).toBe(false);
    expect(await runs()).toEqual([]);
    expect(await runDailySweepIfDue(app, { now, atStart: true, sweepAt: at830 })).toBe(true);
    const [run] = await runs();
    expect(run).toMatchObject({ job: SWEEP_JOB, day: '2026-11-26', result: { checked: 0, raised: 0, conflicts: 0, notifications: 0 } });
    expect(run!.finishedAt).not.toBeNull();
  });

  it('never runs twice for one day: not after a restart, not from a second process', async () => {
    now = shanghai('2026-11-26T09:00:00');
    expect(await runDailySweepIfDue(app, { now, atStart: true, sweepAt: at830 })).toBe(false);
    expect(await runDailySweepIfDue(app, { now, atStart: false, sweepAt: at830 })).toBe(false);
    now = shanghai('2026-11-27T08:30:00');
    const both = await Promise.all([
      runDailySweepIfDue(app, { now, atStart: false, sweepAt: at830 }),
      runDailySweepIfDue(app, { now, atStart: false, sweepAt: at830 }),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect((await runs()).map((run) => run.day).sort()).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('takes over a claim whose process died an hour ago without finishing', async () => {
    await database.db.insert(jobRuns).values({ tenantId: database.tenantId, job: SWEEP_JOB, day: '2026-11-28', startedAt: shanghai('2026-11-28T08:30:00') });
    expect(await claimDailyRun(app, SWEEP_JOB, '2026-11-28', shanghai('2026-11-28T09:00:00'))).toBe(false);
    expect(await claimDailyRun(app, SWEEP_JOB, '2026-11-28', shanghai('2026-11-28T09:31:00'))).toBe(true);
  });

  it('starts with today’s missing run and stops cleanly', async () => {
    now = shanghai('2026-11-30T06:00:00');
    const scheduler = startScheduler(app, { webhookIntervalMs: 50 });
    await expect.poll(async () => (await runs()).find((run) => run.day === '2026-11-30')?.finishedAt ?? null).not.toBeNull();
    await scheduler.stop();
    await scheduler.stop();
  });
});
