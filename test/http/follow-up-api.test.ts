/**
 * 回访 before 销号 over HTTP: 营商办 records the enterprise's confirmation that it was paid (day, way,
 * what it said, confirmed or not) once the case is settled and until it is closed; it shows on the
 * case page and in the history. Refused, writing nothing: before the case is settled, after 销号, by
 * anyone but 营商办, on a day in the future or before the case was registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/cases/case-view.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

describe(`回访 before 销号 (${backendName})`, () => {
  let t: TestApp;
  let caseId: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const view = async () => (await call('yingshangban', 'GET', `/api/cases/${caseId}`)).json<CaseView>();
  const send = async (username: TestUsername, command: Record<string, unknown>) =>
    call(username, 'POST', `/api/cases/${caseId}/actions`, { expectedVersion: (await view()).version, ...command });
  const act = async (username: TestUsername, command: Record<string, unknown>) => {
    const response = await send(username, command);
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${caseId}`))).json<CaseView>();
  };
  const followUp = (overrides: Record<string, unknown> = {}) => ({
    action: 'record_follow_up',
    visitedOn: '2026-03-03',
    way: 'phone',
    statement: '企业财务负责人表示货款已全额到账，无其他诉求。',
    confirmed: true,
    ...overrides,
  });
  const expectRefused = async (username: TestUsername, command: Record<string, unknown>, status: number, code: string) => {
    const before = await view();
    const response = await send(username, command);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await view()).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠食堂餐具货款',
      facts: '2025年交付餐具，货款8万元未付。',
      instruction: '请核实并付清。',
      enterprise: { name: '汉江市瓷都餐具有限公司', creditCode: makeCreditCode('91422900MA4FU0001') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 8_000_000,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    caseId = registered.json<CaseView>().id;
    await act('hd-jiaoyu', { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 8_000_000 } });
  });
  afterAll(async () => t?.close());

  it('is refused while money is still owed, writing nothing', async () => {
    expect((await view()).availableActions.map((item) => item.action)).not.toContain('record_follow_up');
    await expectRefused('yingshangban', followUp(), 409, 'CASE_NOT_IN_STATE');
  });

  it('is 营商办’s alone, on a day between registration and today', async () => {
    await act('hd-jiaoyu', { action: 'record_payment', paidOn: '2026-03-02', amount: 8_000_000, voucher: 'HD-0302' });
    t.clock.set('2026-03-03T10:00:00+08:00');
    expect((await view()).availableActions.map((item) => item.action)).toContain('record_follow_up');
    await expectRefused('hd-jiaoyu', followUp(), 403, 'FORBIDDEN');
    await expectRefused('handong', followUp(), 403, 'FORBIDDEN');
    await expectRefused('yingshangban', followUp({ visitedOn: '2026-03-04' }), 400, 'VALIDATION_FAILED');
    await expectRefused('yingshangban', followUp({ visitedOn: '2026-02-28' }), 400, 'VALIDATION_FAILED');
    await expectRefused('yingshangban', followUp({ way: 'letter' }), 400, 'VALIDATION_FAILED');
    await expectRefused('yingshangban', followUp({ statement: '' }), 400, 'VALIDATION_FAILED');
  });

  it('records what the enterprise said, shown on the case page and in the history, keeping the state', async () => {
    const recorded = await act('yingshangban', followUp({ way: 'phone', confirmed: false, statement: '企业称尚未查到到账记录。' }));
    expect(recorded.state).toBe('settled');
    expect(recorded.followUps).toEqual([
      { visitedOn: '2026-03-03', way: 'phone', statement: '企业称尚未查到到账记录。', confirmed: false, recordedAt: expect.any(String) },
    ]);
    expect(recorded.events.at(-1)).toMatchObject({ type: 'record_follow_up', rule: 'G3', payload: { way: 'phone', confirmed: false } });
    await act('hd-jiaoyu', { action: 'submit_feedback', summary: '货款已付清。', documents: [{ title: '支付凭证', reference: 'HD-0302' }] });
    const again = await act('yingshangban', followUp({ way: 'visit' }));
    expect(again.state).toBe('feedback_submitted');
    expect(again.followUps?.map((item) => [item.way, item.confirmed])).toEqual([
      ['phone', false],
      ['visit', true],
    ]);
  });

  it('is refused after 销号, writing nothing', async () => {
    await act('yingshangban', { action: 'close', opinion: '回访确认已付清，同意销号。' });
    await expectRefused('yingshangban', followUp(), 409, 'CASE_NOT_IN_STATE');
  });
});
