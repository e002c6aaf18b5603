import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepInstant } from '../../src/cli/commands/sweep.ts';
import type { CaseView } from '../../src/cases/case-view.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { sessions } from '../../src/db/schema.ts';
import { sweepSupervision } from '../../src/jobs/supervision-sweep.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

describe(`the case page's deadline story (S1, S2, ${backendName})`, () => {
  let t: TestApp;
  let caseId: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const view = async (id = caseId, username: TestUsername = 'hd-jiaoyu') => {
    const response = await call(username, 'GET', `/api/cases/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView>();
  };
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const response = await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await view(id, 'yingshangban')).version, ...command });
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${id}`))).json<CaseView>();
  };
  /** Moves the clock; the test users stay signed in. */
  const travelTo = async (instant: string) => {
    t.clock.set(instant);
    await t.app.db.update(sessions).set({ expiresAt: new Date(Date.parse(instant) + 8 * 3_600_000) });
  };
  let serial = 0;
  const register = async (body: Record<string, unknown> = {}) => {
    serial += 1;
    const response = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: `汉东区教育局拖欠学生宿舍改造工程款（${serial}）`,
      facts: '2025年宿舍改造工程已竣工验收，工程款未付。',
      enterprise: { name: `汉江市鼎立建筑工程有限公司${serial}`, creditCode: makeCreditCode(`91422900MA4DL${serial}000`) },
      instruction: '请汉东区教育局5个工作日内核实欠款并报送处置意见。',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 36_000_000,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseView>();
  };

  beforeAll(async () => {
    // Wednesday 2026-09-30, the day before 国庆: 5 working days run to Tue 10-13 (Sat 10-10 is worked).
    t = await createTestApp('2026-09-30T09:00:00+08:00');
    caseId = (await register()).id;
  });
  afterAll(async () => t?.close());

  it('shows the deadline as 正常 before it nears, with no steps and no extension', async () => {
    const { deadlineStory } = await view();
    expect(deadlineStory).toEqual({
      deadline: '2026-10-13',
      status: 'on_track',
      overdueWorkingDays: 0,
      pendingExtension: null,
      lastExtensionDecision: null,
      supervisionSteps: [],
      // Registered by 营商办's own assignment: no complaint, so no clocks of Art. 25.
      complaintClocks: null,
    });
  });

  it('counts the overdue working days on the official calendar, and lists the steps with the 督办单 of 督办 (S2)', async () => {
    await travelTo('2026-10-16T09:30:00+08:00');
    const overdue = (await view()).deadlineStory;
    // Wed 10-14, Thu 10-15, Fri 10-16.
    expect(overdue).toMatchObject({ deadline: '2026-10-13', status: 'overdue', overdueWorkingDays: 3, supervisionSteps: [] });

    const sweep = await sweepSupervision(t.app, { now: sweepInstant('2026-10-16') });
    expect(sweep.raised.filter((step) => step.caseId === caseId).map((step) => step.level)).toEqual(['urging']);
    await act('yingshangban', caseId, { action: 'supervise', level: 'supervision', note: '请于10月20日前清偿并书面报告。' });

    const { deadlineStory } = await view();
    expect(deadlineStory.supervisionSteps).toEqual([
      expect.objectContaining({ seq: 2, level: 'urging', raisedOn: '2026-10-16', deadline: '2026-10-13', automatic: true, order: null }),
      expect.objectContaining({
        seq: 3,
        level: 'supervision',
        raisedOn: '2026-10-16',
        deadline: '2026-10-13',
        automatic: false,
        note: '请于10月20日前清偿并书面报告。',
        by: expect.objectContaining({ id: 'acc-yingshangban' }),
        order: { number: '汉营商督〔2026〕1号', url: `/api/cases/${caseId}/supervision-orders/3` },
      }),
    ]);
    const order = await call('hd-jiaoyu', 'GET', deadlineStory.supervisionSteps[1]!.order!.url);
    expect(order.statusCode).toBe(200);
    expect(order.headers['content-type']).toContain('wordprocessingml');
  });

  it('shows a pending request with who asked and when, then 营商办’s refusal with its opinion (S1)', async () => {
    await act('hd-jiaoyu', caseId, { action: 'request_extension', newDeadline: '2026-10-23', reason: '工程结算审计报告预计10月22日出具' });
    const pending = (await view(caseId, 'yingshangban')).deadlineStory;
    expect(pending.pendingExtension).toEqual({
      seq: 4,
      clock: null,
      newDeadline: '2026-10-23',
      reason: '工程结算审计报告预计10月22日出具',
      requestedBy: { id: 'acc-hd-jiaoyu', role: 'unit_handler', name: 'hd-jiaoyu' },
      requestedAt: '2026-10-16T01:30:00.000Z',
    });
    expect(pending.lastExtensionDecision).toBeNull();

    await act('yingshangban', caseId, { action: 'approve_extension', approved: false, opinion: '已督办，不予延期，请立即支付。' });
    const refused = (await view()).deadlineStory;
    expect(refused).toMatchObject({
      deadline: '2026-10-13',
      status: 'overdue',
      pendingExtension: null,
      lastExtensionDecision: { seq: 5, approved: false, opinion: '已督办，不予延期，请立即支付。', newDeadline: '2026-10-23', decidedBy: { id: 'acc-yingshangban' } },
    });
  });

  it('keeps the last decision beside a new pending request, and an approval moves the deadline', async () => {
    await act('hd-jiaoyu', caseId, { action: 'request_extension', newDeadline: '2026-10-30', reason: '财政资金10月底到位' });
    const both = (await view()).deadlineStory;
    expect(both.pendingExtension).toMatchObject({ seq: 6, newDeadline: '2026-10-30' });
    expect(both.lastExtensionDecision).toMatchObject({ seq: 5, approved: false });

    await act('yingshangban', caseId, { action: 'approve_extension', approved: true, opinion: '同意延至10月30日，逾期将予通报。' });
    expect((await view()).deadlineStory).toMatchObject({
      deadline: '2026-10-30',
      status: 'on_track',
      overdueWorkingDays: 0,
      pendingExtension: null,
      lastExtensionDecision: { seq: 7, approved: true, newDeadline: '2026-10-30' },
    });
  });

  it('says the clock is stopped while the case is in court (A6)', async () => {
    const disputed = await register();
    await act('yingshangban', disputed.id, { action: 'classify', classification: { line: 'arrears', disputed: true } });
    await act('yingshangban', disputed.id, { action: 'escalate', reason: '双方对工程量认定分歧较大，协商未果' });
    const litigating = await act('yingshangban', disputed.id, { action: 'litigate', reason: '调解未达成一致', court: '汉江市汉东区人民法院' });
    expect(litigating.state).toBe('litigating');
    expect((await view(disputed.id)).deadlineStory).toMatchObject({ deadline: null, status: 'suspended', overdueWorkingDays: 0 });
  });

  it('shows the story only to those who may read the case', async () => {
    expect((await call('jb-jiaoyu', 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await call('jb-jiaoyu', 'GET', `/api/cases/${caseId}/supervision-orders/3`)).statusCode).toBe(404);
  });

  it('leads a rectification item by 市营商办, as SPEC §6 gives it the overall coordination (G1)', async () => {
    const item = await register({
      line: 'integrity',
      source: 'self_inspection',
      title: '汉东区教育局采购合同含“财政资金到位后付款”不公平条款',
      facts: '自查发现3份采购合同以财政资金到位作为付款条件。',
      enterprise: undefined,
      instruction: undefined,
      claimedAmount: undefined,
    });
    expect(item.leadUnit).toEqual({ id: UNIT_IDS.yingshangban, name: expect.stringContaining('营商') });
    expect(item.cooperatingUnits).toEqual([]);
    // The lead of the other lines still follows the debtor's kind.
    expect((await view(caseId)).leadUnit?.id).toBe(UNIT_IDS.jingxinju);
  });
});
