import { randomUUID } from 'node:crypto';
import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../auth/sessions.ts';
import { CASE_STATES, isCaseOpen, isClockStopped, type CaseState } from '../domain/case/states.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Actor } from '../domain/access/roles.ts';
import { isAppError } from '../domain/errors.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { accounts, caseDateRollups, caseMemberDateRollups, caseMemberRollups, caseRollups, cases } from '../db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { DEMO_NOW } from '../../test/support/clock.ts';
import { registerTestArrear, runCommands, type Command } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { createDemoDatabase, type DemoDatabase } from '../../test/support/demo-database.ts';
import { caseStatisticsFrom } from './case-statistics.ts';
import { isKeyFilter, type LedgerFilter } from './ledger-filter.ts';
import { ledgerSummaryFrom } from './list-cases.ts';
import { performCaseAction } from './perform-case-action.ts';
import { verifyRollups, type RollupReport } from './verify-rollups.ts';
import { writeRegistrations } from './write-registrations.ts';

/** "Today" before, at and after the demo's: the overdue figures and the year-end horizon move with it. */
const DAYS = ['2026-03-15', DEMO_NOW.slice(0, 10), '2026-12-31', '2027-02-01'] as const;

describe(`the cockpit's rollups, kept by the triggers on cases, on ${backendName}`, () => {
  let database: DemoDatabase['database'];
  let app: AppContext;
  let now = new Date(DEMO_NOW);
  /**
   * One reader of every kind of scope: all (营商办, leader), jurisdictions, unit, enterprise, none; and
   * the lead bureaus (supervising), which lead some cases, cooperate on others, and are some cases' responsible unit.
   */
  let readers: Actor[];
  let office: Actor;

  beforeAll(async () => {
    const demo = await createDemoDatabase();
    database = demo.database;
    app = { db: database.db, tenantId: database.tenantId, clock: () => now, keys: demo.keys };
    const rows = await database.db.select().from(accounts).where(eq(accounts.tenantId, app.tenantId));
    const actor = (username: string) => actorOf(app, rows.find((row) => row.username === username)!);
    readers = await Promise.all(['yingshangban', 'leader', 'handong', 'hd-jiaoyu', 'chengfa', 'guoziwei', 'zhaoshangju', 'jingxinju', 'caizhengju', 'qiye1', 'sysadmin'].map(actor));
    office = readers[0]!;
  });
  afterAll(() => database?.close());

  /** Ledger filters on the rollups' key alone, whose 共N条 and totals the rollups answer. */
  const SUMMARY_FILTERS: LedgerFilter[] = [
    {},
    { line: 'arrears' },
    { state: 'performing' },
    { states: ['performing', 'settled', 'closed'] },
    { open: true },
    { open: false, line: 'arrears' },
    { jurisdiction: JURISDICTION_IDS.handong },
    { responsibleUnit: UNIT_IDS.guoziwei, open: true },
    { responsibleUnit: LOCAL_UNIT_IDS.handong.jiaoyuju },
    { line: 'investment', jurisdiction: JURISDICTION_IDS.city, state: 'registered' },
  ];

  /** Every reader's cockpit, from the rollups and from the cases, on each of `DAYS`; the ledger's summaries the same; and the rollups recomputed. */
  const expectRollupsExact = async () => {
    expect(await verifyRollups(app)).toMatchObject({ differing: 0, differences: [] });
    for (const reader of readers) {
      for (const filter of SUMMARY_FILTERS) {
        const fromRollups = await ledgerSummaryFrom(app, reader, filter, 'rollups');
        expect(fromRollups, `${reader.name} ${JSON.stringify(filter)}`).toEqual(await ledgerSummaryFrom(app, reader, filter, 'cases'));
      }
    }
    for (const day of DAYS) {
      now = new Date(`${day}T10:00:00+08:00`);
      for (const reader of readers) {
        const fromRollups = await caseStatisticsFrom(app, reader, 'rollups');
        expect(fromRollups, `${reader.name} ${day}`).toEqual(await caseStatisticsFrom(app, reader, 'cases'));
      }
    }
    now = new Date(DEMO_NOW);
  };

  const snapshot = async () => ({
    byState: await database.db.select().from(caseRollups).orderBy(caseRollups.line, caseRollups.state, caseRollups.jurisdictionId, caseRollups.responsibleUnitId, caseRollups.handlingUnitId),
    byDate: await database.db
      .select()
      .from(caseDateRollups)
      .orderBy(caseDateRollups.kind, caseDateRollups.day, caseDateRollups.line, caseDateRollups.jurisdictionId, caseDateRollups.responsibleUnitId, caseDateRollups.handlingUnitId),
    byMember: await database.db
      .select()
      .from(caseMemberRollups)
      .orderBy(caseMemberRollups.memberUnitId, caseMemberRollups.line, caseMemberRollups.state, caseMemberRollups.jurisdictionId, caseMemberRollups.responsibleUnitId, caseMemberRollups.handlingUnitId),
    byMemberDate: await database.db
      .select()
      .from(caseMemberDateRollups)
      .orderBy(
        caseMemberDateRollups.memberUnitId,
        caseMemberDateRollups.kind,
        caseMemberDateRollups.day,
        caseMemberDateRollups.line,
        caseMemberDateRollups.jurisdictionId,
        caseMemberDateRollups.responsibleUnitId,
        caseMemberDateRollups.handlingUnitId,
      ),
  });

  /** How many cases each lead bureau leads, cooperates on, and is the responsible or handling unit of. */
  const leadBureauCases = async () => {
    const { rows } = await database.db.execute<{ unit: string; leads: number; cooperates: number; responsible: number }>(sql`
      select u.id as unit,
             count(*) filter (where c.lead_unit_id = u.id)::int as leads,
             count(*) filter (where c.detail -> 'cooperatingUnitIds' @> jsonb_build_array(u.id))::int as cooperates,
             count(*) filter (where u.id in (c.responsible_unit_id, c.handling_unit_id))::int as responsible
      from units u join cases c on c.tenant_id = u.tenant_id
      where u.tenant_id = ${app.tenantId} and u.id in (${sql.join([UNIT_IDS.guoziwei, UNIT_IDS.zhaoshangju, UNIT_IDS.jingxinju, UNIT_IDS.caizhengju].map((id) => sql`${id}`), sql`, `)})
      group by u.id order by u.id`);
    return new Map(rows.map(({ unit, ...counts }) => [unit, counts]));
  };

  it('counts by date exactly the states that the ledger’s overdue, overdue-by-law and year-end conditions count', async () => {
    const kindsOf = async (state: CaseState, yearException: boolean) => {
      const { rows } = await database.db.execute<{ kind: string }>(sql`
        select kind from case_rollup_dates(row(1, 't', gen_random_uuid(), 'arrears', ${state}, 'j', 'r', 'h', 100, 100, 40, date '2026-05-01',
          date '2026-05-02', date '2026-05-03', ${yearException}, timestamptz '2026-01-05 10:00+08', timestamptz '2026-04-01 10:00+08', array['r'])::case_rollup_delta)
        order by kind`);
      return rows.map((row) => row.kind);
    };
    for (const state of CASE_STATES) {
      const open = isCaseOpen(state);
      const expected = (yearException: boolean) =>
        [
          ...(state === 'closed' ? ['closed'] : []),
          ...(open && !isClockStopped(state) ? ['deadline'] : []),
          'registered',
          ...((NOTHING_OWED as readonly string[]).includes(state) ? [] : ['statutory']),
          // One with an exception is a risk whatever its day (its case_rollups row counts it).
          ...(open && !yearException ? ['year_rule'] : []),
        ].sort();
      expect(await kindsOf(state, false), state).toEqual(expected(false));
      expect(await kindsOf(state, true), state).toEqual(expected(true));
    }
  });

  it('answers a ledger summary from the rollups only for a filter on their key: a text, a date, a kind, an amount or overdue counts the cases', () => {
    const others: LedgerFilter[] = [{ q: '拖欠' }, { overdue: false }, { kind: 'retaliation' }, { registeredFrom: '2026-01-01' }, { outstandingFrom: 1 }, { enterprise: 'e-1', line: 'arrears' }];
    expect(others.filter(isKeyFilter)).toEqual([]);
    expect(SUMMARY_FILTERS.every(isKeyFilter) && isKeyFilter({ q: '' })).toBe(true);
  });

  it('answers every reader’s cockpit from the rollups exactly as from the cases, on several days of the demo city', async () => {
    const rollups = await snapshot();
    expect(rollups.byState.length).toBeGreaterThan(10);
    expect(rollups.byMember.length).toBeGreaterThan(rollups.byState.length);
    // Lead bureaus that cooperate on some cases, and one that is also some cases' responsible unit.
    const bureaus = await leadBureauCases();
    expect(bureaus.get(UNIT_IDS.caizhengju)).toMatchObject({ cooperates: expect.any(Number) });
    expect(bureaus.get(UNIT_IDS.caizhengju)!.cooperates).toBeGreaterThan(0);
    expect([...bureaus.values()].some((counts) => counts.responsible > 0)).toBe(true);
    await expectRollupsExact();
  });

  it('stays exact through registrations, a batch, classification, payments, transfer (to another lead bureau), escalation, closing, a return and a dismissal', async () => {
    const hdDebtor = LOCAL_UNIT_IDS.handong.jiaoyuju;
    const register = (n: number, responsibleUnitId: string) =>
      registerTestArrear(app, office, { title: `汇总测试欠款${n}`, enterpriseName: `汉江市汇总测试企业${n}有限公司`, organisation: `R0L${n}T7Y8`, responsibleUnitId, claimedAmount: 1_000_000 + n });
    const run = (record: CaseRecord, ...commands: Command[]) => runCommands(app, office, record, ...commands);
    const classify = (confirmedAmount: number, contract?: Record<string, unknown>): Command => ({
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount, ...(contract ? { contract } : {}) },
    });

    const a = await run(await register(1, hdDebtor), classify(800_000, { debtorKind: 'organ', deliveredOn: '2026-09-01' }));
    const paid = await run(a, { action: 'record_payment', amount: 300_000, paidOn: '2026-11-20', voucher: 'R-1' });
    await run(paid, { action: 'assign', responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.zhujianju, instruction: '改由江北区住建局办理' });
    // From a public body to a city SOE: another lead bureau and other cooperating units, the payment going along.
    const owedByOrgan = await run(await register(7, hdDebtor), classify(400_000), { action: 'record_payment', amount: 100_000, paidOn: '2026-11-24', voucher: 'R-7' });
    const toSoe = await run(owedByOrgan, { action: 'assign', responsibleUnitId: UNIT_IDS.chengfaGroup, instruction: '改由市城发集团办理' });
    expect([owedByOrgan.leadUnitId, toSoe.leadUnitId]).toEqual([UNIT_IDS.jingxinju, UNIT_IDS.guoziwei]);
    expect(toSoe.cooperatingUnitIds).not.toEqual(owedByOrgan.cooperatingUnitIds);
    // A lead bureau's own unit as the debtor.
    await run(await register(8, UNIT_IDS.caizhengju), classify(300_000), { action: 'record_payment', amount: 50_000, paidOn: '2026-11-26', voucher: 'R-8' });
    const b = await run(await register(2, UNIT_IDS.jiaoyuju), classify(500_000), { action: 'record_payment', amount: 500_000, paidOn: '2026-11-25', voucher: 'R-2' });
    const fedBack = await run(b, { action: 'submit_feedback', summary: '已付清', documents: [{ title: '回单', reference: 'R-2' }] });
    await run(fedBack, { action: 'return', reason: '回单不清晰' });
    const c = await run(await register(3, UNIT_IDS.chengfaGroup), classify(600_000), { action: 'record_payment', amount: 600_000, paidOn: '2026-11-25', voucher: 'R-3' });
    await run(c, { action: 'submit_feedback', summary: '已付清', documents: [{ title: '回单', reference: 'R-3' }] }, { action: 'close' });
    await run(await register(4, hdDebtor), { action: 'classify', classification: { line: 'arrears', disputed: true } }, { action: 'escalate', reason: '协商未果' });
    await run(await register(5, hdDebtor), { action: 'dismiss', reason: '重复登记' });
    await run(await register(6, hdDebtor), { action: 'supervise', level: 'reminder', note: '请加快办理' });
    const batch = await writeRegistrations(
      app,
      office,
      [7, 8, 9].map((n) => ({
        register: {
          line: 'arrears',
          source: 'assigned',
          title: `汇总测试批量欠款${n}`,
          facts: '测试数据',
          instruction: '请核实处理。',
          enterprise: { name: `汉江市汇总批量企业${n}有限公司`, creditCode: makeCreditCode(`91422900MR0B${n}T7Y8`) },
          responsibleUnitId: n === 9 ? UNIT_IDS.jiaoyuju : hdDebtor,
          claimedAmount: 2_000_000 * n,
        },
      })),
    );
    expect(batch.kind).toBe('written');
    await expectRollupsExact();
  });

  it('follows an insert, a delete and an update of every case in a transaction, and is as it was once that is rolled back or an action refused', async () => {
    const before = await snapshot();
    const [open] = await database.db.select().from(cases).where(eq(cases.state, 'performing')).limit(1);
    const refused = await performCaseAction(app, office, open!.id, { action: 'record_payment', amount: 1, paidOn: '2026-11-26', voucher: 'X', expectedVersion: open!.version - 1 }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe('VERSION_CONFLICT');
    const rolledBack = await database.db
      .transaction(async (tx) => {
        const { searchGrams: _generated, ...row } = open!;
        // Registered in a week of its own: the copy alone makes that week's rows, which its deletion must remove, not leave at zero.
        await tx.insert(cases).values({ ...row, id: randomUUID(), number: `${row.number}-副本`, registeredAt: new Date('2020-01-08T10:00:00+08:00') });
        expect(await verifyRollups({ ...app, db: tx })).toMatchObject({ differing: 0 });
        await tx.delete(cases).where(eq(cases.number, `${row.number}-副本`));
        expect(await verifyRollups({ ...app, db: tx })).toMatchObject({ differing: 0 });
        expect((await tx.select().from(caseDateRollups).where(eq(caseDateRollups.day, '2020-01-06'))).length).toBe(0);
        // Other cooperating units on every case: each case's rows and payments move to its new members.
        await tx
          .update(cases)
          .set({ detail: sql`jsonb_set(${cases.detail}, '{cooperatingUnitIds}', ${JSON.stringify([UNIT_IDS.zhaoshangju, UNIT_IDS.caizhengju])}::jsonb)` })
          .where(eq(cases.tenantId, app.tenantId));
        expect(await verifyRollups({ ...app, db: tx })).toMatchObject({ differing: 0 });
        await tx.update(cases).set({ state: 'closed', paidAmount: 0 }).where(eq(cases.tenantId, app.tenantId));
        expect((await tx.select().from(caseRollups)).every((rollup) => rollup.state === 'closed')).toBe(true);
        expect((await tx.select().from(caseMemberRollups)).every((rollup) => rollup.state === 'closed')).toBe(true);
        expect(await verifyRollups({ ...app, db: tx })).toMatchObject({ differing: 0 });
        throw new Error('rolled back');
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toMatchObject({ message: 'rolled back' });
    expect(await snapshot()).toEqual(before);
    await expectRollupsExact();
  });

  it('finds a rollup row that differs from the cases, and names it', async () => {
    let report: RollupReport | undefined;
    const rolledBack = await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`alter table cases disable trigger cases_rollups_update`);
        const [negotiating] = await tx.select().from(cases).where(eq(cases.state, 'negotiating')).limit(1);
        await tx.update(cases).set({ deadline: '2020-01-02' }).where(eq(cases.id, negotiating!.id));
        report = await verifyRollups({ ...app, db: tx });
        tx.rollback();
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toBeInstanceOf(TransactionRollbackError);
    // Its new deadline's row is missing, its old one counts it still: under its key, and under each of its member units.
    const [key, ...members] = ['case_date_rollups', 'case_member_date_rollups'].map((table) => report!.differences.filter((difference) => difference.table === table));
    expect(key).toHaveLength(2);
    expect(key![0]).toEqual({ table: 'case_date_rollups', key: expect.stringMatching(/^deadline 2020-01-02 /), expected: '1 0', stored: null });
    expect(key![1]).toMatchObject({ table: 'case_date_rollups', key: expect.stringMatching(/^deadline /) });
    expect(members[0]!.length).toBeGreaterThanOrEqual(2);
    expect(members[0]!.every((difference) => /^u-\S+ deadline /.test(difference.key))).toBe(true);
    expect(report!.differing).toBe(2 + members[0]!.length);
    expect(await verifyRollups(app)).toMatchObject({ differing: 0 });
  });

  it('finds a member unit’s rollup row that the triggers missed, and names it by its unit', async () => {
    let report: RollupReport | undefined;
    const rolledBack = await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`alter table cases disable trigger cases_rollups_update`);
        const [arrear] = await tx.select().from(cases).where(eq(cases.state, 'performing')).limit(1);
        expect(arrear!.line).toBe('arrears');
        await tx
          .update(cases)
          .set({ detail: sql`jsonb_set(${cases.detail}, '{cooperatingUnitIds}', ${JSON.stringify([UNIT_IDS.zhaoshangju])}::jsonb)` })
          .where(eq(cases.id, arrear!.id));
        report = await verifyRollups({ ...app, db: tx });
        tx.rollback();
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toBeInstanceOf(TransactionRollbackError);
    // 招商局 leads no arrears: its row for the case's key is missing; the key's own rows are right.
    expect(report!.differences.filter((difference) => difference.table === 'case_rollups' || difference.table === 'case_date_rollups')).toEqual([]);
    expect(report!.differences).toContainEqual({
      table: 'case_member_rollups',
      key: expect.stringMatching(new RegExp(`^${UNIT_IDS.zhaoshangju} performing arrears `)),
      expected: expect.stringMatching(/^1 /),
      stored: null,
    });
    expect(report!.differences).toContainEqual({
      table: 'case_member_date_rollups',
      key: expect.stringMatching(new RegExp(`^${UNIT_IDS.zhaoshangju} registered `)),
      expected: '1 0',
      stored: null,
    });
    expect(await verifyRollups(app)).toMatchObject({ differing: 0 });
  });
});
