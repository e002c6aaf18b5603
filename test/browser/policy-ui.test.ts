import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, todayInShanghai } from '../../src/domain/calendar.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { act, choose, drawerOpened, fillDate, submitAction } from '../support/ui-steps.ts';
import { clauseRow, policyRow, policyWorkbook } from '../support/policy-workbook.ts';

const TITLE = '汉东区教育局未兑现2025年度校园安全设施建设“以奖代补”资金';

describe(`the policy line in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('takes an enterprise’s policy complaint through a deferral it agrees to in its portal, to the money paid (P3, P5)', async () => {
    // The enterprise complains in its portal, on the policy line, in the line's own words.
    const enterprise = await app.signedIn('qiye1', `${app.baseUrl}/portal/new`);
    await enterprise.getByText('惠企政策兑现', { exact: true }).click();
    await expect.poll(() => enterprise.locator('.ant-card-head-title').first().innerText()).toContain('惠企政策未兑现');
    await choose(enterprise, '政策兑现部门', '汉东区教育局');
    await enterprise.getByLabel('诉求标题').fill(TITLE);
    await enterprise.getByLabel('应兑现金额（元，选填）').fill('58万元');
    await enterprise.getByLabel('情况说明').fill('2025年承建的3所中学安防改造项目已验收，按区“以奖代补”办法应获奖补58万元，申报已审核通过，至今未拨付。');
    await enterprise.getByRole('button', { name: '提交诉求', exact: true }).click();
    await enterprise.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = enterprise.url();
    await expect.poll(() => enterprise.getByTestId('case-state').innerText()).toContain('已登记');

    // 营商办 accepts it; the bureau classifies: funds not in place, a deferral needed (P3).
    const office = await app.signedIn('yingshangban', caseUrl);
    await act(office, '受理并交办');
    await office.getByTestId('action-submit').click();
    await office.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => office.getByTestId('case-timeline').innerText()).toContain('受理并交办');

    const bureau = await app.signedIn('hd-jiaoyu', caseUrl);
    await act(bureau, '分类处置');
    const dialog = bureau.getByRole('dialog');
    await dialog.getByText('兑现难', { exact: true }).click();
    await dialog.getByText('资金未到位', { exact: true }).click();
    await dialog.getByLabel('涉及政策及条款').fill('《汉东区校园安全设施建设以奖代补办法》第六条');
    await dialog.getByLabel('资金困难情况').fill('区级奖补资金年度预算已执行完毕，须待预算调整。');
    await submitAction(bureau, '计划制定中');
    expect(await bureau.getByTestId('basis').innerText()).toContain('P3');

    const newDate = addCalendarDays(todayInShanghai(app.app.clock()), 60);
    await act(bureau, '提交整改或延期方案');
    await fillDate(bureau, bureau.getByRole('dialog').getByLabel('延期兑现日期'), newDate);
    await bureau.getByRole('dialog').getByLabel('延期原因').fill('已列入区财政第一季度预算调整，调整后一次性拨付。');
    await submitAction(bureau, '待企业认可');
    // The bureau cannot agree for the enterprise.
    expect(await bureau.getByTestId('case-actions').innerText()).not.toContain('同意延期兑现');

    // The enterprise sees the proposed date and agrees, itself.
    await enterprise.reload();
    await expect.poll(() => enterprise.getByTestId('policy-deferral').innerText()).toContain(newDate);
    expect(await enterprise.getByTestId('policy-deferral').innerText()).toContain('待企业同意');
    await app.screenshot(enterprise, 'policy-deferral-portal');
    await act(enterprise, '同意延期兑现');
    await submitAction(enterprise, '履行中');
    await expect.poll(() => enterprise.getByTestId('policy-deferral').innerText()).toContain('企业已同意');
    expect(await enterprise.locator('body').innerText()).toContain(newDate);

    // The money is paid in one disbursement; the case is settled.
    await bureau.reload();
    await act(bureau, '登记资金拨付');
    await bureau.getByRole('dialog').getByLabel('拨付凭证号').fill('汉东财拨〔2026〕58号');
    await submitAction(bureau, '已办结');
    const card = await bureau.getByTestId('policy-problem').innerText();
    expect(card).toContain('汉东财拨〔2026〕58号');
    expect(card).toContain('580,000.00');
    expect(await bureau.getByTestId('case-timeline').innerText()).toMatch(/登记资金拨付[\s\S]*同意延期兑现[\s\S]*提交整改或延期方案[\s\S]*分类处置/);
    await app.screenshot(bureau, 'policy-settled');

    // On a phone the enterprise reads the same card.
    await enterprise.setViewportSize({ width: 390, height: 844 });
    await enterprise.reload();
    await enterprise.getByTestId('policy-problem').waitFor();
    await app.screenshot(enterprise, 'policy-settled-390');
  });

  it('shows the library by package with each clause’s standard and eligibility, and lets a county abolish its department’s policy (P1, P7)', async () => {
    const county = await app.signedIn('handong');
    await county.getByRole('menuitem', { name: '政策库' }).click();
    await county.waitForURL(/\/policies$/);
    await county.getByLabel('政策包').click();
    await county.locator('.ant-select-item-option[title="30条"]').click();
    await county.waitForURL(/package=/);
    // The filtered list replaces the whole library: a county policy outside the package is gone.
    await expect.poll(() => county.getByTestId('policy-table').innerText()).not.toContain('汉东区支持民办教育规范发展若干措施');
    expect(await county.getByTestId('policy-table').innerText()).toContain('汉江市加快制造业高质量发展若干政策');
    await county.getByRole('link', { name: '汉江市加快制造业高质量发展若干政策' }).click();
    const clauses = county.getByTestId('policy-clauses');
    await expect.poll(() => clauses.innerText()).toContain('按设备投资额的10%，最高200万元');
    expect(await clauses.innerText()).toContain('上年度营业收入 ≥ 2,000万元');
    expect(await clauses.innerText()).toContain('免申即享');
    // A city policy is 营商办's and its department's to keep, not a county's.
    expect(await county.getByTestId('policy-drawer').getByRole('button', { name: '废止' }).count()).toBe(0);
    await drawerOpened(county);
    await app.screenshot(county, 'policy-library-drawer');

    await county.goto(`${app.baseUrl}/policies?q=${encodeURIComponent('民办教育')}`);
    await county.getByRole('link', { name: '汉东区支持民办教育规范发展若干措施' }).click();
    const drawer = county.getByTestId('policy-drawer');
    await drawer.getByRole('button', { name: '废止' }).click();
    const dialog = county.getByRole('dialog', { name: '废止政策' });
    await dialog.getByLabel('废止理由').fill('并入全区统一的教育扶持政策');
    await dialog.getByRole('button', { name: '确认废止' }).click();
    await expect.poll(() => drawer.innerText()).toContain('已废止');
    expect(await drawer.innerText()).toContain('并入全区统一的教育扶持政策');
    expect(await drawer.getByRole('button', { name: '废止' }).count()).toBe(0);
  });

  it('shows a department the 申兑指南 it has not published, and closes the gap when it records the guide in the drawer (P1, G2)', async () => {
    const bureau = await app.signedIn('jingxinju', `${app.baseUrl}/policies?q=${encodeURIComponent('技术改造专项资金')}`);
    await bureau.getByRole('link', { name: '汉江市工业企业技术改造专项资金实施细则' }).click();
    const drawer = bureau.getByTestId('policy-drawer');
    const gaps = drawer.getByTestId('publication-gaps');
    // Published 2026-02-20 without its guide: overdue since the 7th working day, and already an integrity item.
    await expect.poll(() => gaps.innerText()).toContain('缺少申兑指南');
    expect(await gaps.innerText()).toContain('应于 2026-03-03 前发布，已逾期');
    expect(await gaps.innerText()).toMatch(/整改事项 SX2026-\d{5}/);
    expect(await drawer.getByTestId('publication-records').innerText()).toContain('部门网站首页');
    await drawerOpened(bureau);
    await gaps.scrollIntoViewIfNeeded();
    await app.screenshot(bureau, 'policy-publication-gap');

    await drawer.getByRole('button', { name: '登记发布记录' }).click();
    const dialog = bureau.getByRole('dialog', { name: '登记发布记录' });
    await dialog.waitFor();
    await choose(bureau, '发布类型', '申兑指南');
    await dialog.getByLabel('链接').fill('https://zwfw.hanjiang.gov.cn/hqzc/sdzn/jxj-2026-5.html');
    await dialog.getByLabel('受益对象').fill('本市规模以上工业企业');
    await dialog.getByLabel('申报条件').fill('年度设备投资300万元以上的技术改造项目，已竣工验收');
    await dialog.getByLabel('兑现时限').fill('受理后20个工作日内拨付');
    await dialog.getByLabel('申报地点或渠道').fill('市政务服务中心惠企政策兑现专窗');
    // A number nobody can call is refused next to its field, before anything is sent.
    await dialog.getByLabel('咨询电话').fill('请咨询专窗');
    await dialog.getByRole('button', { name: '确认登记' }).click();
    await expect.poll(() => dialog.innerText()).toContain('咨询电话格式不正确');
    await dialog.getByLabel('咨询电话').fill('0710-3226688');
    await dialog.getByRole('button', { name: '确认登记' }).click();
    // The form closes when the server records it; an error it shows instead fails the step with its words.
    const refused = dialog.getByTestId('publication-error');
    const outcome = await Promise.race([
      dialog.waitFor({ state: 'detached' }).then(() => 'recorded' as const),
      refused.waitFor().then(
        () => 'refused' as const,
        () => new Promise<never>(() => undefined),
      ),
    ]);
    if (outcome === 'refused') expect.fail(`登记被拒绝：${await refused.innerText()}`);

    await expect.poll(() => gaps.innerText()).not.toContain('申兑指南');
    expect(await gaps.innerText()).toContain('发布事项齐全');
    const records = await drawer.getByTestId('publication-records').innerText();
    expect(records).toContain('受理后20个工作日内拨付');
    expect(records).toContain('0710-3226688');
    await drawerOpened(bureau);
    await app.screenshot(bureau, 'policy-publications');
  });

  it('shows an enterprise the 免申即享清单 with each clause’s listing day and the abolished policy’s clause taken off, and staff reach it from the library (P2, P7)', async () => {
    const enterprise = await app.signedIn('qiye1');
    await enterprise.getByRole('menuitem', { name: '免申即享清单' }).click();
    await enterprise.waitForURL(/\/policies\/no-application$/);
    const current = enterprise.getByTestId('no-application-current');
    await expect.poll(() => current.innerText()).toContain('首次认定高新技术企业奖励');
    const row = current.locator('tr', { hasText: '首次认定高新技术企业奖励' });
    expect(await row.innerText()).toContain('汉政发〔2026〕3号');
    expect(await row.innerText()).toContain('定额 30万元');
    expect(await row.innerText()).toContain('2026-02-01');
    // Abolished on 2026-10-31: off the list, and its leaving in the history with the reason.
    expect(await current.innerText()).not.toContain('限上商贸企业入统奖励');
    const history = enterprise.getByTestId('no-application-history');
    const removal = history.locator('.ant-timeline-item', { hasText: '丰政发〔2024〕15号' }).first();
    expect(await removal.innerText()).toMatch(/移出[\s\S]*2026-10-31[\s\S]*废止[\s\S]*第六条 限上商贸企业入统奖励/);
    await app.screenshot(enterprise, 'no-application-list');

    await enterprise.setViewportSize({ width: 390, height: 844 });
    await enterprise.reload();
    await current.waitFor();
    await expect.poll(() => current.innerText()).toContain('首次认定高新技术企业奖励');
    await app.screenshot(enterprise, 'no-application-list-390');

    // Staff reach it from the library's header and open a listed clause's policy from it.
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/policies`);
    await office.getByRole('link', { name: '免申即享清单' }).click();
    await office.waitForURL(/\/policies\/no-application$/);
    await office.getByTestId('no-application-current').getByRole('link', { name: '汉江市企业研发机构建设奖励办法' }).click();
    await expect.poll(() => office.getByTestId('policy-clauses').innerText()).toContain('省级企业技术中心奖励');
  });

  it('imports a policy list through the modal: every row error listed first, then a preview, then the new policy in the library (P7)', async () => {
    const bureau = await app.signedIn('jingxinju', `${app.baseUrl}/policies`);
    await bureau.getByTestId('policy-import-open').click();
    const modal = bureau.getByTestId('policy-import-modal');
    await modal.getByTestId('policy-import-template').waitFor();
    const input = modal.locator('input[type=file]');
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const policy = policyRow(31, { 政策名称: '汉江市工业互联网平台建设奖补办法', 发布日期: '2026-11-20', 施行日期: '2026-12-01' });
    const clause = clauseRow('汉经信发〔2026〕31号', { 条款名称: '工业互联网平台奖补', 申报条件: '行业: C\n营业收入>=2000万元' });

    // A bad row is listed with its sheet, row and column; nothing is imported.
    await input.setInputFiles({ name: '政策清单.xlsx', mimeType: XLSX, buffer: await policyWorkbook([policy], [{ ...clause, 申报条件: '营业收入>2000万元' }]) });
    const errors = modal.getByTestId('policy-import-errors');
    await expect.poll(() => errors.innerText()).toContain('只能写 >=（不低于）或 <=（不高于）');
    expect(await errors.innerText()).toMatch(/条款\s+2\s+申报条件/);

    await input.setInputFiles({ name: '政策清单.xlsx', mimeType: XLSX, buffer: await policyWorkbook([policy], [clause]) });
    const preview = modal.getByTestId('policy-import-preview');
    await expect.poll(() => preview.innerText()).toContain('将导入 1 项政策、1 个条款');
    expect(await preview.innerText()).toContain('汉江市工业互联网平台建设奖补办法');
    await app.screenshot(bureau, 'policy-import-preview');
    await modal.getByTestId('policy-import-confirm').click();
    await expect.poll(() => modal.getByTestId('policy-import-done').innerText()).toContain('已导入 1 项政策、1 个条款');
    await modal.getByTestId('policy-import-close').click();

    await expect.poll(() => bureau.getByTestId('policy-table').innerText()).toContain('汉江市工业互联网平台建设奖补办法');
    await bureau.getByRole('link', { name: '汉江市工业互联网平台建设奖补办法' }).click();
    await expect.poll(() => bureau.getByTestId('policy-clauses').innerText()).toContain('上年度营业收入 ≥ 2,000万元');
  });
});
