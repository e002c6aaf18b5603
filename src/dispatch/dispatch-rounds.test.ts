import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvents } from '../cases/case-store.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { isAppError, type ErrorCode } from '../domain/errors.ts';
import { dispatchRoundItems, dispatchRounds, dispatchUnitReports } from '../db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { closeDispatchRound } from './close-dispatch-round.ts';
import { getDispatchRound } from './get-dispatch-round.ts';
import { listDispatchRounds } from './list-dispatch-rounds.ts';
import { openDispatchRound } from './open-dispatch-round.ts';
import { reportDispatchProgress } from './report-dispatch-progress.ts';
import { submitDispatchReport } from './submit-dispatch-report.ts';

const office: Actor = { id: 'acc-yingshangban', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const hdJiaoyu: Actor = { id: 'acc-hd-jiaoyu', name: '王芳', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const jbJiaoyu: Actor = { id: 'acc-jb-jiaoyu', name: '江北教育', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, jurisdictionScope: [] };
const handong: Actor = {
  id: 'acc-handong',
  name: '刘建华',
  role: 'county_coordinator',
  unitId: LOCAL_UNIT_IDS.handong.government,
  jurisdictionScope: [JURISDICTION_IDS.handong],
};

const rejects = async (promise: Promise<unknown>, code: ErrorCode) => {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isAppError(error) ? error.code : error).toBe(code);
};

describe(`dispatch rounds (G1, G4) on ${backendName}`, () => {
  let t: TestApp;
  let hdFirst: CaseRecord;
  let hdSecond: CaseRecord;
  let hdDismissed: CaseRecord;
  let jbCase: CaseRecord;
  let roundId: string;

  beforeAll(async () => {
    t = await createTestApp('2026-11-23T09:00:00+08:00');
    const arrear = (title: string, organisation: string, responsibleUnitId: string) =>
      registerTestArrear(t.app, office, { title, enterpriseName: `${title}公司`, organisation, responsibleUnitId, claimedAmount: 10_000_000 });
    hdFirst = await arrear('汉东区教育局拖欠食堂改造款', 'DP00001', LOCAL_UNIT_IDS.handong.jiaoyuju);
    hdSecond = await arrear('汉东区教育局拖欠校舍维修款', 'DP00002', LOCAL_UNIT_IDS.handong.jiaoyuju);
    hdDismissed = await arrear('汉东区教育局重复登记事项', 'DP00003', LOCAL_UNIT_IDS.handong.jiaoyuju);
    jbCase = await arrear('江北区教育局拖欠课桌椅货款', 'DP00004', LOCAL_UNIT_IDS.jiangbei.jiaoyuju);
  });
  afterAll(async () => t?.close());

  it('lets only 营商办 open a round, writing nothing otherwise', async () => {
    const input = { title: '2026年第48周调度', periodStart: '2026-11-23', periodEnd: '2026-11-29', dueOn: '2026-11-27' };
    await rejects(openDispatchRound(t.app, hdJiaoyu, input), 'FORBIDDEN');
    await rejects(openDispatchRound(t.app, handong, input), 'FORBIDDEN');
    expect(await t.app.db.select().from(dispatchRounds)).toHaveLength(0);
  });

  it('snapshots every open case under its responsible unit when the round opens', async () => {
    const opened = await openDispatchRound(t.app, office, {
      title: '2026年第48周调度',
      periodStart: '2026-11-23',
      periodEnd: '2026-11-29',
      dueOn: '2026-11-27',
    });
    roundId = opened.round.id;
    expect(opened.cases).toBe(4);
    const view = await getDispatchRound(t.app, office, roundId);
    expect(view.units.map((unit) => [unit.unitId, unit.total, unit.reported, unit.status])).toEqual([
      [LOCAL_UNIT_IDS.handong.jiaoyuju, 3, 0, 'pending'],
      [LOCAL_UNIT_IDS.jiangbei.jiaoyuju, 1, 0, 'pending'],
    ]);
    // 营商办 reports for no unit, so it gets no case lines unless it asks for a unit's.
    expect(view.items).toEqual([]);
    expect((await getDispatchRound(t.app, office, roundId, { unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju })).items.map((item) => item.caseId)).toEqual([
      jbCase.id,
    ]);
  });

  it('shows a unit only its own status and a county coordinator its subtree', async () => {
    const own = await getDispatchRound(t.app, hdJiaoyu, roundId);
    expect(own.units.map((unit) => unit.unitId)).toEqual([LOCAL_UNIT_IDS.handong.jiaoyuju]);
    expect(own.units[0]!.canReport).toBe(true);
    expect(own.items.map((item) => item.caseId).sort()).toEqual([hdFirst.id, hdSecond.id, hdDismissed.id].sort());
    const county = await getDispatchRound(t.app, handong, roundId);
    expect(county.units.map((unit) => unit.unitId)).toEqual([LOCAL_UNIT_IDS.handong.jiaoyuju]);
    const [listed] = await listDispatchRounds(t.app, jbJiaoyu);
    expect(listed).toMatchObject({ units: 1, submittedUnits: 0 });
  });

  it('refuses a report on another unit’s case and changes nothing', async () => {
    await rejects(reportDispatchProgress(t.app, jbJiaoyu, roundId, { caseId: hdFirst.id, progress: '越权报送' }), 'DISPATCH_ITEM_NOT_FOUND');
    expect((await loadEvents(t.app.db, t.app.tenantId, hdFirst.id)).map((item) => item.event.type)).toEqual(['register']);
    const [item] = await t.app.db.select().from(dispatchRoundItems).where(eq(dispatchRoundItems.caseId, hdFirst.id));
    expect(item!.progress).toBeNull();
  });

  it('refuses the unit report while an open case is unreported, writing nothing', async () => {
    await reportDispatchProgress(t.app, hdJiaoyu, roundId, { caseId: hdFirst.id, progress: '已纳入12月支付计划' });
    await rejects(
      submitDispatchReport(t.app, hdJiaoyu, roundId, { unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, summary: '本周推进情况' }),
      'DISPATCH_ITEMS_UNREPORTED',
    );
    expect(await t.app.db.select().from(dispatchUnitReports)).toHaveLength(0);
  });

  it('records the progress as the case’s own report_progress event, linked by its seq', async () => {
    const events = await loadEvents(t.app.db, t.app.tenantId, hdFirst.id);
    const last = events.at(-1)!.event;
    expect(last).toMatchObject({ type: 'report_progress', rule: 'G1', payload: { progress: '已纳入12月支付计划' } });
    const [item] = await t.app.db.select().from(dispatchRoundItems).where(eq(dispatchRoundItems.caseId, hdFirst.id));
    expect(item).toMatchObject({ progress: '已纳入12月支付计划', eventSeq: last.seq, reportedBy: hdJiaoyu.id });
  });

  it('needs no report on a case dismissed since the snapshot, and then takes the unit report', async () => {
    await runCommands(t.app, office, hdDismissed, { action: 'dismiss', reason: '与已登记事项重复' });
    await reportDispatchProgress(t.app, hdJiaoyu, roundId, { caseId: hdSecond.id, progress: '正在核对工程量' });
    await submitDispatchReport(t.app, hdJiaoyu, roundId, { unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, summary: '两件在办，一件不予受理' });
    const view = await getDispatchRound(t.app, office, roundId);
    const hd = view.units.find((unit) => unit.unitId === LOCAL_UNIT_IDS.handong.jiaoyuju)!;
    expect(hd).toMatchObject({ total: 3, reported: 2, closedSince: 1, status: 'submitted', summary: '两件在办，一件不予受理' });
    // Units that have not submitted come first: "who has not reported".
    expect(view.units[0]!.unitId).toBe(LOCAL_UNIT_IDS.jiangbei.jiaoyuju);
  });

  it('locks a submitted unit’s lines', async () => {
    await rejects(reportDispatchProgress(t.app, hdJiaoyu, roundId, { caseId: hdFirst.id, progress: '更正' }), 'DISPATCH_ALREADY_SUBMITTED');
    await rejects(
      submitDispatchReport(t.app, handong, roundId, { unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, summary: '再次提交' }),
      'DISPATCH_ALREADY_SUBMITTED',
    );
  });

  it('marks a unit that misses the due date as overdue, and refuses reports once the round is closed', async () => {
    t.clock.set('2026-11-30T09:00:00+08:00');
    const view = await getDispatchRound(t.app, office, roundId);
    expect(view.units.find((unit) => unit.unitId === LOCAL_UNIT_IDS.jiangbei.jiaoyuju)!.status).toBe('overdue');
    expect(view.round.overdue).toBe(true);
    await rejects(closeDispatchRound(t.app, hdJiaoyu, roundId), 'FORBIDDEN');
    await closeDispatchRound(t.app, office, roundId);
    await rejects(reportDispatchProgress(t.app, jbJiaoyu, roundId, { caseId: jbCase.id, progress: '补报' }), 'DISPATCH_ROUND_CLOSED');
    expect((await loadEvents(t.app.db, t.app.tenantId, jbCase.id)).map((item) => item.event.type)).toEqual(['register']);
    await rejects(closeDispatchRound(t.app, office, roundId), 'DISPATCH_ROUND_CLOSED');
    const [listed] = await listDispatchRounds(t.app, office);
    expect(listed).toMatchObject({ status: 'closed', units: 2, submittedUnits: 1 });
  });
});
