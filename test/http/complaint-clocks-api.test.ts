/**
 * 保障中小企业款项支付条例 第二十五条 and 第二十三条 over HTTP: a complaint's transfer and
 * written-result clocks on the case page, the written result's extension to at most 90 days
 * after 交办, and the ladder raising 督办 → 约谈 → 通报 on an unanswered complaint, each recorded.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepInstant } from '../../src/cli/commands/sweep.ts';
import type { CaseView } from '../../src/cases/case-view.ts';
import { caseEvents, notifications, sessions } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { sweepSupervision } from '../../src/jobs/supervision-sweep.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { canteenComplaint, pageAfterAction } from '../support/cases.ts';
import { backendName } from '../support/database.ts';

describe(`complaint clocks (Art. 25) and 约谈 on the ladder (Art. 23), ${backendName}`, () => {
  let t: TestApp;
  let caseId: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const view = async (username: TestUsername = 'yingshangban') => {
    const response = await call(username, 'GET', `/api/cases/${caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView>();
  };
  const send = async (username: TestUsername, command: Record<string, unknown>) =>
    call(username, 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: (await view()).version, ...command });
  const act = async (username: TestUsername, command: Record<string, unknown>) => {
    const response = await send(username, command);
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${caseId}`))).json<CaseView>();
  };
  /** Moves the clock; the test users stay signed in. */
  const travelTo = async (instant: string) => {
    t.clock.set(instant);
    await t.app.db.update(sessions).set({ expiresAt: new Date(Date.parse(instant) + 8 * 3_600_000) });
  };
  const eventCount = async () =>
    Number((await t.app.db.select({ total: count() }).from(caseEvents).where(and(eq(caseEvents.tenantId, t.app.tenantId), eq(caseEvents.caseId, caseId))))[0]!.total);
  const sweepOn = async (day: string) => {
    await travelTo(`${day}T09:00:00+08:00`);
    const result = await sweepSupervision(t.app, { now: sweepInstant(day) });
    return result.raised.filter((step) => step.caseId === caseId);
  };

  beforeAll(async () => {
    // Tuesday 2026-02-10, before 春节 (02-15 … 02-23 放; Saturdays 02-14 and 02-28 班).
    t = await createTestApp('2026-02-10T09:00:00+08:00');
    const response = await call('yingshangban', 'POST', '/api/cases', canteenComplaint());
    expect(response.statusCode, response.body).toBe(201);
    caseId = response.json<CaseView>().id;
  });
  afterAll(async () => t?.close());

  it('gives a complaint its transfer clock on receipt: 10 working days across 春节 and its working Saturdays', async () => {
    const { deadlineStory, intake } = await view();
    expect(intake).toMatchObject({ status: 'pending' });
    // 02-11, 02-12, 02-13, 02-14 班, 02-24 … 02-27, 02-28 班, 03-02: the 10th working day.
    expect(deadlineStory.complaintClocks).toMatchObject({
      receivedOn: '2026-02-10',
      transfer: { kind: 'complaint_transfer', startedOn: '2026-02-10', dueOn: '2026-03-02', doneOn: null, status: 'on_track' },
      result: { kind: 'complaint_result', status: 'waiting', dueOn: null },
    });
  });

  it('stops the transfer clock at 交办 and starts the 30-day written-result clock, both on the case page', async () => {
    await travelTo('2026-03-02T09:00:00+08:00');
    await act('yingshangban', { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请汉东区教育局核实，30日内书面答复企业。' });
    // The unit settles the way of paying by the year end (A1), so the case's own deadline lies far ahead.
    await act('hd-jiaoyu', { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 36_000_000 } });
    const { deadlineStory, leadUnitId } = await view('hd-jiaoyu');
    expect(leadUnitId).toBe(UNIT_IDS.jingxinju);
    expect(deadlineStory.complaintClocks).toMatchObject({
      transfer: { dueOn: '2026-03-02', doneOn: '2026-03-02', status: 'met' },
      // 03-02 + 30 = Wed 04-01; + 90 = Sun 05-31, so the limit is Mon 06-01.
      result: { startedOn: '2026-03-02', baseDueOn: '2026-04-01', dueOn: '2026-04-01', maxDueOn: '2026-06-01', extendedTo: null, status: 'on_track' },
    });
  });

  it('extends the written result with 营商办’s approval to 90 days after 交办, and refuses beyond it, writing nothing', async () => {
    await travelTo('2026-03-25T09:00:00+08:00');
    const before = await view();
    const events = await eventCount();
    const beyond = await send('hd-jiaoyu', { action: 'request_extension', clock: 'complaint_result', newDeadline: '2026-06-02', reason: '涉及财政、审计多部门核实' });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json().error).toMatchObject({ code: 'COMPLAINT_EXTENSION_TOO_LONG', details: { field: 'newDeadline', limit: '2026-06-01' } });
    expect(beyond.json().error.message).toContain('第二十五条');
    expect(await eventCount()).toBe(events);
    expect((await view()).version).toBe(before.version);

    await act('hd-jiaoyu', { action: 'request_extension', clock: 'complaint_result', newDeadline: '2026-06-01', reason: '涉及财政、审计多部门核实' });
    const pending = (await view()).deadlineStory.pendingExtension;
    expect(pending).toMatchObject({ clock: 'complaint_result', newDeadline: '2026-06-01' });
    const listed = (await call('yingshangban', 'GET', '/api/supervision/extension-requests')).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: caseId, clock: 'complaint_result', newDeadline: '2026-06-01' })]);

    const approved = await act('yingshangban', { action: 'approve_extension', approved: true, opinion: '情况复杂，同意延长至交办后90日。' });
    expect(approved.deadline).toBe(before.deadline);
    expect(approved.deadlineStory.complaintClocks?.result).toMatchObject({ baseDueOn: '2026-04-01', extendedTo: '2026-06-01', dueOn: '2026-06-01', status: 'on_track' });
    expect(approved.deadlineStory.lastExtensionDecision).toMatchObject({ clock: 'complaint_result', approved: true, newDeadline: '2026-06-01' });

    const after = await eventCount();
    const again = await send('hd-jiaoyu', { action: 'request_extension', clock: 'complaint_result', newDeadline: '2026-06-15', reason: '仍需时间' });
    expect(again.json().error).toMatchObject({ code: 'COMPLAINT_EXTENSION_TOO_LONG' });
    expect(await eventCount()).toBe(after);
  });

  it('raises the ladder on the unanswered written result: 提醒, 催办, 督办 with its 督办单, 约谈, then 通报, each once and recorded', async () => {
    // Due Mon 06-01. Working days late: 06-02 (1) … 06-09 (6), 06-16 (11), 06-24 (16; 端午 06-19 放).
    expect((await sweepOn('2026-05-28')).map((step) => [step.clock, step.level])).toEqual([['complaint_result', 'reminder']]);
    expect((await sweepOn('2026-06-02')).map((step) => step.level)).toEqual(['urging']);
    expect((await sweepOn('2026-06-08')).map((step) => step.level)).toEqual([]);
    expect((await sweepOn('2026-06-09')).map((step) => step.level)).toEqual(['supervision']);
    expect((await sweepOn('2026-06-15')).map((step) => step.level)).toEqual([]);
    expect((await sweepOn('2026-06-16')).map((step) => step.level)).toEqual(['interview']);
    expect((await sweepOn('2026-06-23')).map((step) => step.level)).toEqual([]);
    expect((await sweepOn('2026-06-24')).map((step) => step.level)).toEqual(['notice']);
    expect(await sweepOn('2026-06-24')).toEqual([]);

    const { deadlineStory } = await view();
    const steps = deadlineStory.supervisionSteps.filter((step) => step.clock === 'complaint_result');
    expect(steps.map((step) => [step.level, step.raisedOn, step.deadline, step.automatic])).toEqual([
      ['reminder', '2026-05-28', '2026-06-01', true],
      ['urging', '2026-06-02', '2026-06-01', true],
      ['supervision', '2026-06-09', '2026-06-01', true],
      ['interview', '2026-06-16', '2026-06-01', true],
      ['notice', '2026-06-24', '2026-06-01', true],
    ]);
    expect(deadlineStory.supervisionSteps.filter((step) => step.clock === null)).toEqual([]);
    expect(steps.find((step) => step.level === 'supervision')?.order?.number).toMatch(/营商督〔2026〕\d+号/);
    expect(steps.find((step) => step.level === 'interview')?.note).toContain('书面处理结果时限');
    expect(deadlineStory.complaintClocks?.result).toMatchObject({ status: 'overdue', overdueWorkingDays: 16 });

    // 约谈 is formal: the unit, its county and the lead bureau hear of it, labelled 约谈.
    const kinds = async (username: TestUsername) =>
      (await call(username, 'GET', '/api/notifications?limit=50')).json<{ items: { kind: string; caseId: string | null; title: string }[] }>().items.filter((item) => item.caseId === caseId);
    expect((await kinds('jingxinju')).map((item) => item.kind)).toEqual(['notice', 'interview', 'supervision']);
    expect((await kinds('hd-jiaoyu')).find((item) => item.kind === 'interview')?.title).toContain('【约谈】');
    const interviewNotes = await t.app.db.select({ total: count() }).from(notifications).where(and(eq(notifications.caseId, caseId), eq(notifications.kind, 'interview')));
    expect(Number(interviewNotes[0]!.total)).toBeGreaterThan(0);

    // The supervision list filters by the step the case stands at; 约谈 is one of them.
    const listed = (await call('yingshangban', 'GET', '/api/supervision/cases?level=notice')).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: caseId, level: 'notice' })]);
    expect((await call('yingshangban', 'GET', '/api/supervision/cases?level=interview')).json().items).toEqual([]);
  });

  it('stops the written-result clock once the unit tells the complainant, late, and the ladder then rests', async () => {
    await travelTo('2026-06-25T09:00:00+08:00');
    const told = await act('hd-jiaoyu', {
      action: 'notify_result',
      summary: '经核实，工程款36万元已列入7月支付计划，将于7月15日前付清。',
      notifiedOn: '2026-06-25',
      documents: [{ title: '投诉处理结果告知书', reference: '汉东教函〔2026〕31号' }],
    });
    expect(told.resultNotice).toMatchObject({ notifiedOn: '2026-06-25' });
    // 06-02 … 06-25 less 端午 06-19: 17 working days late.
    expect(told.deadlineStory.complaintClocks?.result).toMatchObject({ doneOn: '2026-06-25', status: 'late', overdueWorkingDays: 17 });
    expect(told.availableActions.map((item) => item.action)).not.toContain('notify_result');
    expect((await call('yingshangban', 'GET', '/api/notifications?limit=50')).json().items.map((item: { kind: string }) => item.kind)).toContain('result_notified');
    expect(await sweepOn('2026-07-01')).toEqual([]);
  });
});
