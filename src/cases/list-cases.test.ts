import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { cases } from '../db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { backendName } from '../../test/support/database.ts';
import { loadCase } from './case-store.ts';
import { ledgerCondition } from './ledger-filter.ts';
import { ledgerSummary, listCases, listCasesQuerySchema } from './list-cases.ts';
import { performCaseAction } from './perform-case-action.ts';
import { registerCase } from './register-case.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const ACTORS: Actor[] = [
  office,
  { id: 'a2', name: '汉东区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] },
  { id: 'a3', name: '江北区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.jiangbei.government, jurisdictionScope: [JURISDICTION_IDS.jiangbei] },
  { id: 'a4', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] },
  { id: 'a5', name: '市经信局', role: 'lead_bureau', unitId: UNIT_IDS.jingxinju, jurisdictionScope: [] },
  { id: 'a6', name: '市审计局', role: 'lead_bureau', unitId: UNIT_IDS.shenjiju, jurisdictionScope: [] },
  { id: 'a7', name: '市国资委', role: 'lead_bureau', unitId: UNIT_IDS.guoziwei, jurisdictionScope: [] },
  { id: 'a8', name: '系统管理员', role: 'system_admin', unitId: null, jurisdictionScope: [] },
];

const query = (input: Record<string, string>) => listCasesQuerySchema.parse(input);

