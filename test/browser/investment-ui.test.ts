import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCalendarDays, todayInShanghai } from '../../src/domain/calendar.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { act, choose, fillDate, submitAction } from '../support/ui-steps.ts';

/** The screen the screenshots are taken on: a common office laptop. */
const LAPTOP = { width: 1366, height: 768 };

interface Registration {
  readonly title: string;
  readonly facts: string;
  readonly amount?: string;
}

/**
 * 营商办 registers an unkept investment promise against 汉东区人民政府 for the enterprise that
 * signs in as `qiye2` (湖北汉水智能装备有限公司, the FIRM of the API tests), and returns the case's address.
 */
const register = async (app: BrowserApp, office: Page, enterprise: { creditCode: string; name: string }, input: Registration, screenshot?: string): Promise<string> => {
  await office.goto(`${app.baseUrl}/cases/new`);
  await office.getByText('招商引资政策兑现', { exact: true }).click();
  await expect.poll(() => office.locator('.ant-card-head-title').first().innerText()).toContain('招商引资政策兑现');
  await office.getByLabel('事项名称').fill(input.title);
  await office.getByLabel('企业统一社会信用代码').fill(enterprise.creditCode);
  await office.getByLabel('企业名称').click();
  await expect.poll(() => office.locator('body').innerText()).toContain(`已找到平台内企业：${enterprise.name}`);
  await choose(office, '承诺单位（签约政府或部门）', '汉东区人民政府');
  if (input.amount !== undefined) await office.getByLabel('涉及金额（元）').fill(input.amount);
  await office.getByLabel('基本情况').fill(input.facts);
  await office.getByLabel('交办意见').fill('请汉东区人民政府会同区招商部门于十个工作日内开展合法性审查并提出兑现方案。');
  if (screenshot !== undefined) await app.screenshot(office, screenshot);
  await office.getByRole('button', { name: '登记', exact: true }).click();
  await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect.poll(() => office.getByTestId('case-state').innerText()).toContain('已登记');
  return office.url();
};

/** The responsible unit reports in writing (G3) and 营商办 closes the case (销号). */
const feedbackAndClose = async (county: Page, office: Page, summary: string, document: { title: string; reference: string }) => {
  await act(county, '书面反馈');
  await county.getByLabel('书面反馈内容').fill(summary);
  await county.getByPlaceholder('材料名称，如银行回单').fill(document.title);
  await county.getByPlaceholder('文号或存档编号').fill(document.reference);
  await submitAction(county, '待销号');
  expect(await county.getByTestId('case-actions').innerText()).not.toContain('销号');
  await office.goto(county.url());
  await act(office, '销号');
  await submitAction(office, '已销号');
};

