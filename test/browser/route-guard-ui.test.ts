import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../src/db/schema.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';

/** The API paths a page asks for while it is open. */
const apiCalls = (page: Page): string[] => {
  const calls: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/') && pathname !== '/api/session' && !pathname.startsWith('/api/notifications')) calls.push(pathname);
  });
  return calls;
};

/** Pages are guarded by role: a page a user may not use is not reachable by typing its address. */
describe(`pages guarded by role in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('shows an enterprise that types staff addresses 无权访问 and the way back to its portal, asking the server nothing', async () => {
    const enterprise = await app.signedIn('qiye1');
    await expect.poll(() => new URL(enterprise.url()).pathname).toBe('/portal');
    await enterprise.setViewportSize({ width: 390, height: 844 });
    // The portal has asked for its own cases before the staff addresses are typed.
    await enterprise.locator('a[href^="/cases/"]').first().waitFor();
    const calls = apiCalls(enterprise);
    for (const path of ['/ledger', '/intake', '/supervision?tab=notifications', '/cases/new', '/credit', '/accounts']) {
      await enterprise.goto(`${app.baseUrl}${path}`);
      const refused = enterprise.getByTestId('no-access');
      await refused.waitFor();
      expect(await refused.innerText(), path).toContain('无权访问');
      expect(await refused.innerText(), path).toContain('您的账号不使用此页面，请从菜单进入可用的页面');
    }
    await app.screenshot(enterprise, 'route-guard-enterprise-390');
    expect(await enterprise.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // Only the shell's own requests (the demo banner, the menu's badges) — none of a staff page's lists.
    expect(calls.filter((path) => /^\/api\/(cases|intake|supervision|credit|accounts)/.test(path))).toEqual([]);
    await enterprise.getByTestId('no-access-home').click();
    await expect.poll(() => new URL(enterprise.url()).pathname).toBe('/portal');
    await enterprise.getByTestId('no-access').waitFor({ state: 'detached' });

    // Its own pages stay open to it, the 免申即享清单 among them.
    await enterprise.goto(`${app.baseUrl}/policies/no-application`);
    await enterprise.getByRole('heading').or(enterprise.locator('.ant-card-head-title')).first().waitFor();
    expect(await enterprise.getByTestId('no-access').count()).toBe(0);
  });

  it('keeps a unit handler out of 受理台, and the three administrators out of case work (三员分立)', async () => {
    const handler = await app.signedIn('hd-jiaoyu', `${app.baseUrl}/intake`);
    await handler.getByTestId('no-access').waitFor();
    await app.screenshot(handler, 'route-guard-unit-1366');
    await handler.goto(`${app.baseUrl}/ledger`);
    await handler.locator('.ant-table-row').first().waitFor();
    expect(await handler.getByTestId('no-access').count()).toBe(0);

    const [anyCase] = await app.app.db.select({ id: cases.id }).from(cases).limit(1);
    const admin = await app.signedIn('sysadmin', `${app.baseUrl}/cases/${anyCase!.id}`);
    const refused = admin.getByTestId('no-access');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('不办理案件（三员分立）');
    await admin.getByTestId('no-access-home').click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/system');
  });
});
