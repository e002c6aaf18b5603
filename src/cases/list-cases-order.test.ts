import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { isAppError } from '../domain/errors.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear, runCommands, type Command } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { encodeLedgerCursor, LEDGER_SORTS, type LedgerSort } from './ledger-sort.ts';
import { listCases, listCasesQuerySchema } from './list-cases.ts';
import { performCaseAction } from './perform-case-action.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

type Item = Awaited<ReturnType<typeof listCases>>['items'][number];

/** The order each sort promises, written out as a comparator over what the ledger shows. */
const byId = (a: Item, b: Item) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const EXPECTED_ORDER = {
  registered_desc: (a, b) => b.registeredAt.localeCompare(a.registeredAt) || -byId(a, b),
  registered_asc: (a, b) => a.registeredAt.localeCompare(b.registeredAt) || byId(a, b),
  // No deadline sorts after every date.
  deadline_asc: (a, b) => (a.deadline ?? '9999-99-99').localeCompare(b.deadline ?? '9999-99-99') || byId(a, b),
  // Unconfirmed (outstanding null) after every amount, 0 included.
  outstanding_desc: (a, b) => (b.outstandingAmount ?? -1) - (a.outstandingAmount ?? -1) || -byId(a, b),
  updated_desc: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || -byId(a, b),
} satisfies Record<LedgerSort, (a: Item, b: Item) => number>;

