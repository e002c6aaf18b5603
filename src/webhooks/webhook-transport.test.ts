import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../test/support/app.ts';
import { backendName } from '../../test/support/database.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { buildServer } from '../http/server.ts';
import { deliverWebhooks } from './deliver-webhooks.ts';
import { INSECURE_WEBHOOK_REFUSAL } from './webhook-transport.ts';

/** A receiver on a real port, over plain http, that counts what reaches it. */
const startReceiver = async () => {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    request.on('end', () => response.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((resolve) => server.close(resolve)) };
};

describe(`webhooks go to https:// only outside demo mode (issue 11, ${backendName})`, () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const tokens = new Map<'sysadmin' | 'yingshangban', string>();
  const subscriptions = () => t.app.db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt));

  /** Outside demo mode staff sign in with a second factor: enrols it through the API, as the user would. */
  const fullSession = async (username: 'sysadmin' | 'yingshangban') => {
    const signedIn = await t.server.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const authorization = `Bearer ${signedIn.json<{ token: string }>().token}`;
    const begun = await t.server.inject({ method: 'POST', url: '/api/session/second-factor', headers: { authorization } });
    expect(begun.statusCode, begun.body).toBe(200);
    const code = TOTP.generate({ secret: Secret.fromBase32(begun.json<{ secret: string }>().secret), timestamp: t.app.clock().getTime() });
    const confirmed = await t.server.inject({ method: 'POST', url: '/api/session/second-factor/confirm', headers: { authorization }, payload: { code } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    tokens.set(username, authorization);
  };
  const call = (username: 'sysadmin' | 'yingshangban', method: 'POST' | 'PATCH', url: string, payload: object, server: FastifyInstance = t.server) =>
    server.inject({ method, url, headers: { authorization: tokens.get(username)! }, payload });

  /** A subscription kept from before the rule (or from a demo run of the same database): http, active. */
  const legacyHttpSubscription = async (url: string) => {
    const id = randomUUID();
    await t.app.db.insert(webhookSubscriptions).values({ id, tenantId: t.app.tenantId, url, secret: 'legacy-secret', createdBy: 'acc-sysadmin', createdAt: t.app.clock() });
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00', { demo: false });
    receiver = await startReceiver();
    await fullSession('sysadmin');
    await fullSession('yingshangban');
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('refuses an http:// subscription with a coded reason and writes nothing; https:// is subscribed', async () => {
    const refused = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: receiver.url });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({
      error: { code: 'WEBHOOK_HTTPS_REQUIRED', message: expect.stringMatching(/个人信息保护法.*等保三级传输保密性.*https:\/\//), details: { field: 'url' } },
    });
    expect(await subscriptions()).toEqual([]);

    const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: 'https://example.gov.cn/chengxin/hook', eventTypes: ['close'] });
    expect(created.statusCode, created.body).toBe(201);
    expect((await subscriptions()).map((row) => row.url)).toEqual(['https://example.gov.cn/chengxin/hook']);
  });

  it('refuses to point a subscription at http:// or keep an http:// one sending, and lets that one be stopped or mended', async () => {
    const [secure] = await subscriptions();
    const toHttp = await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${secure!.id}`, { url: receiver.url, active: false });
    expect(toHttp.statusCode).toBe(422);
    expect(toHttp.json().error.code).toBe('WEBHOOK_HTTPS_REQUIRED');
    expect(await subscriptions()).toEqual([secure]);
    expect((await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${secure!.id}`, { active: false })).statusCode).toBe(200);

    const legacy = await legacyHttpSubscription(`${receiver.url}?kept`);
    const before = await subscriptions();
    for (const patch of [{ eventTypes: ['supervise'] }, { active: true }]) {
      const kept = await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${legacy}`, patch);
      expect(kept.statusCode, JSON.stringify(patch)).toBe(422);
      expect(kept.json().error.code).toBe('WEBHOOK_HTTPS_REQUIRED');
    }
    expect(await subscriptions()).toEqual(before);

    const stopped = await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${legacy}`, { active: false });
    expect(stopped.json()).toMatchObject({ url: `${receiver.url}?kept`, active: false });
    expect((await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${legacy}`, { active: true })).statusCode).toBe(422);
    const mended = await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${legacy}`, { url: 'https://example.gov.cn/mended', active: true });
    expect(mended.json()).toMatchObject({ url: 'https://example.gov.cn/mended', active: true });
    expect((await call('sysadmin', 'PATCH', `/api/webhook-subscriptions/${legacy}`, { active: false })).statusCode).toBe(200);
  });

  it('fails the deliveries of an http:// subscription from before without sending them, saying why', async () => {
    const legacy = await legacyHttpSubscription(receiver.url);
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠校舍维修款',
      facts: '2025年校舍维修已验收，维修款未付。',
      instruction: '请汉东区教育局核实欠款并按期清偿。',
      enterprise: { name: '汉江市宏远建设工程有限公司', creditCode: makeCreditCode('91422900MA49T2K8X') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 12_000_000,
    });
    expect(registered.statusCode, registered.body).toBe(201);

    expect(await deliverWebhooks(t.app, { now: t.app.clock() })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(receiver.received).toEqual([]);
    const [delivery] = await t.app.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, legacy));
    expect(delivery).toMatchObject({ eventType: 'register', status: 'failed', attempts: 1, lastStatus: null, lastError: INSECURE_WEBHOOK_REFUSAL });
  });

  it('allows http:// in demo mode, for trying a receiver locally', async () => {
    const demo = await buildServer({ app: t.app, demo: true });
    try {
      const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url: `${receiver.url}?demo`, eventTypes: ['register'] }, demo);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ url: `${receiver.url}?demo`, active: true });
    } finally {
      await demo.close();
    }
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '江北区教育局拖欠课桌椅货款',
      facts: '2025年课桌椅已交付验收，货款未付。',
      instruction: '请江北区教育局核实欠款并按期清偿。',
      enterprise: { name: '汉江市木森家具有限公司', creditCode: makeCreditCode('91422900MA49W6P3X') },
      responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju,
      claimedAmount: 8_000_000,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    // A demo server delivers to both http:// subscriptions: the one from before and the new one.
    expect(await deliverWebhooks(t.app, { now: t.app.clock(), demoMode: true })).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    expect(receiver.received.sort()).toEqual(['/hook', '/hook?demo']);
  });
});
