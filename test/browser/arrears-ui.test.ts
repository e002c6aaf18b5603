import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInShanghai, yearEnd, yearOf } from '../../src/domain/calendar.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { act, choose, fillDate, submitAction } from '../support/ui-steps.ts';

const register = async (page: Page, app: BrowserApp, input: { title: string; creditCode: string; name: string; amount: string }) => {
  await page.goto(`${app.baseUrl}/cases/new`);
  await page.getByLabel('事项名称').fill(input.title);
  await page.getByLabel('企业统一社会信用代码').fill(input.creditCode);
  await page.getByLabel('企业名称').click();
  await page.getByLabel('企业名称').fill(input.name);
  await choose(page, '责任单位（欠款单位）', '汉东区教育局');
  await page.getByLabel('企业主张的欠款金额（元）').fill(input.amount);
  await page.getByLabel('基本情况').fill('2025年校舍维修工程已竣工验收，结算价款经双方确认，尾款至今未付。');
  await page.getByLabel('交办意见').fill('请汉东区教育局于十个工作日内核实并制定清偿方案。');
  return page;
};

describe(`the arrears path in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('takes a 500,000.00 元 arrear from registration to closure by clicking (A1, A2, G3)', async () => {
    const office = await app.signedIn('yingshangban');
    await expect.poll(() => office.url()).toContain('/cockpit');
    await register(office, app, { title: '汉东区教育局拖欠实验小学操场改造工程款', creditCode: makeCreditCode('91422902MA4C8U6P1'), name: '汉江市恒远市政工程有限公司', amount: '500000.00' });
    await app.screenshot(office, 'registration-form');
    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => office.getByTestId('case-state').innerText()).toContain('已登记');
    const caseUrl = office.url();

    const debtor = await app.signedIn('hd-jiaoyu', caseUrl);
    await act(debtor, '分类处置');
    await submitAction(debtor, '履行中');
    const basis = await debtor.getByTestId('basis').innerText();
    expect(basis).toContain('A1');
    expect(basis).toContain('A2');
    // A2: due on 31 December of the year the amount was confirmed (today, on the platform's clock).
    expect(await debtor.locator('body').innerText()).toContain(yearEnd(todayInShanghai(app.app.clock())));

    await act(debtor, '登记还款');
    await debtor.getByLabel('付款凭证号').fill('GK-2026-1126-001');
    await submitAction(debtor, '已办结');

    await act(debtor, '书面反馈');
    await debtor.getByLabel('书面反馈内容').fill('已通过国库集中支付一次性付清全部工程尾款。');
    await debtor.getByPlaceholder('材料名称，如银行回单').fill('国库集中支付凭证');
    await debtor.getByPlaceholder('文号或存档编号').fill('GK-2026-1126-001');
    await submitAction(debtor, '待销号');
    expect(await debtor.getByTestId('case-actions').innerText()).not.toContain('销号');

    await office.reload();
    await act(office, '销号');
    await submitAction(office, '已销号');
    expect(await office.getByTestId('case-timeline').innerText()).toMatch(/销号[\s\S]*书面反馈[\s\S]*登记还款[\s\S]*分类处置[\s\S]*登记/);
    await office.getByTestId('flow-diagram').waitFor();
    await app.screenshot(office, 'case-closed');
  });

  it('puts 500,000.01 元 on installments that the enterprise itself accepts in its portal (A3)', async () => {
    const office = await app.signedIn('yingshangban');
    const enterprise = await app.signedIn('qiye1');
    const { creditCode, name } = await enterprise.evaluate(async () => {
      const body = (await (await fetch('/api/session')).json()) as { user: { unit: { creditCode: string; name: string } } };
      return body.user.unit;
    });
    await register(office, app, { title: '汉东区教育局拖欠第二中学食堂改造工程款', creditCode, name, amount: '500000.01' });
    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = office.url();

    const debtor = await app.signedIn('hd-jiaoyu', caseUrl);
    await act(debtor, '分类处置');
    // The reasons the regulation bans are listed, but none can be chosen (保障中小企业款项支付条例 Arts. 12, 14).
    await debtor.getByLabel('支付困难类型', { exact: true }).click();
    const banned = debtor.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="履行内部付款流程（条例禁止，不能作为支付困难）"]');
    await expect.poll(() => banned.getAttribute('aria-disabled')).toBe('true');
    await debtor.keyboard.press('Escape');
    await choose(debtor, '支付困难类型', '年度预算已用完，需列入下年度预算');
    await debtor.getByLabel('确有支付困难的情况').fill('年度预算已执行完毕，需分两期安排');
    await submitAction(debtor, '计划制定中');
    await act(debtor, '提交还款/整改计划');
    const year = yearOf(todayInShanghai(app.app.clock())) + 1;
    const dates = debtor.getByPlaceholder('还款日期');
    const amounts = debtor.getByPlaceholder('金额（元）');
    await fillDate(debtor, dates.nth(0), `${year}-03-31`);
    await amounts.nth(0).fill('250000.00');
    await fillDate(debtor, dates.nth(1), `${year}-06-30`);
    await amounts.nth(1).fill('250000.01');
    await submitAction(debtor, '待企业认可');
    expect(await debtor.getByTestId('case-actions').innerText()).not.toContain('企业认可');

    await enterprise.goto(`${app.baseUrl}/portal`);
    await enterprise.getByText('份还款计划等待您的认可').waitFor();
    await enterprise.waitForLoadState('networkidle');
    await app.screenshot(enterprise, 'enterprise-portal');
    await enterprise.goto(caseUrl);
    await act(enterprise, '企业认可');
    await submitAction(enterprise, '履行中');
    expect(await enterprise.locator('body').innerText()).toContain(`${year}-03-31`);
  });

  it('does not open another county’s case by its address', async () => {
    const office = await app.signedIn('yingshangban');
    const handongCase = await office.evaluate(async () => {
      const body = (await (await fetch('/api/cases?jurisdiction=handong&limit=1')).json()) as { items: { id: string }[] };
      return body.items[0]!.id;
    });
    const county = await app.signedIn('jiangbei', `${app.baseUrl}/cases/${handongCase}`);
    await county.getByText('案件不存在或无权查看').waitFor();
    expect(await county.locator('body').innerText()).not.toContain('汉东区');
  });

  it('signs each role in to the pages of its role', async () => {
    // The menu in its groups (案件办理, 报告与公开, 惠企政策, 招商引资, 平台管理); a menu of one group has none.
    const landing: Record<string, { path: string; menu: string[] }> = {
      yingshangban: { path: '/cockpit', menu: ['驾驶舱', '台账', '受理台', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '信用记录', '政策库', '企业档案', '兑现专窗', '资金拨付', '政策评估', '项目与承诺', '承诺兑现跟踪', '问题清单', '企业注册审核'] },
      leader: { path: '/cockpit', menu: ['驾驶舱', '台账', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '信用记录', '政策库', '企业档案', '兑现专窗', '资金拨付', '政策评估', '项目与承诺', '承诺兑现跟踪', '问题清单'] },
      // A lead bureau registers its own 排查 findings on what its matrix rows lead (S3).
      jingxinju: { path: '/ledger', menu: ['台账', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '政策库', '企业档案', '兑现专窗'] },
      // The finance bureau leads the payment of policy funds (P5): 资金拨付 and 政策评估 besides a bureau's pages.
      caizhengju: { path: '/ledger', menu: ['台账', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '政策库', '企业档案', '兑现专窗', '资金拨付', '政策评估'] },
      // 招商局 keeps the promise register and its two lists (S6).
      zhaoshangju: { path: '/ledger', menu: ['台账', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '政策库', '企业档案', '兑现专窗', '项目与承诺', '承诺兑现跟踪', '问题清单'] },
      // A county coordinator keeps the handler accounts of its county's units.
      handong: { path: '/ledger', menu: ['台账', '督办中心', '调度', '登记问题', '报告与指数', '逾期账款年度公开', '信用记录', '政策库', '企业档案', '兑现专窗', '项目与承诺', '承诺兑现跟踪', '问题清单', '账号管理'] },
      'hd-jiaoyu': { path: '/ledger', menu: ['台账', '督办中心', '调度', '登记问题', '逾期账款年度公开', '信用记录', '政策库', '企业档案', '兑现专窗'] },
      xinyongban: { path: '/credit', menu: ['台账', '信用记录', '报告与指数'] },
      qiye2: { path: '/portal', menu: ['我的诉求', '可享政策', '免申即享清单', '提交诉求'] },
      // 三员分立: each administrator has its own page and no case work.
      sysadmin: { path: '/system', menu: ['系统管理', '组织机构与基础数据', '账号管理', '企业注册审核'] },
      secadmin: { path: '/security', menu: ['安全策略'] },
      auditadmin: { path: '/audit', menu: ['安全审计'] },
    };
    for (const [username, expected] of Object.entries(landing)) {
      const page = await app.signedIn(username);
      await expect.poll(() => new URL(page.url()).pathname, { message: username }).toBe(expected.path);
      // Each item's name, without the count a 受理台 may carry beside it (its unread new complaints).
      const menu = await page.locator('.ant-menu-item a').evaluateAll((links) => links.map((link) => link.firstChild?.textContent ?? ''));
      expect(menu.map((item) => item.trim()), username).toEqual(expected.menu);
      if (username === 'yingshangban') {
        await page.getByTestId('chart-trend').waitFor();
        await app.screenshot(page, 'cockpit');
      }
      if (username === 'handong') {
        await page.locator('.ant-table-row').first().waitFor();
        await app.screenshot(page, 'ledger');
      }
      await page.context().close();
    }
    const login = await app.newPage();
    await login.goto(`${app.baseUrl}/login`);
    await login.getByTestId('demo-hint').waitFor();
    await app.screenshot(login, 'login');
    await login.getByLabel('用户名').fill('yingshangban');
    await login.getByLabel('密码').fill('wrong-password');
    await login.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => login.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
  });
});
