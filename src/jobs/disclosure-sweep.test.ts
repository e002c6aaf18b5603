import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUsername } from '../../test/support/app.ts';
import { backendName } from '../../test/support/database.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { annualDisclosureNotices, jobRuns } from '../db/schema.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { sweepDisclosures } from './disclosure-sweep.ts';
import { DISCLOSURE_SWEEP_JOB, startScheduler } from './scheduler.ts';

const HD = LOCAL_UNIT_IDS.handong.jiaoyuju;
const at = (day: string, time = '09:00:00') => new Date(`${day}T${time}+08:00`);

interface Notification {
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  creditRecordId: string | null;
  disclosureYear: number | null;
}

describe(`the disclosure sweep reminds units in March and tells 营商办 on 1 April who missed 31 March (保障中小企业款项支付条例 Art. 18, ${backendName})`, () => {
  let t: TestApp;

  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload }) });
  /** The account's notifications about the 2025 disclosure, newest first. */
  const disclosureNotices = async (username: TestUsername) =>
    (await call(username, 'GET', '/api/notifications?limit=100')).json<{ items: Notification[] }>().items.filter((item) => item.disclosureYear !== null);
  const sweep = (day: string, time?: string) => {
    t.clock.set(at(day, time).toISOString());
    return sweepDisclosures(t.app, { now: at(day, time) });
  };

  beforeAll(async () => {
    t = await createTestApp('2026-01-12T09:00:00+08:00');
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠课桌椅采购款',
      facts: '2025年11月30日交付课桌椅，货款未付。',
      instruction: '请核实并依法支付。',
      enterprise: { name: '汉江市鼎盛教学设备有限公司', creditCode: makeCreditCode('91422900MA4E00001') },
      responsibleUnitId: HD,
      claimedAmount: 12_345_600,
      particulars: { contract: { debtorKind: 'organ', deliveredOn: '2025-11-30' } },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    t.clock.set(at('2026-02-20').toISOString());
    expect((await call('yingshangban', 'POST', '/api/disclosures/2025/generate')).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  it('sends nothing before 1 March', async () => {
    expect(await sweep('2026-02-28')).toMatchObject({ year: 2025, reminderOn: null, reminded: 0, missed: 0, notifications: 0 });
    expect(await disclosureNotices('hd-jiaoyu')).toEqual([]);
  });

  it('reminds every unit that has not published on 1 March, with its draft’s figures, once that week', async () => {
    const units = (await call('yingshangban', 'GET', '/api/disclosures/2025')).json<{ rows: unknown[] }>().rows.length;
    const first = await sweep('2026-03-01');
    expect(first).toMatchObject({ year: 2025, reminderOn: '2026-03-01', reminded: units, missed: 0 });
    // hd-jiaoyu and jb-jiaoyu handle their units; the lead bureaus' accounts act for their own units.
    expect(first.notifications).toBe(6);
    const [reminder, ...more] = await disclosureNotices('hd-jiaoyu');
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({
      kind: 'disclosure_reminder',
      caseId: null,
      creditRecordId: null,
      disclosureYear: 2025,
      title: '【年度公开提醒】2025年度机关、事业单位逾期未支付中小企业款项情况（汉东区教育局）',
    });
    expect(reminder!.body).toBe('请于2026年3月31日前公开本单位2025年度逾期尚未支付中小企业款项的合同数量、金额。平台生成的数据：逾期未支付合同1件，金额¥123,456.00。请核对后发布。');
    expect((await disclosureNotices('jingxinju')).map((item) => item.title)).toEqual(['【年度公开提醒】2025年度机关、事业单位逾期未支付中小企业款项情况（汉江市经济和信息化局）']);
    expect(await disclosureNotices('yingshangban')).toEqual([]);

    // The same week again, later that day or days later: nothing more.
    expect(await sweep('2026-03-01', '15:00:00')).toMatchObject({ reminded: 0, notifications: 0 });
    expect(await sweep('2026-03-06')).toMatchObject({ reminderOn: '2026-03-01', reminded: 0, notifications: 0 });
    expect(await disclosureNotices('hd-jiaoyu')).toHaveLength(1);
  });

  it('reminds again on 8 March only the units that have still not published', async () => {
    t.clock.set(at('2026-03-06', '10:00:00').toISOString());
    expect((await call('hd-jiaoyu', 'POST', `/api/disclosures/2025/${HD}/publish`, {})).statusCode).toBe(200);
    const units = (await call('yingshangban', 'GET', '/api/disclosures/2025')).json<{ rows: unknown[] }>().rows.length;
    expect(await sweep('2026-03-08')).toMatchObject({ reminderOn: '2026-03-08', reminded: units - 1, notifications: 5 });
    expect(await disclosureNotices('hd-jiaoyu')).toHaveLength(1);
    expect(await disclosureNotices('jb-jiaoyu')).toHaveLength(2);
    const claims = await t.app.db
      .select({ noticeOn: annualDisclosureNotices.noticeOn })
      .from(annualDisclosureNotices)
      .where(and(eq(annualDisclosureNotices.tenantId, t.app.tenantId), eq(annualDisclosureNotices.unitId, HD)));
    expect(claims.map((claim) => claim.noticeOn)).toEqual(['2026-03-01']);
  });

  it('runs as the scheduler’s daily job', async () => {
    t.clock.set(at('2026-03-15').toISOString());
    const scheduler = startScheduler(t.app, { webhookIntervalMs: 60_000 });
    try {
      await expect
        .poll(async () => {
          const [run] = await t.app.db
            .select()
            .from(jobRuns)
            .where(and(eq(jobRuns.tenantId, t.app.tenantId), eq(jobRuns.job, DISCLOSURE_SWEEP_JOB), eq(jobRuns.day, '2026-03-15')));
          return run?.finishedAt === null ? null : (run?.result ?? null);
        })
        .toMatchObject({ year: 2025, reminderOn: '2026-03-15', notifications: 5 });
    } finally {
      await scheduler.stop();
    }
    expect(await disclosureNotices('jb-jiaoyu')).toHaveLength(3);
  });

  it('tells 营商办 on 1 April, once, which units missed 31 March', async () => {
    expect(await sweep('2026-03-31')).toMatchObject({ reminderOn: '2026-03-29' });
    const units = (await call('yingshangban', 'GET', '/api/disclosures/2025')).json<{ rows: unknown[] }>().rows.length;
    const notice = await sweep('2026-04-01');
    expect(notice).toMatchObject({ reminderOn: null, reminded: 0, missed: units - 1, notifications: 1 });
    const [missed, ...more] = await disclosureNotices('yingshangban');
    expect(more).toEqual([]);
    expect(missed).toMatchObject({ kind: 'disclosure_missed', disclosureYear: 2025, title: '【年度公开逾期】2025年度机关、事业单位逾期未支付中小企业款项情况' });
    expect(missed!.body).toMatch(/^截至2026年3月31日，以下单位未公开2025年度逾期尚未支付中小企业款项情况：/);
    expect(missed!.body).toContain('：汉江市人民政府、');
    expect(missed!.body).not.toContain('汉东区教育局');
    expect(missed!.body).toContain(`等${units - 1}个单位`);
    expect(await sweep('2026-04-02')).toMatchObject({ missed: 0, notifications: 0 });
    expect(await sweep('2026-06-30')).toMatchObject({ missed: 0, notifications: 0 });
    expect(await disclosureNotices('yingshangban')).toHaveLength(1);
    expect(await disclosureNotices('hd-jiaoyu')).toHaveLength(1);
  });
});