describe(`the ledger query on ${backendName}`, () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp('2026-02-02T09:00:00+08:00');
    const enterprise = (n: number) => ({ name: `汉江市测试企业${n}有限公司`, creditCode: makeCreditCode(`91422900MA4${n}X7Y8W`) });
    const register = (key: string, responsibleUnitId: string, n: number, title: string) =>
      registerCase(t.app, office, {
        line: 'arrears',
        source: 'assigned',
        title,
        facts: '测试数据',
        instruction: '请核实处理。',
        enterprise: enterprise(n),
        responsibleUnitId,
        claimedAmount: 1_000_000 * n,
      }).then((record) => {
        ids[key] = record.id;
      });
    await register('handong', LOCAL_UNIT_IDS.handong.jiaoyuju, 1, '汉东区教育局拖欠教学楼工程款');
    t.clock.set('2026-02-03T09:00:00+08:00');
    await register('jiangbei', LOCAL_UNIT_IDS.jiangbei.zhujianju, 2, '江北区住建局拖欠道路维修款');
    t.clock.set('2026-02-04T09:00:00+08:00');
    await register('soe', UNIT_IDS.chengfaGroup, 3, '市城发集团拖欠材料款_100%');
    const handong = (await loadCase(t.app.db, t.app.tenantId, ids.handong!))!.record;
    await performCaseAction(t.app, office, handong.id, {
      action: 'classify',
      expectedVersion: 1,
      classification: { line: 'arrears', disputed: false, confirmedAmount: 1_000_000, confirmedOn: '2025-11-20' },
    });
    t.clock.set('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const listed = async (actor: Actor, input: Record<string, string> = {}) =>
    (await listCases(t.app, actor, query({ limit: '100', ...input }))).items.map((item) => item.id);

  it('shows each actor exactly the cases the access rules let them read', async () => {
    for (const actor of ACTORS) {
      const readable = [];
      for (const id of Object.values(ids)) {
        if (can(actor, 'read', (await loadCase(t.app.db, t.app.tenantId, id))!.record)) readable.push(id);
      }
      expect((await listed(actor)).sort(), actor.name).toEqual(readable.sort());
    }
    expect(await listed(ACTORS[7]!)).toEqual([]);
    expect((await listed(ACTORS[5]!)).length).toBe(2);
  });

  it('filters by line, state, jurisdiction, responsible unit, enterprise, overdue and text', async () => {
    expect(await listed(office, { state: 'performing' })).toEqual([ids.handong]);
    expect(await listed(office, { line: 'policy' })).toEqual([]);
    expect(await listed(office, { jurisdiction: 'jiangbei' })).toEqual([ids.jiangbei]);
    expect(await listed(office, { responsibleUnit: UNIT_IDS.chengfaGroup })).toEqual([ids.soe]);
    const soe = (await loadCase(t.app.db, t.app.tenantId, ids.soe!))!.record;
    expect(await listed(office, { enterprise: soe.enterprise!.unitId! })).toEqual([ids.soe]);
    // Confirmed in 2025, due 2025-12-31 (A2): overdue; the other two passed their 5-day registration limit too.
    expect((await listed(office, { overdue: 'true' })).sort()).toEqual(Object.values(ids).sort());
    expect(await listed(office, { overdue: 'false' })).toEqual([]);
    expect(await listed(office, { q: '道路' })).toEqual([ids.jiangbei]);
    expect(await listed(office, { q: '100%' })).toEqual([ids.soe]);
    expect(await listed(office, { q: '%' })).toEqual([ids.soe]);
    expect(await listed(office, { q: soe.enterprise!.creditCode.toLowerCase() })).toEqual([ids.soe]);
  });

  it('finds by text exactly the cases whose title, number, enterprise or code contain the term, in any case and literally', async () => {
    const all = (await listCases(t.app, office, query({ limit: '100' }))).items;
    const soe = (await loadCase(t.app.db, t.app.tenantId, ids.soe!))!.record;
    const terms = [
      '拖', '欠', '拖欠', '道路', '教学楼工程', '区教', '集团拖欠材料款_1', '_', '_1', '%', '0%', '黄河', '黄河大桥', 'qk', 'QK2026', '-0000',
      soe.number.toLowerCase(), soe.enterprise!.creditCode.toLowerCase(), 'ma4', '测试企业3有', '企业2', '有限公司', '司拖', 'x7y8',
      // Mixed case, matched against upper-case numbers and codes (the grams index holds them lower-cased).
      'Qk2026', 'mA4', 'X7y8w', `q${soe.number.slice(1)}`,
      // Only in the credit code, lower-cased (a code's tail is in no other field), and only in the number.
      soe.enterprise!.creditCode.slice(-7).toLowerCase(), soe.number.slice(-5),
      // LIKE's own characters, the escape character, and terms across two fields (which no field holds).
      '%_', '材料款_', '_1', '00%', '\\', '款_100%', '款Q', '司9',
      // A number's prefix, and terms of three characters whose bigrams a case may hold without their trigrams.
      soe.number.slice(0, -2), 'qk2026-', '教学楼', '拖欠拖', '欠款拖', 'qkq',
      // Two characters and more of which one or two are in no case; a character outside the BMP.
      '拖河', '河拖', '道路维修款', '道路维修款了', '𠀋拖', '𠀋',
    ];
    for (const term of terms) {
      const needle = term.toLowerCase();
      const expected = all
        .filter((item) => [item.title, item.number, item.enterpriseName, item.enterpriseCreditCode].some((field) => field?.toLowerCase().includes(needle)))
        .map((item) => item.id);
      expect(await listed(office, { q: term }), term).toEqual(expected);
    }
    expect(await listed(office, { q: soe.enterprise!.creditCode.slice(-7).toLowerCase() })).toEqual([ids.soe]);
    expect(await listed(office, { q: soe.number.slice(-5) })).toEqual([ids.soe]);
    expect(await listed(office, { q: `q${soe.number.slice(1)}` })).toEqual([ids.soe]);
    expect(await listed(office, { q: '款_100%' })).toEqual([ids.soe]);
    expect(await listCases(t.app, office, query({ q: '黄河' }))).toMatchObject({ items: [], total: 0 });
  });

  it('narrows a text search by the stored bigrams and trigrams, lower-cased as ILIKE compares', async () => {
    const soe = (await loadCase(t.app.db, t.app.tenantId, ids.soe!))!.record;
    const [row] = (await t.app.db.execute<{ grams: string[] }>(sql`select search_grams as grams from cases where id = ${ids.soe!}`)).rows;
    // The four searched columns, one a line; on this data (CJK, ASCII) JavaScript lower-cases as SQL's lower() does.
    const text = [soe.title, soe.number, soe.enterprise!.name, soe.enterprise!.creditCode].join('\n').toLowerCase();
    const chars = [...text];
    const grams = (n: number) => chars.slice(0, chars.length - n + 1).map((_, i) => chars.slice(i, i + n).join(''));
    const expected = [...new Set(grams(2)), ...new Set(grams(3))];
    expect([...row!.grams].sort()).toEqual(expected.sort());
    expect(row!.grams).toContain('ma');
    expect(row!.grams).toContain(soe.number.slice(0, 3).toLowerCase());
    expect(row!.grams).not.toContain('MA');

    const gramsOf = async (input: string | null, n: number) =>
      (await t.app.db.execute<{ grams: string[] | null }>(sql`select case_search_grams(${input}::text, ${n}::integer) as grams`)).rows[0]!.grams;
    expect(await gramsOf(null, 2)).toBeNull();
    expect(await gramsOf('', 2)).toEqual([]);
    expect(await gramsOf('黄', 2)).toEqual([]);
    expect(await gramsOf('黄河', 2)).toEqual(['黄河']);
    expect(await gramsOf('黄河', 3)).toEqual([]);
    expect((await gramsOf('abab', 2))!.sort()).toEqual(['ab', 'ba']);
    expect((await gramsOf('ababa', 3))!.sort()).toEqual(['aba', 'bab']);
    // By character, not by byte or UTF-16 unit.
    expect((await gramsOf('𠀋拖欠', 2))!.sort()).toEqual(['𠀋拖', '拖欠'].sort());
    expect(await gramsOf('𠀋拖欠', 3)).toEqual(['𠀋拖欠']);

    // The condition is there from two characters (code points) on, and only then: one character
    // has no gram and keeps the plain scan. Two characters look up their bigram, more their trigrams.
    const statement = (q: string) => {
      const built = t.app.db.select({ id: cases.id }).from(cases).where(ledgerCondition(t.app, office, query({ q }))).toSQL();
      return { sql: built.sql, n: built.params.at(-1) };
    };
    expect(statement('黄河').sql).toContain('"search_grams" @> case_search_grams(lower(');
    expect(statement('黄河').n).toBe(2);
    expect(statement('𠀋拖').n).toBe(2);
    expect(statement('qk2026-0001').n).toBe(3);
    expect(statement('区教育').n).toBe(3);
    expect(statement('黄').sql).not.toContain('search_grams');
    expect(statement('𠀋').sql).not.toContain('search_grams');
  });

  it('orders newest first and flags the deadline status', async () => {
    const page = await listCases(t.app, office, query({}));
    expect(page.items.map((item) => item.id)).toEqual([ids.soe, ids.jiangbei, ids.handong]);
    expect(page.items.find((item) => item.id === ids.handong)).toMatchObject({ deadline: '2025-12-31', deadlineStatus: 'overdue', outstandingAmount: 1_000_000 });
  });

  it('counts and totals the whole filter for each actor, within what the access rules let them read', async () => {
    for (const actor of ACTORS) {
      const readable = [];
      for (const id of Object.values(ids)) {
        const record = (await loadCase(t.app.db, t.app.tenantId, id))!.record;
        if (can(actor, 'read', record)) readable.push(record);
      }
      // One row per page, so the figures cannot come from the page.
      const page = await listCases(t.app, actor, query({ limit: '1' }));
      expect(page.total, actor.name).toBe(readable.length);
      expect(page.totals, actor.name).toEqual({
        claimedAmount: readable.reduce((sum, record) => sum + (record.claimedAmount ?? 0), 0),
        confirmedAmount: readable.reduce((sum, record) => sum + (record.confirmedAmount ?? 0), 0),
        paidAmount: readable.reduce((sum, record) => sum + record.paidAmount, 0),
        outstandingAmount: readable.reduce((sum, record) => sum + (record.confirmedAmount === null ? 0 : record.confirmedAmount - record.paidAmount), 0),
      });
    }
    // The summary alone (the web ledger's request once per filter) is the page's figures; a page asked without them has none.
    for (const actor of ACTORS) {
      const page = await listCases(t.app, actor, query({ limit: '1' }));
      expect(await ledgerSummary(t.app, actor, query({})), actor.name).toEqual({ total: page.total, totals: page.totals });
      expect(await listCases(t.app, actor, query({ limit: '1', totals: 'omit' })), actor.name).toEqual({ items: page.items, nextCursor: page.nextCursor });
    }
    const all = await listCases(t.app, office, query({ limit: '1' }));
    expect(all).toMatchObject({ total: 3, totals: { claimedAmount: 6_000_000, confirmedAmount: 1_000_000, paidAmount: 0, outstandingAmount: 1_000_000 } });
    expect(await listCases(t.app, office, query({ line: 'policy' }))).toMatchObject({ total: 0, totals: { claimedAmount: 0, outstandingAmount: 0 } });
  });

  it('filters by source, deadline range and unpaid amount (in 分, unconfirmed cases left out)', async () => {
    expect((await listed(office, { source: 'assigned' })).length).toBe(3);
    expect(await listed(office, { source: 'petition' })).toEqual([]);
    expect(await listed(office, { deadlineFrom: '2025-12-31', deadlineTo: '2025-12-31' })).toEqual([ids.handong]);
    expect(await listed(office, { deadlineTo: '2025-12-30' })).toEqual([]);
    expect((await listed(office, { deadlineFrom: '2026-01-01' })).sort()).toEqual([ids.jiangbei, ids.soe].sort());
    expect(await listed(office, { outstandingFrom: '1000000', outstandingTo: '1000000' })).toEqual([ids.handong]);
    expect(await listed(office, { outstandingFrom: '0' })).toEqual([ids.handong]);
    expect(await listed(office, { outstandingFrom: '1000001' })).toEqual([]);
    expect(await listed(office, { outstandingTo: '999999' })).toEqual([]);
    expect(await listCases(t.app, office, query({ outstandingFrom: '1' }))).toMatchObject({ total: 1, totals: { claimedAmount: 1_000_000, outstandingAmount: 1_000_000 } });
  });

  it('jumps to page N by offset, then goes on by keyset from there', async () => {
    const second = await listCases(t.app, office, query({ limit: '1', page: '2' }));
    expect(second.items.map((item) => item.id)).toEqual([ids.jiangbei]);
    expect(second.total).toBe(3);
    const third = await listCases(t.app, office, query({ limit: '1', cursor: second.nextCursor! }));
    expect(third.items.map((item) => item.id)).toEqual([ids.handong]);
    expect(third.nextCursor).toBeNull();
    expect((await listCases(t.app, office, query({ limit: '1', page: '4' }))).items).toEqual([]);
  });

  it('refuses bad filters with a Chinese message', async () => {
    const refusal = (input: Record<string, string>) => {
      const parsed = listCasesQuerySchema.safeParse(input);
      return parsed.success ? null : parsed.error.issues[0]!.message;
    };
    expect(refusal({ source: 'wechat' })).toBe('问题来源无效');
    expect(refusal({ deadlineFrom: '2026-02-30' })).toBe('办理期限起始日期应为有效日期（YYYY-MM-DD）');
    expect(refusal({ outstandingFrom: '12.5' })).toBe('未清偿金额下限应为以“分”计的非负整数');
    expect(refusal({ outstandingTo: '-1' })).toBe('未清偿金额上限应为以“分”计的非负整数');
    expect(refusal({ outstandingTo: '10000000000001' })).toBe('未清偿金额上限不能超过1000亿元');
    expect(refusal({ page: '0' })).toBe('页码应为1至1000的整数');
    expect(refusal({ limit: '101' })).toBe('每页条数应为1至100的整数');
    await expect(listCases(t.app, office, query({ deadlineFrom: '2026-03-02', deadlineTo: '2026-03-01' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '办理期限的起始日期（2026-03-02）不能晚于截止日期（2026-03-01）',
    });
    await expect(listCases(t.app, office, query({ outstandingFrom: '200', outstandingTo: '100' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '未清偿金额的下限（¥2.00）不能大于上限（¥1.00）',
    });
    const first = await listCases(t.app, office, query({ limit: '1' }));
    await expect(listCases(t.app, office, query({ limit: '1', page: '2', cursor: first.nextCursor! }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '分页游标与页码不能同时指定',
    });
  });
});
