/**
 * The annual disclosure of overdue payments over HTTP (保障中小企业款项支付条例 第十八条, 第二十二条):
 * the figures of 2025 from cases registered in January 2026, at their boundary days; who reads,
 * generates and publishes; the public page without a session; the workbook.
 */
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisclosureYear } from '../../src/disclosure/read-disclosures.ts';
import type { PublicDisclosures } from '../../src/disclosure/read-public-disclosures.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { annualDisclosures } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

const HD = LOCAL_UNIT_IDS.handong.jiaoyuju;
const HD_HOSPITAL = LOCAL_UNIT_IDS.handong.institution;
const HD_SOE = LOCAL_UNIT_IDS.handong.soe;
const JB = LOCAL_UNIT_IDS.jiangbei.jiaoyuju;

describe(`the annual disclosure of overdue payments (保障中小企业款项支付条例 Arts. 18, 22) on ${backendName}`, () => {
  let t: TestApp;
  let enterprises = 0;

  const call = async (username: TestUsername | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: username === null ? {} : await t.signIn(username), ...(payload === undefined ? {} : { payload }) });
  const disclosures = async (username: TestUsername, year = 2025) => {
    const response = await call(username, 'GET', `/api/disclosures/${year}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DisclosureYear>();
  };
  const rowOf = async (unitId: string, username: TestUsername = 'yingshangban') => (await disclosures(username)).rows.find((row) => row.unitId === unitId);
  const stored = () => t.app.db.select().from(annualDisclosures).where(eq(annualDisclosures.tenantId, t.app.tenantId)).orderBy(annualDisclosures.year, annualDisclosures.unitId);
  const expectRefused = async (response: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  /** An arrear registered by 营商办 with the contract's debtor kind and delivery (30 days by law), classified and paid as given. */
  const arrear = async (input: {
    title: string;
    unitId: string;
    claimed: number;
    contract?: { debtorKind: 'organ' | 'institution' | 'large_enterprise'; deliveredOn: string };
    confirmed?: number;
    payments?: { paidOn: string; amount: number }[];
    dismiss?: boolean;
  }) => {
    enterprises += 1;
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: input.title,
      facts: '货物已交付，货款未付。',
      instruction: '请核实并依法支付。',
      enterprise: { name: `${input.title}供应商`, creditCode: makeCreditCode(`91422900MA4D${String(enterprises).padStart(5, '0')}`) },
      responsibleUnitId: input.unitId,
      claimedAmount: input.claimed,
      ...(input.contract === undefined ? {} : { particulars: { contract: input.contract } }),
    });
    expect(registered.statusCode, registered.body).toBe(201);
    let record = registered.json<{ id: string; version: number; paymentLaw: { due: { status: string; dueOn?: string } } | null }>();
    const act = async (command: object) => {
      const response = await call('yingshangban', 'POST', `/api/cases/${record.id}/actions`, { expectedVersion: record.version, ...command });
      expect(response.statusCode, response.body).toBe(200);
      record = (await pageAfterAction(response, () => call('yingshangban', 'GET', `/api/cases/${record.id}`))).json();
    };
    if (input.dismiss) await act({ action: 'dismiss', reason: '与已登记事项重复' });
    if (input.confirmed !== undefined) await act({ action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: input.confirmed } });
    for (const [index, payment] of (input.payments ?? []).entries()) await act({ action: 'record_payment', ...payment, voucher: `GK-${record.id.slice(0, 8)}-${index}` });
    return record;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-01-12T09:00:00+08:00');
    // Delivered 2025-11-30 to a public body: 30 days run 12-01 to 12-30, overdue on 31 December.
    const due1230 = { debtorKind: 'organ' as const, deliveredOn: '2025-11-30' };
    const dueOnDay = await arrear({ title: '课桌椅采购款', unitId: HD, claimed: 10_000_000, contract: due1230 });
    expect(dueOnDay.paymentLaw?.due).toMatchObject({ status: 'due', dueOn: '2025-12-30' });
    // Delivered 2025-12-01: due on 31 December itself, so not yet overdue at the year's end.
    const due1231 = await arrear({ title: '图书采购款', unitId: HD, claimed: 7_000_000, contract: { debtorKind: 'organ', deliveredOn: '2025-12-01' } });
    expect(due1231.paymentLaw?.due).toMatchObject({ status: 'due', dueOn: '2025-12-31' });
    // Confirmed after the year's end at 200,000 元; 50,000 paid on 31 December counts, 30,000 paid on 5 January does not.
    await arrear({
      title: '多媒体设备款',
      unitId: HD,
      claimed: 21_000_000,
      confirmed: 20_000_000,
      contract: due1230,
      payments: [
        { paidOn: '2025-12-31', amount: 5_000_000 },
        { paidOn: '2026-01-05', amount: 3_000_000 },
      ],
    });
    // Paid in full on 31 December: nothing unpaid at the year's end.
    await arrear({ title: '办公用品款', unitId: HD, claimed: 1_000_000, confirmed: 1_000_000, contract: due1230, payments: [{ paidOn: '2025-12-31', amount: 1_000_000 }] });
    // A duplicate dismissed: never counted.
    await arrear({ title: '课桌椅采购款（重复）', unitId: HD, claimed: 10_000_000, contract: due1230, dismiss: true });
    // Without a contract: no statutory due date, counted apart as incomplete.
    await arrear({ title: '食堂改造工程款', unitId: HD, claimed: 4_500_000 });
    // An institution's contract.
    await arrear({ title: '医用耗材款', unitId: HD_HOSPITAL, claimed: 3_333_333, contract: { debtorKind: 'institution', deliveredOn: '2025-10-15' } });
    // A contract recorded as owed by a 大型企业 is not the bureau's to disclose, whatever unit the case is against.
    await arrear({ title: '代建项目设备款', unitId: HD, claimed: 5_000_000, contract: { debtorKind: 'large_enterprise', deliveredOn: '2025-09-01' } });
    // A state-owned enterprise, overdue or not, is no 机关 or 事业单位.
    await arrear({ title: '砂石料款', unitId: HD_SOE, claimed: 9_000_000, contract: { debtorKind: 'large_enterprise', deliveredOn: '2025-09-01' } });
    await arrear({ title: '沥青款', unitId: HD_SOE, claimed: 2_000_000 });
  });
  afterAll(async () => t?.close());

  it('counts a contract due on 30 December but not one due on 31 December, a payment of 31 December but not of 1 January on, and no dismissed case', async () => {
    const generated = await call('yingshangban', 'POST', '/api/disclosures/2025/generate');
    expect(generated.statusCode, generated.body).toBe(200);
    expect(generated.json()).toMatchObject({ year: 2025, published: 0 });
    const year = await disclosures('yingshangban');
    expect(year).toMatchObject({ year: 2025, yearEnd: '2025-12-31', deadline: '2026-03-31', yearEnded: true, mayGenerate: true });
    // 100,000.00 (due 12-30, unpaid) + 150,000.00 (200,000 confirmed − 50,000 paid on 12-31) = 250,000.00 元.
    expect(year.rows.find((row) => row.unitId === HD)).toMatchObject({
      unitName: '汉东区教育局',
      kind: 'organ',
      jurisdictionId: JURISDICTION_IDS.handong,
      contracts: 2,
      amount: 25_000_000,
      incomplete: 1,
      status: 'draft',
      standing: 'draft',
      publishedAt: null,
    });
    expect(year.rows.find((row) => row.unitId === HD_HOSPITAL)).toMatchObject({ kind: 'institution', contracts: 1, amount: 3_333_333, incomplete: 0 });
    // A unit with nothing overdue has its row, to publish 0; an SOE has none.
    expect(year.rows.find((row) => row.unitId === JB)).toMatchObject({ kind: 'organ', contracts: 0, amount: 0, incomplete: 0 });
    expect(year.rows.map((row) => row.unitId)).not.toContain(HD_SOE);
    expect(year.rows.map((row) => row.unitId)).toContain(UNIT_IDS.cityGovernment);
    expect(year.totals).toMatchObject({ units: year.rows.length, published: 0, contracts: 3, amount: 28_333_333, incomplete: 1 });
    expect(year.generatedAt).toBe('2026-01-12T01:00:00.000Z');
  });

  it('regenerates idempotently: the same drafts, refreshed with what changed since', async () => {
    const before = await stored();
    t.clock.set('2026-01-13T09:00:00+08:00');
    expect((await call('yingshangban', 'POST', '/api/disclosures/2025/generate')).statusCode).toBe(200);
    const after = await stored();
    expect(after.map(({ generatedAt: _at, ...row }) => row)).toEqual(before.map(({ generatedAt: _at, ...row }) => row));
    // A new arrear of a unit that had nothing: its draft follows at the next generation.
    await arrear({ title: '校服采购款', unitId: JB, claimed: 800_000, contract: { debtorKind: 'organ', deliveredOn: '2025-11-01' } });
    expect((await call('yingshangban', 'POST', '/api/disclosures/2025/generate')).statusCode).toBe(200);
    expect(await rowOf(JB)).toMatchObject({ contracts: 1, amount: 800_000, generatedAt: '2026-01-13T01:00:00.000Z' });
  });

  it('lets only 营商办 generate, and only a year that is over', async () => {
    const before = await stored();
    for (const username of ['leader', 'hd-jiaoyu', 'handong', 'xinyongban', 'sysadmin'] as const) {
      await expectRefused(await call(username, 'POST', '/api/disclosures/2025/generate'), 403, 'FORBIDDEN');
    }
    await expectRefused(await call('yingshangban', 'POST', '/api/disclosures/2026/generate'), 409, 'DISCLOSURE_YEAR_NOT_ENDED');
    await expectRefused(await call('yingshangban', 'POST', '/api/disclosures/2024/generate'), 400, 'VALIDATION_FAILED');
    expect(await stored()).toEqual(before);
  });

  it('shows 营商办, leaders and 信用办 every unit, a county its own units, a unit its own row, and enterprises and administrators nothing', async () => {
    const all = (await disclosures('yingshangban')).rows.length;
    expect((await disclosures('leader')).rows).toHaveLength(all);
    expect((await disclosures('xinyongban')).rows).toHaveLength(all);
    expect((await disclosures('leader')).mayGenerate).toBe(false);
    const county = await disclosures('handong');
    expect(county.rows.length).toBeGreaterThan(1);
    expect(county.rows.every((row) => row.jurisdictionId === JURISDICTION_IDS.handong)).toBe(true);
    const own = await disclosures('hd-jiaoyu');
    expect(own.rows.map((row) => [row.unitId, row.mayPublish])).toEqual([[HD, true]]);
    expect((await disclosures('jingxinju')).rows.map((row) => row.unitId)).toEqual([UNIT_IDS.jingxinju]);
    await expectRefused(await call('sysadmin', 'GET', '/api/disclosures/2025'), 403, 'FORBIDDEN');
    await expectRefused(await call(null, 'GET', '/api/disclosures/2025'), 401, 'UNAUTHENTICATED');
  });

  it('lets a unit publish its own row once, with its note, and refuses another unit, a second publication and a stale draft without changing anything', async () => {
    const before = await stored();
    await expectRefused(await call('jb-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, { note: '代为发布' }), 403, 'FORBIDDEN');
    await expectRefused(await call('handong', 'POST', `/api/disclosures/2025/${HD}/publish`, {}), 403, 'FORBIDDEN');
    await expectRefused(await call('leader', 'POST', `/api/disclosures/2025/${HD}/publish`, {}), 403, 'FORBIDDEN');
    await expectRefused(await call('hd-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, { generatedAt: '2026-01-12T01:00:00.000Z' }), 409, 'DISCLOSURE_CHANGED');
    await expectRefused(await call('hd-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, { note: '说'.repeat(501) }), 400, 'VALIDATION_FAILED');
    await expectRefused(await call('hd-jiaoyu', 'POST', `/api/disclosures/2026/${HD}/publish`, {}), 409, 'DISCLOSURE_YEAR_NOT_ENDED');
    await expectRefused(await call('yingshangban', 'POST', `/api/disclosures/2025/${HD_SOE}/publish`, {}), 404, 'DISCLOSURE_NOT_FOUND');
    expect(await stored()).toEqual(before);

    t.clock.set('2026-03-20T10:00:00+08:00');
    const draft = (await rowOf(HD, 'hd-jiaoyu'))!;
    const published = await call('hd-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, { note: '  已纳入2026年预算，一季度付清。  ', generatedAt: draft.generatedAt });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ unitId: HD, year: 2025, contracts: 2, amount: 25_000_000, note: '已纳入2026年预算，一季度付清。' });
    expect(await rowOf(HD, 'hd-jiaoyu')).toMatchObject({ status: 'published', standing: 'published', publishedOn: '2026-03-20', publishedByName: 'hd-jiaoyu', mayPublish: false });

    const once = await stored();
    await expectRefused(await call('hd-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, { note: '更正' }), 409, 'DISCLOSURE_ALREADY_PUBLISHED');
    await expectRefused(await call('yingshangban', 'POST', `/api/disclosures/2025/${HD}/publish`, {}), 409, 'DISCLOSURE_ALREADY_PUBLISHED');
    expect(await stored()).toEqual(once);
  });

  it('keeps a published row as published: a regeneration leaves it, and the database refuses to change or delete it', async () => {
    const published = (await stored()).find((row) => row.unitId === HD)!;
    await arrear({ title: '实验器材款', unitId: HD, claimed: 600_000, contract: { debtorKind: 'organ', deliveredOn: '2025-10-01' } });
    const generated = await call('yingshangban', 'POST', '/api/disclosures/2025/generate');
    expect(generated.json()).toMatchObject({ published: 1 });
    expect((await stored()).find((row) => row.unitId === HD)).toEqual(published);
    const key = and(eq(annualDisclosures.tenantId, t.app.tenantId), eq(annualDisclosures.year, 2025), eq(annualDisclosures.unitId, HD));
    await expect(t.app.db.update(annualDisclosures).set({ amount: 1 }).where(key)).rejects.toThrow();
    await expect(t.app.db.delete(annualDisclosures).where(key)).rejects.toThrow();
    await expect(t.app.db.execute(sql`truncate annual_disclosures`)).rejects.toThrow();
    expect((await stored()).find((row) => row.unitId === HD)).toEqual(published);
  });

  it('lets 营商办 publish on a unit’s behalf, late after 31 March', async () => {
    t.clock.set('2026-04-02T10:00:00+08:00');
    expect(await rowOf(JB)).toMatchObject({ standing: 'overdue', mayPublish: true });
    const published = await call('yingshangban', 'POST', `/api/disclosures/2025/${JB}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    expect(await rowOf(JB)).toMatchObject({ status: 'published', standing: 'published_late', publishedOn: '2026-04-02', publishedByName: 'yingshangban', note: null });
  });

  it('shows anyone, without signing in, the published rows only and nothing personal', async () => {
    const response = await call(null, 'GET', '/api/public/disclosures/2025');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const body = response.json<PublicDisclosures>();
    expect(body).toMatchObject({ year: 2025, title: '2025年度机关、事业单位逾期未支付中小企业款项情况', deadline: '2026-03-31' });
    expect(body.items).toEqual([
      { unitName: '汉东区教育局', jurisdictionName: '汉东区', kind: 'organ', contracts: 2, amount: 25_000_000, amountYuan: '250000.00', publishedOn: '2026-03-20', note: '已纳入2026年预算，一季度付清。' },
      { unitName: '江北区教育局', jurisdictionName: '江北区', kind: 'organ', contracts: 1, amount: 800_000, amountYuan: '8000.00', publishedOn: '2026-04-02', note: null },
    ]);
    expect(body.totals).toEqual({ units: 2, contracts: 3, amount: 25_800_000, amountYuan: '258000.00' });
    for (const personal of ['hd-jiaoyu', 'yingshangban', 'ByName', 'generated', 'acc-']) expect(response.body).not.toContain(personal);
    expect((await call(null, 'GET', '/api/public/disclosures/2026')).json<PublicDisclosures>().items).toEqual([]);
    expect((await call(null, 'GET', '/api/public/disclosures/abc')).statusCode).toBe(400);
  });

  it('limits the public reads per client address', async () => {
    const read = () => t.server.inject({ method: 'GET', url: '/api/public/disclosures/2025', remoteAddress: '203.0.113.9' });
    for (let index = 0; index < 60; index += 1) expect((await read()).statusCode).toBe(200);
    const limited = await read();
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
  });

  it('writes the yearly report as a workbook: every unit of the reader, totals, status and publication date, in 万元', async () => {
    // Generated at 07:30 in the city, still the day before in UTC: the workbook names the city's day.
    t.clock.set('2026-04-03T07:30:00+08:00');
    expect((await call('yingshangban', 'POST', '/api/disclosures/2025/generate')).statusCode).toBe(200);
    const year = await disclosures('yingshangban');
    const download = await call('yingshangban', 'GET', '/api/disclosures/2025/workbook');
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(download.headers['content-disposition'] as string)).toContain('2025年度逾期未支付中小企业款项情况.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['逾期未支付情况', '按属地']);
    const sheet = workbook.getWorksheet('逾期未支付情况')!;
    expect(sheet.getCell(1, 1).value).toBe('2025年度机关、事业单位逾期未支付中小企业款项情况');
    expect(String(sheet.getCell(2, 1).value)).toContain('截至2025-12-31已超过法定付款期限');
    expect(String(sheet.getCell(2, 1).value)).toContain('数据生成于2026-04-03；导出于2026-04-03。');
    const header = (sheet.getRow(3).values as unknown[]).map(String);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name)).value;
    const rows = year.rows.map((_, index) => 4 + index);
    expect(rows.map((row) => [cell(row, '单位'), cell(row, '逾期未支付合同（件）'), cell(row, '逾期未支付金额（万元）'), cell(row, '合同信息不全未计入（件）'), cell(row, '状态'), cell(row, '公开日期')])).toEqual(
      year.rows.map((row) => [row.unitName, row.contracts, row.amount / 1_000_000, row.incomplete, { draft: '待发布', overdue: '逾期未公开', published: '已公开', published_late: '逾期公开' }[row.standing], row.publishedOn]),
    );
    const hd = rows.find((row) => cell(row, '单位') === '汉东区教育局')!;
    expect(sheet.getRow(hd).getCell(header.indexOf('逾期未支付金额（万元）')).numFmt).toBe('#,##0.00');
    expect(cell(hd, '情况说明')).toBe('已纳入2026年预算，一季度付清。');
    const total = 4 + year.rows.length;
    expect([cell(total, '单位'), cell(total, '逾期未支付合同（件）'), cell(total, '逾期未支付金额（万元）'), cell(total, '状态')]).toEqual([
      `合计（${year.rows.length}个单位）`,
      year.totals.contracts,
      year.totals.amount / 1_000_000,
      '已公开2个',
    ]);
    const byJurisdiction = workbook.getWorksheet('按属地')!;
    const handong = Array.from({ length: byJurisdiction.rowCount }, (_, index) => byJurisdiction.getRow(index + 1)).find((row) => row.getCell(1).value === '汉东区')!;
    expect(handong.getCell(5).value).toBe(year.rows.filter((row) => row.jurisdictionName === '汉东区').reduce((sum, row) => sum + row.amount, 0) / 1_000_000);

    // A unit's workbook holds its own row only; an enterprise gets none.
    const own = new ExcelJS.Workbook();
    await own.xlsx.load((await call('hd-jiaoyu', 'GET', '/api/disclosures/2025/workbook')).rawPayload as unknown as ArrayBuffer);
    expect(own.getWorksheet('逾期未支付情况')!.getCell(4, 2).value).toBe('汉东区教育局');
    expect(own.getWorksheet('逾期未支付情况')!.getCell(5, 2).value).toBe('合计（1个单位）');
    await expectRefused(await call('sysadmin', 'GET', '/api/disclosures/2025/workbook'), 403, 'FORBIDDEN');
  });
});
