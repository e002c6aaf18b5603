import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUsername } from '../../test/support/app.ts';
import { backendName } from '../../test/support/database.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { webhookDeliveries } from '../db/schema.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { deliverWebhooks, retryDelayMs, webhookSignature } from './deliver-webhooks.ts';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on a real port: `/ok` answers 200, `/flaky` 500 the first time and 200 after. */
const startReceiver = async () => {
  const received: Received[] = [];
  let flakyCalls = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const failing = request.url === '/flaky' && flakyCalls++ === 0;
      response.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' }).end(failing ? 'boom' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
};

/** A URL nobody listens on: a port that was free a moment ago. */
const deadUrl = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/gone`;
};

describe(`webhook delivery from the transactional outbox (${backendName})`, () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets = new Map<string, string>();
  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const deliveries = () => t.app.db.select().from(webhookDeliveries);
  // The test server runs as a demo, where the local receivers' http:// is allowed (webhook-transport.test.ts holds the rest).
  const options = { demoMode: true, baseDelayMs: 1_000, maxAttempts: 3, timeoutMs: 2_000 };
  const start = new Date('2026-03-02T09:00:00+08:00');
  const later = (ms: number) => new Date(start.getTime() + ms);
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp(start.toISOString());
    receiver = await startReceiver();
    for (const [name, url, eventTypes] of [
      ['ok', `${receiver.url}/ok`, []],
      ['flaky', `${receiver.url}/flaky`, ['supervise']],
      ['dead', await deadUrl(), ['supervise']],
    ] as const) {
      const created = await call('sysadmin', 'POST', '/api/webhook-subscriptions', { url, eventTypes });
      expect(created.statusCode, created.body).toBe(201);
      secrets.set(name, created.json<{ secret: string }>().secret);
    }
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('queues a delivery per interested subscription with the event, and none for a rejected command', async () => {
    const registered = await call('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠食堂改造工程款',
      facts: '2025年食堂改造工程已竣工验收，尾款未付。',
      instruction: '请汉东区教育局核实欠款并按期清偿。',
      enterprise: { name: '汉江市鼎盛建筑安装有限公司', creditCode: makeCreditCode('91422900MA49R7K3X') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 30_000_000,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    caseId = registered.json<{ id: string }>().id;
    expect((await deliveries()).map((row) => row.eventType)).toEqual(['register']);

    const supervise = { action: 'supervise', level: 'urging', note: '请于本周内报告核实情况。' };
    const stale = await call('yingshangban', 'POST', `/api/cases/${caseId}/actions`, { ...supervise, expectedVersion: 5 });
    expect(stale.statusCode).toBe(409);
    expect(await deliveries()).toHaveLength(1);

    const supervised = await call('yingshangban', 'POST', `/api/cases/${caseId}/actions`, { ...supervise, expectedVersion: 1 });
    expect(supervised.statusCode, supervised.body).toBe(200);
    const rows = await deliveries();
    expect(rows.filter((row) => row.eventType === 'supervise')).toHaveLength(3);
    expect(rows.every((row) => row.status === 'pending' && row.attempts === 0)).toBe(true);
  });

  it('posts signed JSON, retries a 500 with backoff, and gives up on a dead URL after the last attempt', async () => {
    const first = await deliverWebhooks(t.app, { ...options, now: start });
    expect(first).toEqual({ delivered: 2, retrying: 2, failed: 0 });

    const ok = receiver.received.filter((request) => request.path === '/ok');
    expect(ok).toHaveLength(2);
    for (const request of ok) {
      const expected = `sha256=${createHmac('sha256', secrets.get('ok')!).update(request.body).digest('hex')}`;
      expect(request.headers['x-chengxin-signature']).toBe(expected);
      expect(request.headers['content-type']).toContain('application/json');
    }
    const supervisePost = ok.find((request) => request.headers['x-chengxin-event'] === 'supervise')!;
    expect(JSON.parse(supervisePost.body)).toEqual({
      eventId: `${caseId}:2`,
      type: 'supervise',
      caseId,
      caseNumber: expect.stringMatching(/^QK2026-\d{5}$/),
      state: 'registered',
      deadline: expect.stringMatching(/^2026-03-\d\d$/),
      level: 'urging',
      at: start.toISOString(),
    });
    const delivered = (await deliveries()).find((row) => row.id === supervisePost.headers['x-chengxin-delivery']);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });

    const flaky = (await deliveries()).find((row) => row.eventType === 'supervise' && row.status === 'pending' && row.lastStatus === 500)!;
    expect(flaky).toMatchObject({ attempts: 1, lastError: 'HTTP 500' });
    expect(flaky.nextAttemptAt.getTime()).toBe(start.getTime() + retryDelayMs(1, options.baseDelayMs));

    // Nothing is due before the backoff has passed.
    expect(await deliverWebhooks(t.app, { ...options, now: later(500) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    expect(await deliverWebhooks(t.app, { ...options, now: later(1_000) })).toEqual({ delivered: 1, retrying: 1, failed: 0 });
    const flakyPosts = receiver.received.filter((request) => request.path === '/flaky');
    expect(flakyPosts).toHaveLength(2);
    expect(flakyPosts[1]!.headers['x-chengxin-signature']).toBe(webhookSignature(secrets.get('flaky')!, flakyPosts[1]!.body));
    // The same delivery id on the retry, so the receiver can tell a retry from a new event.
    expect(flakyPosts[1]!.headers['x-chengxin-delivery']).toBe(flakyPosts[0]!.headers['x-chengxin-delivery']);

    // Second failure waits twice as long: 1 s, then 2 s.
    expect(await deliverWebhooks(t.app, { ...options, now: later(2_500) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await deliverWebhooks(t.app, { ...options, now: later(3_000) })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const dead = (await deliveries()).find((row) => row.status === 'failed')!;
    expect(dead).toMatchObject({ attempts: 3, lastStatus: null });
    expect(dead.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(await deliverWebhooks(t.app, { ...options, now: later(3_600_000) })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('fails a deactivated subscription’s pending deliveries without calling it', async () => {
    const noted = await call('yingshangban', 'POST', `/api/cases/${caseId}/actions`, { action: 'supervise', level: 'urging', note: '再次催办。', expectedVersion: 2 });
    expect(noted.statusCode, noted.body).toBe(200);
    const okSubscription = (await call('sysadmin', 'GET', '/api/webhook-subscriptions')).json<{ items: { id: string; url: string }[] }>().items.find((item) => item.url.endsWith('/ok'))!;
    const paused = await t.server.inject({ method: 'PATCH', url: `/api/webhook-subscriptions/${okSubscription.id}`, headers: await t.signIn('sysadmin'), payload: { active: false } });
    expect(paused.statusCode).toBe(200);
    const before = receiver.received.length;
    await deliverWebhooks(t.app, { ...options, now: later(10_000) });
    expect(receiver.received.slice(before).map((request) => request.path)).toEqual(['/flaky']);
    const stopped = (await deliveries()).find((row) => row.eventSeq === 3 && row.subscriptionId === okSubscription.id);
    expect(stopped).toMatchObject({ status: 'failed', attempts: 1, lastError: '订阅已停用' });
  });
});
