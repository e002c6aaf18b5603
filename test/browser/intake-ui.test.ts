import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInShanghai, yearOf } from '../../src/domain/calendar.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { demand, demandWorkbook } from '../support/intake-workbook.ts';
import { act, choose, confirmPopup, drawerOpened, untilClosed, fillDate, submitAction, columnsInView, pageScrollWidth } from '../support/ui-steps.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const queueRow = (page: Page, title: string) => page.getByTestId('intake-queue').locator('tr', { hasText: title });

describe(`the intake desk and the integrity line in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('lets 营商办 accept a petition and assign it, seeing the matrix’s lead and cooperating units (S3)', async () => {
    const office = await app.signedIn('yingshangban');
    await office.getByRole('menuitem', { name: '受理台' }).click();
    await office.waitForURL(/\/intake$/);
    const row = queueRow(office, '石门县人民医院拖欠医用耗材货款');
    await row.waitFor();
    expect(await queueRow(office, '汉东区教育局拖欠教育城域网运维服务费').getByTestId('duplicate-badge').innerText()).toContain('疑似重复 1');
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'intake-queue');
    // A laptop: 编号, 事项 and the 受理 button stay in view, with the count and page sizes below.
    await office.setViewportSize({ width: 1366, height: 768 });
    expect(await columnsInView(office, ['编号', '事项', '操作'], '[data-testid="intake-queue"]')).toEqual(['编号: in view', '事项: in view', '操作: in view']);
    await expect.poll(() => office.getByTestId('intake-total').innerText()).toMatch(/^共 \d+ 条$/);
    await app.screenshot(office, 'intake-queue-1366');
    // A phone opens the page at its own width.
    await office.setViewportSize({ width: 390, height: 844 });
    await office.reload();
    await office.getByTestId('intake-queue').locator('tbody tr.ant-table-row').first().waitFor();
    await expect.poll(() => pageScrollWidth(office)).toBeLessThanOrEqual(390);
    await app.screenshot(office, 'intake-queue-390');
    await office.setViewportSize({ width: 1440, height: 900 });

    await row.getByTestId('intake-handle').click();
    const drawer = office.getByTestId('intake-drawer');
    await drawer.getByText('企业来信反映').waitFor();
    const matrix = drawer.getByTestId('matrix-units');
    await expect.poll(() => matrix.innerText()).toContain('汉江市经济和信息化局');
    expect(await matrix.innerText()).toContain('汉江市财政局、汉江市审计局');
    await drawer.getByLabel('交办意见').fill('请石门县人民医院5个工作日内核实货款对账情况，依规分类处置，并报市营商办。');
    await drawerOpened(office);
    await app.screenshot(office, 'intake-accept');
    await drawer.getByTestId('accept-submit').click();
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => row.count()).toBe(0);

    const caseId = await office.evaluate(async () => {
      const body = (await (await fetch('/api/cases?q=医用耗材&limit=5')).json()) as { items: { id: string }[] };
      return body.items[0]!.id;
    });
    await office.goto(`${app.baseUrl}/cases/${caseId}`);
    const intake = office.getByTestId('case-intake');
    await expect.poll(() => intake.innerText()).toContain('已受理');
    expect(await intake.innerText()).toContain('请石门县人民医院5个工作日内核实');
  });

  it('shows 营商办 why a complaint repeats an arrear and merges it into that case (S3)', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/intake`);
    const row = queueRow(office, '汉东区教育局拖欠教育城域网运维服务费');
    await row.getByTestId('intake-handle').click();
    const drawer = office.getByTestId('intake-drawer');
    const candidate = drawer.getByTestId('duplicate-candidates').locator('li', { hasText: '汉东区教育局拖欠教育城域网运维费' });
    await candidate.waitFor();
    const reasons = await candidate.innerText();
    for (const reason of ['同一企业', '同一欠款单位', '事实相似度', '金额相同', '疑似重复']) expect(reasons).toContain(reason);
    await drawerOpened(office);
    await app.screenshot(office, 'intake-duplicates');
    const target = (await candidate.getAttribute('data-duplicate'))!;
    await candidate.getByRole('button', { name: '合并到此件' }).click();
    await confirmPopup(office, '合并到此件');
    await untilClosed(drawer, drawer.getByTestId('intake-error'));
    await expect.poll(() => row.count()).toBe(0);

    await office.goto(`${app.baseUrl}/ledger`);
    const targetId = await office.evaluate(async (number) => {
      const body = (await (await fetch(`/api/cases?q=${number}&limit=5`)).json()) as { items: { id: string }[] };
      return body.items[0]!.id;
    }, target);
    await office.goto(`${app.baseUrl}/cases/${targetId}`);
    const merged = office.getByTestId('merged-cases');
    await expect.poll(() => merged.innerText()).toContain('汉东区教育局拖欠教育城域网运维服务费');
    await merged.getByRole('link').first().click();
    await expect.poll(() => office.getByTestId('case-state').innerText()).toContain('不予受理');
    expect(await office.getByTestId('merged-into').innerText()).toContain(target);
  });

  it('lets a county register a rectification item without an enterprise and put it on a plan (G2)', async () => {
    const county = await app.signedIn('handong', `${app.baseUrl}/cases/new`);
    await county.getByText('政府守信践诺再提升', { exact: true }).click();
    await county.getByLabel('涉及具体企业').click();
    await county.getByLabel('事项名称').fill('汉东区政府采购合同约定“以财政审计结论作为结算依据”');
    await choose(county, '责任单位（整改主体）', '汉东区人民政府');
    await county.getByLabel('基本情况').fill('自查发现2025年3份政府采购合同以审计结论作为结算依据，延长了付款周期。');
    expect(await county.getByLabel('企业名称').count()).toBe(0);
    await app.screenshot(county, 'integrity-registration');
    await county.getByRole('button', { name: '登记', exact: true }).click();
    await county.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => county.getByTestId('case-state').innerText()).toContain('已登记');
    expect(await county.locator('body').innerText()).toContain('不涉及具体企业');

    await act(county, '分类处置');
    await county.getByLabel('问题定性').fill('合同条款不当延长付款期限');
    await submitAction(county, '计划制定中');

    await act(county, '提交还款/整改计划');
    await county.getByPlaceholder('如：与企业签订补充协议，删除违法条款').fill('与供应商签订补充协议，改为按合同约定结算');
    await county.getByRole('button', { name: '增加一项措施' }).click();
    await county.getByPlaceholder('如：与企业签订补充协议，删除违法条款').nth(1).fill('修订政府采购合同范本');
    const year = yearOf(todayInShanghai(app.app.clock())) + 1;
    await fillDate(county, county.getByRole('dialog').getByLabel('整改时限'), `${year}-01-29`);
    await county.getByLabel('责任人姓名').fill('李明');
    await county.getByLabel('责任人职务').fill('汉东区财政局副局长');
    await submitAction(county, '履行中');
    const plan = county.getByTestId('rectification');
    await expect.poll(() => plan.innerText()).toContain('修订政府采购合同范本');
    expect(await plan.innerText()).toContain(`${year}-01-29`);
    expect(await plan.innerText()).toContain('跨年整改');
    expect(await county.getByTestId('basis').innerText()).toContain('G2');

    await act(county, '报送进展');
    await county.getByLabel('进展情况').fill('已与2家供应商签订补充协议。');
    await county.getByLabel('完成比例（%）').fill('50');
    await county.getByTestId('action-submit').click();
    await county.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => county.getByTestId('progress').innerText()).toContain('已与2家供应商签订补充协议');
    await county.waitForLoadState('networkidle');
    await app.screenshot(county, 'integrity-plan');

    // G3: done, reported in writing, and closed by 营商办.
    await act(county, '整改完成');
    await county.getByLabel('整改完成情况及佐证').fill('3份合同均已签订补充协议，政府采购合同范本已修订印发。');
    await submitAction(county, '已办结');
    await act(county, '书面反馈');
    await county.getByLabel('书面反馈内容').fill('整改措施已全部落实。');
    await county.getByPlaceholder('材料名称，如银行回单').fill('补充协议（3份）');
    await county.getByPlaceholder('文号或存档编号').fill('汉东财采补〔2026〕1—3号');
    await submitAction(county, '待销号');
    const office = await app.signedIn('yingshangban', county.url());
    await act(office, '销号');
    await submitAction(office, '已销号');
    expect(await office.getByTestId('case-timeline').innerText()).toMatch(/销号[\s\S]*书面反馈[\s\S]*整改完成[\s\S]*报送进展[\s\S]*提交还款\/整改计划[\s\S]*分类处置[\s\S]*登记/);
  });
  it('lets 经信局 register its own finding only on the public bodies it leads, and find the platform import there (S3)', async () => {
    const bureau = await app.signedIn('jingxinju');
    await bureau.getByRole('menuitem', { name: '登记问题' }).click();
    await bureau.waitForURL(/\/cases\/new$/);
    await bureau.getByTestId('intake-import-open').waitFor();
    await bureau.getByLabel('事项名称').fill('排查发现：汉江市中心医院拖欠医疗设备维保费');
    await bureau.getByLabel('企业统一社会信用代码').fill(makeCreditCode('91422900MA4K3D8W1'));
    await bureau.getByLabel('企业名称').click();
    await bureau.getByLabel('企业名称').fill('汉江市康达医疗设备有限公司');
    // A city SOE is 国资委's: 经信局 is not offered it.
    await bureau.getByLabel('责任单位（欠款单位）', { exact: true }).click();
    await bureau.keyboard.type('汉江城市发展');
    await expect.poll(() => bureau.locator('.ant-select-item-option[title="汉江城市发展投资集团有限公司"]').count()).toBe(0);
    await bureau.keyboard.press('Escape');
    await choose(bureau, '责任单位（欠款单位）', '汉江市中心医院');
    await bureau.getByLabel('企业主张的欠款金额（元）').fill('320000.00');
    await bureau.getByLabel('基本情况').fill('排查发现：2025年设备维保服务已履行完毕，维保费至今未付。');
    await app.screenshot(bureau, 'lead-bureau-registration');
    await bureau.getByRole('button', { name: '登记', exact: true }).click();
    await bureau.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => bureau.getByTestId('case-state').innerText()).toContain('已登记');
    expect(await bureau.locator('body').innerText()).toContain('牵头部门排查');
  });

  it('lets 营商办 import the provincial platform’s demands: a bad file lists its row errors, a good one lands in the queue (S3)', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/intake`);
    await office.getByTestId('intake-queue').waitFor();
    await office.getByTestId('intake-import-open').click();
    const modal = office.getByTestId('intake-import-modal');
    await modal.getByTestId('intake-import-template').waitFor();
    const today = todayInShanghai(app.app.clock());
    const title = '反映汉东区住房和城乡建设局拖欠老旧小区改造工程款';
    const good = demand(901, { 诉求标题: title, 被反映单位: '汉东区住房和城乡建设局', '涉及金额（元）': '86.5万元', 提交日期: today });
    const input = modal.locator('input[type=file]');

    await input.setInputFiles({ name: '省平台诉求.xlsx', mimeType: XLSX, buffer: await demandWorkbook([good, demand(902, { 被反映单位: '汉东区水利局' })]) });
    const errors = modal.getByTestId('intake-import-errors');
    await expect.poll(() => errors.innerText()).toContain('未找到单位“汉东区水利局”');
    expect(await errors.innerText()).toContain('被反映单位');
    await app.screenshot(office, 'intake-import-errors');
    expect(await queueRow(office, title).count()).toBe(0);

    await input.setInputFiles({ name: '省平台诉求.xlsx', mimeType: XLSX, buffer: await demandWorkbook([good]) });
    // The preview shows the line each demand goes to: without a 所属行动, arrears, and says so.
    const preview = modal.getByTestId('intake-import-preview');
    await expect.poll(() => preview.innerText()).toContain('文件未填，默认清欠');
    await app.screenshot(office, 'intake-import-preview');
    await modal.getByTestId('intake-import-confirm').click();
    const result = modal.getByTestId('intake-import-result');
    await expect.poll(() => result.innerText()).toContain('已导入 1 条诉求');
    expect(await result.innerText()).toContain(title);
    await app.screenshot(office, 'intake-import-done');
    await modal.getByTestId('intake-import-close').click();
    const row = queueRow(office, title);
    await row.waitFor();
    // The modal fades out before it is removed; the picture shows the queue without it.
    await modal.waitFor({ state: 'hidden' });
    await app.screenshot(office, 'intake-import-queue');
    expect(await row.innerText()).toContain('HBSQ202611200901');
    expect(await row.innerText()).toContain('湖北省中小微企业诉求响应平台');

    // The case page names the platform's demand it came from.
    await row.getByRole('link').first().click();
    await expect.poll(() => office.locator('.ant-descriptions').first().innerText()).toContain('省平台诉求编号');
    expect(await office.locator('.ant-descriptions').first().innerText()).toContain('HBSQ202611200901');
  });
});
