import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import type { CaseStatistics } from '../../src/cases/case-statistics.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { DEMO_CASES } from '../../src/demo/cases.ts';
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
}
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

  /** The ledger of `filter`, every page of it, checking that no case comes twice. */
  const ledger = async (username: string, filter: LedgerFilter): Promise<LedgerItem[]> => {
    const items: LedgerItem[] = [];
    let cursor: string | null = null;
    do {
      const search: URLSearchParams = new URLSearchParams({ ...filter, limit: String(PAGE), ...(cursor ? { cursor } : {}) });
      const page: { items: LedgerItem[]; nextCursor: string | null } = await get(username, `/api/cases?${search}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(items.map((item) => item.id)).size, JSON.stringify(filter)).toBe(items.length);
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

  it('has something to count: the demo city’s cockpit is not empty in any figure checked above', async () => {
    const stats = await get<CaseStatistics>('yingshangban', '/api/stats/overview');
    const arrears = stats.lines.find((line) => line.line === 'arrears')!;
    const demoArrears = DEMO_CASES.filter((script) => (script.line ?? 'arrears') === 'arrears');
    expect(arrears.cases).toBe(demoArrears.length);
    expect(arrears.overdue).toBeGreaterThan(0);
    expect(arrears.closed).toBeGreaterThan(0);
    expect(stats.byJurisdiction.length).toBeGreaterThan(1);
    expect(stats.weekly.filter((week) => week.registered > 0).length).toBeGreaterThan(3);
    expect(stats.weekly.filter((week) => week.closed > 0).length).toBeGreaterThan(0);
    expect(stats.weekly.filter((week) => week.paidAmount > 0).length).toBeGreaterThan(0);
    expect(stats.yearEndRisk.length).toBeGreaterThan(0);
  });
});
