import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { accounts } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { confirmPopup } from '../support/ui-steps.ts';

const TEMPORARY = 'Tmp7-Kq3m-Zp9w-Hb4n';
const CHOSEN = 'Handong-jiaoyu-2026';

/** The code an authenticator shows `aheadSeconds` from now on the platform's clock (the next step's is accepted too). */
const codeOf = (secret: string, at: Date, aheadSeconds = 0): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() + aheadSeconds * 1000 });

const fillLogin = async (page: Page, baseUrl: string, username: string, password: string) => {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
};

describe(`identity in a real browser: a new account's first sign-in, its second factor and its sessions (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
    // An account as the system administrator makes it: a temporary password, to be changed. Not a
    // demo account, so the demo server holds it to the whole policy.
    await app.app.db.insert(accounts).values({
      id: 'acc-new-handler',
      tenantId: app.app.tenantId,
      username: 'hd-wangli',
      displayName: '王丽',
      passwordHash: await hashPassword(TEMPORARY),
      role: 'unit_handler',
      unitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      mustChangePassword: true,
    });
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('changes the temporary password, enrolls a TOTP second factor, signs in with a code and ends another session', async () => {
    const page = await app.newPage();
    await fillLogin(page, app.baseUrl, 'hd-wangli', TEMPORARY);
    const gate = page.getByTestId('identity-gate');
    await expect.poll(() => gate.getAttribute('data-restricted')).toBe('change_password');
    expect(await gate.innerText()).toContain('密码至少 8 位，须包含大写字母、小写字母、数字、符号中的至少 3 类');
    await app.screenshot(page, 'identity-change-password');

    await page.getByLabel('当前密码').fill(TEMPORARY);
    await page.getByLabel('新密码', { exact: true }).fill('weakpass');
    await page.getByLabel('确认新密码').fill('weakpass');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => gate.innerText()).toContain('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
    await page.getByLabel('新密码', { exact: true }).fill(CHOSEN);
    await page.getByLabel('确认新密码').fill(CHOSEN);
    await page.getByRole('button', { name: '修改密码' }).click();

    await expect.poll(() => gate.getAttribute('data-restricted')).toBe('enroll_second_factor');
    await page.getByRole('button', { name: '开始绑定' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByTestId('totp-qr').locator('canvas').waitFor();
    await app.screenshot(page, 'identity-enroll-second-factor');
    await page.getByLabel('验证码').fill(codeOf(secret, app.app.clock()));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByTestId('current-user').waitFor();
    const stored = (await app.app.db.select().from(accounts).where(eq(accounts.id, 'acc-new-handler')))[0]!;
    expect(stored.totpEnrolledAt).not.toBeNull();
    expect(stored.mustChangePassword).toBe(false);

    // Another browser signs in: the password, then the code it is asked for.
    const other = await app.newPage();
    await fillLogin(other, app.baseUrl, 'hd-wangli', CHOSEN);
    await other.getByLabel('动态验证码').waitFor();
    await app.screenshot(other, 'identity-login-code');
    await other.getByLabel('动态验证码').fill('000000' === codeOf(secret, app.app.clock(), 30) ? '111111' : '000000');
    await other.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => other.getByTestId('login-error').innerText()).toContain('动态验证码不正确');
    await other.getByLabel('动态验证码').fill(codeOf(secret, app.app.clock(), 30));
    await other.getByRole('button', { name: '登录', exact: true }).click();
    await other.getByTestId('current-user').waitFor();

    // The first browser lists its sessions and ends the other one.
    await page.getByTestId('current-user').click();
    await page.getByRole('menuitem', { name: '我的会话' }).click();
    const items = page.getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(2);
    await app.screenshot(page, 'identity-my-sessions');
    await page.locator('[data-testid="session-item"][data-current="false"]').getByRole('button', { name: '结束' }).click();
    await confirmPopup(page, '结束');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getAttribute('data-current')).toBe('true');

    // The ended session is signed out at its next request.
    await other.reload();
    await other.waitForURL(/\/login/);
  });

  it("marks the demo installation on every page, in the platform's colours, and a demo account goes straight in", async () => {
    const page = await app.signedIn('yingshangban');
    await expect.poll(() => page.getByTestId('demo-banner').innerText()).toContain('演示环境：数据为虚构，账号公开');
    // antd's styles come from its stylesheet and the theme's tokens as CSS variables (App.tsx):
    // the menu's current page in the platform's red (#b91c1c, not antd's blue), in the CJK font.
    await page.locator('.ant-menu-item-selected').first().waitFor();
    const style = (property: string) => page.evaluate<string>(`getComputedStyle(document.querySelector('.ant-menu-item-selected')).${property}`);
    expect(await style('backgroundColor')).toBe('rgb(185, 28, 28)');
    expect(await style('fontFamily')).toContain('Noto Sans CJK SC');
    await page.getByTestId('current-user').click();
    const menu = page.getByRole('menu').filter({ hasText: '我的会话' });
    await menu.waitFor();
    // Its password is public: nothing to change or bind on the demo installation.
    expect(await menu.innerText()).not.toContain('修改密码');
    expect(await menu.innerText()).not.toContain('绑定两步验证');
  });
});
