import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { caseEvents, referenceChanges } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

interface CaseBody {
  id: string;
  state: string;
  deadline: string | null;
  version: number;
  availableActions: { action: string }[];
}

describe(`time limits are configuration that 营商办 edits (S1, ${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const getCase = async (id: string) => (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    pageAfterAction(await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command }), () => call(username, 'GET', `/api/cases/${id}`));
  const planningLimit = async () =>
    (await call('hd-jiaoyu', 'GET', '/api/time-limits')).json<{ items: { state: string; unit: string; days: number }[] }>().items.find((item) => item.state === 'planning');
  const timeLimitLog = () => t.app.db.select().from(referenceChanges).where(eq(referenceChanges.entity, 'time_limit'));

  let serial = 0;
  const register = async () => {
    serial += 1;
    const response = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      instruction: '请汉东区教育局核实办理。',
      title: `汉东区教育局拖欠教学楼工程款（${serial}）`,
      facts: '2025年教学楼扩建工程竣工验收合格，工程款未付。',
      enterprise: { name: `汉江市长风建设工程有限公司${serial}`, creditCode: makeCreditCode(`91422900MA49Q1W${serial}E`) },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 90_000_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };
  // A3: more than 50万元 with a recorded difficulty goes to an installment plan, whose limit counts from today.
  const classifyToPlanning = (id: string) =>
    act('hd-jiaoyu', id, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 90_000_000, paymentDifficulty: '年度预算已执行完毕，需分期安排' },
    });

  beforeAll(async () => {
    t = await createTestApp('2026-09-30T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('seeds every timed state with its default limit', async () => {
    const items = (await call('yingshangban', 'GET', '/api/time-limits')).json<{ items: { state: string; label: string; unit: string; days: number }[] }>().items;
    expect(items).toContainEqual({ state: 'registered', label: '已登记', unit: 'working_days', days: 5 });
    expect(items).toContainEqual({ state: 'planning', label: expect.any(String), unit: 'working_days', days: 10 });
    expect(items.map((item) => item.state)).not.toContain('litigating');
  });

  it('refuses a change by anyone but 营商办 and the system administrator, and changes nothing', async () => {
    for (const username of ['hd-jiaoyu', 'leader', 'jingxinju'] as const) {
      const refused = await call(username, 'PUT', '/api/time-limits/planning', { unit: 'working_days', days: 3 });
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }
    expect(await planningLimit()).toMatchObject({ unit: 'working_days', days: 10 });
    expect(await timeLimitLog()).toEqual([]);
  });

  it('rejects a state without a time limit and a limit that is not a positive whole number', async () => {
    expect((await call('yingshangban', 'PUT', '/api/time-limits/litigating', { unit: 'working_days', days: 3 })).json().error.code).toBe('NOT_FOUND');
    for (const body of [{ unit: 'working_days', days: 0 }, { unit: 'working_days', days: 2.5 }, { unit: 'weeks', days: 3 }]) {
      expect((await call('yingshangban', 'PUT', '/api/time-limits/planning', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await planningLimit()).toMatchObject({ unit: 'working_days', days: 10 });
    expect(await timeLimitLog()).toEqual([]);
  });

  it('sets later deadlines by the new limit, across 国庆 and its 调休 Saturday, and leaves set deadlines alone', async () => {
    const before = await register();
    const after = await register();
    const planned = await classifyToPlanning(before.id);
    expect(planned.statusCode, planned.body).toBe(200);
    // 10 working days from Wed 09-30: Oct 1–7 are off, Sat 10-10 is worked (调休).
    expect(planned.json()).toMatchObject({ state: 'planning', deadline: '2026-10-20' });

    const changed = await call('yingshangban', 'PUT', '/api/time-limits/planning', { unit: 'working_days', days: 3 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ state: 'planning', unit: 'working_days', days: 3 });
    expect(await planningLimit()).toMatchObject({ unit: 'working_days', days: 3 });

    // 3 working days from Wed 09-30: Thu 10-08, Fri 10-09, and the 调休 Saturday 10-10.
    const replanned = await classifyToPlanning(after.id);
    expect(replanned.statusCode, replanned.body).toBe(200);
    expect(replanned.json()).toMatchObject({ state: 'planning', rule: 'A3', deadline: '2026-10-10' });

    // S1: a deadline already set is the one its event recorded.
    expect((await getCase(before.id)).deadline).toBe('2026-10-20');
    const [classifyEvent] = await t.app.db
      .select({ deadline: caseEvents.deadline })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, before.id), eq(caseEvents.type, 'classify')));
    expect(classifyEvent?.deadline).toBe('2026-10-20');

    const log = await timeLimitLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      entityId: 'planning',
      actorId: 'acc-yingshangban',
      before: { state: 'planning', unit: 'working_days', days: 10 },
      after: { state: 'planning', unit: 'working_days', days: 3 },
    });
  });

  it('counts a limit in calendar days straight through the holiday', async () => {
    const registered = await register();
    expect((await call('yingshangban', 'PUT', '/api/time-limits/planning', { unit: 'calendar_days', days: 3 })).statusCode).toBe(200);
    expect((await classifyToPlanning(registered.id)).json()).toMatchObject({ state: 'planning', deadline: '2026-10-03' });
  });

  it('extends a deadline on request once 营商办 approves (S1)', async () => {
    const registered = await register();
    const planning = (await classifyToPlanning(registered.id)).json<CaseBody>();
    expect(planning.availableActions.map((item) => item.action)).toContain('request_extension');
    const requested = await act('hd-jiaoyu', registered.id, { action: 'request_extension', newDeadline: '2026-10-30', reason: '分期方案需经区政府常务会议研究' });
    expect(requested.statusCode, requested.body).toBe(200);
    expect(requested.json()).toMatchObject({ deadline: planning.deadline, extension: { status: 'requested', newDeadline: '2026-10-30' } });
    expect((await act('hd-jiaoyu', registered.id, { action: 'approve_extension', approved: true, opinion: '同意' })).statusCode).toBe(403);
    const approved = await act('yingshangban', registered.id, { action: 'approve_extension', approved: true, opinion: '同意延期' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ deadline: '2026-10-30', extension: { status: 'approved', opinion: '同意延期' } });
  });
});
