import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear, runCommands, type Command } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { caseStatistics, STATISTICS_WEEKS, STATISTICS_YEAR_END_RISKS, type CaseStatistics } from './case-statistics.ts';
import { listCases, listCasesQuerySchema } from './list-cases.ts';
import { performCaseAction } from './perform-case-action.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const handong: Actor = { id: 'acc-handong', name: '汉东区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] };
const jiangbei: Actor = { id: 'acc-jiangbei', name: '江北区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.jiangbei.government, jurisdictionScope: [JURISDICTION_IDS.jiangbei] };
const guoziwei: Actor = { id: 'acc-guoziwei', name: '市国资委', role: 'lead_bureau', unitId: UNIT_IDS.guoziwei, jurisdictionScope: [] };
const sysadmin: Actor = { id: 'acc-sysadmin', name: '系统管理员', role: 'system_admin', unitId: null, jurisdictionScope: [] };

type Ledger = Awaited<ReturnType<typeof listCases>>['items'];

const sum = (items: Ledger, amount: (item: Ledger[number]) => number | null) => items.reduce((total, item) => total + (amount(item) ?? 0), 0);

describe(`the cockpit’s figures are the ledger’s, on ${backendName}`, () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const at = (instant: string) => t.clock.set(`${instant}T09:00:00+08:00`);
  const register = async (key: string, responsibleUnitId: string, claimedAmount: number, n: number) => {
    const record = await registerTestArrear(t.app, office, { title: `测试欠款事项${key}`, enterpriseName: `汉江市统计测试企业${n}有限公司`, organisation: `A4T${n}T7Y8`, responsibleUnitId, claimedAmount });
    ids[key] = record.id;
    return record;
  };
  const run = (record: CaseRecord, ...commands: Command[]) => runCommands(t.app, office, record, ...commands);
  const classify = (confirmedAmount: number, confirmedOn?: string, contract?: Record<string, unknown>): Command => ({
    action: 'classify',
    classification: { line: 'arrears', disputed: false, confirmedAmount, ...(confirmedOn ? { confirmedOn } : {}), ...(contract ? { contract } : {}) },
  });
  const pay = (amount: number, paidOn: string, voucher: string): Command => ({ action: 'record_payment', amount, paidOn, voucher });

  beforeAll(async () => {
    t = await createTestApp('2026-01-05T09:00:00+08:00');
    const hdDebtor = LOCAL_UNIT_IDS.handong.jiaoyuju;
    const jbDebtor = LOCAL_UNIT_IDS.jiangbei.zhujianju;
    // A: confirmed in 2025, so due 2025-12-31 (A2): overdue, partly paid later; delivered
    // 2025-10-10 to a public body, so due by law on 2025-11-10 (条例 Art. 9): overdue by law too.
    const a = await run(await register('A', hdDebtor, 1_200_000, 1), classify(1_000_000, '2025-11-20', { debtorKind: 'organ', deliveredOn: '2025-10-10' }));
    // B: due 2026-12-31, then allowed to pay in 2027 (A2 exception).
    at('2026-01-12');
    await run(
      await register('B', hdDebtor, 2_000_000, 2),
      classify(2_000_000),
      { action: 'request_year_exception', reason: '土地出让金2027年一季度到账', newDueOn: '2027-03-31' },
      { action: 'approve_year_exception', approved: true, opinion: '同意，列入通报' },
    );
    // C: paid, fed back and closed.
    at('2026-01-19');
    const c = await run(await register('C', hdDebtor, 500_000, 3), classify(500_000), pay(500_000, '2026-01-19', 'C-1'));
    at('2026-01-20');
    await run(c, { action: 'submit_feedback', summary: '已付清', documents: [{ title: '回单', reference: 'C-1' }] }, { action: 'close' });
    // D: dismissed.
    at('2026-01-26');
    await run(await register('D', hdDebtor, 700_000, 4), { action: 'dismiss', reason: '重复登记' });
    // E: left registered past its five working days.
    at('2026-02-02');
    await register('E', jbDebtor, 5_000_000, 5);
    // F: disputed, mediated, judged: a lump sum due 2026-04-30 (A6), partly paid.
    at('2026-02-09');
    const f = await run(
      await register('F', jbDebtor, 3_500_000, 6),
      { action: 'classify', classification: { line: 'arrears', disputed: true } },
      { action: 'escalate', reason: '协商未果' },
      { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' },
    );
    // G: a city SOE's dispute in court: the clock stops.
    at('2026-02-16');
    await run(
      await register('G', UNIT_IDS.chengfaGroup, 800_000, 7),
      { action: 'classify', classification: { line: 'arrears', disputed: true } },
      { action: 'escalate', reason: '协商未果' },
      { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' },
    );
    // H: a city bureau's lump sum due 2026-12-31, a year-end risk only from 1 November.
    await run(await register('H', UNIT_IDS.jiaoyuju, 900_000, 8), classify(900_000));
    at('2026-02-24');
    // Recorded on 24 February, paid on 3 February: the week of the payment counts.
    await run(a, pay(400_000, '2026-02-03', 'A-1'));
    await run(f, { action: 'judge', amount: 3_000_000, judgmentNo: '（2026）鄂06民初9号', court: '汉江市中级人民法院', judgedOn: '2026-02-24', dueOn: '2026-04-30' });
    at('2026-03-02');
    await performCaseAction(t.app, office, f.id, { ...pay(1_000_000, '2026-03-02', 'F-1'), expectedVersion: f.version + 1 } as CaseCommand);
  });
  afterAll(async () => t?.close());

  const ledger = async (actor: Actor, filter: Record<string, string> = {}) =>
    (await listCases(t.app, actor, listCasesQuerySchema.parse({ limit: '100', ...filter }))).items;

  /** What the ledger filtered by `filter` adds up to, in the cockpit's terms. */
  const ledgerFigures = async (actor: Actor, filter: Record<string, string>) => {
    const items = await ledger(actor, filter);
    const confirmedAmount = sum(items, (item) => item.confirmedAmount);
    const paidAmount = sum(items, (item) => item.paidAmount);
    return {
      cases: items.length,
      open: (await ledger(actor, { ...filter, open: 'true' })).length,
      overdue: (await ledger(actor, { ...filter, overdue: 'true' })).length,
      overdueByLaw: (await ledger(actor, { ...filter, overdueByLaw: 'true' })).length,
      confirmedAmount,
      paidAmount,
      outstandingAmount: sum(items, (item) => item.outstandingAmount),
      clearanceRate: confirmedAmount > 0 ? paidAmount / confirmedAmount : null,
    };
  };

  const expectLedgerAgrees = async (actor: Actor, stats: CaseStatistics) => {
    for (const line of stats.lines) {
      const { clearanceRate, ...figures } = line;
      const expected = await ledgerFigures(actor, { line: line.line });
      expect({ ...figures, clearanceRate: null }, `${actor.name} ${line.line}`).toEqual({
        line: line.line,
        ...expected,
        clearanceRate: null,
        closed: (await ledger(actor, { line: line.line, states: 'closed' })).length,
        dismissed: (await ledger(actor, { line: line.line, state: 'dismissed' })).length,
        claimedAmount: sum(await ledger(actor, { line: line.line }), (item) => item.claimedAmount),
      });
      if (expected.clearanceRate === null) expect(clearanceRate).toBeNull();
      else expect(clearanceRate).toBeCloseTo(expected.clearanceRate, 12);
    }
    const all = await ledger(actor);
    for (const [rows, filterOf, idsOf] of [
      [stats.byJurisdiction, (id: string) => ({ jurisdiction: id }), (items: Ledger) => items.map((item) => item.jurisdictionId)],
      [stats.byUnit, (id: string) => ({ responsibleUnit: id }), (items: Ledger) => items.map((item) => item.responsibleUnitId)],
    ] as const) {
      expect(rows.map((row) => row.id).sort()).toEqual([...new Set(idsOf(all))].sort());
      for (const { id, name: _name, clearanceRate, ...figures } of rows) {
        const { clearanceRate: expectedRate, ...expected } = await ledgerFigures(actor, filterOf(id));
        expect(figures, `${actor.name} ${id}`).toEqual(expected);
        if (expectedRate === null) expect(clearanceRate).toBeNull();
        else expect(clearanceRate).toBeCloseTo(expectedRate, 12);
      }
      const outstanding = rows.map((row) => row.outstandingAmount);
      expect(outstanding).toEqual([...outstanding].sort((a, b) => b - a));
    }
    const risky = await ledger(actor, { yearEndRisk: 'true' });
    expect(stats.yearEndRiskCount).toBe(risky.length);
    expect(stats.yearEndRisk.map((item) => item.id).sort()).toEqual(risky.map((item) => item.id).sort());
    for (const item of stats.yearEndRisk) {
      expect(item.outstandingAmount).toBe(risky.find((row) => row.id === item.id)?.outstandingAmount);
    }
  };

  it('counts per line exactly what the ledger lists for the same filters, for every kind of reader', async () => {
    for (const actor of [office, handong, jiangbei, guoziwei, sysadmin]) await expectLedgerAgrees(actor, await caseStatistics(t.app, actor));
  });

  it('adds up the city’s arrears: open, overdue, amounts and the clearance rate', async () => {
    const stats = await caseStatistics(t.app, office);
    expect(stats.today).toBe('2026-03-02');
    expect(stats.lines.map((line) => line.line)).toEqual(['arrears', 'policy', 'investment', 'integrity']);
    expect(stats.lines[0]).toEqual({
      line: 'arrears',
      cases: 8,
      open: 6,
      closed: 1,
      dismissed: 1,
      // A is past 2025-12-31, E past its registration limit; G is in court, where the clock stops.
      overdue: 2,
      // A alone carries its contract: past its statutory due date with money owed.
      overdueByLaw: 1,
      claimedAmount: 14_600_000,
      confirmedAmount: 7_400_000,
      paidAmount: 1_900_000,
      outstandingAmount: 5_500_000,
      clearanceRate: 1_900_000 / 7_400_000,
    });
    expect(stats.lines[1]).toMatchObject({ cases: 0, confirmedAmount: 0, clearanceRate: null });
    expect(stats.byJurisdiction.map((row) => [row.id, row.outstandingAmount])).toEqual([
      ['handong', 2_600_000],
      ['jiangbei', 2_000_000],
      ['city', 900_000],
    ]);
    expect(stats.byUnit[0]).toMatchObject({ id: LOCAL_UNIT_IDS.handong.jiaoyuju, cases: 4, open: 2, overdue: 1, outstandingAmount: 2_600_000 });
  });

  it('lists the year-end risks: a lump sum overdue or due within 60 days, and approved year exceptions (A2)', async () => {
    const stats = await caseStatistics(t.app, office);
    expect(stats.yearEndRisk.map((item) => [item.id, item.outstandingAmount, item.deadline, item.deadlineStatus, item.yearException])).toEqual([
      [ids.A, 600_000, '2025-12-31', 'overdue', false],
      [ids.F, 2_000_000, '2026-04-30', 'on_track', false],
      [ids.B, 2_000_000, '2027-03-31', 'on_track', true],
    ]);
    expect(stats.yearEndRisk[0]).toMatchObject({ number: expect.stringMatching(/^QK2026-/), title: '测试欠款事项A', responsibleUnitName: expect.stringContaining('教育局') });
    expect((await ledger(office, { yearEndRisk: 'false' })).map((item) => item.id).sort()).toEqual([ids.C, ids.D, ids.E, ids.G, ids.H].sort());
    // H falls due 2026-12-31: 61 days ahead on 31 October, 60 on 1 November.
    try {
      t.clock.set('2026-10-31T09:00:00+08:00');
      expect((await caseStatistics(t.app, office)).yearEndRisk.map((item) => item.id)).not.toContain(ids.H);
      t.clock.set('2026-11-01T09:00:00+08:00');
      expect((await caseStatistics(t.app, office)).yearEndRisk.map((item) => item.id)).toContain(ids.H);
      expect((await ledger(office, { yearEndRisk: 'true' })).map((item) => item.id).sort()).toEqual([ids.A, ids.B, ids.F, ids.H].sort());
    } finally {
      t.clock.set('2026-03-02T09:00:00+08:00');
    }
  });

  it('draws 26 Monday-based weeks of registrations, closures and payments by the day paid', async () => {
    const { weekly } = await caseStatistics(t.app, office);
    expect(weekly).toHaveLength(STATISTICS_WEEKS);
    expect(weekly[0]!.weekStart).toBe('2025-09-08');
    expect(weekly.at(-1)!.weekStart).toBe('2026-03-02');
    const week = (start: string) => weekly.find((item) => item.weekStart === start);
    for (const start of ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09']) {
      expect(week(start)?.registered, start).toBe(1);
    }
    expect(week('2026-02-16')?.registered).toBe(2);
    expect(weekly.reduce((total, item) => total + item.registered, 0)).toBe(8);
    expect(week('2026-01-19')).toMatchObject({ closed: 1, paidAmount: 500_000 });
    expect(week('2026-02-02')?.paidAmount).toBe(400_000);
    expect(week('2026-02-23')?.paidAmount).toBe(0);
    expect(week('2026-03-02')?.paidAmount).toBe(1_000_000);
    expect((await caseStatistics(t.app, jiangbei)).weekly.reduce((total, item) => total + item.paidAmount, 0)).toBe(1_000_000);
  });

  it('shows a county coordinator only its own jurisdiction', async () => {
    const stats = await caseStatistics(t.app, handong);
    expect(stats.lines[0]).toMatchObject({ cases: 4, open: 2, closed: 1, dismissed: 1, overdue: 1, confirmedAmount: 3_500_000, paidAmount: 900_000 });
    expect(stats.byJurisdiction.map((row) => row.id)).toEqual(['handong']);
    expect(stats.byUnit.map((row) => row.id)).toEqual([LOCAL_UNIT_IDS.handong.jiaoyuju]);
    expect(stats.yearEndRisk.map((item) => item.id)).toEqual([ids.A, ids.B]);
    expect(stats.weekly.reduce((total, item) => total + item.registered, 0)).toBe(4);
    const none = await caseStatistics(t.app, sysadmin);
    expect(none.lines.every((line) => line.cases === 0)).toBe(true);
    expect([none.byJurisdiction, none.byUnit, none.yearEndRisk]).toEqual([[], [], []]);
  });

  it('filters the ledger by several states, by open and by year-end risk', async () => {
    const listed = async (filter: Record<string, string>) => (await ledger(office, filter)).map((item) => item.id).sort();
    expect(await listed({ states: 'closed,dismissed' })).toEqual([ids.C, ids.D].sort());
    expect(await listed({ open: 'false' })).toEqual([ids.C, ids.D].sort());
    expect(await listed({ open: 'true' })).toEqual([ids.A, ids.B, ids.E, ids.F, ids.G, ids.H].sort());
    expect(await listed({ states: 'performing,litigating', open: 'true' })).toEqual([ids.A, ids.B, ids.F, ids.G, ids.H].sort());
    expect(listCasesQuerySchema.safeParse({ states: 'closed,unknown' }).success).toBe(false);
    expect(listCasesQuerySchema.safeParse({ states: ',' }).success).toBe(false);
  });

  it('serves the overview over HTTP to signed-in users only, scoped like the ledger', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/api/stats/overview' })).statusCode).toBe(401);
    const headers = await t.signIn('handong');
    const response = await t.server.inject({ method: 'GET', url: '/api/stats/overview', headers });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<CaseStatistics>();
    const listed = (await t.server.inject({ method: 'GET', url: '/api/cases?limit=100&line=arrears&yearEndRisk=true', headers })).json<{ items: { id: string }[] }>();
    expect(body.yearEndRisk.map((item) => item.id).sort()).toEqual(listed.items.map((item) => item.id).sort());
    expect(body.lines[0]?.cases).toBe((await t.server.inject({ method: 'GET', url: '/api/cases?limit=100', headers })).json().items.length);
    const bad = await t.server.inject({ method: 'GET', url: '/api/cases?states=closed,nope', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lists the first ten year-end risks by deadline and counts them all, the ledger listing the rest', async () => {
    at('2026-03-09');
    for (const [n, letter] of [...'ABCDEFGHJK'].entries()) {
      const amount = 100_000 * (n + 1);
      const record = await registerTestArrear(t.app, office, { title: `测试年底风险${letter}`, enterpriseName: `汉江市年底风险测试企业${letter}有限公司`, organisation: `R${letter}T7Y8`, responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, claimedAmount: amount });
      await run(record, classify(amount));
    }
    try {
      t.clock.set('2026-11-15T09:00:00+08:00');
      const stats = await caseStatistics(t.app, office);
      const risky = await ledger(office, { yearEndRisk: 'true' });
      expect(risky).toHaveLength(14);
      expect(stats.yearEndRiskCount).toBe(14);
      expect(stats.yearEndRisk).toHaveLength(STATISTICS_YEAR_END_RISKS);
      const byDeadline = [...risky].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.number.localeCompare(b.number));
      expect(stats.yearEndRisk.map((item) => item.id)).toEqual(byDeadline.slice(0, STATISTICS_YEAR_END_RISKS).map((item) => item.id));
      expect((await caseStatistics(t.app, jiangbei)).yearEndRiskCount).toBe((await ledger(jiangbei, { yearEndRisk: 'true' })).length);
    } finally {
      t.clock.set('2026-03-09T09:00:00+08:00');
    }
  });
});