describe(`the ledger’s orders and date filters on ${backendName}`, () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const at = (instant: string) => t.clock.set(instant);
  const register = async (key: string, claimedAmount: number, n: number, responsibleUnitId: string = LOCAL_UNIT_IDS.handong.jiaoyuju) => {
    const record = await registerTestArrear(t.app, office, { title: `排序测试事项${key}`, enterpriseName: `汉江市排序测试企业${n}有限公司`, organisation: `A4P${n}T7Y8`, responsibleUnitId, claimedAmount });
    ids[key] = record.id;
    return record;
  };
  const run = (record: CaseRecord, ...commands: Command[]) => runCommands(t.app, office, record, ...commands);
  const classify = (confirmedAmount: number): Command => ({ action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount } });
  const pay = (amount: number, paidOn: string, voucher: string): Command => ({ action: 'record_payment', amount, paidOn, voucher });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    // A: 00:30 in Shanghai on 3 March is still 2 March in UTC.
    at('2026-03-03T00:30:00+08:00');
    const a = await register('A', 800_000, 1);
    at('2026-03-03T09:00:00+08:00');
    await run(a, classify(800_000), pay(300_000, '2026-03-02', 'A-1'));
    // B: confirmed, nothing paid.
    at('2026-03-04T09:00:00+08:00');
    const b = await register('B', 500_000, 2);
    await run(b, classify(500_000));
    // C, D: unconfirmed, one dismissed (办结 without a deadline).
    at('2026-03-09T23:59:00+08:00');
    await register('C', 2_000_000, 3);
    at('2026-03-10T09:00:00+08:00');
    await run(await register('D', 900_000, 4), { action: 'dismiss', reason: '重复登记' });
    // E: paid in full, fed back and closed on 16 March: outstanding 0, no deadline.
    at('2026-03-11T09:00:00+08:00');
    const e = await register('E', 400_000, 5);
    const paid = await run(e, classify(400_000), pay(400_000, '2026-03-11', 'E-1'));
    at('2026-03-16T09:00:00+08:00');
    await run(paid, { action: 'submit_feedback', summary: '已付清', documents: [{ title: '回单', reference: 'E-1' }] }, { action: 'close' });
    // F: a city SOE, unconfirmed, its deadline shared with C (both five working days).
    at('2026-03-09T09:00:00+08:00');
    await register('F', 300_000, 6, UNIT_IDS.chengfaGroup);
    at('2026-03-20T09:00:00+08:00');
    // A second payment on A, made on 19 March.
    const stored = await listCases(t.app, office, listCasesQuerySchema.parse({ q: '排序测试事项A' }));
    await performCaseAction(t.app, office, ids.A!, { ...pay(100_000, '2026-03-19', 'A-2'), expectedVersion: stored.items[0]!.version } as CaseCommand);
  });
  afterAll(async () => t?.close());

  const page = (input: Record<string, string>) => listCases(t.app, office, listCasesQuerySchema.parse(input));

  /** Every case of `input`, one page of `limit` at a time. */
  const pageThrough = async (input: Record<string, string>, limit: number) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const next: Awaited<ReturnType<typeof listCases>> = await page({ ...input, limit: String(limit), ...(cursor ? { cursor } : {}) });
      items.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor !== null);
    return items;
  };

  it.each(LEDGER_SORTS)('orders by %s, ties by id, and pages through it one case at a time without loss', async (sort) => {
    const all = (await page({ sort, limit: '100' })).items;
    expect(all).toHaveLength(6);
    expect(all.map((item) => item.id)).toEqual([...all].sort(EXPECTED_ORDER[sort]).map((item) => item.id));
    expect((await pageThrough({ sort }, 1)).map((item) => item.id)).toEqual(all.map((item) => item.id));
    expect((await pageThrough({ sort }, 4)).map((item) => item.id)).toEqual(all.map((item) => item.id));
  });

  it('puts unconfirmed cases after every amount, and cases without a deadline after every date', async () => {
    const outstanding = (await page({ sort: 'outstanding_desc' })).items.map((item) => item.outstandingAmount);
    // B owes 500,000; A 800,000 − 300,000 − 100,000; E is paid in full; C, D and F are unconfirmed.
    expect(outstanding).toEqual([500_000, 400_000, 0, null, null, null]);
    const deadlines = (await page({ sort: 'deadline_asc' })).items.map((item) => item.deadline);
    expect(deadlines.slice(-2)).toEqual([null, null]);
    expect(deadlines.slice(0, -2).every((deadline) => deadline !== null)).toBe(true);
  });

  it('keeps a row written with microseconds in its place between pages', async () => {
    // Two updates within one millisecond, as an SQL import could write them.
    await t.app.db.execute(sql`update cases set updated_at = timestamptz '2026-03-21 10:00:00.123456+08' where id = ${ids.C!}`);
    await t.app.db.execute(sql`update cases set updated_at = timestamptz '2026-03-21 10:00:00.123789+08' where id = ${ids.F!}`);
    const listed = (await pageThrough({ sort: 'updated_desc' }, 1)).map((item) => item.id);
    expect(listed.slice(0, 2)).toEqual([ids.F, ids.C]);
    expect(new Set(listed).size).toBe(6);
  });

  it('refuses a cursor issued for another order, or not issued at all', async () => {
    const first = await page({ sort: 'outstanding_desc', limit: '2' });
    const rejected = async (input: Record<string, string>) => {
      try {
        await page(input);
      } catch (error) {
        if (isAppError(error)) return { code: error.code, message: error.message, field: error.details.field };
      }
      return null;
    };
    expect(await rejected({ sort: 'deadline_asc', cursor: first.nextCursor! })).toEqual({
      code: 'VALIDATION_FAILED',
      message: '分页游标属于另一种排序，请从第一页重新查询',
      field: 'cursor',
    });
    expect(await rejected({ cursor: first.nextCursor! })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor' });
    for (const cursor of [
      'not-a-cursor',
      encodeLedgerCursor({ sort: 'outstanding_desc', key: '1e9', id: ids.A! }),
      encodeLedgerCursor({ sort: 'registered_desc', key: '2026-03-01', id: ids.A! }),
      encodeLedgerCursor({ sort: 'deadline_asc', key: '2026-03-01', id: 'x' }),
      Buffer.from(JSON.stringify(['2026-03-01T00:00:00.000Z', ids.A])).toString('base64url'),
    ]) {
      expect(await rejected({ sort: 'outstanding_desc', cursor }), cursor).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor' });
    }
    expect(listCasesQuerySchema.safeParse({ sort: 'amount' }).success).toBe(false);
  });

  it('filters by registration and closing days in Asia/Shanghai, both ends included', async () => {
    const listed = async (input: Record<string, string>) => (await pageThrough(input, 2)).map((item) => item.id).sort();
    // A was registered at 00:30 on 3 March in Shanghai (16:30 on 2 March UTC).
    expect(await listed({ registeredFrom: '2026-03-03', registeredTo: '2026-03-03' })).toEqual([ids.A]);
    expect(await listed({ registeredTo: '2026-03-02' })).toEqual([]);
    expect(await listed({ registeredFrom: '2026-03-09', registeredTo: '2026-03-09' })).toEqual([ids.C, ids.F].sort());
    expect(await listed({ registeredFrom: '2026-03-10' })).toEqual([ids.D, ids.E].sort());
    // 办结: closed (E, 16 March) or dismissed (D, 10 March).
    expect(await listed({ closedFrom: '2026-03-16', closedTo: '2026-03-22' })).toEqual([ids.E]);
    expect(await listed({ closedTo: '2026-03-15' })).toEqual([ids.D]);
    expect(await listed({ closedFrom: '2026-03-09', closedTo: '2026-03-22', state: 'closed' })).toEqual([ids.E]);
  });

  it('filters by the day a payment was made, whenever it was recorded', async () => {
    const listed = async (input: Record<string, string>) => (await pageThrough(input, 2)).map((item) => item.id).sort();
    // A: paid 2 March (recorded 3 March) and 19 March (recorded 20 March); E: paid 11 March.
    expect(await listed({ paidFrom: '2026-03-02', paidTo: '2026-03-08' })).toEqual([ids.A]);
    expect(await listed({ paidFrom: '2026-03-09', paidTo: '2026-03-15' })).toEqual([ids.E]);
    expect(await listed({ paidFrom: '2026-03-16', paidTo: '2026-03-22' })).toEqual([ids.A]);
    expect(await listed({ paidFrom: '2026-03-03', paidTo: '2026-03-10' })).toEqual([]);
    expect(await listed({ paidFrom: '2026-03-01' })).toEqual([ids.A, ids.E].sort());
    expect(await listed({ paidTo: '2026-03-02', sort: 'outstanding_desc' })).toEqual([ids.A]);
  });

  it('rejects a date range that ends before it starts, and a date that does not exist', async () => {
    await expect(page({ closedFrom: '2026-03-10', closedTo: '2026-03-09' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '办结日期的起始日期（2026-03-10）不能晚于截止日期（2026-03-09）',
      details: { field: 'closedFrom' },
    });
    expect(listCasesQuerySchema.safeParse({ registeredFrom: '2026-02-30' }).success).toBe(false);
    expect(listCasesQuerySchema.safeParse({ paidTo: '2026/03/01' }).success).toBe(false);
  });
});
