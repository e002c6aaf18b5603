/**
 * A city set up by hand on the first-run page (逐项填写), in a real browser, on a server started
 * without --demo for a tenant not yet set up: the sign-in page leads to the first-run page, the
 * clerk fills in the city, a county and a zone, finds the matrix's units prefilled, adds one,
 * names the three administrators, checks (a repeated username is refused and what was typed
 * stays), corrects, checks again and sets the city up, seeing the one-time passwords.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { accounts, tenants, units } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { ephemeralKeys } from '../../src/security/keys.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, launchBrowser, screenshot, SCREENSHOT_DIR } from '../support/browser.ts';
import { runningClock } from '../support/clock.ts';
import { backendName, createTestDatabase } from '../support/database.ts';
import { choose } from '../support/ui-steps.ts';

const TENANT = 'shicheng';
const TOKEN = 'first-run-token-of-the-browser-test';

describe(`setting up a city by hand in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppContext;
  let server: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    // The test database holds the demo's reference data under its own tenant; this one is new.
    database = await createTestDatabase();
    app = { db: database.db, tenantId: TENANT, clock: runningClock(), keys: ephemeralKeys() };
    server = await buildServer({ app, databaseKind: database.kind, demo: false, setupToken: TOKEN });
    await server.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** The page at 390 px wide, as on a phone, then back at 1366 × 768. */
  const screenshotNarrow = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, name);
    await page.setViewportSize({ width: 1366, height: 768 });
  };
  const next = (page: Page) => page.getByTestId('by-hand-next').click();
  const stepItem = (page: Page, title: string) => page.getByTestId('by-hand-steps').locator('.ant-steps-item', { hasText: title });

  it('fills in a small city step by step, corrects a refused check without retyping, and sets it up with three one-time passwords', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${baseUrl}/login`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/setup');

    await page.getByTestId('setup-token').fill(TOKEN);
    await page.getByTestId('setup-template').waitFor();
    await screenshot(page, 'setup-workbook');
    await page.getByRole('tab', { name: '逐项填写' }).click();

    // 1 城市
    await page.getByLabel('城市名称').fill('石城市');
    await page.getByLabel('行政区划代码').fill('429800');
    await screenshot(page, 'setup-by-hand-city');
    await next(page);

    // 2 县市区/管委会
    await page.getByTestId('by-hand-add-county').click();
    await page.getByLabel('名称（第1项）').fill('石城区');
    await page.getByLabel('区划代码（第1项）').fill('429802');
    await page.getByTestId('by-hand-add-zone').click();
    await page.getByLabel('名称（第2项）').fill('石城经济开发区管委会');
    await screenshot(page, 'setup-by-hand-jurisdictions');
    await next(page);

    // 3 单位: the city government, the matrix's ten city units and a government for each county and zone, prefilled.
    const table = page.getByTestId('by-hand-units');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBe(13);
    expect(await page.getByLabel('单位名称（第1项）').inputValue()).toBe('石城市人民政府');
    expect(await page.getByLabel('单位名称（第2项）').inputValue()).toBe('石城市优化营商环境领导小组办公室');
    expect(await page.getByLabel('单位名称（第12项）').inputValue()).toBe('石城区人民政府');
    expect(await page.getByLabel('单位名称（第13项）').inputValue()).toBe('石城经济开发区管理委员会');
    expect(await page.getByTestId('by-hand-functions').innerText()).toContain('已指定 10/10');
    // The clerk renames one and adds a county unit.
    await page.getByLabel('单位名称（第3项）').fill('石城市经济和信息化委员会');
    await page.getByTestId('by-hand-add-unit').click();
    await page.getByLabel('单位名称（第14项）').fill('石城区教育局');
    await choose(page, '所属区划（第14项）', '石城区');
    await choose(page, '上级单位（第14项）', '石城区人民政府');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await screenshot(page, 'setup-by-hand-units');
    await screenshotNarrow(page, 'setup-by-hand-units-390');
    await next(page);

    // 4 三名管理员, the third with the first one's username.
    const admins: [string, string, string][] = [
      ['系统管理员', 'xitong', '张三'],
      ['安全管理员', 'anquan', '李四'],
      ['审计管理员', 'xitong', '王五'],
    ];
    for (const [role, username, name] of admins) {
      await page.getByLabel(`${role}用户名`).fill(username);
      await page.getByLabel(`${role}姓名`).fill(name);
    }
    expect(await page.getByTestId('by-hand-admin-audit_admin').innerText()).toContain('与另一名管理员的用户名相同');
    await screenshot(page, 'setup-by-hand-admins');
    await screenshotNarrow(page, 'setup-by-hand-admins-390');
    await next(page);

    // 5 检查: refused, the step marked, nothing written.
    expect(await page.getByTestId('by-hand-summary').innerText()).toContain('石城市：3个行政区划，14个单位');
    await page.getByTestId('by-hand-check').click();
    const problems = page.getByTestId('by-hand-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/管理员 · 第3项 · 用户名\s+用户名“xitong”重复/);
    await expect.poll(() => stepItem(page, '三名管理员').getAttribute('class')).toContain('error');
    await screenshot(page, 'setup-by-hand-problems');
    const [tenant] = await database.db.select({ n: count() }).from(tenants).where(eq(tenants.id, TENANT));
    expect(tenant!.n).toBe(0);

    // Back to the administrators: what was typed is still there.
    await stepItem(page, '三名管理员').click();
    expect(await page.getByLabel('安全管理员姓名').inputValue()).toBe('李四');
    await page.getByLabel('审计管理员用户名').fill('shenji');
    await stepItem(page, '单位').click();
    expect(await page.getByLabel('单位名称（第3项）').inputValue()).toBe('石城市经济和信息化委员会');
    expect(await page.getByLabel('单位名称（第14项）').inputValue()).toBe('石城区教育局');
    await stepItem(page, '检查并初始化').click();

    await page.getByTestId('by-hand-check').click();
    await page.getByTestId('by-hand-checked').waitFor();
    expect(await page.getByTestId('by-hand-checked').innerText()).toContain('检查通过：石城市，3个行政区划，14个单位');
    await page.getByTestId('by-hand-submit').click();

    // The one-time passwords, shown like the workbook's.
    const passwords = page.getByTestId('setup-admins');
    await passwords.waitFor();
    const shown = await passwords.innerText();
    for (const username of ['xitong', 'anquan', 'shenji']) expect(shown).toContain(username);
    expect(shown.match(/[A-Za-z0-9]{4}(?:-[A-Za-z0-9]{4}){3}/g)).toHaveLength(3);
    await screenshot(page, 'setup-by-hand-done');
    await screenshotNarrow(page, 'setup-by-hand-done-390');

    const [city] = await database.db.select().from(tenants).where(eq(tenants.id, TENANT));
    expect(city).toMatchObject({ name: '石城市', demo: false });
    const [unitCount] = await database.db.select({ n: count() }).from(units).where(eq(units.tenantId, TENANT));
    expect(unitCount!.n).toBe(14);
    const stored = await database.db.select({ username: accounts.username, role: accounts.role, mustChangePassword: accounts.mustChangePassword }).from(accounts).where(eq(accounts.tenantId, TENANT));
    expect(stored.map((account) => account.role).sort()).toEqual(['audit_admin', 'security_admin', 'system_admin']);
    expect(stored.every((account) => account.mustChangePassword)).toBe(true);
    await context.close();
  });
});
