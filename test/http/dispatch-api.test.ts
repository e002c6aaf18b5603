import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/domain/case/record.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import type { DispatchReport } from '../../src/dispatch/dispatch-report.ts';
import type { DispatchRoundView } from '../../src/dispatch/get-dispatch-round.ts';
import { fenToWanYuan } from '../../src/domain/dispatch/figures.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';
import { determineBreach } from '../support/credit.ts';
import { backendName } from '../support/database.ts';

const office: Actor = { id: 'acc-yingshangban', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const creditOffice: Actor = { id: 'acc-xinyongban', name: '市信用办', role: 'credit_office', unitId: null, jurisdictionScope: [] };
const HD = LOCAL_UNIT_IDS.handong.jiaoyuju;
const JB = LOCAL_UNIT_IDS.jiangbei.jiaoyuju;
const INTERVIEW_NOTE = '-约谈汉东区教育局主要负责同志，限5个工作日内完成核实分类';

describe(`the dispatch report and rounds over HTTP (S5, G1, G4) on ${backendName}`, () => {
  let t: TestApp;
  const created: Record<'paid' | 'unclassified' | 'noticed' | 'dismissed', CaseRecord> = {} as never;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
    return response;
  };
  const get = async <T>(username: TestUsername, url: string): Promise<T> => {
    const response = await call(username, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const ledgerCount = async (username: TestUsername, filter: Record<string, string>) =>
    (await get<{ items: unknown[] }>(username, `/api/cases?${new URLSearchParams({ ...filter, limit: '100' })}`)).items.length;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const arrear = (title: string, organisation: string, unitId: string, claimedAmount: number) =>
      registerTestArrear(t.app, office, { title, enterpriseName: `${title}有限公司`, organisation, responsibleUnitId: unitId, claimedAmount });
    created.paid = await arrear('汉东区教育局拖欠食堂设备款', 'RP00001', HD, 30_000_000);
    created.unclassified = await arrear('汉东区教育局拖欠操场改造款', 'RP00002', HD, 45_000_000);
    created.noticed = await arrear('汉东区教育局拖欠校车租赁费', 'RP00003', HD, 12_000_000);
    created.dismissed = await arrear('江北区教育局重复登记的课桌款', 'RP00004', JB, 5_000_000);
    // Paid in full before its year-end deadline, feedback returned once, then closed: on time.
    t.clock.set('2026-03-03T10:00:00+08:00');
    created.paid = await runCommands(
      t.app,
      office,
      created.paid,
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 28_000_000, confirmedOn: '2026-03-03' } },
      { action: 'record_payment', paidOn: '2026-03-03', amount: 28_000_000, voucher: 'GK-2026-0303' },
      { action: 'submit_feedback', summary: '已一次性付清', documents: [{ title: '支付凭证', reference: 'GK-2026-0303' }] },
      { action: 'return', reason: '缺少企业收款确认函' },
      { action: 'submit_feedback', summary: '补充企业收款确认函', documents: [{ title: '企业收款确认函', reference: 'QR-0303' }] },
      { action: 'close', opinion: '材料齐全，同意销号' },
    );
    created.noticed = await runCommands(
      t.app,
      office,
      created.noticed,
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 12_000_000, confirmedOn: '2026-03-03' } },
      { action: 'record_payment', paidOn: '2026-03-03', amount: 2_000_000, voucher: 'GK-2026-0304' },
      { action: 'supervise', level: 'notice', note: '长期未付清，予以通报' },
    );
    created.dismissed = await runCommands(t.app, office, created.dismissed, { action: 'dismiss', reason: '重复登记' });
    // 约谈 (Art. 23) of the unit over the unclassified case, on 10 March; its note starts with a
    // character a spreadsheet would read as a formula.
    t.clock.set('2026-03-10T15:00:00+08:00');
    created.unclassified = await runCommands(t.app, office, created.unclassified, { action: 'supervise', level: 'interview', note: INTERVIEW_NOTE });
    // The unclassified case runs past the time limit of 已登记.
    t.clock.set('2026-03-20T10:00:00+08:00');
    await determineBreach(t.app, creditOffice, { unitId: HD, caseId: created.unclassified.id, facts: '逾期未处置企业欠款' });
  });
  afterAll(async () => t?.close());

  it('counts every figure as the ledger does, for 营商办 and a county coordinator', async () => {
    for (const username of ['yingshangban', 'handong'] as const) {
      const report = await get<DispatchReport>(username, '/api/reports/dispatch');
      expect(report.asOf).toBe('2026-03-20');
      expect(report.period).toEqual({ from: '2026-01-01', to: '2026-03-20' });
      for (const row of report.byLine) {
        expect(row.cases, row.line).toBe(await ledgerCount(username, { line: row.line }));
        expect(row.overdue, row.line).toBe(await ledgerCount(username, { line: row.line, overdue: 'true' }));
        expect(row.closed, row.line).toBe(await ledgerCount(username, { line: row.line, state: 'closed' }));
        expect(row.dismissed, row.line).toBe(await ledgerCount(username, { line: row.line, state: 'dismissed' }));
      }
      for (const row of report.byJurisdiction) expect(row.cases, row.name).toBe(await ledgerCount(username, { jurisdiction: row.id }));
      for (const row of report.byUnit) {
        expect(row.cases, row.name).toBe(await ledgerCount(username, { responsibleUnit: row.id }));
        expect(row.overdue, row.name).toBe(await ledgerCount(username, { responsibleUnit: row.id, overdue: 'true' }));
      }
      expect(report.total.yearEndRisk).toBe(await ledgerCount(username, { yearEndRisk: 'true' }));
    }
  });

  it('computes the on-time, closure and clearance rates and the 通报 list from the case histories', async () => {
    const report = await get<DispatchReport>('yingshangban', '/api/reports/dispatch');
    const hd = report.byUnit.find((row) => row.id === HD)!;
    expect(hd).toMatchObject({ cases: 3, open: 2, closed: 1, overdue: 1, closedOnTime: 1, returned: 1 });
    expect(hd.confirmedAmount).toBe(40_000_000);
    expect(hd.paidAmount).toBe(30_000_000);
    expect(hd.clearanceRate).toBeCloseTo(0.75);
    expect(hd.onTimeRate).toBeCloseTo(1 / 2); // closed on time 1 ÷ (closed 1 + open overdue 1)
    expect(hd.closureRate).toBeCloseTo(1 / 3);
    const jb = report.byUnit.find((row) => row.id === JB)!;
    expect(jb).toMatchObject({ cases: 1, dismissed: 1, closureRate: null, onTimeRate: null });
    expect(report.notices.map((notice) => notice.number)).toEqual([created.noticed.number]);
    expect(report.total.cases).toBe(4);
  });

  it('counts only the period’s events: a report to 2 March has no return yet, and the groups add up to the total', async () => {
    const before = await get<DispatchReport>('yingshangban', '/api/reports/dispatch?asOf=2026-03-02');
    expect(before.period).toEqual({ from: '2026-01-01', to: '2026-03-02' });
    // The return of 3 March falls after the period; the case is closed (on time) as recorded now.
    expect(before.byUnit.find((row) => row.id === HD)).toMatchObject({ cases: 3, closed: 1, closedOnTime: 1, returned: 0 });
    const now = await get<DispatchReport>('yingshangban', '/api/reports/dispatch');
    expect(now.byUnit.find((row) => row.id === HD)).toMatchObject({ returned: 1 });
    // Each grouping holds every case once: its rows add up to the total row.
    for (const report of [before, now]) {
      for (const rows of [report.byLine, report.byJurisdiction, report.byUnit]) {
        for (const key of ['cases', 'open', 'closed', 'overdue', 'closedOnTime', 'returned', 'confirmedAmount', 'paidAmount'] as const) {
          expect(rows.reduce((sum, row) => sum + row[key], 0), key).toBe(report.total[key]);
        }
      }
    }
  });

  it('lists the case interviewed (约谈) in the period apart from the 通报 list, with the same columns', async () => {
    const report = await get<DispatchReport>('yingshangban', '/api/reports/dispatch');
    expect(report.interviews).toEqual([
      {
        caseId: created.unclassified.id,
        eventSeq: created.unclassified.version,
        number: created.unclassified.number,
        title: '汉东区教育局拖欠操场改造款',
        line: 'arrears',
        state: 'registered',
        responsibleUnitName: '汉东区教育局',
        jurisdictionName: '汉东区',
        interviewedOn: '2026-03-10',
        deadline: created.unclassified.deadline,
        note: INTERVIEW_NOTE,
        outstandingAmount: 0,
      },
    ]);
    // Interviewed, not noticed: the 通报 list keeps only the noticed case, which was never interviewed.
    expect(report.notices.map((notice) => notice.caseId)).toEqual([created.noticed.id]);
    expect(report.notices[0]).toMatchObject({ noticedOn: '2026-03-03', outstandingAmount: 10_000_000, jurisdictionName: '汉东区' });
    // A report whose period ends before the interview lists it no more; the notice before it stays.
    const earlier = await get<DispatchReport>('yingshangban', '/api/reports/dispatch?asOf=2026-03-09');
    expect(earlier.period).toEqual({ from: '2026-01-01', to: '2026-03-09' });
    expect(earlier.interviews).toEqual([]);
    expect(earlier.notices.map((notice) => notice.caseId)).toEqual([created.noticed.id]);
  });

  it('shows the 约谈 list only to readers of the case: 汉东区 sees it, 江北区 does not', async () => {
    expect((await get<DispatchReport>('handong', '/api/reports/dispatch')).interviews.map((row) => row.caseId)).toEqual([created.unclassified.id]);
    expect((await get<DispatchReport>('hd-jiaoyu', '/api/reports/dispatch')).interviews.map((row) => row.caseId)).toEqual([created.unclassified.id]);
    for (const username of ['jiangbei', 'jb-jiaoyu'] as const) {
      const report = await get<DispatchReport>(username, '/api/reports/dispatch');
      expect(report.total.cases, username).toBe(1);
      expect(report.interviews, username).toEqual([]);
      expect(report.notices, username).toEqual([]);
    }
  });

  it('publishes the 约谈 list in the OpenAPI document beside the 通报 list', async () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; required?: string[] };
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ components: { schemas: Record<string, Schema> } }>();
    const properties = document.components.schemas.DispatchReport!.properties!;
    const interview = properties.interviews!.items!;
    const notice = properties.notices!.items!;
    expect(interview.required).toContain('interviewedOn');
    expect(notice.required).toContain('noticedOn');
    const shared = (schema: Schema) => Object.keys(schema.properties!).filter((key) => key !== 'interviewedOn' && key !== 'noticedOn');
    expect(shared(interview)).toEqual(shared(notice));
    expect(shared(interview)).toEqual(expect.arrayContaining(['number', 'title', 'responsibleUnitName', 'jurisdictionName', 'outstandingAmount', 'note', 'eventSeq']));
  });

  it('ranks the integrity index with each row explained, counting breach records in effect', async () => {
    const report = await get<DispatchReport>('yingshangban', '/api/reports/dispatch');
    const hd = report.index.units.find((row) => row.id === HD)!;
    // 60 × 1/2 + 20 × (1 − 1/2) + (20 − 5) − 10 × 1 = 30 + 10 + 15 − 10
    expect(hd.score).toBe(45);
    expect(hd.breachRecords).toBe(1);
    expect(hd.parts.map((part) => part.explanation)).toEqual([
      '按期办结率 50.0%（1/2）× 60 = 30.0',
      '逾期 1 件/未办结 2 件：20 × (1 − 1/2) = 10.0',
      '退回 1 次 −5：20 − 5 = 15.0（最低 0）',
      '失信记录 1 条 −10',
    ]);
    expect(report.index.units.map((row) => row.rank)).toEqual([1, 2]);
    expect(report.index.units[0]!.id).toBe(JB);
    expect(report.index.jurisdictions.map((row) => row.id)).toEqual([JURISDICTION_IDS.jiangbei, JURISDICTION_IDS.handong]);
  });

  it('gives a county coordinator its subtree only, and refuses the report to an administrator', async () => {
    const report = await get<DispatchReport>('handong', '/api/reports/dispatch');
    expect(report.byUnit.map((row) => row.id)).toEqual([HD]);
    expect(report.byJurisdiction.map((row) => row.id)).toEqual([JURISDICTION_IDS.handong]);
    const refused = await call('sysadmin', 'GET', '/api/reports/dispatch');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('refuses a report date in the future', async () => {
    const response = await call('yingshangban', 'GET', '/api/reports/dispatch?asOf=2026-03-21');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'DATE_INVALID' } });
  });

  it('runs a round over HTTP: open, report, submit, and who has not reported', async () => {
    const refused = await call('hd-jiaoyu', 'POST', '/api/dispatch/rounds', { title: 'x', periodStart: '2026-03-16', periodEnd: '2026-03-22', dueOn: '2026-03-20' });
    expect(refused.statusCode).toBe(403);
    const opened = await call('yingshangban', 'POST', '/api/dispatch/rounds', {
      title: '2026年第12周调度',
      periodStart: '2026-03-16',
      periodEnd: '2026-03-22',
      dueOn: '2026-03-20',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { id, cases } = opened.json<{ id: string; cases: number }>();
    expect(cases).toBe(2);
    const own = await get<DispatchRoundView>('hd-jiaoyu', `/api/dispatch/rounds/${id}`);
    expect(own.items.map((item) => item.number).sort()).toEqual([created.noticed.number, created.unclassified.number].sort());
    const early = await call('hd-jiaoyu', 'POST', `/api/dispatch/rounds/${id}/reports`, { unitId: HD, summary: '本周情况' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ error: { code: 'DISPATCH_ITEMS_UNREPORTED' } });
    for (const item of own.items) {
      const reported = await call('hd-jiaoyu', 'POST', `/api/dispatch/rounds/${id}/progress`, { caseId: item.caseId, progress: '正在筹措资金' });
      expect(reported.statusCode, reported.body).toBe(200);
    }
    const submitted = await call('hd-jiaoyu', 'POST', `/api/dispatch/rounds/${id}/reports`, { unitId: HD, summary: '两件在办，均已报送' });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const view = await get<DispatchRoundView>('yingshangban', `/api/dispatch/rounds/${id}`);
    expect(view.units.map((unit) => [unit.unitId, unit.reported, unit.total, unit.status])).toEqual([[HD, 2, 2, 'submitted']]);
    const report = await get<DispatchReport>('yingshangban', `/api/reports/dispatch?roundId=${id}`);
    expect(report.period).toEqual({ from: '2026-03-16', to: '2026-03-20' });
    // The interview of 10 March and the notice of 3 March fall before the round's period.
    expect(report.interviews).toEqual([]);
    expect(report.notices).toEqual([]);
    expect(report.roundStatus).toEqual([expect.objectContaining({ unitId: HD, status: 'submitted', reported: 2, total: 2 })]);
  });

  it('downloads the workbook with the same figures as the JSON', async () => {
    const report = await get<DispatchReport>('yingshangban', '/api/reports/dispatch');
    const response = await t.server.inject({ method: 'GET', url: '/api/reports/dispatch.xlsx', headers: await t.signIn('yingshangban') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain("filename*=UTF-8''调度报告_2026-03-20.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['按属地', '按专项行动', '按责任单位', '满意率', '约谈', '通报', '诚信指数']);
    const units = workbook.getWorksheet('按责任单位')!;
    expect(String(units.getCell('A1').value)).toContain('统计日：2026-03-20');
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const headers = (units.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['责任单位', '属地', '案件数']);
    const column = (header: string) => headers.indexOf(header) + 1;
    report.byUnit.forEach((row, index) => {
      const sheetRow = units.getRow(3 + index);
      expect(sheetRow.getCell(1).value).toBe(row.name);
      expect(sheetRow.getCell(column('案件数')).value).toBe(row.cases);
      expect(sheetRow.getCell(column('未清偿（万元）')).value).toBe(fenToWanYuan(row.outstandingAmount));
      expect(sheetRow.getCell(column('未清偿（万元）')).numFmt).toBe('#,##0.00');
      expect(sheetRow.getCell(column('按期办结率')).value).toBe(row.onTimeRate);
      expect(sheetRow.getCell(column('按期办结率')).numFmt).toBe('0.0%');
    });
    expect(units.getRow(3 + report.byUnit.length).getCell(column('案件数')).value).toBe(report.total.cases);
    const notices = workbook.getWorksheet('通报')!;
    expect(notices.getRow(3).getCell(1).value).toBe(report.notices[0]!.number);
    // The 约谈 sheet is laid out as the 通报 one, its step's day under its own header.
    const interviews = workbook.getWorksheet('约谈')!;
    expect(String(interviews.getCell('A1').value)).toContain('约谈');
    expect(interviews.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const sheetHeaders = (sheet: ExcelJS.Worksheet) => (sheet.getRow(2).values as unknown[]).slice(1);
    expect(sheetHeaders(interviews)).toEqual(sheetHeaders(notices).map((header) => (header === '通报日期' ? '约谈日期' : header)));
    const interviewed = report.interviews[0]!;
    expect((interviews.getRow(3).values as unknown[]).slice(1)).toEqual([
      interviewed.number,
      interviewed.title,
      '清理拖欠企业账款',
      '汉东区教育局',
      '汉东区',
      '2026-03-10',
      interviewed.deadline,
      '已登记',
      0,
      // Written as text, never as a formula (the note starts with '-').
      `'${INTERVIEW_NOTE}`,
    ]);
    expect(interviews.getRow(3).getCell(9).numFmt).toBe('#,##0.00');
    expect(interviews.rowCount).toBe(3);
    const index = workbook.getWorksheet('诚信指数')!;
    expect(index.getRow(4).getCell(3).value).toBe(report.index.units[0]!.name);
    expect(index.getRow(4).getCell(4).value).toBe(report.index.units[0]!.score);
  });
});
