import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase, TEST_TENANT_ID } from '../../test/support/database.ts';
import type { Database } from '../db/connection.ts';
import { holidays, timeLimits } from '../db/schema.ts';
import { isWorkingDay } from '../domain/calendar.ts';
import { readReferenceVersion, referenceData } from './reference-cache.ts';
import { loadCalendar, loadTimeLimits } from './reference-data.ts';

/**
 * The reference data kept in process is used only while the city's reference version names it:
 * any change to the tables, by any writer, is read at the next use after it commits; one rolled
 * back never is.
 */
describe(`reference data kept in process (${backendName})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  // 2026-03-07 is a Saturday: a day off unless the calendar says it is worked (调休).
  const SATURDAY = '2026-03-07';

  it('serves one copy while the version stands, and a new one once plain SQL changed a table', async () => {
    const { db } = database;
    const first = await referenceData(db, TEST_TENANT_ID);
    expect(first.version).not.toBeNull();
    expect(await referenceData(db, TEST_TENANT_ID)).toBe(first);
    expect(isWorkingDay(SATURDAY, await loadCalendar(db, TEST_TENANT_ID))).toBe(false);

    // As another server would: straight SQL, no call into this process's code.
    await db.execute(sql`insert into holidays (tenant_id, day, kind, name) values (${TEST_TENANT_ID}, ${SATURDAY}, 'workday', '调休上班')`);
    const version = await readReferenceVersion(db, TEST_TENANT_ID);
    expect(version).not.toBe(first.version);
    expect(isWorkingDay(SATURDAY, await loadCalendar(db, TEST_TENANT_ID))).toBe(true);
    expect((await referenceData(db, TEST_TENANT_ID)).version).toBe(version);

    await db
      .insert(timeLimits)
      .values({ tenantId: TEST_TENANT_ID, state: 'planning', unit: 'working_days', days: 7 })
      .onConflictDoUpdate({ target: [timeLimits.tenantId, timeLimits.state], set: { days: 7 } });
    expect((await loadTimeLimits(db, TEST_TENANT_ID)).planning.days).toBe(7);
  });

  it('uses a transaction’s own edit inside it, and forgets it when the transaction rolls back', async () => {
    const { db } = database;
    const before = await referenceData(db, TEST_TENANT_ID);
    const rolledBack = new Error('rolled back');
    await expect(
      db.transaction(async (tx) => {
        await tx.delete(holidays).where(and(eq(holidays.tenantId, TEST_TENANT_ID), eq(holidays.day, SATURDAY)));
        expect(isWorkingDay(SATURDAY, await loadCalendar(tx, TEST_TENANT_ID))).toBe(false);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await readReferenceVersion(db, TEST_TENANT_ID)).toBe(before.version);
    expect(isWorkingDay(SATURDAY, await loadCalendar(db, TEST_TENANT_ID))).toBe(true);
  });

  it('keeps the active webhook subscriptions, without their addresses or secrets, and sees an edit by plain SQL', async () => {
    const { db } = database;
    const before = await referenceData(db, TEST_TENANT_ID);
    const id = '7d0f3c52-6a1e-4c1b-9f0e-2b8c1d4e5a60';
    await db.execute(sql`
      insert into webhook_subscriptions (id, tenant_id, url, secret, event_types, active, created_by, created_at)
      values (${id}, ${TEST_TENANT_ID}, 'https://sms.example.gov.cn/hook', 'subscription-secret', '["supervise"]', true, 'acc-sysadmin', now())`);
    const added = await referenceData(db, TEST_TENANT_ID);
    expect(added.version).not.toBe(before.version);
    expect(added.webhookSubscriptions).toEqual([...before.webhookSubscriptions, { id, eventTypes: ['supervise'] }]);

    await db.execute(sql`update webhook_subscriptions set active = false where tenant_id = ${TEST_TENANT_ID} and id = ${id}`);
    expect((await referenceData(db, TEST_TENANT_ID)).webhookSubscriptions).toEqual(before.webhookSubscriptions);
  });
});
