/**
 * The enterprise closes the loop itself, over HTTP: it asks to reopen a closed case it rated
 * 不满意 (1–2 分) within 15 days of the rating, once per closing, and the case returns to 营商办 as
 * 待销号; it withdraws its complaint before the unit classifies it (已撤回, an end state); it adds
 * material with its files to its open case. Each refusal (someone else, too late, not 不满意, a
 * wrong state, a file not its own) is coded, in Chinese, and writes nothing; 营商办 or the unit
 * is told; the dispatch report counts the ratings, 满意率 and the requests to reopen.
 */
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/cases/case-view.ts';
import type { DispatchReport } from '../../src/dispatch/dispatch-report.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { attachments, notifications, webhookDeliveries } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import type { NotificationItem } from '../../src/notifications/notification-inbox.ts';
import type { NoticeWebhookPayload } from '../../src/webhooks/outbox.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { pageAfterAction } from '../support/cases.ts';

const FIRM = { name: '汉江市楚天包装材料有限公司', creditCode: makeCreditCode('91422900MA4RW0001') };
const OTHER_FIRM = { name: '汉江市青山印务有限公司', creditCode: makeCreditCode('91422900MA4RW0002') };
const HD = LOCAL_UNIT_IDS.handong.jiaoyuju;
const EVERYONE: TestUsername[] = ['yingshangban', 'leader', 'jingxinju', 'caizhengju', 'handong', 'jiangbei', 'hd-jiaoyu', 'jb-jiaoyu', 'xinyongban', 'qiye1', 'qiye2'];

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);

