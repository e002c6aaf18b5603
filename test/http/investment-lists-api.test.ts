import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { yuan } from '../../src/domain/money.ts';
import { todayInShanghai } from '../../src/domain/calendar.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { addTestFirms } from '../support/test-firms.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const HANSHUI = { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91422902MA49TQ2N0') };
const HENGXIN = { name: '江北区恒信医疗器械有限公司', creditCode: makeCreditCode('91422903MA4B7E2K0') };

interface ListsBody {
  asOf: string;
  totals: { problems: number; open: number; closed: number; overdue: number; unregistered: number };
  byCounty: { id: string; name: string; problems: number; unregistered: number }[];
  byUnit: { id: string; name: string; problems: number }[];
  problems: { kind: string; key: string; case: { id: string; number: string } | null; jurisdiction: { id: string }; problem: string; overdue: boolean; stateLabel: string }[];
  responsibilities: { caseId: string; number: string; measures: string; responsibleUnit: { id: string; name: string }; leadUnit: { name: string } | null; closedAt: string | null }[];
}

/** S6: 市招商局's 问题清单 and 整改责任清单, live from the cases and the register, matching the ledger. */
describe(`the investment problem and responsibility lists (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.server.inject({ method, url, ...(payload === undefined ? {} : { payload }), headers: await t.signIn(username) });
  const act = async (id: string, command: object) => {
    const current = await call('yingshangban', 'GET', `/api/cases/${id}`);
    const response = await call('yingshangban', 'POST', `/api/cases/${id}/actions`, { ...command, expectedVersion: current.json<{ version: number }>().version });
    expect(response.statusCode, response.body).toBe(200);
  };
  const register = async (title: string, responsibleUnitId: string, enterprise: { name: string; creditCode: string }) => {
    const response = await call('yingshangban', 'POST', '/api/cases', {
      line: 'investment',
      source: 'assigned',
      instruction: '请核实招商协议承诺的兑现情况。',
      title,
      facts: `${title}，企业反映至今未兑现。`,
      enterprise,
      responsibleUnitId,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: string }>();
  };
  let kept: { id: string; number: string };
  let lowered: { id: string; number: string };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    await addTestFirms(t);
    kept = await register('汉东区政府未兑现设备购置补助', LOCAL_UNIT_IDS.handong.government, HANSHUI);
    await act(kept.id, {
      action: 'classify',
      classification: { line: 'investment', legality: 'compliant', situation: 'perform', promise: '投资协议第六条：设备购置补助600万元', amount: wan(600), performBy: '2026-03-20' },
    });
    lowered = await register('江北区未兑现人才公寓承诺', LOCAL_UNIT_IDS.jiangbei.government, HENGXIN);
    await act(lowered.id, {
      action: 'classify',
      classification: { line: 'investment', legality: 'flawed', situation: 'beyond_capacity', promise: '投资协议第五条：人才公寓100套', legalityReason: '公寓总量不足，超出履行能力' },
    });
    await act(lowered.id, { action: 'agree', amount: 0, terms: '人才公寓调整为40套', document: '补充协议（2026）1号' });
    // A promise of the register, overdue and never raised as a case.
    const project = await call('zhaoshangju', 'POST', '/api/investment/projects', {
      name: '汉水智能装备产业园二期',
      enterprise: HANSHUI,
      agreementName: '智能装备产业园二期投资协议',
      agreementNo: 'HD-ZS-2025-031',
      signingUnitId: LOCAL_UNIT_IDS.handong.government,
      signedOn: '2025-06-18',
      investmentAmount: wan(50_000),
    });
    expect(project.statusCode, project.body).toBe(201);
    const promise = await call('zhaoshangju', 'POST', `/api/investment/projects/${project.json<{ id: string }>().id}/promises`, {
      type: 'land',
      clause: '第四条',
      content: '2026年2月底前交付工业用地80亩',
      area: 8_000,
      dueOn: '2026-02-28',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.government,
    });
    expect(promise.statusCode, promise.body).toBe(201);
    t.clock.set('2026-03-25T09:00:00+08:00');
    t.forgetSignIns();
  });
  afterAll(() => t?.close());

  it('lists every investment case of the ledger and the register\'s unregistered overdue promise, per county and unit', async () => {
    const response = await call('zhaoshangju', 'GET', '/api/investment/problem-lists');
    expect(response.statusCode, response.body).toBe(200);
    const lists = response.json<ListsBody>();
    const ledger = await call('zhaoshangju', 'GET', '/api/cases?line=investment&limit=100');
    const ledgerNumbers = ledger.json<{ items: { number: string; state: string }[] }>().items.filter((item) => item.state !== 'dismissed').map((item) => item.number);
    expect(lists.problems.filter((row) => row.kind === 'case').map((row) => row.case!.number).sort()).toEqual(ledgerNumbers.sort());
    expect(lists.totals).toMatchObject({ problems: 3, open: 3, unregistered: 1, overdue: 2 });
    const unregistered = lists.problems.find((row) => row.kind === 'promise')!;
    expect(unregistered).toMatchObject({ case: null, stateLabel: '未立案', overdue: true });
    expect(unregistered.problem).toMatch(/逾期未兑现（逾期25天）/);
    expect(lists.byCounty.find((row) => row.id === JURISDICTION_IDS.handong)).toMatchObject({ problems: 2, unregistered: 1 });
    expect(lists.byCounty.find((row) => row.id === JURISDICTION_IDS.jiangbei)).toMatchObject({ problems: 1, unregistered: 0 });
    const measures = Object.fromEntries(lists.responsibilities.map((row) => [row.number, row.measures]));
    expect(measures[kept.number]).toBe('按约定履行承诺，2026-03-20前兑现（I1）');
    expect(measures[lowered.number]).toBe('按补充协议（2026）1号履行：人才公寓调整为40套（I5）');
    expect(lists.responsibilities.every((row) => row.leadUnit?.name === '汉江市招商局')).toBe(true);
  });

  it('shows a county its own jurisdiction only, and refuses an enterprise, a unit handler and the credit office', async () => {
    const county = (await call('handong', 'GET', '/api/investment/problem-lists')).json<ListsBody>();
    expect(new Set(county.problems.map((row) => row.jurisdiction.id))).toEqual(new Set([JURISDICTION_IDS.handong]));
    expect(county.responsibilities.map((row) => row.number)).toEqual([kept.number]);
    for (const username of ['qiye1', 'hd-jiaoyu', 'xinyongban'] as const) {
      const refused = await call(username, 'GET', '/api/investment/problem-lists');
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json<{ error: { code: string; message: string } }>().error.message).toMatch(/问题清单/);
    }
  });

  it('raises the register\'s overdue promise as 招商局\'s 排查 finding, once, and lists it as a case from then on', async () => {
    const before = (await call('zhaoshangju', 'GET', '/api/investment/problem-lists')).json<ListsBody>();
    const promiseId = before.problems.find((row) => row.kind === 'promise')!.key;
    // The enterprise reads the promise made to it but registers no 排查 finding; another unit does not see it.
    expect((await call('qiye1', 'POST', `/api/investment/promises/${promiseId}/case`, {})).statusCode).toBe(403);
    expect((await call('jb-jiaoyu', 'POST', `/api/investment/promises/${promiseId}/case`, {})).statusCode).toBe(404);
    const unchanged = (await call('zhaoshangju', 'GET', '/api/investment/problem-lists')).json<ListsBody>();
    expect(unchanged.totals).toEqual(before.totals);
    const raised = await call('zhaoshangju', 'POST', `/api/investment/promises/${promiseId}/case`, {});
    expect(raised.statusCode, raised.body).toBe(201);
    const created = raised.json<{ id: string; number: string; state: string }>();
    expect(created.number).toMatch(/^ZS2026-\d{5}$/);
    const view = (await call('zhaoshangju', 'GET', `/api/cases/${created.id}`)).json<{ source: string; responsibleUnitId: string; leadUnitId: string; facts: string; enterprise: { name: string } }>();
    expect(view).toMatchObject({ source: 'inspection', responsibleUnitId: LOCAL_UNIT_IDS.handong.government, enterprise: { name: HANSHUI.name } });
    expect(view.facts).toMatch(/HD-ZS-2025-031.*第四条约定：2026年2月底前交付工业用地80亩/);
    const again = await call('zhaoshangju', 'POST', `/api/investment/promises/${promiseId}/case`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('PROMISE_CASE_EXISTS');
    const after = (await call('zhaoshangju', 'GET', '/api/investment/problem-lists')).json<ListsBody>();
    expect(after.totals).toMatchObject({ problems: before.totals.problems, unregistered: 0 });
    expect(after.problems.find((row) => row.case?.id === created.id)).toBeDefined();
  });

  it('links a promise to the case already registered about it, once, and only to a case of the project\'s enterprise', async () => {
    const project = (await call('zhaoshangju', 'GET', '/api/investment/projects')).json<{ items: { id: string }[] }>().items[0]!;
    const added = await call('zhaoshangju', 'POST', `/api/investment/projects/${project.id}/promises`, {
      type: 'funds',
      clause: '第六条',
      content: '投产后给予设备购置补助600万元',
      amount: wan(600),
      dueOn: '2026-12-31',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.government,
    });
    expect(added.statusCode, added.body).toBe(201);
    const promiseId = added.json<{ id: string }>().id;
    const other = await call('zhaoshangju', 'PUT', `/api/investment/promises/${promiseId}/case`, { caseId: lowered.id });
    expect(other.statusCode).toBe(400);
    expect(other.json<{ error: { message: string } }>().error.message).toMatch(/不是该项目企业/);
    const linked = await call('zhaoshangju', 'PUT', `/api/investment/promises/${promiseId}/case`, { caseId: kept.id });
    expect(linked.statusCode, linked.body).toBe(200);
    const view = (await call('zhaoshangju', 'GET', `/api/investment/promises/${promiseId}`)).json<{ case: { number: string } | null }>();
    expect(view.case?.number).toBe(kept.number);
    expect((await call('zhaoshangju', 'PUT', `/api/investment/promises/${promiseId}/case`, { caseId: kept.id })).statusCode).toBe(409);
  });

  it('refuses an id padded with spaces as malformed, as its published pattern says, rather than reading it trimmed', async () => {
    for (const query of [`jurisdictionId=%20${JURISDICTION_IDS.handong}`, `responsibleUnitId=${LOCAL_UNIT_IDS.handong.government}%20`]) {
      const response = await call('yingshangban', 'GET', `/api/investment/problem-lists?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/编号格式不正确/) });
    }
  });

  it('downloads both workbooks with the page\'s rows and totals, filtered alike', async () => {
    const page = (await call('yingshangban', 'GET', `/api/investment/problem-lists?jurisdictionId=${JURISDICTION_IDS.handong}`)).json<ListsBody>();
    const problems = await call('yingshangban', 'GET', `/api/investment/problem-list.xlsx?jurisdictionId=${JURISDICTION_IDS.handong}`);
    expect(problems.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(problems.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('问题清单')!;
    expect(String(sheet.getCell(2, 1).value)).toMatch(/县市区：汉东区/);
    const numbers: string[] = [];
    sheet.eachRow((row, index) => {
      if (index > 3) numbers.push(String(row.getCell(1).value));
    });
    expect(numbers.slice(0, -1)).toEqual(page.problems.map((row) => row.case?.number ?? '未立案'));
    expect(numbers.at(-1)).toBe(`合计${page.totals.problems}个问题`);
    expect(workbook.getWorksheet('按县市区')!.getCell(4, 1).value).toBe('汉东区');

    const responsibilities = await call('yingshangban', 'GET', `/api/investment/responsibility-list.xlsx?jurisdictionId=${JURISDICTION_IDS.handong}`);
    const second = new ExcelJS.Workbook();
    await second.xlsx.load(responsibilities.rawPayload as unknown as ArrayBuffer);
    const rows = second.getWorksheet('整改责任清单')!;
    page.responsibilities.forEach((item, index) => {
      expect(rows.getCell(4 + index, 1).value).toBe(item.number);
      expect(rows.getCell(4 + index, 4).value).toBe(item.measures);
      // 销号日期 is the day in the city, whatever the hour in UTC.
      expect(rows.getCell(4 + index, 12).value).toBe(item.closedAt === null ? null : todayInShanghai(new Date(item.closedAt)));
    });
    expect(page.responsibilities.map((item) => item.number)).toContain(kept.number);
    expect(rows.getCell(4 + page.responsibilities.length, 1).value).toBe(`合计${page.responsibilities.length}项`);
  });
});
