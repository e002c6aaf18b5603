import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { accounts, enterpriseRegistrations, securityPolicies, units } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose, confirmOk, drawerOpened, untilShown } from '../support/ui-steps.ts';

const CHOSEN = 'Zhujian-Wangli-2026';
const ENTERPRISE_PASSWORD = 'Hanjiang#Dianzi2026';
const CREDIT_CODE = makeCreditCode('91422900MA4UXREG1');

const fillLogin = async (page: Page, baseUrl: string, username: string, password: string) => {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
};

/** The code an authenticator shows on the platform's clock. */
const codeOf = (secret: string, at: Date): string => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

describe(`accounts, enterprise registration and the security policy in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('the system administrator creates a handler account; its user signs in with the temporary password and must change it', async () => {
    const admin = await app.signedIn('sysadmin');
    await admin.getByRole('menuitem', { name: '账号管理' }).click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/accounts');
    await admin.getByTestId('accounts-table').locator('.ant-table-row').first().waitFor();
    await app.screenshot(admin, 'accounts-list');

    await admin.getByTestId('account-add').click();
    await admin.getByTestId('account-username').waitFor();
    await admin.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    await admin.getByTestId('account-username').fill('hd-wangli');
    await admin.getByTestId('account-display-name').fill('王丽');
    await choose(admin, '角色', '责任单位经办人');
    const [unit] = await app.app.db.select().from(units).where(eq(units.id, LOCAL_UNIT_IDS.handong.zhujianju));
    await choose(admin, '所属单位', `${unit!.name}（汉东区）`);
    await admin.getByTestId('account-phone').fill('13800000000');
    await admin.getByRole('button', { name: '创建', exact: true }).click();

    await admin.getByTestId('temporary-password').waitFor();
    const temporary = await admin.getByTestId('temporary-password').inputValue();
    expect(temporary).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await app.screenshot(admin, 'accounts-temporary-password');
    await admin.getByTestId('temporary-password-done').click();
    await admin.getByTestId('temporary-password').waitFor({ state: 'detached' });
    const [created] = await app.app.db.select().from(accounts).where(eq(accounts.username, 'hd-wangli'));
    expect(created).toMatchObject({ role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.zhujianju, mustChangePassword: true, active: true });
    const row = admin.locator('[data-testid="accounts-table"] .ant-table-row', { hasText: 'hd-wangli' });
    await admin.getByTestId('accounts-search').locator('input').fill('wangli');
    await admin.getByTestId('accounts-search').locator('input').press('Enter');
    await row.waitFor();
    expect(await row.innerText()).toContain('待改密');
    expect(await admin.content()).not.toContain(temporary);

    // The new user: the temporary password signs in, to a page that asks for a new one first.
    const user = await app.newPage();
    await fillLogin(user, app.baseUrl, 'hd-wangli', temporary);
    const gate = user.getByTestId('identity-gate');
    await expect.poll(() => gate.getAttribute('data-restricted')).toBe('change_password');
    await user.getByLabel('当前密码').fill(temporary);
    await user.getByLabel('新密码', { exact: true }).fill(CHOSEN);
    await user.getByLabel('确认新密码').fill(CHOSEN);
    await user.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => gate.getAttribute('data-restricted')).toBe('enroll_second_factor');
    await user.getByRole('button', { name: '开始绑定' }).click();
    const secret = (await user.getByTestId('totp-secret').innerText()).trim();
    await user.getByLabel('验证码').fill(codeOf(secret, app.app.clock()));
    await user.getByRole('button', { name: '确认绑定' }).click();
    await user.getByTestId('current-user').waitFor();
    expect(await user.getByTestId('current-user').innerText()).toContain('王丽');

    // Back in the drawer: the account signed in, and 停用 signs it out.
    await row.getByTestId('account-open').click();
    await admin.getByTestId('account-drawer').waitFor();
    await drawerOpened(admin);
    await admin.getByTestId('account-sessions').locator('.ant-table-row').first().waitFor();
    await app.screenshot(admin, 'accounts-drawer');
    await admin.getByTestId('account-disable').click();
    await confirmOk(admin);
    await untilShown(admin, admin.getByTestId('account-enable'));
    expect((await app.app.db.select().from(accounts).where(eq(accounts.username, 'hd-wangli')))[0]!.active).toBe(false);
    await user.reload();
    await expect.poll(() => new URL(user.url()).pathname).toBe('/login');
  });

  it('an enterprise registers on the public page; 营商办 confirms it, and the enterprise signs in with its own password', async () => {
    const visitor = await app.newPage();
    await visitor.goto(`${app.baseUrl}/login`);
    await visitor.getByTestId('register-enterprise-link').click();
    await visitor.getByTestId('registration-submit').waitFor();
    await visitor.getByTestId('registration-credit-code').fill(CREDIT_CODE);
    await visitor.getByTestId('registration-enterprise-name').fill('汉江市信科电子有限公司');
    await choose(visitor, '所在县市区', '江北区');
    await visitor.getByTestId('registration-contact-name').fill('陈晓');
    await visitor.getByTestId('registration-contact-phone').fill('13912345678');
    await visitor.getByTestId('registration-username').fill('xinke');
    await visitor.getByTestId('registration-password').fill(ENTERPRISE_PASSWORD);
    await visitor.getByTestId('registration-confirm-password').fill(ENTERPRISE_PASSWORD);
    await app.screenshot(visitor, 'enterprise-registration-form');
    await visitor.getByTestId('registration-submit').click();
    await visitor.getByTestId('registration-submitted').waitFor();
    expect(await visitor.getByTestId('registration-submitted').innerText()).toContain('已提交，待审核');

    // Before the confirmation it cannot sign in, and the lookup says why.
    await fillLogin(visitor, app.baseUrl, 'xinke', ENTERPRISE_PASSWORD);
    await visitor.getByTestId('login-error').waitFor();
    await visitor.goto(`${app.baseUrl}/register-enterprise`);
    await visitor.getByRole('tab', { name: '查询审核进度' }).click();
    await visitor.getByTestId('lookup-username').fill('xinke');
    await visitor.getByTestId('lookup-credit-code').fill(CREDIT_CODE);
    await visitor.getByTestId('lookup-submit').click();
    await expect.poll(() => visitor.getByTestId('lookup-result').getAttribute('data-status')).toBe('pending');

    const office = await app.signedIn('yingshangban', `${app.baseUrl}/registrations`);
    const row = office.locator('[data-testid="registrations-table"] .ant-table-row', { hasText: '汉江市信科电子有限公司' });
    await row.waitFor();
    expect(await row.innerText()).toContain('139****5678');
    await app.screenshot(office, 'enterprise-registrations');
    await row.getByTestId('registration-confirm').click();
    const dialog = office.getByRole('dialog');
    await dialog.waitFor();
    await office.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    expect(await dialog.innerText()).toContain('平台中尚无该企业');
    await dialog.getByRole('button', { name: '通过', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [registration] = await app.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.username, 'xinke'));
    expect(registration).toMatchObject({ status: 'confirmed', decidedBy: 'acc-demo-yingshangban' });

    const enterprise = await app.newPage();
    await fillLogin(enterprise, app.baseUrl, 'xinke', ENTERPRISE_PASSWORD);
    await enterprise.getByTestId('current-user').waitFor();
    await expect.poll(() => new URL(enterprise.url()).pathname).toBe('/portal');
  });

  it('the security administrator lands on the security policy and saves a change after seeing it', async () => {
    const security = await app.signedIn('secadmin');
    await expect.poll(() => new URL(security.url()).pathname).toBe('/security');
    await security.getByTestId('security-policy-form').waitFor();
    await security.getByTestId('policy-lock-minutes').fill('15');
    await security.getByTestId('policy-networks').fill('10.0.0.0/33');
    await security.getByTestId('policy-save').click();
    await security.getByText('网段格式不正确：10.0.0.0/33').waitFor();
    await security.getByTestId('policy-networks').fill('');
    // Saved only once the form has taken the cleared field (its error gone), not before.
    await security.getByText('网段格式不正确：10.0.0.0/33').waitFor({ state: 'detached' });
    await security.getByTestId('policy-save').click();
    const changes = security.getByTestId('policy-changes');
    await changes.waitFor();
    expect(await changes.innerText()).toContain('锁定时长（分钟）：30 → 15');
    await app.screenshot(security, 'security-policy-confirm');
    await confirmOk(security);
    await expect.poll(async () => (await app.app.db.select().from(securityPolicies))[0]?.lockoutMinutes).toBe(15);

    const audit = await app.signedIn('auditadmin');
    await expect.poll(() => new URL(audit.url()).pathname).toBe('/audit');
  });

  it('the security administrator reviews what each role may do under 角色与权限, business roles apart from the three administrators', async () => {
    const security = await app.signedIn('secadmin');
    await security.getByTestId('security-tab-roles').click();
    await expect.poll(() => new URL(security.url()).search).toBe('?tab=roles');
    const business = security.getByTestId('roles-business');
    const office = business.getByTestId('role-business_office');
    await office.waitFor();
    expect(await office.innerText()).toContain('销号');
    const enterprise = await business.getByTestId('role-enterprise').innerText();
    expect(enterprise).toContain('本企业的案件');
    expect(enterprise).toContain('无须两步验证');
    await expect.poll(() => security.getByTestId('role-second-factor-leader').innerText()).toBe('须两步验证');
    // The annual disclosure and the breach records: 营商办 generates, a unit publishes its own row, 信用办 认定, an enterprise has neither.
    expect(await business.getByTestId('role-disclosure-business_office').innerText()).toContain('生成（刷新）草稿');
    const handlerDisclosure = await business.getByTestId('role-disclosure-unit_handler').innerText();
    expect(handlerDisclosure).toContain('本单位的数据');
    expect(handlerDisclosure).toContain('发布');
    const creditOffice = await business.getByTestId('role-credit-credit_office').innerText();
    expect(creditOffice).toContain('全市各单位的失信记录');
    expect(creditOffice).toContain('认定失信');
    expect(await business.getByTestId('role-credit-lead_bureau').innerText()).toContain('本单位牵头的案件');
    expect(await business.getByTestId('role-disclosure-enterprise').innerText()).toContain('已公开的数据向社会公开');
    expect(await business.getByTestId('role-credit-enterprise').innerText()).toBe('无');
    const auditor = await security.getByTestId('roles-administrators').getByTestId('role-audit_admin').innerText();
    expect(auditor).toContain('不参与案件办理');
    expect(auditor).toContain('查阅、导出和校验安全审计日志');
    await security.setViewportSize({ width: 1366, height: 768 });
    await app.screenshot(security, 'security-roles-1366');
    await security.setViewportSize({ width: 390, height: 844 });
    // Once the cards lay each label over its rights, nothing runs beyond the phone's width (the system administrator's reference-data tags once did).
    await expect.poll(() => security.getByTestId('role-system_admin').locator('tr').first().textContent()).toBe('案件');
    await expect.poll(() => security.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await app.screenshot(security, 'security-roles-390');
  });
});
