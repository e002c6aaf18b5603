import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import type { CaseStatistics } from '../../src/cases/case-statistics.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { DEMO_CASES } from '../../src/demo/cases.ts';
import { DEMO_LEDGER_ROW_COUNT } from '../../src/demo/ledger-import.ts';
import { buildServer } from '../../src/http/server.ts';
import { COCKPIT_LINKS, type LedgerFilter } from '../../web/src/pages/cockpit-links.ts';
import { backendName } from '../support/database.ts';
import { createDemoDatabase, type DemoDatabase } from '../support/demo-database.ts';

/** "Today" of the demo city; its cases run from January up to here. */
const NOW = new Date('2026-11-26T10:00:00+08:00');
/** Small pages, so that every count below is a walk over several cursors. */
const PAGE = 4;

interface LedgerItem {
  id: string;
  source: string;
  deadline: string | null;
  claimedAmount: number | null;
  confirmedAmount: number | null;
  paidAmount: number;
  outstandingAmount: number | null;
}
interface LedgerTotals {
  claimedAmount: number;
  confirmedAmount: number;
  paidAmount: number;
  outstandingAmount: number;
}
interface LedgerPage {
  items: LedgerItem[];
  nextCursor: string | null;
  total: number;
  totals: LedgerTotals;
}

/** The totals row of `items`, summed here one by one. */
const totalsOf = (items: LedgerItem[]): LedgerTotals => ({
  claimedAmount: items.reduce((sum, item) => sum + (item.claimedAmount ?? 0), 0),
  confirmedAmount: items.reduce((sum, item) => sum + (item.confirmedAmount ?? 0), 0),
  paidAmount: items.reduce((sum, item) => sum + item.paidAmount, 0),
  outstandingAmount: items.reduce((sum, item) => sum + (item.outstandingAmount ?? 0), 0),
});
interface PaymentEvent {
  type: string;
  payload: { paidOn?: string; amount?: number };
}

