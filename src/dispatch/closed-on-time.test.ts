import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import { actorOf } from '../auth/sessions.ts';
import { addCalendarDays } from '../domain/calendar.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { readMigrations } from '../db/migrate.ts';
import { accounts } from '../db/schema.ts';
import { UNIT_IDS } from '../db/seed/hanjiang.ts';
import { DEMO_NOW } from '../../test/support/clock.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { createDemoDatabase, type DemoDatabase } from '../../test/support/demo-database.ts';

interface Row extends Record<string, unknown> {
  readonly id: string;
  readonly state: string;
  readonly closed_on_time: boolean;
  readonly settled_on_time: boolean | null;
  readonly probed: boolean;
}

/**
 * 按期办结 as the dispatch report computed it from the events before migration 0050, kept here as
 * the definition the column must meet: the last event that entered 已办结 from another state other
 * than by a return, or else the `close` event, came on a day (Asia/Shanghai) no later than the
 * deadline the event before it left; false for a case that is not closed.
 */
const PROBED = sql`case when c.state = 'closed' then coalesce((
  select s.deadline_before is null or (s.at at time zone 'Asia/Shanghai')::date <= s.deadline_before
  from (
    select e.at, e.seq, e.type = 'close' as fallback, p.deadline as deadline_before
    from case_events e
    left join case_events p on p.tenant_id = e.tenant_id and p.case_id = e.case_id and p.seq = e.seq - 1
    where e.tenant_id = c.tenant_id and e.case_id = c.id
      and ((e.state_after = 'settled' and e.state_before is distinct from 'settled' and e.type <> 'return') or e.type = 'close')
  ) s
  order by s.fallback, s.seq desc
  limit 1), false) else false end`;

describe(`按期办结 kept on the case (migration 0050) on ${backendName}`, () => {
  let database: DemoDatabase['database'];
  let app: AppContext;
  let now = new Date(DEMO_NOW);
  /** A case of the demo city's cases settled after its deadline and closed: the demo closes its cases on time. */
  let late: CaseRecord;

  beforeAll(async () => {
    const demo = await createDemoDatabase();
    database = demo.database;
    app = { db: database.db, tenantId: database.tenantId, clock: () => now, keys: demo.keys };
    const [row] = await database.db.select().from(accounts).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.username, 'yingshangban')));
    const office = await actorOf(app, row!);
    const registered = await registerTestArrear(app, office, { title: '逾期清偿测试欠款', enterpriseName: '汉江市恒通路桥工程有限公司', organisation: 'L4TE0C1T', responsibleUnitId: UNIT_IDS.jiaoyuju, claimedAmount: 2_000_000 });
    const performing = await runCommands(app, office, registered, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 2_000_000 } });
    // Paid in full three days after the deadline, then reported and closed.
    now = new Date(`${addCalendarDays(performing.deadline!, 3)}T10:00:00+08:00`);
    const settled = await runCommands(app, office, performing, { action: 'record_payment', amount: 2_000_000, paidOn: addCalendarDays(performing.deadline!, 3), voucher: 'LATE-1' });
    expect(settled).toMatchObject({ state: 'settled', settledOnTime: false });
    late = await runCommands(app, office, settled, { action: 'submit_feedback', summary: '已全额支付', documents: [{ title: '国库集中支付凭证', reference: 'LATE-1' }] }, { action: 'close', opinion: '经核实已清偿，同意销号' });
    now = new Date(DEMO_NOW);
  });
  afterAll(() => database?.close());

  const rows = async (): Promise<Row[]> =>
    (
      await database.db.execute<Row>(sql`
        select c.id, c.state, c.closed_on_time, (c.detail ->> 'settledOnTime')::boolean as settled_on_time, ${PROBED} as probed
        from cases c where c.tenant_id = ${app.tenantId} order by c.id`)
    ).rows;

  it("equals, on every case of the demo city, what the report probed from the case's events", async () => {
    const all = await rows();
    expect(all.filter((row) => row.closed_on_time !== row.probed)).toEqual([]);
    expect(all.find((row) => row.id === late.id)).toMatchObject({ state: 'closed', closed_on_time: false, settled_on_time: false, probed: false });
    const closed = all.filter((row) => row.state === 'closed');
    // Closed on time and late, and settled cases that are not closed, so that the check can fail.
    expect(closed.filter((row) => row.closed_on_time).length).toBeGreaterThan(0);
    expect(closed.filter((row) => !row.closed_on_time).length).toBeGreaterThan(0);
    expect(all.filter((row) => row.state !== 'closed' && row.settled_on_time !== null).length).toBeGreaterThan(0);
    // Never settled: the field is absent, and the case is not closed.
    for (const row of all.filter((row) => row.settled_on_time === null)) expect(row.state).not.toBe('closed');
  });

  it('is filled by the migration for the cases already there, as replaying their events gives it', async () => {
    const before = await rows();
    const migration = (await readMigrations()).find(({ name }) => name.endsWith('_0050_case_closed_on_time.sql'))!;
    const backfill = migration.sql.slice(migration.sql.indexOf('update cases c'));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update cases set closed_on_time = false, detail = detail - 'settledOnTime' where tenant_id = ${app.tenantId}`);
      // Without the field the stored projections differ from their replay: the audit's check sees it.
      const cleared = await verifyAudit({ ...app, db: tx });
      expect(cleared.broken.filter((problem) => problem.kind === 'projection').length).toBeGreaterThan(0);
      await tx.execute(sql.raw(backfill));
    });
    expect(await rows()).toEqual(before);
    const report = await verifyAudit(app);
    expect(report.broken).toEqual([]);
  });
});