describe(`the enterprise closes the loop: reopen, withdraw, add material (${backendName})`, () => {
  let t: TestApp;
  let subscription: string;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const view = async (id: string) => (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseView>();
  const send = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await view(id)).version, ...command });
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const response = await send(username, id, command);
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${id}`))).json<CaseView>();
  };
  const noticeCount = async () => Number((await t.app.db.select({ n: count() }).from(notifications))[0]!.n);
  /** A refusal: the code, a Chinese message, and the case and the notices as they were. */
  const expectRefused = async (username: TestUsername, id: string, command: Record<string, unknown>, status: number, code: string) => {
    const before = { record: await view(id), notices: await noticeCount() };
    const response = await send(username, id, command);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect({ record: await view(id), notices: await noticeCount() }).toEqual(before);
    return response.json<{ error: { message: string } }>().error.message;
  };
  const ofCase = async (username: TestUsername, id: string) =>
    (await call(username, 'GET', '/api/notifications?limit=100')).json<{ items: NotificationItem[] }>().items.filter((item) => item.caseId === id);
  const recipientsOf = async (kind: string, id: string) => {
    const got: TestUsername[] = [];
    for (const username of EVERYONE) if ((await ofCase(username, id)).some((item) => item.kind === kind)) got.push(username);
    return got;
  };
  const deliveries = async (id: string, kind: string) =>
    (await t.app.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, subscription), eq(webhookDeliveries.caseId, id))))
      .map((row) => row.payload as unknown as NoticeWebhookPayload)
      .filter((payload) => payload.type === 'notification' && payload.kind === kind);
  const upload = async (username: TestUsername, fileName: string, content: Buffer) => {
    const body = multipart(fileName, content);
    const response = await t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; fileName: string; size: number; sha256: string }>();
  };
  const linkedTo = async (id: string) => (await t.app.db.select({ caseId: attachments.caseId }).from(attachments).where(eq(attachments.id, id)))[0]?.caseId;

  /** A case of FIRM's 营商办 registers, handled to 销号 on today's clock. */
  const closedCase = async (title: string) => {
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title,
      facts: '货款未付。',
      instruction: '请核实并付清。',
      enterprise: FIRM,
      responsibleUnitId: HD,
      claimedAmount: 2_000_000,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json<CaseView>().id;
    await act('hd-jiaoyu', id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 2_000_000 } });
    await act('hd-jiaoyu', id, { action: 'record_payment', paidOn: '2026-03-02', amount: 2_000_000, voucher: `HD-${title.length}` });
    await act('hd-jiaoyu', id, { action: 'submit_feedback', summary: '货款已付清。', documents: [{ title: '支付凭证', reference: 'HD-0302' }] });
    await act('yingshangban', id, { action: 'close', opinion: '同意销号。' });
    return id;
  };
  const complaint = async (title: string) => {
    const filed = await call('qiye1', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'enterprise',
      title,
      facts: '货款3万元至今未付。',
      enterprise: FIRM,
      responsibleUnitId: HD,
      claimedAmount: 3_000_000,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    return filed.json<CaseView>().id;
  };

  let satisfied: string;
  let reopened: string;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    for (const [firm, username] of [
      [FIRM, 'qiye1'],
      [OTHER_FIRM, 'qiye2'],
    ] as const) {
      const known = await call('yingshangban', 'POST', '/api/cases', {
        line: 'arrears',
        source: 'petition',
        title: `${firm.name}来信`,
        facts: '企业来信反映。',
        enterprise: firm,
        responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju,
        claimedAmount: 100_000,
      });
      expect(known.statusCode, known.body).toBe(201);
      await t.addEnterpriseAccount(username, known.json<CaseView>().enterprise!.unitId!);
    }
    const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: 'http://127.0.0.1:9/sms', eventTypes: ['notification'] });
    expect(created.statusCode, created.body).toBe(201);
    subscription = created.json<{ id: string }>().id;
    satisfied = await closedCase('汉东区教育局拖欠包装箱货款');
    reopened = await closedCase('汉东区教育局拖欠印刷纸货款');
  });
  afterAll(async () => t?.close());

  describe('asking to reopen after 不满意', () => {
    it('is refused before a rating, on a rating that is not 不满意, and to anyone but the case’s enterprise', async () => {
      expect((await view(reopened)).availableActions.map((item) => item.action)).not.toContain('request_reopen');
      await expectRefused('qiye1', reopened, { action: 'request_reopen', reason: '还有款项未到账' }, 422, 'REOPEN_NOT_APPLICABLE');
      await act('qiye1', satisfied, { action: 'rate', score: 4, comment: '基本满意' });
      expect(await expectRefused('qiye1', satisfied, { action: 'request_reopen', reason: '还有款项未到账' }, 422, 'REOPEN_NOT_APPLICABLE')).toContain('不满意');
      await act('qiye1', reopened, { action: 'rate', score: 1, comment: '款项没有全部到账' });
      expect((await view(reopened)).enterpriseProgress.next).toContain('15日内申请重新办理');
      await expectRefused('qiye2', reopened, { action: 'request_reopen', reason: '还有款项未到账' }, 404, 'CASE_NOT_FOUND');
      await expectRefused('yingshangban', reopened, { action: 'request_reopen', reason: '还有款项未到账' }, 403, 'FORBIDDEN');
      await expectRefused('hd-jiaoyu', reopened, { action: 'request_reopen', reason: '还有款项未到账' }, 403, 'FORBIDDEN');
      await expectRefused('qiye1', reopened, { action: 'request_reopen', reason: '' }, 400, 'VALIDATION_FAILED');
    });

    it('returns the case to 营商办 as 待销号 on the 15th day, keeping the rating in the request, and tells 营商办', async () => {
      t.clock.set('2026-03-17T16:00:00+08:00');
      expect((await call('qiye1', 'GET', `/api/cases/${reopened}`)).json<CaseView>().availableActions.map((item) => item.action)).toContain('request_reopen');
      const asked = await act('qiye1', reopened, { action: 'request_reopen', reason: '还有两万元货款未到账，与反馈不符。' });
      expect(asked.state).toBe('feedback_submitted');
      expect(asked.rating).toBeNull();
      expect(asked.closedAt).toBeNull();
      expect(asked.deadline).not.toBeNull();
      expect(asked.reopenRequests).toEqual([
        { reason: '还有两万元货款未到账，与反馈不符。', rating: expect.objectContaining({ score: 1, comment: '款项没有全部到账' }), requestedAt: expect.any(String) },
      ]);
      expect(asked.events.map((event) => event.type).slice(-2)).toEqual(['rate', 'request_reopen']);
      expect(asked.enterpriseProgress.next).toContain('您已申请重新办理，市营商办正在审核');
      expect(asked.enterpriseProgress.notes.map((note) => note.text)).toEqual(['2026-03-17 您对办理结果不满意，申请重新办理，理由：还有两万元货款未到账，与反馈不符。']);

      expect(await recipientsOf('reopen_requested', reopened)).toEqual(['yingshangban']);
      const [notice] = (await ofCase('yingshangban', reopened)).filter((item) => item.kind === 'reopen_requested');
      expect(notice!.title).toMatch(/^【申请重新办理】/);
      expect(notice!.body).toContain('评价为1分（不满意），申请重新办理，理由：还有两万元货款未到账，与反馈不符。');
      expect(await deliveries(reopened, 'reopen_requested')).toEqual([expect.objectContaining({ body: notice!.body, recipients: [expect.objectContaining({ accountId: 'acc-yingshangban', role: 'business_office' })] })]);
      // 营商办 decides with its usual actions.
      expect((await view(reopened)).availableActions.map((item) => item.action)).toEqual(expect.arrayContaining(['return', 'close']));
      // Once per closing: asked again while 待销号, it is refused.
      await expectRefused('qiye1', reopened, { action: 'request_reopen', reason: '再次申请' }, 409, 'CASE_NOT_IN_STATE');
    });

    it('lets the case be rated again after its next 销号, and refuses a request more than 15 days after that rating', async () => {
      await act('yingshangban', reopened, { action: 'return', reason: '企业反映仍有两万元未到账，请核实。' });
      await act('hd-jiaoyu', reopened, { action: 'submit_feedback', summary: '经核实两万元已于3月18日到账。', documents: [{ title: '银行回单', reference: 'HD-0318' }] });
      await act('yingshangban', reopened, { action: 'close', opinion: '回访确认已到账，同意销号。' });
      await expectRefused('qiye1', reopened, { action: 'request_reopen', reason: '仍不满意' }, 422, 'REOPEN_NOT_APPLICABLE');
      const rated = await act('qiye1', reopened, { action: 'rate', score: 2, comment: '拖得太久' });
      expect(rated.rating?.score).toBe(2);
      t.clock.set('2026-04-02T10:00:00+08:00');
      const message = await expectRefused('qiye1', reopened, { action: 'request_reopen', reason: '仍不满意' }, 422, 'REOPEN_PERIOD_ENDED');
      expect(message).toContain('15日内（至2026-04-01）');
    });
  });

  describe('withdrawing a complaint', () => {
    let pending: string;

    it('is the enterprise’s own, with a reason, while the complaint is registered', async () => {
      pending = await complaint('汉东区教育局拖欠纸箱款');
      await expectRefused('qiye2', pending, { action: 'withdraw', reason: '已协商解决' }, 404, 'CASE_NOT_FOUND');
      await expectRefused('yingshangban', pending, { action: 'withdraw', reason: '已协商解决' }, 403, 'FORBIDDEN');
      await expectRefused('qiye1', pending, { action: 'withdraw', reason: ' ' }, 400, 'VALIDATION_FAILED');
      expect((await call('qiye1', 'GET', `/api/cases/${pending}`)).json<CaseView>().availableActions.map((item) => item.action)).toEqual(
        expect.arrayContaining(['withdraw', 'add_material']),
      );

      const withdrawn = await act('qiye1', pending, { action: 'withdraw', reason: '已与对方协商解决，款项已收到。' });
      expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawalReason: '已与对方协商解决，款项已收到。', deadline: null });
      expect(withdrawn.closedAt).not.toBeNull();
      const progress = withdrawn.enterpriseProgress;
      expect(progress.stages[progress.current]!.label).toBe('已撤回');
      expect(progress.status).toBe('finish');
      expect(progress.next).toContain('您已撤回这项诉求');
      expect(progress.notes.at(-1)!.text).toContain('您撤回了这项诉求，理由：已与对方协商解决，款项已收到。');
      // Still waiting for intake: 营商办 is told, and no unit.
      expect(await recipientsOf('complaint_withdrawn', pending)).toEqual(['yingshangban']);
      expect(await deliveries(pending, 'complaint_withdrawn')).toHaveLength(1);
    });

    it('ends the case: no further step, not open on the ledger, not counted as 不予受理', async () => {
      await expectRefused('qiye1', pending, { action: 'withdraw', reason: '再撤一次' }, 409, 'CASE_NOT_IN_STATE');
      await expectRefused('qiye1', pending, { action: 'add_material', content: '补充' }, 409, 'CASE_NOT_IN_STATE');
      await expectRefused('yingshangban', pending, { action: 'accept', responsibleUnitId: HD, instruction: '请办理' }, 409, 'CASE_NOT_IN_STATE');
      const open = (await call('yingshangban', 'GET', '/api/cases?open=true&limit=100')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
      expect(open).not.toContain(pending);
      const withdrawnOnes = (await call('yingshangban', 'GET', '/api/cases?state=withdrawn&limit=100')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
      expect(withdrawnOnes).toEqual([pending]);
    });

    it('is refused once the unit has classified the complaint, and tells the unit when it was accepted', async () => {
      const handled = await complaint('汉东区教育局拖欠胶带款');
      await act('yingshangban', handled, { action: 'accept', responsibleUnitId: HD, instruction: '请区教育局核实。' });
      await act('hd-jiaoyu', handled, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 3_000_000 } });
      await expectRefused('qiye1', handled, { action: 'withdraw', reason: '不想继续了' }, 409, 'CASE_NOT_IN_STATE');

      const accepted = await complaint('汉东区教育局拖欠封箱带款');
      await act('yingshangban', accepted, { action: 'accept', responsibleUnitId: HD, instruction: '请区教育局核实。' });
      await act('qiye1', accepted, { action: 'withdraw', reason: '重复提交' });
      expect(await recipientsOf('complaint_withdrawn', accepted)).toEqual(['yingshangban', 'hd-jiaoyu']);
    });
  });

  describe('adding material', () => {
    let open: string;

    it('records the text and the enterprise’s files on its open case, keeping the state, and tells the unit handling it', async () => {
      open = await complaint('汉东区教育局拖欠彩印款');
      await act('yingshangban', open, { action: 'accept', responsibleUnitId: HD, instruction: '请区教育局核实。' });
      const file = await upload('qiye1', '对账单（盖章）.pdf', pdf());
      const before = await view(open);
      const added = await act('qiye1', open, { action: 'add_material', content: '补充对账单，双方盖章确认欠款3万元。', attachmentIds: [file.id] });
      expect(added.state).toBe(before.state);
      expect(added.deadline).toBe(before.deadline);
      expect(added.materials).toEqual([
        { content: '补充对账单，双方盖章确认欠款3万元。', attachments: [{ id: file.id, fileName: file.fileName, sha256: file.sha256, size: file.size }], addedAt: expect.any(String) },
      ]);
      expect(await linkedTo(file.id)).toBe(open);
      expect((await call('hd-jiaoyu', 'GET', `/api/attachments/${file.id}`)).statusCode).toBe(200);
      expect(added.enterpriseProgress.notes.map((note) => note.text)).toEqual(['2026-04-02 您补充了材料（附件1个），已转给办理单位。']);
      expect(await recipientsOf('material_added', open)).toEqual(['hd-jiaoyu']);
      const [notice] = (await ofCase('hd-jiaoyu', open)).filter((item) => item.kind === 'material_added');
      expect(notice!.body).toContain('补充了材料（附件1个）：补充对账单，双方盖章确认欠款3万元。');
      expect(await deliveries(open, 'material_added')).toHaveLength(1);
    });

    it('refuses another enterprise, staff, empty text and a file not the enterprise’s own upload, linking nothing', async () => {
      await expectRefused('qiye2', open, { action: 'add_material', content: '补充' }, 404, 'CASE_NOT_FOUND');
      await expectRefused('hd-jiaoyu', open, { action: 'add_material', content: '补充' }, 403, 'FORBIDDEN');
      await expectRefused('qiye1', open, { action: 'add_material', content: '' }, 400, 'VALIDATION_FAILED');
      const theirs = await upload('qiye2', '别家的材料.pdf', pdf());
      await expectRefused('qiye1', open, { action: 'add_material', content: '补充', attachmentIds: [theirs.id] }, 404, 'ATTACHMENT_NOT_FOUND');
      expect(await linkedTo(theirs.id)).toBeNull();
      const mine = await upload('qiye1', '催款函.pdf', pdf());
      await expectRefused('qiye1', open, { action: 'add_material', content: '补充', attachmentIds: [mine.id, mine.id] }, 400, 'VALIDATION_FAILED');
      expect(await linkedTo(mine.id)).toBeNull();
    });

    it('is refused once the case is settled', async () => {
      await expectRefused('qiye1', satisfied, { action: 'add_material', content: '补充' }, 409, 'CASE_NOT_IN_STATE');
    });
  });

  describe('the dispatch report’s 满意率', () => {
    it('counts the ratings of the period, 满意 and 不满意, the rate and the requests to reopen, per unit and in total, in the JSON and the workbook', async () => {
      const report = (await call('yingshangban', 'GET', '/api/reports/dispatch')).json<DispatchReport>();
      // Rated 4 (满意), 1 and, after reopening, 2 (不满意); one request to reopen; two complaints withdrawn.
      const expected = { ratings: 3, satisfied: 1, dissatisfied: 2, reopenRequests: 1, withdrawn: 2, dismissed: 0 };
      expect(report.byUnit.find((row) => row.id === HD)).toMatchObject(expected);
      expect(report.byUnit.find((row) => row.id === HD)!.satisfactionRate).toBeCloseTo(1 / 3);
      expect(report.total).toMatchObject(expected);
      expect(report.total.satisfactionRate).toBeCloseTo(1 / 3);

      const response = await call('yingshangban', 'GET', '/api/reports/dispatch.xlsx');
      expect(response.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('满意率')!;
      expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['责任单位', '属地', '评价次数', '满意', '不满意', '满意率', '申请重新办理']);
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['汉东区教育局', '汉东区', 3, 1, 2, 1 / 3, 1]);
      expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['合计', '', 3, 1, 2, 1 / 3, 1]);
      expect(sheet.getRow(3).getCell(6).numFmt).toBe('0.0%');
    });
  });
});
