/**
 * Issue 11: any account could upload 10 MB files at ~98 MB/s without quota, and unlinked
 * uploads stayed forever. Now an account uploads at most 30 files a minute and 500 MB a day,
 * refused with 429 UPLOAD_QUOTA_EXCEEDED saying when room frees up; and what no case, no
 * application and no enterprise's file took within a day is purged.
 */
import { randomBytes } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeUnlinkedAttachments } from '../../src/attachments/purge-unlinked.ts';
import { uploadAttachment } from '../../src/attachments/upload-attachment.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { UPLOADS_PER_MINUTE } from '../../src/domain/attachments.ts';
import { attachments } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, TEST_ACCOUNTS, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';

const pdf = (size = 2048) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const START = '2026-11-26T09:30:00+08:00';

describe(`an account's upload quota, and the purge of unused uploads (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(START);
  });
  afterAll(() => t?.close());

  const upload = async (username: TestUsername, content = pdf()) => {
    const body = multipart('证明材料.pdf', content);
    return t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
  };
  const stored = async () => (await t.app.db.select({ value: count() }).from(attachments))[0]!.value;
  const actor = (username: keyof typeof TEST_ACCOUNTS): Actor => ({
    id: `acc-${username}`,
    name: username,
    role: TEST_ACCOUNTS[username].role,
    unitId: TEST_ACCOUNTS[username].unitId,
    jurisdictionScope: [],
  });

  it('takes 30 uploads of an account in a minute, refuses the 31st with when it frees up, writing nothing, and takes it a minute later', async () => {
    t.clock.set(START);
    for (let index = 0; index < UPLOADS_PER_MINUTE; index += 1) expect((await upload('hd-jiaoyu')).statusCode).toBe(201);
    const before = await stored();
    const refused = await upload('hd-jiaoyu');
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json()).toEqual({
      error: {
        code: 'UPLOAD_QUOTA_EXCEEDED',
        message: '上传过于频繁：每个账号每分钟最多上传30个文件，请于 11月26日 09:31:00 后再试',
        details: { field: 'file', limit: 'per_minute', freesAt: '2026-11-26T01:31:00.000Z', retryAfterSeconds: 60 },
      },
    });
    expect(await stored()).toBe(before);
    // The quota is the account's own: another account uploads meanwhile.
    expect((await upload('yingshangban')).statusCode).toBe(201);

    t.clock.set('2026-11-26T09:30:59.999+08:00');
    expect((await upload('hd-jiaoyu')).statusCode).toBe(429);
    t.clock.set('2026-11-26T09:31:00.000+08:00');
    expect((await upload('hd-jiaoyu')).statusCode).toBe(201);
  });

  it('counts the bytes of the last 24 hours, and says when enough of them age out', async () => {
    const handler = actor('jingxinju');
    const quota = { perMinute: UPLOADS_PER_MINUTE, bytesPerDay: 10_000 };
    const file = (size: number) => ({ fileName: '现场照片.pdf', content: pdf(size) });
    t.clock.set('2026-11-26T08:00:00+08:00');
    await uploadAttachment(t.app, handler, file(4_000), quota);
    t.clock.set('2026-11-26T10:00:00+08:00');
    await uploadAttachment(t.app, handler, file(4_000), quota);
    t.clock.set('2026-11-26T12:00:00+08:00');
    await uploadAttachment(t.app, handler, file(2_000), quota);
    const before = await stored();
    // 10,000 bytes in the day: even the smallest file waits for the 08:00 upload to age out.
    t.clock.set('2026-11-26T13:00:00+08:00');
    await expect(uploadAttachment(t.app, handler, file(100), quota)).rejects.toMatchObject({
      code: 'UPLOAD_QUOTA_EXCEEDED',
      message: '今日上传量已达上限：每个账号24小时内最多上传10000字节，请于 11月27日 08:00:00 后再试',
      details: { limit: 'per_day', freesAt: '2026-11-27T00:00:00.000Z', retryAfterSeconds: 19 * 3600 },
    });
    expect(await stored()).toBe(before);
    t.clock.set('2026-11-27T08:00:00.001+08:00');
    // 6,000 in the window now; 5,000 more would pass the limit until 10:00's ages out too.
    await expect(uploadAttachment(t.app, handler, file(5_000), quota)).rejects.toMatchObject({ details: { freesAt: '2026-11-27T02:00:00.000Z' } });
    await uploadAttachment(t.app, handler, file(4_000), quota);
    expect(await stored()).toBe(before + 1);
  });

  it('purges only the uploads that nothing took for a day, and keeps those of a case or an enterprise’s file', async () => {
    const at = async (instant: string, username: TestUsername) => {
      t.clock.set(instant);
      const response = await upload(username);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    const oldUnlinked = await at('2026-12-01T08:00:00+08:00', 'yingshangban');
    const oldOfCase = await at('2026-12-01T08:00:00+08:00', 'yingshangban');
    const oldOfEnterprise = await at('2026-12-01T08:00:00+08:00', 'yingshangban');
    const fresh = await at('2026-12-02T07:00:00+08:00', 'yingshangban');

    const registered = await t.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await t.signIn('yingshangban'),
      payload: {
        line: 'arrears',
        source: 'assigned',
        instruction: '请汉东区教育局核实并制定清偿方案。',
        title: '汉东区教育局拖欠第三中学校舍维修工程款',
        facts: '2025年8月竣工验收合格，尾款至今未付。',
        enterprise: { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') },
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 30_000_000,
        attachmentIds: [oldOfCase],
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    // An application's material becomes the enterprise's file (what `claimFiles` sets).
    const enterpriseUnitId = registered.json<{ enterprise: { unitId: string } }>().enterprise.unitId;
    await t.app.db.update(attachments).set({ ownerUnitId: enterpriseUnitId }).where(eq(attachments.id, oldOfEnterprise));

    const ids = [oldUnlinked, oldOfCase, oldOfEnterprise, fresh];

    const present = async () => (await t.app.db.select({ id: attachments.id }).from(attachments).where(inArray(attachments.id, ids))).map((row) => row.id).sort();
    // The quota tests' uploads of 26 and 27 November go first: none of them was ever used.
    expect((await purgeUnlinkedAttachments(t.app, { now: new Date('2026-12-02T08:00:00+08:00') })).purged).toBe(UPLOADS_PER_MINUTE + 2 + 4);
    // Exactly a day old is not yet past it.
    expect(await present()).toEqual(ids.sort());
    expect(await purgeUnlinkedAttachments(t.app, { now: new Date('2026-12-02T08:00:00.001+08:00') })).toEqual({ purged: 1, bytes: 2048 });
    expect(await present()).toEqual([oldOfCase, oldOfEnterprise, fresh].sort());
    expect(await purgeUnlinkedAttachments(t.app, { now: new Date('2026-12-02T08:00:00.001+08:00') })).toEqual({ purged: 0, bytes: 0 });
    expect((await t.app.db.select({ value: count() }).from(attachments))[0]!.value).toBe(3);
  });
});