describe(`every cockpit figure is the ledger behind its link, counted page by page (${backendName})`, () => {
  let database: DemoDatabase['database'];
  let server: FastifyInstance;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    const demo = await createDemoDatabase();
    database = demo.database;
    const app: AppContext = { db: database.db, tenantId: database.tenantId, clock: () => NOW, keys: demo.keys };
    // The demo server: the demo accounts sign in with their password alone (issue 11 point 8).
    server = await buildServer({ app, databaseKind: database.kind, demo: true });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const get = async <T>(username: string, url: string): Promise<T> => {
    if (!tokens.has(username)) {
      const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: { username, password: DEMO_PASSWORD } });
      expect(signIn.statusCode, signIn.body).toBe(200);
      tokens.set(username, signIn.json<{ token: string }>().token);
    }
    const response = await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.get(username)}` } });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json<T>();
  };

  /**
   * The ledger of `filter`, every page of it, checking that no case comes twice and that every
   * page's count (共N条) and totals row are those of all the pages together.
   */
  const ledger = async (username: string, filter: LedgerFilter): Promise<LedgerItem[]> => {
    const items: LedgerItem[] = [];
    const summaries: Pick<LedgerPage, 'total' | 'totals'>[] = [];
    let cursor: string | null = null;
    do {
      const search: URLSearchParams = new URLSearchParams({ ...filter, limit: String(PAGE), ...(cursor ? { cursor } : {}) });
      const page: LedgerPage = await get(username, `/api/cases?${search}`);
      items.push(...page.items);
      summaries.push({ total: page.total, totals: page.totals });
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(items.map((item) => item.id)).size, JSON.stringify(filter)).toBe(items.length);
    for (const summary of summaries) expect(summary, JSON.stringify(filter)).toEqual({ total: items.length, totals: totalsOf(items) });
    return items;
  };
  const count = async (username: string, filter: LedgerFilter) => (await ledger(username, filter)).length;

  it.each(['yingshangban', 'handong', 'jingxinju', 'qiye1'])('agrees for %s: lines, rankings, weeks and year-end risk', async (username) => {
    const stats = await get<CaseStatistics>(username, '/api/stats/overview');
    expect(stats.today).toBe('2026-11-26');

    for (const line of stats.lines) {
      expect(await count(username, COCKPIT_LINKS.lineCases(line.line)), `${line.line} cases`).toBe(line.cases);
      expect(await count(username, COCKPIT_LINKS.lineOverdue(line.line)), `${line.line} overdue`).toBe(line.overdue);
      expect(await count(username, COCKPIT_LINKS.lineClosed(line.line)), `${line.line} closed`).toBe(line.closed);
    }
    for (const row of stats.byJurisdiction) {
      expect(await count(username, COCKPIT_LINKS.jurisdiction(row.id)), row.name).toBe(row.cases);
    }
    for (const row of stats.byUnit) {
      expect(await count(username, COCKPIT_LINKS.unit(row.id)), row.name).toBe(row.cases);
      expect(await count(username, COCKPIT_LINKS.unitOverdue(row.id)), `${row.name} overdue`).toBe(row.overdue);
    }

    for (const week of stats.weekly) {
      expect(await count(username, COCKPIT_LINKS.weekRegistered(week.weekStart)), `${week.weekStart} registered`).toBe(week.registered);
      expect(await count(username, COCKPIT_LINKS.weekClosed(week.weekStart)), `${week.weekStart} closed`).toBe(week.closed);
      // The bar is an amount: the payments made that week by the cases the link lists.
      const filter = COCKPIT_LINKS.weekPaid(week.weekStart);
      let paid = 0;
      for (const item of await ledger(username, filter)) {
        const { events } = await get<{ events: PaymentEvent[] }>(username, `/api/cases/${item.id}`);
        const payments = events.filter(
          (event) => event.type === 'record_payment' && event.payload.paidOn! >= filter.paidFrom! && event.payload.paidOn! <= filter.paidTo!,
        );
        expect(payments.length, `${item.id} listed for ${week.weekStart}`).toBeGreaterThan(0);
        paid += payments.reduce((total, event) => total + event.payload.amount!, 0);
      }
      expect(paid, `${week.weekStart} paid`).toBe(week.paidAmount);
    }

    const risky = await ledger(username, COCKPIT_LINKS.yearEndRisk());
    expect(risky.map((item) => item.id).sort()).toEqual(stats.yearEndRisk.map((item) => item.id).sort());
  });

  it('answers a wrong order, cursor or day with VALIDATION_FAILED in Chinese', async () => {
    await get('yingshangban', '/api/session');
    const status = async (url: string) => {
      const response = await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.get('yingshangban')}` } });
      return { status: response.statusCode, ...response.json<{ error: { code: string; message: string; details: { field?: string } } }>().error };
    };
    const first = await get<{ nextCursor: string }>('yingshangban', '/api/cases?limit=2');
    expect(await status(`/api/cases?sort=outstanding_desc&cursor=${first.nextCursor}`)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '分页游标属于另一种排序，请从第一页重新查询',
      details: { field: 'cursor' },
    });
    expect(await status('/api/cases?sort=amount')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '排序方式无效' });
    expect(await status('/api/cases?registeredFrom=2026-02-30')).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '登记起始日期应为有效日期（YYYY-MM-DD）',
    });
    expect(await status('/api/cases?paidFrom=2026-03-02&paidTo=2026-03-01')).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '付款日期的起始日期（2026-03-02）不能晚于截止日期（2026-03-01）',
      details: { field: 'paidFrom' },
    });
  });

  it('filters by source, deadline range and unpaid amount, counted and totalled over every page, and jumps to a page', async () => {
    const all = await ledger('yingshangban', {});
    // Enough for page 4 of 20 below.
    expect(all.length).toBeGreaterThan(60);
    const sources = [...new Set(all.map((item) => item.source))];
    expect(sources.length).toBeGreaterThan(1);
    for (const source of sources) {
      expect((await ledger('yingshangban', { source })).map((item) => item.id).sort(), source).toEqual(
        all.filter((item) => item.source === source).map((item) => item.id).sort(),
      );
    }
    const deadlines = all.map((item) => item.deadline).filter((deadline): deadline is string => deadline !== null).sort();
    const [from, to] = [deadlines[Math.floor(deadlines.length / 4)]!, deadlines[Math.floor((deadlines.length * 3) / 4)]!];
    const inDeadlines = all.filter((item) => item.deadline !== null && item.deadline >= from && item.deadline <= to);
    expect(inDeadlines.length).toBeGreaterThan(0);
    expect((await ledger('yingshangban', { deadlineFrom: from, deadlineTo: to })).map((item) => item.id).sort()).toEqual(inDeadlines.map((item) => item.id).sort());
    // 10万元 to 100万元 unpaid, in 分; unconfirmed cases have no unpaid amount to compare.
    const [least, most] = [10_000_000, 100_000_000];
    const inAmounts = all.filter((item) => item.outstandingAmount !== null && item.outstandingAmount >= least && item.outstandingAmount <= most);
    expect(inAmounts.length).toBeGreaterThan(0);
    const listed = await ledger('yingshangban', { outstandingFrom: String(least), outstandingTo: String(most) });
    expect(listed.map((item) => item.id).sort()).toEqual(inAmounts.map((item) => item.id).sort());

    // A county sees its own totals, not the city's.
    const county = await get<LedgerPage>('handong', '/api/cases?limit=1');
    const countyItems = await ledger('handong', {});
    expect(county.total).toBe(countyItems.length);
    expect(county.total).toBeLessThan(all.length);
    expect(county.totals).toEqual(totalsOf(countyItems));

    // The web ledger's two requests: the page without its totals, and the totals once per filter.
    for (const [username, filter] of [
      ['yingshangban', ''],
      ['yingshangban', `&outstandingFrom=${least}&outstandingTo=${most}`],
      ['handong', ''],
    ] as const) {
      const withTotals = await get<LedgerPage>(username, `/api/cases?limit=5${filter}`);
      const pageOnly = await get<LedgerPage>(username, `/api/cases?limit=5&totals=omit${filter}`);
      expect(pageOnly, `${username} ${filter}`).toEqual({ items: withTotals.items, nextCursor: withTotals.nextCursor });
      // The summary takes the filter, and no order or page: a sort that the list knows is no filter of it.
      const summary = await get<Pick<LedgerPage, 'total' | 'totals'>>(username, `/api/cases/summary?${filter.slice(1)}`);
      expect(summary, `${username} ${filter}`).toEqual({ total: withTotals.total, totals: withTotals.totals });
    }

    // Page 3 of 20 by offset is the third stretch of the keyset walk, and its cursor goes on to page 4.
    const walked = (await ledger('yingshangban', {})).map((item) => item.id);
    const third = await get<LedgerPage>('yingshangban', '/api/cases?limit=20&page=3');
    expect(third.items.map((item) => item.id)).toEqual(walked.slice(40, 60));
    const fourth = await get<LedgerPage>('yingshangban', `/api/cases?limit=20&cursor=${third.nextCursor}`);
    expect(fourth.items.map((item) => item.id)).toEqual(walked.slice(60, 80));
  });

  it('refuses a bad source, amount, deadline or page with a coded 400 in Chinese', async () => {
    await get('yingshangban', '/api/session');
    const refusal = async (url: string) => {
      const response = await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.get('yingshangban')}` } });
      return { status: response.statusCode, ...response.json<{ error: { code: string; message: string } }>().error };
    };
    expect(await refusal('/api/cases?source=wechat')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '问题来源无效' });
    expect(await refusal('/api/cases?outstandingFrom=50%E4%B8%87')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '未清偿金额下限应为以“分”计的非负整数' });
    expect(await refusal('/api/cases?outstandingTo=10000000000001')).toMatchObject({ status: 400, code: 'AMOUNT_INVALID', message: '未清偿金额上限不能超过1000亿元' });
    expect(await refusal('/api/cases?outstandingFrom=200&outstandingTo=100')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '未清偿金额的下限（¥2.00）不能大于上限（¥1.00）' });
    expect(await refusal('/api/cases?deadlineFrom=2026-13-01')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '办理期限起始日期应为有效日期（YYYY-MM-DD）' });
    expect(await refusal('/api/cases?deadlineFrom=2026-03-02&deadlineTo=2026-03-01')).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '办理期限的起始日期（2026-03-02）不能晚于截止日期（2026-03-01）',
    });
    expect(await refusal('/api/cases?page=0')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '页码应为1至1000的整数' });
    expect(await refusal('/api/cases?limit=500')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '每页条数应为1至100的整数' });
    expect(await refusal('/api/cases?totals=none')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'totals 应为 include 或 omit' });
    // The summary refuses what the list refuses in its filter.
    expect(await refusal('/api/cases/summary?source=wechat')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '问题来源无效' });
    expect(await refusal('/api/cases/summary?deadlineFrom=2026-03-02&deadlineTo=2026-03-01')).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '办理期限的起始日期（2026-03-02）不能晚于截止日期（2026-03-01）',
    });
    const first = await get<LedgerPage>('yingshangban', '/api/cases?limit=2');
    expect(await refusal(`/api/cases?page=2&cursor=${first.nextCursor}`)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '分页游标与页码不能同时指定' });
  });

  it('has something to count: the demo city’s cockpit is not empty in any figure checked above', async () => {
    const stats = await get<CaseStatistics>('yingshangban', '/api/stats/overview');
    const arrears = stats.lines.find((line) => line.line === 'arrears')!;
    const demoArrears = DEMO_CASES.filter((script) => (script.line ?? 'arrears') === 'arrears');
    // The scripted arrears, and those 汉东区's ledger import registered.
    expect(arrears.cases).toBe(demoArrears.length + DEMO_LEDGER_ROW_COUNT);
    expect(arrears.overdue).toBeGreaterThan(0);
    expect(arrears.closed).toBeGreaterThan(0);
    expect(stats.byJurisdiction.length).toBeGreaterThan(1);
    expect(stats.weekly.filter((week) => week.registered > 0).length).toBeGreaterThan(3);
    expect(stats.weekly.filter((week) => week.closed > 0).length).toBeGreaterThan(0);
    expect(stats.weekly.filter((week) => week.paidAmount > 0).length).toBeGreaterThan(0);
    expect(stats.yearEndRisk.length).toBeGreaterThan(0);
  });
});
