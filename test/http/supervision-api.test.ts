import { inflateRawSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { referenceChanges, sessions, supervisionThresholds } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { sweepInstant } from '../../src/cli/commands/sweep.ts';
import { sweepSupervision } from '../../src/jobs/supervision-sweep.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { pageAfterAction } from '../support/cases.ts';

interface CaseBody {
  id: string;
  number: string;
  state: string;
  deadline: string | null;
  version: number;
  leadUnitId: string | null;
  enterprise: { unitId: string | null } | null;
}
interface NotificationBody {
  id: string;
  caseId: string;
  kind: string;
  title: string;
  body: string;
  readAt: string | null;
}

/** The entries of a ZIP file (a .docx), read from its central directory; deflated entries inflated. */
const unzip = (zip: Buffer): Map<string, Buffer> => {
  const entries = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < zip.readUInt16LE(end + 10); index += 1) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

describe(`supervision: thresholds, notifications, 督办单 and webhooks over HTTP (S2, ${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const getCase = async (id: string) => (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const response = await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command });
    expect(response.statusCode, response.body).toBe(200);
    return (await pageAfterAction(response, () => call(username, 'GET', `/api/cases/${id}`))).json<CaseBody>();
  };
  const inbox = async (username: TestUsername, query = '') =>
    (await call(username, 'GET', `/api/notifications${query}`)).json<{ items: NotificationBody[]; nextCursor: string | null; unread: number }>();
  const unread = async (username: TestUsername) => (await call(username, 'GET', '/api/notifications/unread-count')).json<{ unread: number }>().unread;

  let serial = 0;
  const register = async () => {
    serial += 1;
    const response = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: `汉东区教育局拖欠校舍维修工程款（${serial}）`,
      facts: '2025年校舍维修工程竣工验收合格，工程款未付。',
      enterprise: { name: `汉江市长风建设工程有限公司${serial}`, creditCode: makeCreditCode(`91422900MA49Q2W${serial}E`) },
      instruction: '请汉东区教育局核实欠款并按期清偿。',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 90_000_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>();
  };

  let supervised: CaseBody;
  /** Moves the clock; the test users stay signed in (as if they had signed in again that day). */
  const travelTo = async (instant: string) => {
    t.clock.set(instant);
    await t.app.db.update(sessions).set({ expiresAt: new Date(Date.parse(instant) + 8 * 3_600_000) });
  };

  beforeAll(async () => {
    // Wednesday 2026-09-30, the day before 国庆: 5 working days run to Tue 10-13 (Sat 10-10 is worked).
    t = await createTestApp('2026-09-30T09:00:00+08:00');
  });
  afterAll(async () => t?.close());

  describe('the ladder thresholds (S2)', () => {
    const thresholdLog = () => t.app.db.select().from(referenceChanges).where(eq(referenceChanges.entity, 'supervision_threshold'));

    it('reads the defaults until 营商办 sets them', async () => {
      const response = await call('hd-jiaoyu', 'GET', '/api/supervision/thresholds');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ reminderDaysAhead: 3, supervisionAfterDays: 5, interviewAfterDays: 10, noticeAfterDays: 15 });
    });

    it('refuses a change by anyone but 营商办, and an inconsistent one, changing nothing', async () => {
      for (const username of ['sysadmin', 'hd-jiaoyu', 'leader', 'jingxinju'] as const) {
        const refused = await call(username, 'PUT', '/api/supervision/thresholds', { reminderDaysAhead: 1, supervisionAfterDays: 2, interviewAfterDays: 3, noticeAfterDays: 4 });
        expect(refused.statusCode, username).toBe(403);
      }
      const notLater = await call('yingshangban', 'PUT', '/api/supervision/thresholds', { reminderDaysAhead: 1, supervisionAfterDays: 5, interviewAfterDays: 6, noticeAfterDays: 6 });
      expect(notLater.statusCode).toBe(400);
      expect(notLater.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'noticeAfterDays' } });
      // Art. 23: 约谈 comes after 督办.
      const interviewFirst = await call('yingshangban', 'PUT', '/api/supervision/thresholds', { reminderDaysAhead: 1, supervisionAfterDays: 5, interviewAfterDays: 5, noticeAfterDays: 9 });
      expect(interviewFirst.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'interviewAfterDays' } });
      for (const body of [
        { reminderDaysAhead: -1, supervisionAfterDays: 2, interviewAfterDays: 3, noticeAfterDays: 4 },
        { reminderDaysAhead: 1, supervisionAfterDays: 2.5, interviewAfterDays: 3, noticeAfterDays: 4 },
        { reminderDaysAhead: 1, supervisionAfterDays: 2, noticeAfterDays: 4 },
      ]) {
        expect((await call('yingshangban', 'PUT', '/api/supervision/thresholds', body)).statusCode).toBe(400);
      }
      expect(await t.app.db.select().from(supervisionThresholds)).toEqual([]);
      expect(await thresholdLog()).toEqual([]);
    });

    it('saves 营商办’s thresholds with before and after in the reference log', async () => {
      const saved = await call('yingshangban', 'PUT', '/api/supervision/thresholds', { reminderDaysAhead: 2, supervisionAfterDays: 2, interviewAfterDays: 3, noticeAfterDays: 4 });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await call('handong', 'GET', '/api/supervision/thresholds')).json()).toEqual({ reminderDaysAhead: 2, supervisionAfterDays: 2, interviewAfterDays: 3, noticeAfterDays: 4 });
      const log = await thresholdLog();
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        actorId: 'acc-yingshangban',
        before: { reminderDaysAhead: 3, supervisionAfterDays: 5, interviewAfterDays: 10, noticeAfterDays: 15 },
        after: { reminderDaysAhead: 2, supervisionAfterDays: 2, interviewAfterDays: 3, noticeAfterDays: 4 },
      });
    });
  });

  describe('the sweep with those thresholds, and who is told', () => {
    it('raises 催办 and 督办 by the configured delay and notifies the unit and the county, not others', async () => {
      supervised = await register();
      expect(supervised.deadline).toBe('2026-10-13');
      // Fri 10-16 is 3 working days after Tue 10-13: past 督办's 2, not 约谈's 3 nor 通报's 4.
      const result = await sweepSupervision(t.app, { now: sweepInstant('2026-10-16') });
      const mine = result.raised.filter((step) => step.caseId === supervised.id);
      expect(mine.map((step) => step.level)).toEqual(['urging', 'supervision']);
      expect(result.notifications).toBeGreaterThanOrEqual(4);

      const unitInbox = await inbox('hd-jiaoyu');
      // 交办 (S3): 营商办's own registration of an assigned case told the unit at once.
      expect(unitInbox.items.map((item) => item.kind)).toEqual(['supervision', 'urging', 'assigned']);
      expect(unitInbox.items[2]!.body).toBe('请汉东区教育局核实欠款并按期清偿。');
      expect(unitInbox.items[0]!.title).toContain(supervised.number);
      expect(unitInbox.items[0]!.body).toContain('已逾期3个工作日');
      expect(unitInbox.unread).toBe(3);
      expect((await inbox('handong')).items.map((item) => item.kind)).toEqual(['supervision', 'urging']);
      expect(await unread('jiangbei')).toBe(0);
      expect(await unread('jb-jiaoyu')).toBe(0);
      expect(await unread('yingshangban')).toBe(0);
    });

    it('tells the lead bureau (市经信局 for a department’s arrears, SPEC §6) of 督办, not of 催办', async () => {
      expect((await getCase(supervised.id)).leadUnitId).toBe(UNIT_IDS.jingxinju);
      expect((await inbox('jingxinju')).items.map((item) => item.kind)).toEqual(['supervision']);
    });

    it('tells the enterprise of a plan to consent to, and 营商办 of an extension request', async () => {
      const planned = await register();
      await act('hd-jiaoyu', planned.id, {
        action: 'classify',
        classification: { line: 'arrears', disputed: false, confirmedAmount: 90_000_000, paymentDifficulty: '年度预算已执行完毕，需分期安排' },
      });
      const enterpriseUnit = (await getCase(planned.id)).enterprise!.unitId!;
      await t.addEnterpriseAccount('qiye1', enterpriseUnit);
      await act('hd-jiaoyu', planned.id, {
        action: 'propose_plan',
        installments: [
          { dueOn: '2026-11-30', amount: 45_000_000 },
          { dueOn: '2026-12-25', amount: 45_000_000 },
        ],
      });
      const enterpriseInbox = await inbox('qiye1');
      expect(enterpriseInbox.items.map((item) => item.kind)).toEqual(['plan_proposed']);
      expect(enterpriseInbox.items[0]!.caseId).toBe(planned.id);

      await act('hd-jiaoyu', supervised.id, { action: 'request_extension', newDeadline: '2026-10-30', reason: '结算审计尚未完成，需延期至10月底' });
      const office = await inbox('yingshangban');
      expect(office.items.map((item) => item.kind)).toEqual(['extension_requested']);
      expect(office.items[0]!.body).toContain('2026-10-30');
      const pending = (await call('yingshangban', 'GET', '/api/supervision/extension-requests')).json<{ items: { id: string; newDeadline: string }[] }>();
      expect(pending.items).toEqual([expect.objectContaining({ id: supervised.id, newDeadline: '2026-10-30' })]);
      // The handler who asked is not told of their own request.
      expect((await inbox('hd-jiaoyu')).items.map((item) => item.kind)).not.toContain('extension_requested');
    });
  });

  describe('my notifications', () => {
    it('pages unread first by cursor and marks only my own as read', async () => {
      // The unit acted on both its cases (分类, 计划, 延期申请), which read its notices of them.
      expect(await unread('hd-jiaoyu')).toBe(0);
      const first = await inbox('handong', '?limit=1');
      expect(first.items.map((item) => item.kind)).toEqual(['supervision']);
      expect(first.nextCursor).not.toBeNull();
      const second = await inbox('handong', `?limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((item) => item.kind)).toEqual(['urging']);
      expect(second.nextCursor).toBeNull();

      const someoneElses = (await inbox('jingxinju')).items[0]!;
      const refused = await call('handong', 'POST', `/api/notifications/${someoneElses.id}/read`);
      expect(refused.statusCode).toBe(404);
      expect(await unread('jingxinju')).toBe(1);

      const older = second.items[0]!;
      expect((await call('handong', 'POST', `/api/notifications/${older.id}/read`)).statusCode).toBe(204);
      expect(await unread('handong')).toBe(1);
      // The read one goes after the unread ones.
      const reordered = await inbox('handong');
      expect(reordered.items.map((item) => item.readAt === null)).toEqual([true, false]);

      expect((await call('handong', 'POST', '/api/notifications/read-all', {})).json()).toEqual({ marked: 1 });
      expect(await unread('handong')).toBe(0);
      expect(await unread('jingxinju')).toBe(1);
    });

    it('rejects a cursor it did not issue', async () => {
      expect((await call('hd-jiaoyu', 'GET', '/api/notifications?cursor=bm90LWEtY3Vyc29y')).json().error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('督办事项 and the 督办单', () => {
    it('lists the supervised case with its level, overdue working days and order', async () => {
      await travelTo('2026-10-19T10:00:00+08:00');
      const list = (await call('handong', 'GET', '/api/supervision/cases')).json<{ items: { id: string; level: string; overdueWorkingDays: number; orders: { seq: number; number: string }[] }[] }>();
      const row = list.items.find((item) => item.id === supervised.id);
      // Mon 10-19 is the 4th working day after Tue 10-13.
      expect(row).toMatchObject({ level: 'supervision', overdueWorkingDays: 4, orders: [{ number: '汉营商督〔2026〕1号' }] });
      expect((await call('handong', 'GET', '/api/supervision/cases?level=notice')).json().items).toEqual([]);
      expect((await call('jiangbei', 'GET', '/api/supervision/cases')).json().items).toEqual([]);
    });

    it('downloads the 督办单 as Word with the number, unit, deadline and reply date', async () => {
      const list = (await call('yingshangban', 'GET', '/api/supervision/cases?level=supervision')).json<{ items: { id: string; orders: { seq: number }[] }[] }>();
      const seq = list.items.find((item) => item.id === supervised.id)!.orders[0]!.seq;
      const response = await call('hd-jiaoyu', 'GET', `/api/cases/${supervised.id}/supervision-orders/${seq}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('督办单-汉营商督〔2026〕1号-')}`);
      const xml = unzip(response.rawPayload).get('word/document.xml')!.toString('utf8');
      expect(xml).toContain('汉江市优化营商环境领导小组办公室');
      expect(xml).toContain('汉营商督〔2026〕1号');
      expect(xml).toContain('汉东区教育局');
      expect(xml).toContain(supervised.number);
      expect(xml).toContain('2026年10月13日');
      expect(xml).toContain('已逾期3个工作日');
      // Issued Fri 10-16; 5 working days: 10-19 … 10-23.
      expect(xml).toContain('2026年10月23日前');
    });

    it('answers 404 to a reader outside the case and for an event that is no formal supervision', async () => {
      expect((await call('jb-jiaoyu', 'GET', `/api/cases/${supervised.id}/supervision-orders/2`)).json().error.code).toBe('CASE_NOT_FOUND');
      expect((await call('yingshangban', 'GET', `/api/cases/${supervised.id}/supervision-orders/1`)).json().error.code).toBe('NOT_FOUND');
    });
  });

  describe('webhook subscriptions (三员分立)', () => {
    it('are the system administrator’s alone', async () => {
      for (const username of ['yingshangban', 'hd-jiaoyu', 'leader'] as const) {
        expect((await call(username, 'POST', '/api/webhook-subscriptions', { url: 'https://example.org/hook' })).statusCode, username).toBe(403);
        expect((await call(username, 'GET', '/api/webhook-subscriptions')).statusCode, username).toBe(403);
      }
      const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: 'https://example.org/hook', eventTypes: ['supervise'] });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json<{ id: string; secret: string; secretHint: string; active: boolean }>();
      expect(body.secret.length).toBeGreaterThanOrEqual(40);
      expect(body.secretHint).toBe(`…${body.secret.slice(-4)}`);
      const listed = (await call('sysadmin', 'GET', '/api/webhook-subscriptions')).json<{ items: Record<string, unknown>[] }>().items;
      expect(listed).toHaveLength(1);
      expect(listed[0]).not.toHaveProperty('secret');
      expect((await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: 'ftp://example.org/hook' })).statusCode).toBe(400);
      const paused = await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${body.id}`, { active: false });
      expect(paused.json()).toMatchObject({ active: false, eventTypes: ['supervise'] });
    });
  });
});
