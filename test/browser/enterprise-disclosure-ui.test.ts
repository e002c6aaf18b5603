import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCase } from '../../src/cases/register-case.ts';
import { DEMO_ACCOUNTS, demoAccountId } from '../../src/demo/accounts.ts';
import { DEMO_ENTERPRISES } from '../../src/demo/enterprises.ts';
import { maskPhone } from '../../src/domain/accounts/account-fields.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { addCalendarDays, todayInShanghai } from '../../src/domain/calendar.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { runCommands } from '../support/cases.ts';
import { backendName } from '../support/database.ts';

const CHUFENG = DEMO_ENTERPRISES.chufeng!;
const ENTERPRISE: Actor = { id: demoAccountId('qiye1'), name: '黄海涛', role: 'enterprise', unitId: CHUFENG.id, jurisdictionScope: [] };
const OFFICE: Actor = { id: demoAccountId('yingshangban'), name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const HANDLER: Actor = { id: demoAccountId('hd-jiaoyu'), name: '王芳', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const PERSON = { name: '周丽', post: '学前教育科科长', phone: '13907101234' };
const OFFICIALS = DEMO_ACCOUNTS.filter((account) => account.role !== 'enterprise').map((account) => account.displayName);

/** Issue 11 point 6 (个人信息保护法): the enterprise's case page names units where staff see people. */
describe(`an enterprise's case page names the handling unit, not officials, in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  let caseUrl: string;
  beforeAll(async () => {
    app = await createBrowserApp();
    // 楚风建筑 complains of 知晓难 (P1) and 营商办 takes it on; the bureau's rectification plan names
    // a person; it asks for more time, 营商办 agrees, it asks again.
    const registered = await registerCase(app.app, ENTERPRISE, {
      line: 'policy',
      source: 'enterprise',
      title: '汉东区教育局未在网站发布民办幼儿园奖补政策解读',
      facts: '区教育局网站首页未发布奖补政策解读和申兑指南，无从申报。',
      enterprise: { name: CHUFENG.name, creditCode: CHUFENG.creditCode },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    });
    const accepted = await runCommands(app.app, OFFICE, registered, { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请汉东区教育局核实并限期整改。' });
    const today = todayInShanghai(app.app.clock());
    const planned = await runCommands(
      app.app,
      HANDLER,
      accepted,
      { action: 'classify', classification: { line: 'policy', category: 'awareness', policy: '《汉江市促进民营经济高质量发展若干措施》第9条' } },
      { action: 'propose_plan', rectification: { measures: ['在区教育局网站首页发布政策解读和申兑指南'], timeLimit: addCalendarDays(today, 20), responsiblePerson: PERSON } },
      { action: 'request_extension', newDeadline: addCalendarDays(today, 27), reason: '申兑指南须经区政府常务会审议' },
    );
    const approved = await runCommands(app.app, OFFICE, planned, { action: 'approve_extension', approved: true, opinion: '同意延期。' });
    await runCommands(app.app, HANDLER, approved, { action: 'request_extension', newDeadline: addCalendarDays(today, 30), reason: '常务会改期' });
    caseUrl = `${app.baseUrl}/cases/${registered.id}`;
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('shows the enterprise units in the history, the deadline story and the intake, and the plan’s person by post only', async () => {
    const enterprise = await app.signedIn('qiye1', caseUrl);
    const timeline = enterprise.getByTestId('case-timeline');
    await expect.poll(() => timeline.innerText()).toContain('汉东区教育局（责任单位经办人）');
    expect(await timeline.innerText()).toContain('汉江市优化营商环境领导小组办公室（市营商办）');
    expect(await timeline.innerText()).toContain(`${CHUFENG.name}（企业）`);
    expect(await enterprise.getByTestId('story-pending-extension').innerText()).toContain('汉东区教育局于');
    expect(await enterprise.getByTestId('story-extension-decision').innerText()).toContain('汉江市优化营商环境领导小组办公室于');
    expect(await enterprise.getByTestId('case-intake').innerText()).toContain('汉江市优化营商环境领导小组办公室 于');
    const plan = await enterprise.getByTestId('rectification').innerText();
    expect(plan).toContain(PERSON.post);
    const page = await enterprise.locator('body').innerText();
    for (const personal of [...OFFICIALS, PERSON.name, PERSON.phone, maskPhone(PERSON.phone)]) expect(page).not.toContain(personal);
    await enterprise.waitForLoadState('networkidle');
    await app.screenshot(enterprise, 'enterprise-case-units');
  });

  it('still shows 营商办 the people who acted and the plan’s responsible person', async () => {
    const office = await app.signedIn('yingshangban', caseUrl);
    await expect.poll(() => office.getByTestId('case-timeline').innerText()).toContain('王芳（责任单位经办人）');
    expect(await office.getByTestId('story-pending-extension').innerText()).toContain('王芳于');
    expect(await office.getByTestId('rectification').innerText()).toContain(PERSON.name);
  });
});
