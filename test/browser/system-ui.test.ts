import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performCaseAction } from '../../src/cases/perform-case-action.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { accounts, cases, notifications, webhookSubscriptions } from '../../src/db/schema.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { deliverWebhooks } from '../../src/webhooks/deliver-webhooks.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { drawerOpened } from '../support/ui-steps.ts';

const OFFICE: Actor = { id: 'acc-demo-yingshangban', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An outside system on a real port that answers 200 to every delivery. */
const startReceiver = async () => {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/chengxin/hook`, close: () => new Promise((resolve) => server.close(resolve)) };
};

describe(`the system administrator's webhook page in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    app = await createBrowserApp();
    receiver = await startReceiver();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
  });

  it('subscribes a receiver, shows the secret once, and logs a 督办 event as delivered; the case page tells the story', async () => {
    const admin = await app.signedIn('sysadmin');
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/system');
    await admin.getByTestId('webhook-subscriptions').waitFor();

    // Create: only 督办 events, to the local receiver (http:// allowed only because this is a demo server).
    await admin.getByTestId('webhook-add').click();
    await admin.getByText(/^须为 https:\/\/ 地址：推送内容包含案件信息/).waitFor();
    await admin.getByTestId('webhook-url').fill(receiver.url);
    await admin.getByTestId('webhook-event-types').click();
    await admin.keyboard.type('督办');
    await admin.locator('.ant-select-item-option', { hasText: '督办' }).first().click();
    await admin.keyboard.press('Escape');
    await admin.getByRole('button', { name: '创建', exact: true }).click();

    // The secret, once.
    await admin.getByTestId('webhook-secret').waitFor();
    const secret = await admin.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const [stored] = await app.app.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.url, receiver.url));
    expect(stored).toMatchObject({ secret, eventTypes: ['supervise'], active: true });
    await app.screenshot(admin, 'system-webhook-secret');
    await admin.getByTestId('webhook-secret-done').click();
    await admin.getByTestId('webhook-secret').waitFor({ state: 'hidden' });
    const row = admin.locator('[data-testid="webhook-subscriptions"] .ant-table-row', { hasText: receiver.url });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain(`…${secret.slice(-4)}`);
    expect(await admin.content()).not.toContain(secret);

    // Deactivate and activate again.
    await row.getByTestId('webhook-toggle').click();
    await row.locator('[data-active="false"]').waitFor();
    expect((await app.app.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, stored!.id)))[0]!.active).toBe(false);
    await row.getByTestId('webhook-toggle').click();
    await row.locator('[data-active="true"]').waitFor();

    // 营商办 raises a formal 督办 on an open demo case; the outbox row is delivered.
    const [open] = await app.app.db
      .select({ id: cases.id, version: cases.version })
      .from(cases)
      .where(and(eq(cases.tenantId, app.app.tenantId), eq(cases.state, 'performing')))
      .orderBy(asc(cases.number))
      .limit(1);
    expect(open, 'an open demo case').toBeDefined();
    await performCaseAction(app.app, OFFICE, open!.id, {
      action: 'supervise',
      level: 'supervision',
      note: '请于5个工作日内清偿并书面报告。',
      expectedVersion: open!.version,
    });
    // The browser app is a demo server, which delivers to the local receiver's http:// too.
    const result = await deliverWebhooks(app.app, { now: app.app.clock(), demoMode: true, timeoutMs: 5_000 });
    expect(result.delivered).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery!.headers['x-chengxin-signature']).toBe(`sha256=${createHmac('sha256', secret).update(delivery!.body).digest('hex')}`);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'supervise' });

    await row.getByTestId('webhook-open-log').click();
    const log = admin.getByTestId('webhook-log');
    await log.waitFor();
    await log.locator('[data-delivery-status="delivered"]').waitFor();
    const logRow = await log.locator('.ant-table-row').first().innerText();
    expect(logRow).toContain('督办');
    expect(logRow).toContain('已送达');
    expect(logRow).toContain('200');
    // Let the drawer finish sliding in and the toasts fade before the picture.
    await admin.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await drawerOpened(admin);
    await app.screenshot(admin, 'system-webhook-log');

    // The case page: the 督办 step with its 督办单 to download.
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/cases/${open!.id}`);
    const story = office.getByTestId('deadline-story');
    await story.waitFor();
    await story.locator('[data-level="supervision"]').first().waitFor();
    const link = story.getByTestId('story-order-link').last();
    expect(await link.innerText()).toMatch(/汉营商督〔\d{4}〕\d+号/);
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/cases/${open!.id}/supervision-orders/\\d+$`));
    const download = await office.request.get(`${app.baseUrl}${href}`);
    expect(download.status()).toBe(200);
    await story.scrollIntoViewIfNeeded();
    await app.screenshot(office, 'case-deadline-story');
  });

  it('opens a breach record’s notification on the credit page, from the bell (S4)', async () => {
    const [notification] = await app.app.db
      .select({ id: notifications.id, creditRecordId: notifications.creditRecordId, username: accounts.username })
      .from(notifications)
      .innerJoin(accounts, eq(accounts.id, notifications.accountId))
      .where(and(isNotNull(notifications.creditRecordId), inArray(accounts.role, ['unit_handler', 'county_coordinator'])))
      .orderBy(asc(accounts.username))
      .limit(1);
    expect(notification, 'a demo unit or county told of a breach record against it').toBeDefined();
    // Newest and unread, so that the bell lists it first.
    await app.app.db.update(notifications).set({ createdAt: app.app.clock(), readAt: null }).where(eq(notifications.id, notification!.id));

    const page = await app.signedIn(notification!.username);
    await page.getByTestId('notification-bell').click();
    const popover = page.getByTestId('notification-popover');
    await popover.waitFor();
    await popover.locator('[role="button"]').first().click();
    await page.waitForURL((url) => url.pathname === '/credit' && url.searchParams.get('record') === notification!.creditRecordId);
    await page.getByTestId('credit-history').waitFor();
    await popover.waitFor({ state: 'hidden' });
    await drawerOpened(page);
    await expect.poll(async () => (await app.app.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, notification!.id)))[0]!.readAt).not.toBeNull();
    await app.screenshot(page, 'notification-credit-record');
  });
});