describe(`the investment line in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  let enterpriseUnit: { creditCode: string; name: string };
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const signedIn = async (username: string): Promise<Page> => {
    const page = await app.signedIn(username);
    await page.setViewportSize(LAPTOP);
    return page;
  };

  /** The enterprise's name and code as the platform knows them (its session). */
  const enterpriseOf = async (enterprise: Page) => {
    enterpriseUnit ??= await enterprise.evaluate(async () => {
      const body = (await (await fetch('/api/session')).json()) as { user: { unit: { creditCode: string; name: string } } };
      return body.user.unit;
    });
    return enterpriseUnit;
  };

  it('defers a compliant promise with a limited budget only once the enterprise agrees in its portal, then pays it (I2, G3)', async () => {
    const office = await signedIn('yingshangban');
    const enterprise = await signedIn('qiye2');
    const firm = await enterpriseOf(enterprise);
    expect(firm.name).toBe('湖北汉水智能装备有限公司');
    // The portal offers the line, in the enterprise's own words.
    await enterprise.goto(`${app.baseUrl}/portal/new`);
    await enterprise.getByText('招商引资政策兑现', { exact: true }).click();
    await expect.poll(() => enterprise.locator('.ant-card-head-title').first().innerText()).toContain('招商引资承诺未兑现');
    expect(await enterprise.locator('body').innerText()).toContain('承诺单位（签约政府或部门）');
    await app.screenshot(enterprise, 'investment-complaint-form');
    const caseUrl = await register(
      app,
      office,
      firm,
      {
        title: '汉东区政府未兑现招商协议约定的设备购置补助',
        amount: '600万元',
        facts: '2024年5月与汉东区人民政府签订《招商引资项目投资协议》（HD-ZS-2024-017），第六条约定项目投产后给予设备购置补助600万元；项目已于2025年10月投产，补助至今未兑现。',
      },
      'investment-registration',
    );
    // The line's names for the amounts, and 招商局 leading the case (SPEC §6).
    const body = await office.locator('body').innerText();
    expect(body).toContain('涉及金额');
    expect(body).toContain('6,000,000.00');
    expect(body).toContain('汉江市招商局');

    // The county coordinator reviews the promise: lawful, but the budget cannot pay it this year (I2).
    const county = await signedIn('handong');
    await county.goto(caseUrl);
    await act(county, '分类处置');
    const dialog = county.getByRole('dialog');
    await dialog.getByLabel('涉及承诺及条款').fill('《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第六条：投产后给予设备购置补助600万元');
    // Only the situations of the conclusion chosen are offered, and only the chosen situation's fields.
    await dialog.getByText('有瑕疵', { exact: true }).click();
    await expect.poll(() => dialog.innerText()).toContain('承诺超出履行能力（I5）');
    expect(await dialog.innerText()).not.toContain('有能力履行（I1）');
    await dialog.getByText('合法合规', { exact: true }).click();
    await expect.poll(() => dialog.innerText()).toContain('有能力履行（I1）');
    expect(await dialog.innerText()).not.toContain('承诺超出履行能力（I5）');
    await dialog.getByText('财政预算有限，需延期履行（I2）', { exact: true }).click();
    await dialog.getByLabel('预算困难情况').fill('区级财政2026年度预算已执行完毕，补助资金须列入2027年一季度预算调整。');
    expect(await dialog.getByLabel('承诺兑现金额（元）').inputValue()).toBe('6,000,000.00');
    expect(await dialog.getByLabel('兑现期限').count()).toBe(0);
    expect(await dialog.getByLabel('变更事由').count()).toBe(0);
    await app.screenshot(county, 'investment-classify-budget');
    await submitAction(county, '计划制定中');
    const card = county.getByTestId('investment-promise');
    await expect.poll(() => card.innerText()).toContain('合法合规');
    expect(await card.innerText()).toContain('财政预算有限，需延期履行');
    expect(await card.innerText()).toContain('区级财政2026年度预算已执行完毕');
    expect(await county.getByTestId('basis').innerText()).toContain('I2');

    const newDate = addCalendarDays(todayInShanghai(app.app.clock()), 90);
    await act(county, '提交延期履行方案');
    await fillDate(county, county.getByRole('dialog').getByLabel('延期履行日期'), newDate);
    await county.getByRole('dialog').getByLabel('延期原因').fill('补助已列入2027年一季度区级预算调整，调整后一次性拨付。');
    await submitAction(county, '待企业认可');
    // The county cannot agree for the enterprise.
    expect(await county.getByTestId('case-actions').innerText()).not.toContain('同意延期履行');

    // The enterprise sees the proposed date in its portal and agrees, itself.
    await enterprise.goto(caseUrl);
    await expect.poll(() => enterprise.getByTestId('investment-deferral').innerText()).toContain(newDate);
    expect(await enterprise.getByTestId('investment-deferral').innerText()).toContain('待企业同意');
    expect(await enterprise.getByTestId('case-actions').innerText()).toContain('不同意延期');
    await app.screenshot(enterprise, 'investment-deferral-portal');
    await act(enterprise, '同意延期履行');
    await submitAction(enterprise, '履行中');
    await expect.poll(() => enterprise.getByTestId('investment-deferral').innerText()).toContain('企业已同意');
    expect(await enterprise.getByTestId('case-timeline').innerText()).toContain('企业本人操作');

    // The county pays the subsidy in one payment; the promise is kept.
    await county.reload();
    await act(county, '登记承诺资金兑付');
    await county.getByRole('dialog').getByLabel('兑付凭证号').fill('汉东财拨〔2026〕88号');
    await submitAction(county, '已办结');
    const kept = await county.getByTestId('investment-promise').innerText();
    expect(kept).toContain('汉东财拨〔2026〕88号');
    expect(kept).toContain('6,000,000.00');
    const amounts = await county.locator('body').innerText();
    expect(amounts).toContain('已兑付');
    expect(amounts).toContain('未兑付');
    expect(await county.getByTestId('case-timeline').innerText()).toMatch(
      /登记承诺资金兑付[\s\S]*兑付金额：¥6,000,000\.00[\s\S]*同意延期履行[\s\S]*提交延期履行方案[\s\S]*拟延期履行至[\s\S]*分类处置[\s\S]*合法性审查：合法合规/,
    );

    await feedbackAndClose(county, office, '设备购置补助600万元已于延期期限内一次性兑付。', { title: '国库集中支付凭证', reference: '汉东财拨〔2026〕88号' });
    await app.screenshot(office, 'investment-deferral-closed');

    // On a phone the enterprise reads the same card.
    await enterprise.setViewportSize({ width: 390, height: 844 });
    await enterprise.reload();
    await expect.poll(() => enterprise.getByTestId('case-state').innerText()).toContain('已销号');
    await enterprise.getByTestId('investment-promise').waitFor();
    await app.screenshot(enterprise, 'investment-case-390');
  });

  it('changes a promise for a planning change by the legal authority and compensates the enterprise (I3, G3)', async () => {
    const office = await signedIn('yingshangban');
    const firm = enterpriseUnit ?? (await enterpriseOf(await signedIn('qiye2')));
    const caseUrl = await register(app, office, firm, {
      title: '汉东区政府未按招商协议提供二期项目用地',
      facts: '《招商引资项目投资协议》（HD-ZS-2024-017）第八条约定为二期项目提供工业用地50亩；该地块因高新园区控规调整改为公共绿地，二期用地未提供。',
    });

    const county = await signedIn('handong');
    await county.goto(caseUrl);
    await act(county, '分类处置');
    const dialog = county.getByRole('dialog');
    await dialog.getByLabel('涉及承诺及条款').fill('《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第八条：为二期项目提供工业用地50亩');
    await dialog.getByText('合法合规', { exact: true }).click();
    await dialog.getByText('法定事由需变更承诺（I3）', { exact: true }).click();
    await choose(county, '变更事由', '规划调整');
    await dialog.getByLabel('决定变更的法定权限').fill('汉东区人民政府常务会议');
    expect(await dialog.getByLabel('承诺兑现金额（元）').count()).toBe(0);
    await submitAction(county, '依法变更中');
    const card = county.getByTestId('investment-promise');
    await expect.poll(() => card.innerText()).toContain('规划调整');
    expect(await card.innerText()).toContain('汉东区人民政府常务会议');
    expect(await county.getByTestId('basis').innerText()).toContain('I3');

    await act(county, '依法变更并补偿');
    const form = county.getByRole('dialog');
    expect(await form.getByTestId('context-change').innerText()).toContain('规划调整');
    await form.getByLabel('变更决定及依据').fill('汉东政函〔2026〕15号 关于调整高新园区控制性详细规划的批复');
    await form.getByLabel('履行的法定程序').fill('损失评估、听证、区政府常务会议决定，书面告知企业');
    await form.getByLabel('补偿金额（元）').fill('180万元');
    await form.getByLabel('补偿支付凭证号').fill('汉东财补〔2026〕8号');
    await app.screenshot(county, 'investment-compensate-form');
    await submitAction(county, '已办结');
    const change = county.getByTestId('investment-change');
    await expect.poll(() => change.innerText()).toContain('已依法变更');
    expect(await change.innerText()).toContain('汉东政函〔2026〕15号');
    expect(await change.innerText()).toContain('1,800,000.00');
    expect(await change.innerText()).toContain('汉东财补〔2026〕8号');
    expect(await county.getByTestId('case-timeline').innerText()).toMatch(/依法变更并补偿[\s\S]*补偿金额：¥1,800,000\.00[\s\S]*分类处置[\s\S]*变更事由：规划调整/);
    await app.screenshot(county, 'investment-lawful-change');

    await feedbackAndClose(county, office, '经区政府常务会议决定依法变更用地承诺，已补偿企业损失180万元。', { title: '补偿资金支付凭证', reference: '汉东财补〔2026〕8号' });
  });

  it('renegotiates a promise beyond the government’s capacity with lowered terms, recorded against the old (I5, G3)', async () => {
    const office = await signedIn('yingshangban');
    const firm = enterpriseUnit ?? (await enterpriseOf(await signedIn('qiye2')));
    const promise = '《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第十条：三年内免收土地出让金';
    const terms = '改为按实际投资额给予基础设施配套补助120万元';
    const caseUrl = await register(app, office, firm, {
      title: '汉东区政府未兑现招商协议约定的免收土地出让金承诺',
      amount: '300万元',
      facts: '投资协议（HD-ZS-2024-017）第十条约定三年内免收土地出让金，企业已按规定缴纳300万元，区政府未予返还。',
    });

    const county = await signedIn('handong');
    await county.goto(caseUrl);
    await act(county, '分类处置');
    const dialog = county.getByRole('dialog');
    await dialog.getByLabel('涉及承诺及条款').fill(promise);
    await dialog.getByText('有瑕疵', { exact: true }).click();
    await dialog.getByText('承诺超出履行能力（I5）', { exact: true }).click();
    // A flawed promise needs its flaw.
    await county.getByTestId('action-submit').click();
    await expect.poll(() => dialog.innerText()).toContain('请填写瑕疵原因');
    await dialog.getByLabel('瑕疵原因（合法性审查意见）').fill('承诺“三年内免收土地出让金”违反土地出让金收支管理规定，超出区政府权限');
    await submitAction(county, '协商中');
    const card = county.getByTestId('investment-promise');
    await expect.poll(() => card.innerText()).toContain('有瑕疵');
    expect(await card.innerText()).toContain('超出区政府权限');
    expect(await card.innerText()).toContain('I5');

    await act(county, '达成协议');
    const form = county.getByRole('dialog');
    // The terms agreed are written against the promise in force.
    expect(await form.getByTestId('context-currentTerms').innerText()).toBe(promise);
    await form.getByLabel('协商确定的兑现或补偿金额（元）').fill('120万元');
    await form.getByLabel('协商后的执行条款').fill(terms);
    await form.getByLabel('协议、补充协议或调解方案文号').fill('补充协议（2026）3号');
    expect(await form.getByLabel('参与调解的法院、司法行政部门').count()).toBe(0);
    await app.screenshot(county, 'investment-agree-form');
    await submitAction(county, '履行中');
    const agreed = county.getByTestId('investment-terms');
    await expect.poll(() => agreed.innerText()).toContain(terms);
    expect(await agreed.innerText()).toContain(promise);
    expect(await agreed.innerText()).toContain('1,200,000.00');
    expect(await county.getByTestId('case-timeline').innerText()).toContain(`条款变更（原条款 → 新条款）：${promise} → ${terms}`);

    // The money paid does not keep the agreement alone: its terms are confirmed kept.
    await act(county, '登记承诺资金兑付');
    await county.getByRole('dialog').getByLabel('兑付凭证号').fill('汉东财拨〔2026〕95号');
    await submitAction(county, '履行中');
    expect(await county.getByTestId('investment-payments').innerText()).toContain('汉东财拨〔2026〕95号');
    await act(county, '确认承诺兑现');
    await county.getByRole('dialog').getByLabel('兑现情况及佐证').fill('补充协议约定的基础设施配套补助120万元已拨付，配套道路已建成交付。');
    await submitAction(county, '已办结');

    await feedbackAndClose(county, office, '经协商降低执行条款，补充协议约定事项已全部落实。', { title: '补充协议', reference: '补充协议（2026）3号' });
    const history = await office.getByTestId('case-timeline').innerText();
    expect(history).toMatch(/销号[\s\S]*书面反馈[\s\S]*确认承诺兑现[\s\S]*登记承诺资金兑付[\s\S]*达成协议[\s\S]*原条款 → 新条款[\s\S]*分类处置[\s\S]*合法性审查：有瑕疵/);
    expect(history).toContain(`${promise} → ${terms}`);
    await office.getByTestId('flow-diagram').waitFor();
    await app.screenshot(office, 'investment-renegotiated-closed');
  });

  it('keeps a promise the government can perform by the year end, and crosses the year only on 营商办’s approval (I1)', async () => {
    const office = await signedIn('yingshangban');
    const firm = enterpriseUnit ?? (await enterpriseOf(await signedIn('qiye2')));
    const caseUrl = await register(app, office, firm, {
      title: '汉东区政府未兑现招商协议约定的研发中心建设奖励',
      amount: '80万元',
      facts: '投资协议（HD-ZS-2024-017）第七条约定研发中心建成后给予建设奖励80万元，研发中心已于2026年6月通过验收。',
    });
    const county = await signedIn('handong');
    await county.goto(caseUrl);
    await act(county, '分类处置');
    const dialog = county.getByRole('dialog');
    await dialog.getByLabel('涉及承诺及条款').fill('《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第七条：研发中心建成后给予建设奖励80万元');
    await dialog.getByText('合法合规', { exact: true }).click();
    await dialog.getByText('有能力履行（I1）', { exact: true }).click();
    // I1: by the year end unless an earlier day is named.
    const yearEnd = `${todayInShanghai(app.app.clock()).slice(0, 4)}-12-31`;
    expect(await dialog.getByLabel('兑现期限').inputValue()).toBe(yearEnd);
    await submitAction(county, '履行中');
    const card = county.getByTestId('investment-promise');
    await expect.poll(() => card.innerText()).toContain(yearEnd);

    const nextYear = `${Number(yearEnd.slice(0, 4)) + 1}-03-31`;
    await act(county, '申请跨年兑现');
    await fillDate(county, county.getByRole('dialog').getByLabel('拟兑现日期（次年）'), nextYear);
    await county.getByRole('dialog').getByLabel('确需跨年兑现的理由').fill('奖励资金须经2027年区级预算安排，年内无可调剂资金。');
    await county.getByTestId('action-submit').click();
    await county.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => card.innerText()).toContain('跨年兑现待审批');

    await office.goto(caseUrl);
    await act(office, '审批跨年兑现');
    await office.getByRole('dialog').getByText('批准跨年（将在各类报告中标注）').click();
    await office.getByRole('dialog').getByLabel('审批意见').fill('同意于2027年一季度兑现。');
    await office.getByTestId('action-submit').click();
    await office.getByRole('dialog').waitFor({ state: 'detached' });
    const approved = office.getByTestId('investment-promise');
    await expect.poll(() => approved.innerText()).toContain('经批准跨年（I1）');
    expect(await approved.innerText()).toContain(nextYear);
    expect(await office.getByTestId('case-timeline').innerText()).toMatch(
      new RegExp(`审批跨年兑现[\\s\\S]*批准跨年兑现，兑现期限改为 ${nextYear}[\\s\\S]*申请跨年兑现[\\s\\S]*拟兑现日期：${nextYear}`),
    );
    await app.screenshot(office, 'investment-year-exception');
  });
});
