import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, screenshot, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { act, choose, fillDate, submitAction } from '../support/ui-steps.ts';

/** The demo's day is the statutory due date's (delivered 2026-10-27 + 30 days, a Thursday); then the day after. */
const DAY_AFTER = '2026-11-27T10:00:00+08:00';

/** The case page's card of the regulation, as a picture of its own beside the full page. */
const cardShot = async (page: Page, name: string) => {
  await screenshot(page.getByTestId('payment-law'), name);
};

describe(`the statutory due date and late interest in a real browser (保障中小企业款项支付条例, ${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('counts 30 days from delivery to a government body, shows a day overdue with ¥250.00 of interest the day after, and records a correction with its reason', async () => {
    const office = await app.signedIn('yingshangban');
    const enterprise = await app.signedIn('qiye1');
    const { creditCode, name } = await enterprise.evaluate(async () => {
      const body = (await (await fetch('/api/session')).json()) as { user: { unit: { creditCode: string; name: string } } };
      return body.user.unit;
    });

    // Registered on the due day itself, with the contract's facts the form asks.
    await office.goto(`${app.baseUrl}/cases/new`);
    await office.getByLabel('事项名称').fill('汉东区教育局拖欠实验室仪器采购款');
    await office.getByLabel('企业统一社会信用代码').fill(creditCode);
    await office.getByLabel('企业名称').click();
    await office.getByLabel('企业名称').fill(name);
    await choose(office, '责任单位（欠款单位）', '汉东区教育局');
    await office.getByLabel('企业主张的欠款金额（元）').fill('500000.00');
    await office.getByLabel('基本情况').fill('2026年10月27日交付实验室仪器46台（套），未约定验收期限，货款至今未付。');
    await office.getByLabel('交办意见').fill('请汉东区教育局核实并依法支付。');
    await office.getByText('合同信息（《保障中小企业款项支付条例》）').click();
    await office.getByLabel('合同编号').fill('HDJY-2025-041');
    await choose(office, '采购内容', '货物');
    await choose(office, '债务人类型', '机关');
    // Typed and left with Tab: Enter in a field of the registration form submits it.
    await office.getByLabel('交付日期', { exact: true }).fill('2026-10-27');
    await office.getByLabel('交付日期', { exact: true }).press('Tab');
    await expect.poll(() => office.locator('.ant-picker-dropdown:visible').count()).toBe(0);
    await app.screenshot(office, 'payment-law-registration');
    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = office.url();

    const card = office.getByTestId('payment-law');
    await expect.poll(() => card.getByTestId('law-due-on').innerText()).toBe('2026-11-26');
    expect(await card.getByTestId('law-overdue').innerText()).toBe('未超过法定付款期限');
    expect(await card.getByTestId('law-due-story').innerText()).toMatch(/自交付之日起算（2026-10-27）[\s\S]*法定30天（机关）[\s\S]*第九条/);
    expect(await card.getByTestId('late-interest').innerText()).toContain('按日万分之五（未约定利率）');
    expect(await card.getByTestId('late-interest').innerText()).toContain('尚未逾期，没有逾期利息');
    expect(await office.getByTestId('contract-facts-card').innerText()).toMatch(/合同编号\s*HDJY-2025-041[\s\S]*交付日期\s*2026-10-27/);

    // The day after the due date: a day overdue, 500,000.00 元 × 0.05% × 1 day of interest.
    app.setClock(DAY_AFTER);
    const late = await app.signedIn('yingshangban');
    await late.setViewportSize({ width: 1366, height: 768 });
    await late.goto(caseUrl);
    const lateCard = late.getByTestId('payment-law');
    await expect.poll(() => lateCard.getByTestId('law-overdue').innerText()).toBe('已超过法定付款期限1天');
    expect(await lateCard.getByTestId('interest-total').innerText()).toBe('¥250.00');
    expect(await lateCard.getByTestId('interest-lines').innerText()).toMatch(/2026-11-27\s*至 2026-11-27[\s\S]*1\s*¥500,000.00\s*¥250.00/);
    expect(await lateCard.innerText()).toContain('利息按《保障中小企业款项支付条例》第十七条计算，每笔四舍五入到分');
    // The 依据 panel quotes the articles beside the rules.
    const basis = late.getByTestId('basis');
    expect(await basis.innerText()).toMatch(/S3[\s\S]*《保障中小企业款项支付条例》[\s\S]*第九条\s*机关、事业单位从中小企业采购[\s\S]*第十七条\s*逾期支付/);
    await screenshot(basis, 'payment-law-basis-1366');
    // Staff keep the state diagram and the rule ids; the enterprise's steps are for the enterprise.
    expect(await late.getByTestId('enterprise-progress').count()).toBe(0);
    await late.getByTestId('flow-diagram').waitFor();
    await app.screenshot(late, 'payment-law-case-1366');
    await cardShot(late, 'payment-law-card-1366');
    await late.setViewportSize({ width: 390, height: 844 });
    await lateCard.scrollIntoViewIfNeeded();
    await app.screenshot(late, 'payment-law-case-390');
    await cardShot(late, 'payment-law-card-390');

    // The ledger's 依法逾期 filter lists it with its tag; the cockpit's figure opens that ledger.
    await late.setViewportSize({ width: 1366, height: 768 });
    await late.goto(`${app.baseUrl}/cockpit`);
    await late.getByTestId('line-arrears').getByTestId('figure-overdue-by-law').click();
    await expect.poll(() => new URL(late.url()).searchParams.get('overdueByLaw')).toBe('true');
    expect(new URL(late.url()).searchParams.get('line')).toBe('arrears');
    expect(await late.getByRole('checkbox', { name: '依法逾期', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => late.locator('.ant-table-row', { hasText: '汉东区教育局拖欠实验室仪器采购款' }).innerText()).toContain('依法逾期1天');
    await app.screenshot(late, 'payment-law-ledger');

    // The enterprise sees the same card, without the button to correct the contract.
    const firm = await app.signedIn('qiye1', caseUrl);
    await expect.poll(() => firm.getByTestId('payment-law').innerText()).toContain('已超过法定付款期限1天');
    expect(await firm.getByTestId('case-actions').innerText()).not.toContain('补充更正合同信息');
    // The enterprise follows its case by steps in words: no state diagram and no rule ids, which staff keep.
    await expect.poll(() => firm.getByTestId('enterprise-progress').innerText()).toMatch(/已提交[\s\S]*已受理[\s\S]*核实处理[\s\S]*付款[\s\S]*办结反馈[\s\S]*已销号/);
    // Registered by 营商办 itself, the case was taken on at once (登记即受理): the unit is verifying it.
    expect(await firm.getByTestId('enterprise-next').innerText()).toBe('责任单位正在核实情况，核实后将确定处理方式并告知您。');
    expect(await firm.getByTestId('flow-diagram').count()).toBe(0);
    expect(await firm.getByTestId('basis').innerText()).not.toMatch(/\bS3\b/);
    expect(await firm.getByTestId('case-timeline').innerText()).not.toMatch(/\bS3\b/);
    await screenshot(firm.getByTestId('enterprise-progress'), 'enterprise-progress-1366');

    // The debtor corrects the delivery day: refused without a reason, then recorded with one.
    const debtor = await app.signedIn('hd-jiaoyu', caseUrl);
    await act(debtor, '补充更正合同信息');
    await fillDate(debtor, debtor.getByRole('dialog').getByLabel('交付日期', { exact: true }), '2026-10-30');
    await debtor.getByTestId('action-submit').click();
    await debtor.getByRole('dialog').getByText('更正已记录的“交付日期”须填写更正说明').waitFor();
    await debtor.getByLabel('更正说明').fill('以签收单日期为准');
    await submitAction(debtor, '已登记');
    // 2026-10-30 + 30 days ends on Sunday 2026-11-29: the next working day.
    const corrected = debtor.getByTestId('payment-law');
    await expect.poll(() => corrected.getByTestId('law-day-off').innerText()).toBe('期限末日2026-11-29为法定休假日，顺延至2026-11-30');
    expect(await corrected.getByTestId('law-due-on').innerText()).toBe('2026-11-30');
    expect(await debtor.getByTestId('case-timeline').innerText()).toMatch(/补充更正合同信息[\s\S]*合同信息：交付日期 2026-10-30[\s\S]*更正说明：以签收单日期为准/);
  });

  it('draws a partly disputed debt as two parts, takes the undisputed part’s payment during the dispute, and asks for that part only when the debt is disputed (Art. 15)', async () => {
    app.setClock('2026-11-26T10:00:00+08:00');
    const debtor = await app.signedIn('jiangbei');
    await debtor.setViewportSize({ width: 1366, height: 768 });
    const found = await debtor.evaluate(async () => {
      const body = (await (await fetch('/api/cases?line=arrears&limit=100&q=%E4%BB%A3%E5%BB%BA')).json()) as { items: { id: string; title: string }[] };
      return body.items.find((item) => item.title === '江北区人民政府拖欠招商项目代建工程款')!.id;
    });
    await debtor.goto(`${app.baseUrl}/cases/${found}`);
    const parts = debtor.getByTestId('arrears-parts');
    await expect.poll(() => parts.getByTestId('part-undisputed').innerText()).toMatch(/无争议部分\s*部分支付\s*一次性支付，2026-12-31前（A1、A2）\s*金额 ¥2,600,000.00\s*已付 ¥1,500,000.00/);
    expect(await parts.getByTestId('part-disputed').innerText()).toMatch(/争议部分\s*协商中\s*协商中：金额待协商、调解或判决确定\s*金额 —\s*已付 —/);
    expect(await debtor.getByTestId('case-state').innerText()).toContain('协商中');
    await parts.scrollIntoViewIfNeeded();
    await app.screenshot(debtor, 'arrears-parts-1366');
    await screenshot(parts, 'arrears-parts-card-1366');

    // The rest of the undisputed part, paid while the management fee is still negotiated.
    await act(debtor, '登记还款');
    expect(await debtor.getByRole('dialog').innerText()).toContain('未清偿：1,100,000.00 元');
    await debtor.getByRole('dialog').getByLabel('付款凭证号').fill('JBCZ-2026-1126-01');
    await submitAction(debtor, '协商中');
    await expect.poll(() => parts.getByTestId('part-undisputed').innerText()).toMatch(/已付清[\s\S]*金额 ¥2,600,000.00\s*已付 ¥2,600,000.00/);
    expect(await debtor.getByTestId('case-actions').innerText()).not.toContain('登记还款');
    await debtor.setViewportSize({ width: 390, height: 844 });
    await parts.scrollIntoViewIfNeeded();
    await app.screenshot(debtor, 'arrears-parts-390');
    await screenshot(parts, 'arrears-parts-card-390');

    // The classification asks for the undisputed part only once the debt is marked disputed.
    const soe = await app.signedIn('chengfa');
    const registeredId = await soe.evaluate(async () => {
      const body = (await (await fetch('/api/cases?line=arrears&limit=100&q=%E6%BB%A8%E6%B1%9F%E5%85%AC%E5%9B%AD')).json()) as { items: { id: string; title: string }[] };
      return body.items.find((item) => item.title === '汉江城发集团拖欠滨江公园景观工程款')!.id;
    });
    await soe.goto(`${app.baseUrl}/cases/${registeredId}`);
    await act(soe, '分类处置');
    const dialog = soe.getByRole('dialog');
    await dialog.getByLabel('确认欠款金额（元）').waitFor();
    expect(await dialog.getByLabel('其中无争议部分（元）').count()).toBe(0);
    await dialog.getByText('有争议（进入协商，A4）').click();
    await dialog.getByLabel('其中无争议部分（元）').fill('600000.00');
    expect(await dialog.getByLabel('确认欠款金额（元）').count()).toBe(0);
    await submitAction(soe, '协商中');
    await expect.poll(() => soe.getByTestId('part-undisputed').innerText()).toMatch(/未付[\s\S]*金额 ¥600,000.00\s*已付 ¥0.00/);

    // The enterprise sees the interest counted in what it is owed, and waives it (Art. 17).
    const firm = await app.signedIn('qiye1');
    await firm.setViewportSize({ width: 390, height: 844 });
    await firm.goto(`${app.baseUrl}/cases/${found}`);
    const owed = firm.getByTestId('owed-with-interest');
    await expect.poll(() => owed.innerText()).toMatch(/本息合计未清偿：¥[\d,]+\.\d\d/);
    expect(await firm.getByTestId('law-not-owed').innerText()).toBe('已确认的款项已付清，争议部分确定后再计');
    expect(await firm.getByTestId('enterprise-next').innerText()).toContain('责任单位正在与您协商有争议的事项');
    await screenshot(firm.getByTestId('enterprise-progress'), 'enterprise-progress-390');
    await owed.scrollIntoViewIfNeeded();
    await app.screenshot(firm, 'interest-owed-enterprise-390');
    await cardShot(firm, 'interest-owed-card-390');
    await owed.getByTestId('waive-interest').click();
    await firm.getByRole('dialog').waitFor();
    await firm.getByRole('dialog').getByLabel('说明').fill('双方长期合作，自愿放弃逾期利息');
    await submitAction(firm, '协商中');
    await expect.poll(() => firm.getByTestId('interest-waived').innerText()).toBe('企业已于2026-11-26放弃逾期利息，利息不再计入未清偿金额');
    expect(await firm.getByTestId('case-timeline').innerText()).toMatch(/放弃逾期利息[\s\S]*双方长期合作，自愿放弃逾期利息/);
  });
});
