import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepSlowDisbursements } from '../../src/benefits/slow-disbursement-sweep.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { yuan } from '../../src/domain/money.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { addTestFirms, FIRM, OTHER_FIRM } from '../support/test-firms.ts';
import { backendName } from '../support/database.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const clause = (article: string, title: string, amount: number, extra: object = {}) => ({
  article,
  title,
  class: 'subsidy',
  content: `${title}的具体规定。`,
  amountRule: { kind: 'fixed', amount: wan(amount) },
  conditions: [],
  materials: [],
  noApplication: false,
  fastTrack: false,
  ...extra,
});

/** 经信局's policy of the 16条 package; 汉东区教育局's own, in no package. */
const CITY_POLICY = {
  documentNo: '汉经信发〔2026〕9号',
  title: '汉江市支持制造业企业高质量发展若干措施',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '16条',
  publishedOn: '2026-01-10',
  effectiveOn: '2026-01-10',
  clauses: [clause('第一条', '专精特新企业奖励', 30, { fastTrack: true }), clause('第二条', '技术中心奖励', 10), clause('第三条', '质量品牌奖励', 5)],
};
const COUNTY_POLICY = {
  documentNo: '汉东教发〔2026〕5号',
  title: '汉东区支持民办教育规范发展若干措施',
  issuerUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
  publishedOn: '2026-02-10',
  effectiveOn: '2026-02-10',
  clauses: [clause('第四条', '教学设备购置补助', 8)],
};

const PROFILE = { industryCode: 'C3491', employees: 185, annualRevenue: wan(1_250), totalAssets: wan(4_300), figuresYear: 2025, registeredOn: '2017-07-06', tags: [] };
/** 汉东区's enterprise and 江北区's. */

interface FundsItemBody {
  id: string;
  enterpriseName: string;
  documentNo: string;
  clauseTitle: string;
  handlingUnitId: string;
  handlingUnitName: string;
  approvedAmount: number;
  disbursedAmount: number;
  outstanding: number;
  dueOn: string;
  late: boolean;
  workingDaysLate: number | null;
  mayDisburse: boolean;
  version: number;
  slowCase: { id: string; number: string } | null;
}
interface FundsBody {
  asOf: string;
  totals: { count: number; approved: number; disbursed: number; outstanding: number; lateCount: number; lateOutstanding: number };
  byDepartment: { handlingUnitId: string; handlingUnitName: string; count: number; approved: number; disbursed: number; outstanding: number; lateCount: number }[];
  items: FundsItemBody[];
  truncated: boolean;
  packageTags: string[];
}

