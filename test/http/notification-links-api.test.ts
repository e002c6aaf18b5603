import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/roles.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { notifications, sessions } from '../../src/db/schema.ts';
import type { NotificationItem } from '../../src/notifications/notification-inbox.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { loadCase } from '../../src/cases/case-store.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { registerTestArrear, runCommands } from '../support/cases.ts';
import { backendName } from '../support/database.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const debtor: Actor = { id: 'acc-hd-jiaoyu', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };

describe(`notifications of assignments and breach records, linked to what they concern (S3, S4, ${backendName})`, () => {
  let t: TestApp;
  let caseId: string;
  let recordId: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const inbox = async (username: TestUsername) => (await call(username, 'GET', '/api/notifications')).json<{ items: NotificationItem[]; unread: number }>().items;
  const kinds = async (username: TestUsername) => (await inbox(username)).map((item) => item.kind);
  const total = async () => Number((await t.app.db.select({ n: count() }).from(notifications))[0]!.n);
  const creditAction = async (username: TestUsername, command: Record<string, unknown>) => {
    const current = (await call('xinyongban', 'GET', `/api/credit/records/${recordId}`)).json<{ version: number }>();
    return call(username, 'POST', `/api/credit/records/${recordId}/actions`, { expectedVersion: current.version, ...command });
  };
  const travelTo = async (instant: string) => {
    t.clock.set(instant);
    await t.app.db.update(sessions).set({ expiresAt: new Date(Date.parse(instant) + 8 * 3_600_000) });
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('tells the responsible unit of a case 营商办 registers as assigned (交办), with its instruction, linked to the case (S3)', async () => {
    const registered = await registerTestArrear(t.app, office, {
      title: '区教育局拖欠食堂设备款',
      enterpriseName: '汉江市厨具设备有限公司',
      organisation: 'NLNK0001',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 12_000_000,
    });
    caseId = registered.id;
    const [assigned] = await inbox('hd-jiaoyu');
    expect(assigned).toMatchObject({ kind: 'assigned', caseId, creditRecordId: null, body: '请核实处理。' });
    expect(assigned!.title).toBe(`【交办】${registered.number} 区教育局拖欠食堂设备款`);
    // The hand-over is the unit's: not its county's, not 营商办's own.
    expect(await kinds('handong')).toEqual([]);
    expect(await kinds('yingshangban')).toEqual([]);
    expect(await kinds('jb-jiaoyu')).toEqual([]);
  });

  it('does not tell anyone of a unit’s own self-inspected case', async () => {
    const before = await total();
    const selfInspected = await call('hd-jiaoyu', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'self_inspection',
      title: '自查：拖欠校园绿化养护费',
      facts: '自查发现2025年绿化养护费未付。',
      enterprise: { name: '汉江市青禾园林有限公司', creditCode: makeCreditCode('91422900MA4QH0001') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 800_000,
    });
    expect(selfInspected.statusCode, selfInspected.body).toBe(201);
    expect(await total()).toBe(before);
  });

  it('tells the unit and its county of the order to rectify, then of its refusal recorded, linked to the record, not 信用办 itself (S4)', async () => {
    const stored = await loadCase(t.app.db, t.app.tenantId, caseId);
    await runCommands(t.app, debtor, stored!.record, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 12_000_000 },
    });
    // A1/A2: due by 2026-12-31; overdue in January.
    await travelTo('2027-01-06T10:00:00+08:00');
    const created = await call('xinyongban', 'POST', '/api/credit/records', {
      unitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      caseId,
      facts: '年底前应一次性支付的12万元设备款逾期未付',
      basis: '《保障中小企业款项支付条例》第九条、第二十六条',
      requirement: '请于整改期限内付清设备款12万元',
      documentNumber: '汉信用责改〔2027〕1号',
      deadline: '2027-01-20',
    });
    expect(created.statusCode, created.body).toBe(201);
    recordId = created.json<{ id: string }>().id;
    for (const username of ['hd-jiaoyu', 'handong'] as const) {
      const [latest] = await inbox(username);
      expect(latest, username).toMatchObject({ kind: 'rectification_ordered', caseId: null, creditRecordId: recordId, title: '【责令整改】XY2027-0001 汉东区教育局' });
      expect(latest!.body).toContain('整改期限：2027-01-20');
    }
    await travelTo('2027-01-21T10:00:00+08:00');
    expect((await creditAction('xinyongban', { action: 'record_refusal', ground: 'lapse', facts: '整改期限届满仍未付款' })).statusCode).toBe(200);
    for (const username of ['hd-jiaoyu', 'handong'] as const) {
      expect((await inbox(username))[0], username).toMatchObject({ kind: 'refusal_recorded', creditRecordId: recordId, body: '整改期限届满未整改，已记录拒不整改：整改期限届满仍未付款' });
    }
    expect(await kinds('xinyongban')).toEqual([]);
  });

  it('tells the unit and its county of a breach determined against it, linked to the record, not 信用办 itself (S4)', async () => {
    const determined = await creditAction('xinyongban', {
      action: 'record',
      facts: '年底前应一次性支付的12万元设备款逾期未付',
      basis: '《保障中小企业款项支付条例》第九条、第二十六条',
      breachOn: '2027-01-21',
    });
    expect(determined.statusCode, determined.body).toBe(200);
    for (const username of ['hd-jiaoyu', 'handong'] as const) {
      const [latest] = await inbox(username);
      expect(latest, username).toMatchObject({ kind: 'breach_recorded', caseId: null, creditRecordId: recordId, title: '【失信认定】XY2027-0001 汉东区教育局' });
      expect(latest!.body).toContain('年底前应一次性支付的12万元设备款逾期未付');
    }
    expect(await kinds('xinyongban')).toEqual([]);
    expect(await kinds('jiangbei')).toEqual([]);
    expect(await kinds('jb-jiaoyu')).toEqual([]);
  });

  it('tells 信用办 of an objection; a refused step writes no notification', async () => {
    expect((await creditAction('hd-jiaoyu', { action: 'object', reason: '该款项已于12月30日提交支付申请，系财政国库支付延迟' })).statusCode).toBe(200);
    expect(await inbox('xinyongban')).toEqual([
      expect.objectContaining({ kind: 'breach_objected', creditRecordId: recordId, body: '异议理由：该款项已于12月30日提交支付申请，系财政国库支付延迟' }),
    ]);
    expect((await kinds('handong')).filter((kind) => kind === 'breach_objected')).toEqual([]);

    const before = await total();
    const again = await creditAction('handong', { action: 'object', reason: '再次异议' });
    expect(again.statusCode).toBe(409);
    const notMine = await creditAction('hd-jiaoyu', { action: 'decide_objection', decision: 'upheld', reason: '自行撤销' });
    expect(notMine.statusCode).toBe(403);
    expect(await total()).toBe(before);
  });

  it('tells the unit and its county of the decision on the objection', async () => {
    const decided = await creditAction('xinyongban', { action: 'decide_objection', decision: 'rejected', reason: '截至认定日款项仍未支付，异议不成立' });
    expect(decided.statusCode, decided.body).toBe(200);
    for (const username of ['hd-jiaoyu', 'handong'] as const) {
      expect((await inbox(username))[0], username).toMatchObject({
        kind: 'objection_decided',
        creditRecordId: recordId,
        body: '异议不成立，维持认定：截至认定日款项仍未支付，异议不成立',
      });
    }
  });

  it('tells 信用办 of a repair application and the unit and county of its decision', async () => {
    const stored = await loadCase(t.app.db, t.app.tenantId, caseId);
    await runCommands(t.app, debtor, stored!.record, { action: 'record_payment', paidOn: '2027-01-06', amount: 12_000_000, voucher: '汉东财支〔2027〕15号' });
    expect((await creditAction('handong', { action: 'apply_repair', measures: '欠款已于1月6日全额支付，并建立合同付款台账' })).statusCode).toBe(200);
    expect((await inbox('xinyongban'))[0]).toMatchObject({ kind: 'repair_applied', creditRecordId: recordId, body: '修复措施：欠款已于1月6日全额支付，并建立合同付款台账' });
    // The county applied: its unit is not told of it, nor the county of its own step.
    expect(await kinds('hd-jiaoyu')).not.toContain('repair_applied');

    expect((await creditAction('xinyongban', { action: 'decide_repair', decision: 'approved', reason: '已全额清偿，整改到位' })).statusCode).toBe(200);
    for (const username of ['hd-jiaoyu', 'handong'] as const) {
      expect((await inbox(username))[0], username).toMatchObject({ kind: 'repair_decided', creditRecordId: recordId, body: '准予信用修复：已全额清偿，整改到位' });
    }
  });

  it('keeps every notification about exactly one thing: a case or a breach record', async () => {
    const rows = await t.app.db.select({ caseId: notifications.caseId, creditRecordId: notifications.creditRecordId }).from(notifications);
    expect(rows.every((row) => (row.caseId === null) !== (row.creditRecordId === null))).toBe(true);
    const both = t.app.db.insert(notifications).values({
      id: '00000000-0000-4000-8000-000000000001',
      tenantId: t.app.tenantId,
      accountId: 'acc-hd-jiaoyu',
      caseId,
      creditRecordId: recordId,
      eventSeq: 1,
      kind: 'assigned',
      title: '两者皆有',
      body: '',
      createdAt: new Date(),
    });
    await expect(both).rejects.toThrow();
  });
});
