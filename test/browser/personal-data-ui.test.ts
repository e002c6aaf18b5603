import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitEnterpriseRegistration } from '../../src/accounts/enterprise-registrations.ts';
import { updateAccount } from '../../src/accounts/update-account.ts';
import { demoAccountId } from '../../src/demo/accounts.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { cases, securityEvents } from '../../src/db/schema.ts';
import { JURISDICTION_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';

const SYSADMIN: Actor = { id: demoAccountId('sysadmin'), name: '系统管理员', role: 'system_admin', unitId: null, jurisdictionScope: [] };
const PHONES = { account: '13812340011', registrant: '13912340012' } as const;

/** Issue 11 point 6 (个人信息保护法): phones masked on every page, 查看 for those who need them, each reveal logged. */
describe(`masked phones and their reveal in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  /** A demo rectification item whose plan names its responsible person's phone, and that phone. */
  let plan: { caseId: string; phone: string; masked: string };
  let accountId: string;

  const revealedBy = async (accountId: string) =>
    (await app.app.db.select().from(securityEvents).where(and(eq(securityEvents.kind, 'personal_data_revealed'), eq(securityEvents.accountId, accountId)))).map((event) => event.object);

  beforeAll(async () => {
    app = await createBrowserApp();
    const [row] = await app.app.db
      .select({ id: cases.id, phone: sql<{ masked: string; sealed: string }>`${cases.detail} #> '{rectification,responsiblePerson,phone}'` })
      .from(cases)
      .where(and(eq(cases.line, 'integrity'), sql`jsonb_typeof(${cases.detail} #> '{rectification,responsiblePerson,phone}') = 'object'`))
      .limit(1);
    plan = { caseId: row!.id, phone: app.app.keys.decrypt(row!.phone.sealed), masked: row!.phone.masked };
    accountId = demoAccountId('hd-jiaoyu');
    await updateAccount(app.app, SYSADMIN, accountId, { phone: PHONES.account }, { address: null });
    await submitEnterpriseRegistration(
      app.app,
      {
        creditCode: makeCreditCode('91422900MA4PDU001'),
        enterpriseName: '汉江市个人信息界面测试有限公司',
        jurisdictionId: JURISDICTION_IDS.jiangbei,
        contactName: '黄海涛',
        contactPhone: PHONES.registrant,
        username: 'qiye-pd-ui',
        password: 'Chufeng#Keji2026',
      },
      { address: null },
    );
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('shows 营商办 the plan’s phone masked, and the whole number on 查看, logged; a leader sees it masked only', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/cases/${plan.caseId}`);
    const phone = office.getByTestId('rectification-phone');
    await expect.poll(() => phone.innerText()).toBe(plan.masked);
    await office.getByTestId('rectification-phone-reveal').click();
    await expect.poll(() => phone.innerText()).toBe(plan.phone);
    expect(await revealedBy(demoAccountId('yingshangban'))).toEqual([`case:${plan.caseId}`]);
    await app.screenshot(office, 'personal-data-case-revealed');

    const leader = await app.signedIn('leader', `${app.baseUrl}/cases/${plan.caseId}`);
    await expect.poll(() => leader.getByTestId('rectification-phone').innerText()).toBe(plan.masked);
    expect(await leader.getByTestId('rectification-phone-reveal').count()).toBe(0);
    expect(await leader.locator('body').innerText()).not.toContain(plan.phone);
  });

  it('reveals an account’s phone in its drawer, and a registrant’s on the registrations page, each logged', async () => {
    const admin = await app.signedIn('sysadmin', `${app.baseUrl}/accounts?account=${accountId}`);
    const phone = admin.getByTestId('account-drawer-phone');
    await expect.poll(() => phone.innerText()).toBe('138****0011');
    await admin.getByTestId('account-drawer-phone-reveal').click();
    await expect.poll(() => phone.innerText()).toBe(PHONES.account);
    expect(await revealedBy(demoAccountId('sysadmin'))).toEqual([`account:${accountId}`]);

    const office = await app.signedIn('yingshangban', `${app.baseUrl}/registrations`);
    const row = office.locator('[data-testid="registrations-table"] .ant-table-row', { hasText: '汉江市个人信息界面测试有限公司' });
    await row.waitFor();
    expect(await row.getByTestId('registration-phone').innerText()).toBe('139****0012');
    await row.getByTestId('registration-phone-reveal').click();
    await expect.poll(() => row.getByTestId('registration-phone').innerText()).toBe(PHONES.registrant);
    expect(await revealedBy(demoAccountId('yingshangban'))).toContainEqual(expect.stringMatching(/^enterprise-registration:/));
    await app.screenshot(office, 'personal-data-registration-revealed');
  });
});