/** 资金拨付 (P5): the approved money still owed, the late first, for 财政局 and the others who follow it. */
describe(`benefit funds (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload: payload as object }) });
  const funds = async (username: TestUsername, search = '') => {
    const response = await call(username, 'GET', `/api/benefit-funds${search}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<FundsBody>();
  };
  const claimOf = (item: FundsItemBody) => `${item.enterpriseName} ${item.clauseTitle}`;

  /** Applies at the window for `unitId` on one clause and has the department approve it; returns the application's id. */
  const approved = async (applicant: TestUsername, reviewer: TestUsername, unitId: string, policy: { id: string; clauses: { id: string; title: string }[] }, title: string, amount: number) => {
    const applied = await call(applicant, 'POST', '/api/benefit-applications', { enterpriseUnitId: unitId, policyId: policy.id, clauseId: policy.clauses.find((item) => item.title === title)!.id, materials: [] });
    expect(applied.statusCode, applied.body).toBe(201);
    const application = applied.json<{ id: string; version: number }>();
    const decided = await call(reviewer, 'POST', `/api/benefit-applications/${application.id}/actions`, { expectedVersion: application.version, action: 'approve', amount: wan(amount) });
    expect(decided.statusCode, decided.body).toBe(200);
    return decided.json<{ id: string; version: number }>();
  };
  const pay = async (username: TestUsername, application: { id: string; version: number }, amount: number) => {
    const paid = await call(username, 'POST', `/api/benefit-applications/${application.id}/actions`, { expectedVersion: application.version, action: 'disburse', paidOn: '2026-03-02', amount: wan(amount) });
    expect(paid.statusCode, paid.body).toBe(200);
    return paid.json<{ id: string; version: number; state: string }>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    await addTestFirms(t);
    for (const [username, unitId] of [
      ['qiye1', FIRM],
      ['qiye2', OTHER_FIRM],
    ] as const) {
      const saved = await call(username, 'PUT', `/api/enterprises/${unitId}/profile`, { profile: PROFILE, expectedVersion: null });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const recorded = async (username: TestUsername, policy: object) => {
      const response = await call(username, 'POST', '/api/policies', policy);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; clauses: { id: string; title: string }[] }>();
    };
    const city = await recorded('yingshangban', CITY_POLICY);
    const county = await recorded('hd-jiaoyu', COUNTY_POLICY);
    // Other clauses 20 working days from the application; 快申快享 ones 60.
    expect((await call('yingshangban', 'PUT', '/api/benefit-settings', { fastTrackWorkingDays: 60, standardWorkingDays: 20 })).statusCode).toBe(200);

    // 2 March: 汉水's 30万元 (快申快享), 10万元 of it paid; 汉东区教育局's 8万元, unpaid; 恒信's 5万元 paid in full; 汉水's 5万元 still under review.
    await pay('jingxinju', await approved('yingshangban', 'jingxinju', FIRM, city, '专精特新企业奖励', 30), 10);
    await approved('handong', 'hd-jiaoyu', FIRM, county, '教学设备购置补助', 8);
    expect((await pay('jingxinju', await approved('yingshangban', 'jingxinju', OTHER_FIRM, city, '质量品牌奖励', 5), 5)).state).toBe('disbursed');
    const review = await call('handong', 'POST', '/api/benefit-applications', { enterpriseUnitId: FIRM, policyId: city.id, clauseId: city.clauses.find((item) => item.title === '质量品牌奖励')!.id, materials: [] });
    expect(review.statusCode, review.body).toBe(201);
    // 9 March: 恒信's 10万元, unpaid.
    t.clock.set('2026-03-09T10:00:00+08:00');
    t.forgetSignIns();
    await approved('yingshangban', 'jingxinju', OTHER_FIRM, city, '技术中心奖励', 10);

    // 15 April: the two 20-day limits have passed (清明 on 6 April is no working day); the morning check raises their cases.
    t.clock.set('2026-04-15T09:00:00+08:00');
    t.forgetSignIns();
    expect((await sweepSlowDisbursements(t.app, { now: t.clock.now() })).raised).toHaveLength(2);
  });
  afterAll(async () => t?.close());

  it('lists the money still owed, the latest first, each with its due day and working days late, and totals that are the sum of the items (P5)', async () => {
    const body = await funds('caizhengju');
    expect(body.asOf).toBe('2026-04-15');
    expect(body.truncated).toBe(false);
    expect(body.items.map((item) => [claimOf(item), item.handlingUnitName, item.approvedAmount, item.disbursedAmount, item.outstanding, item.dueOn, item.workingDaysLate])).toEqual([
      // Due 30 March: 31 March to 15 April is 11 working days, 6 April (清明) not among them.
      ['湖北汉水智能装备有限公司 第四条 教学设备购置补助', '汉东区教育局', wan(8), 0, wan(8), '2026-03-30', 11],
      // Applied a week later, due 7 April (the 20th working day, 6 April skipped).
      ['江北区恒信医疗器械有限公司 第二条 技术中心奖励', '汉江市经济和信息化局', wan(10), 0, wan(10), '2026-04-07', 6],
      // 快申快享: 60 working days, not yet due.
      ['湖北汉水智能装备有限公司 第一条 专精特新企业奖励', '汉江市经济和信息化局', wan(30), wan(10), wan(20), '2026-05-28', null],
    ]);
    expect(body.items.map((item) => item.late)).toEqual([true, true, false]);
    expect(body.items.map((item) => item.slowCase === null)).toEqual([false, false, true]);
    // 财政局 records the payment of every department's money.
    expect(body.items.every((item) => item.mayDisburse)).toBe(true);

    const sum = (items: FundsItemBody[], amount: (item: FundsItemBody) => number) => items.reduce((total, item) => total + amount(item), 0);
    const late = body.items.filter((item) => item.late);
    expect(body.totals).toEqual({
      count: body.items.length,
      approved: sum(body.items, (item) => item.approvedAmount),
      disbursed: sum(body.items, (item) => item.disbursedAmount),
      outstanding: sum(body.items, (item) => item.outstanding),
      lateCount: late.length,
      lateOutstanding: sum(late, (item) => item.outstanding),
    });
    expect(body.totals).toEqual({ count: 3, approved: wan(48), disbursed: wan(10), outstanding: wan(38), lateCount: 2, lateOutstanding: wan(18) });
    expect(body.byDepartment).toEqual([
      { handlingUnitId: UNIT_IDS.jingxinju, handlingUnitName: '汉江市经济和信息化局', count: 2, approved: wan(40), disbursed: wan(10), outstanding: wan(30), lateCount: 1 },
      { handlingUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, handlingUnitName: '汉东区教育局', count: 1, approved: wan(8), disbursed: 0, outstanding: wan(8), lateCount: 1 },
    ]);
    expect(body.packageTags).toEqual(['16条']);
  });

  it('shows the finance bureau, 营商办 and leaders every department’s, a department its own, a county its own, and refuses enterprises and the credit office', async () => {
    const claims = async (username: TestUsername) => (await funds(username)).items.map(claimOf).sort();
    const all = await claims('caizhengju');
    expect(all).toHaveLength(3);
    expect(await claims('yingshangban')).toEqual(all);
    expect(await claims('leader')).toEqual(all);
    expect(await claims('jingxinju')).toEqual(['江北区恒信医疗器械有限公司 第二条 技术中心奖励', '湖北汉水智能装备有限公司 第一条 专精特新企业奖励']);
    expect(await claims('hd-jiaoyu')).toEqual(['湖北汉水智能装备有限公司 第四条 教学设备购置补助']);
    expect(await claims('jb-jiaoyu')).toEqual([]);
    // 汉东区: its enterprise's claims and its own department's policy.
    expect(await claims('handong')).toEqual(['湖北汉水智能装备有限公司 第一条 专精特新企业奖励', '湖北汉水智能装备有限公司 第四条 教学设备购置补助']);
    // Leaders read; they do not pay.
    expect((await funds('leader')).items.some((item) => item.mayDisburse)).toBe(false);
    expect((await funds('jingxinju')).totals).toMatchObject({ count: 2, outstanding: wan(30), lateCount: 1, lateOutstanding: wan(10) });

    for (const username of ['qiye1', 'xinyongban', 'sysadmin'] as const) {
      for (const url of ['/api/benefit-funds', '/api/benefit-funds.xlsx']) {
        const refused = await call(username, 'GET', url);
        expect(refused.statusCode, `${username} ${url}`).toBe(403);
        expect(refused.json().error.code).toBe('FORBIDDEN');
        expect(refused.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
  });

  it('filters by package, department, county and lateness', async () => {
    const claims = async (search: string) => (await funds('caizhengju', search)).items.map(claimOf);
    const lateOnly = await funds('caizhengju', '?late=true');
    expect(lateOnly.items.map(claimOf)).toEqual(['湖北汉水智能装备有限公司 第四条 教学设备购置补助', '江北区恒信医疗器械有限公司 第二条 技术中心奖励']);
    expect(lateOnly.totals).toEqual({ count: 2, approved: wan(18), disbursed: 0, outstanding: wan(18), lateCount: 2, lateOutstanding: wan(18) });
    expect(await claims('?late=false')).toHaveLength(3);
    expect(await claims(`?packageTag=${encodeURIComponent('16条')}`)).toEqual(['江北区恒信医疗器械有限公司 第二条 技术中心奖励', '湖北汉水智能装备有限公司 第一条 专精特新企业奖励']);
    expect(await claims(`?packageTag=${encodeURIComponent('30条')}`)).toEqual([]);
    expect(await claims(`?handlingUnitId=${LOCAL_UNIT_IDS.handong.jiaoyuju}`)).toEqual(['湖北汉水智能装备有限公司 第四条 教学设备购置补助']);
    // The enterprise's county or the policy's.
    expect(await claims('?jurisdictionId=jiangbei')).toEqual(['江北区恒信医疗器械有限公司 第二条 技术中心奖励']);
    expect(await claims('?jurisdictionId=handong')).toEqual(['湖北汉水智能装备有限公司 第四条 教学设备购置补助', '湖北汉水智能装备有限公司 第一条 专精特新企业奖励']);
    expect(await claims(`?jurisdictionId=jiangbei&late=true&packageTag=${encodeURIComponent('16条')}`)).toEqual(['江北区恒信医疗器械有限公司 第二条 技术中心奖励']);
  });

  it('refuses a malformed query with a coded error in Chinese', async () => {
    for (const search of [`?jurisdictionId=${'x'.repeat(500)}`, '?late=maybe', `?packageTag=${'包'.repeat(31)}`, `?handlingUnitId=${'u'.repeat(101)}`]) {
      for (const path of ['/api/benefit-funds', '/api/benefit-funds.xlsx']) {
        const refused = await call('caizhengju', 'GET', `${path}${search}`);
        expect(refused.statusCode, `${path}${search.slice(0, 30)}`).toBe(400);
        expect(refused.json().error.code).toBe('VALIDATION_FAILED');
        expect(refused.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
    expect((await call('caizhengju', 'GET', '/api/benefit-funds?late=maybe')).json().error.message).toContain('只看逾期');
  });

  it('writes the same items, totals and departments to the workbook, in 万元', async () => {
    const body = await funds('caizhengju');
    const download = await call('caizhengju', 'GET', '/api/benefit-funds.xlsx');
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(download.headers['content-disposition'] as string)).toContain('资金拨付_2026-04-15.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['待拨付资金', '按部门']);

    const sheet = workbook.getWorksheet('待拨付资金')!;
    const header = (sheet.getRow(3).values as unknown[]).map(String);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name)).value;
    const rows = Array.from({ length: body.items.length }, (_, index) => 4 + index);
    expect(rows.map((row) => [cell(row, '企业'), cell(row, '条款'), cell(row, '待拨付（万元）'), cell(row, '逾期（工作日）'), cell(row, '拨付时限'), cell(row, '拨付缓慢问题编号')])).toEqual(
      body.items.map((item) => [item.enterpriseName, item.clauseTitle, item.outstanding / 1_000_000, item.workingDaysLate, item.dueOn, item.slowCase?.number ?? null]),
    );
    const total = sheet.rowCount;
    expect(total).toBe(4 + body.items.length);
    expect(cell(total, '企业')).toBe('合计（3笔，逾期2笔）');
    expect([cell(total, '核准金额（万元）'), cell(total, '已拨付（万元）'), cell(total, '待拨付（万元）')]).toEqual([48, 10, 38]);

    const departments = workbook.getWorksheet('按部门')!;
    const departmentRows = Array.from({ length: departments.rowCount - 3 }, (_, index) => (departments.getRow(4 + index).values as unknown[]).slice(1));
    expect(departmentRows).toEqual([
      ...body.byDepartment.map((row) => [row.handlingUnitName, row.count, row.approved / 1_000_000, row.disbursed / 1_000_000, row.outstanding / 1_000_000, row.lateCount]),
      ['合计', 3, 48, 10, 38, 2],
    ]);

    // Filtered, it holds what the filtered list holds, and says what it was cut from.
    const filtered = new ExcelJS.Workbook();
    await filtered.xlsx.load((await call('caizhengju', 'GET', '/api/benefit-funds.xlsx?late=true&jurisdictionId=handong')).rawPayload as unknown as ArrayBuffer);
    const lateSheet = filtered.getWorksheet('待拨付资金')!;
    expect(String(lateSheet.getCell(2, 1).value)).toContain('属地：汉东区，只含逾期未拨付');
    expect(lateSheet.rowCount).toBe(3 + 1 + 1);
    expect(lateSheet.getRow(4).getCell(1).value).toBe('湖北汉水智能装备有限公司');
  });

  it('drops an item once the finance bureau pays what is owed', async () => {
    const before = await funds('caizhengju');
    const owed = before.items.find((item) => item.clauseTitle === '第二条 技术中心奖励')!;
    const paid = await call('caizhengju', 'POST', `/api/benefit-applications/${owed.id}/actions`, { expectedVersion: owed.version, action: 'disburse', paidOn: '2026-04-15', amount: owed.outstanding });
    expect(paid.statusCode, paid.body).toBe(200);
    const after = await funds('caizhengju');
    expect(after.items.map((item) => item.id)).toEqual(before.items.filter((item) => item.id !== owed.id).map((item) => item.id));
    expect(after.totals).toMatchObject({ count: 2, outstanding: before.totals.outstanding - owed.outstanding, lateCount: 1 });
  });

  it('tells the session who follows the funds, and 财政局 reads the evaluation', async () => {
    const abilities = async (username: TestUsername) => (await call(username, 'GET', '/api/session')).json<{ user: { abilities: { funds: boolean } } }>().user.abilities.funds;
    for (const username of ['caizhengju', 'yingshangban', 'leader'] as const) expect(await abilities(username), username).toBe(true);
    for (const username of ['jingxinju', 'hd-jiaoyu', 'handong', 'qiye1', 'xinyongban'] as const) expect(await abilities(username), username).toBe(false);
    expect((await call('caizhengju', 'GET', '/api/benefit-evaluation')).statusCode).toBe(200);
    expect((await call('jingxinju', 'GET', '/api/benefit-evaluation')).statusCode).toBe(403);
  });

  it('documents the funds in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/benefit-funds']!.get!.operationId).toBe('listBenefitFunds');
    expect(document.paths['/api/benefit-funds.xlsx']!.get!.operationId).toBe('downloadBenefitFunds');
  });
});
