import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountId } from '../../src/demo/accounts.ts';
import { sessions } from '../../src/db/schema.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, DEMO_PASSWORD, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { act, choose, columnsInView, fillDate, pageScrollWidth, submitAction } from '../support/ui-steps.ts';
import { addCalendarDays, todayInShanghai } from '../../src/domain/calendar.ts';

/**
 * A small valid PDF: the `%PDF-` signature the upload checks (src/domain/attachments.ts), a
 * binary comment line as real PDFs carry (so a byte-for-byte comparison means something), one
 * empty page, and the trailer.
 */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a]),
  Buffer.from(
    [
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
      'trailer << /Root 1 0 R /Size 4 >>',
      '%%EOF',
      '',
    ].join('\n'),
  ),
]);
const PDF_NAME = '施工合同及结算单.pdf';

/** Waits until the ledger table shows data: no request pending, no spinner, rows drawn. */
const ledgerLoaded = async (page: Page) => {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-table-wrapper .ant-spin-spinning').count()).toBe(0);
  await page.locator('.ant-table-row').first().waitFor();
};

/** Does `action` and waits for the ledger request it causes (one whose address matches `search`), drawn. */
const reloadsLedger = async (page: Page, search: RegExp, action: () => Promise<unknown>) => {
  const answered = page.waitForResponse((response) => response.url().includes('/api/cases?') && search.test(response.url()));
  await action();
  expect((await answered).status()).toBe(200);
  await ledgerLoaded(page);
};

/** The 未清偿 column of the shown page, in 分; null for an unconfirmed case. */
const outstandingColumn = async (page: Page): Promise<(number | null)[]> =>
  (await page.locator('[data-outstanding]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-outstanding') ?? ''))).map(
    (value) => (value === '' ? null : Number(value)),
  );

describe(`the enterprise portal, the case page and the sorted ledger in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('takes an enterprise’s complaint with a PDF, which 营商办 then downloads byte for byte', async () => {
    const enterprise = await app.signedIn('qiye2', `${app.baseUrl}/portal/new`);
    await choose(enterprise, '欠款单位', '汉东区教育局');
    await enterprise.getByLabel('诉求标题').fill('汉东区教育局拖欠第五中学实验楼装修工程款');
    await enterprise.getByLabel('被拖欠金额（元）').fill('268000.00');
    await enterprise.getByLabel('情况说明').fill('2025年10月实验楼装修工程竣工验收合格，结算价款26.8万元经双方确认，至今未付。');
    const uploaded = enterprise.waitForResponse((response) => response.url().endsWith('/api/attachments') && response.request().method() === 'POST');
    await enterprise.locator('input[type=file]').setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF });
    expect((await uploaded).status()).toBe(201);
    await enterprise.locator('.ant-upload-list-item-done', { hasText: PDF_NAME }).waitFor();
    await enterprise.getByRole('button', { name: '提交诉求', exact: true }).click();
    await enterprise.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = enterprise.url();
    await expect.poll(() => enterprise.getByTestId('case-attachments').innerText()).toContain(PDF_NAME);

    // 我的诉求 lists it; opening it from there shows the file again.
    await enterprise.getByRole('menuitem', { name: '我的诉求' }).click();
    await enterprise.waitForURL(/\/portal$/);
    await enterprise.getByRole('link', { name: '汉东区教育局拖欠第五中学实验楼装修工程款' }).click();
    await enterprise.waitForURL(caseUrl);
    const attachments = enterprise.getByTestId('case-attachments');
    await expect.poll(() => attachments.innerText()).toContain(PDF_NAME);
    expect(await attachments.innerText()).toContain(`${(PDF.length / 1024).toFixed(1)} KB`);
    // Listed with the step that brought it and who sent it.
    expect(await attachments.innerText()).toMatch(/附件（1）[\s\S]*登记[\s\S]*企业/);

    const office = await app.signedIn('yingshangban', caseUrl);
    const link = office.getByTestId('case-attachments').getByRole('link', { name: PDF_NAME });
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}$/);
    const downloaded = await office.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), bytes: Array.from(new Uint8Array(await response.arrayBuffer())) };
    }, href!);
    expect(downloaded.status).toBe(200);
    expect(downloaded.type).toBe('application/pdf');
    expect(Buffer.from(downloaded.bytes).equals(PDF)).toBe(true);
    await office.getByTestId('flow-diagram').waitFor();
    await office.waitForLoadState('networkidle');
    await app.screenshot(office, 'case-attachments');
  });

  it('lets an enterprise rate its closed case once: 4 stars and a comment, then no button', async () => {
    const enterprise = await app.signedIn('qiye1');
    const closed = await enterprise.evaluate(async () => {
      const body = (await (await fetch('/api/cases?state=closed&limit=100')).json()) as { items: { id: string; title: string }[] };
      return body.items;
    });
    expect(closed.length).toBeGreaterThan(0);
    const target = closed[0]!;
    await enterprise.goto(`${app.baseUrl}/cases/${target.id}`);
    const actions = enterprise.getByTestId('case-actions');
    await actions.getByRole('button', { name: '评价结果', exact: true }).click();
    const dialog = enterprise.getByRole('dialog');
    await dialog.waitFor();
    await dialog.locator('.ant-rate-star').nth(3).click();
    await dialog.getByLabel('评价意见').fill('责任单位核实及时，款项已全部到账。');
    await enterprise.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const rating = enterprise.getByTestId('case-rating');
    await expect.poll(() => rating.innerText()).toContain('责任单位核实及时，款项已全部到账。');
    expect(await rating.locator('[data-score]').getAttribute('data-score')).toBe('4');
    expect(await rating.locator('.ant-rate-star-full').count()).toBe(4);
    expect(await actions.innerText()).not.toContain('评价结果');
    await enterprise.waitForLoadState('networkidle');
    await app.screenshot(enterprise, 'case-rating');
    // And so it stays after a reload, from the server's record.
    await enterprise.reload();
    await expect.poll(() => enterprise.getByTestId('case-rating').innerText()).toContain('4 星');
    await enterprise.getByTestId('case-actions').waitFor();
    expect(await enterprise.getByTestId('case-actions').innerText()).not.toContain('评价结果');
  });

  it('shows an enterprise the clauses it qualifies for and exactly why not, and matches again when it corrects its profile (P2)', async () => {
    const enterprise = await app.signedIn('qiye2', `${app.baseUrl}/portal/policies`);
    const matches = enterprise.getByTestId('clause-matches');
    await matches.getByTestId('match-summary').waitFor();
    const qualifying = async () => Number((await matches.getByRole('tab').first().innerText()).match(/\d+/)![0]);
    const before = await qualifying();
    expect(before).toBeGreaterThan(0);
    // 1,250万元 of revenue is short of the 2,000万元 the 技改 clause asks: the page says so, in red.
    await matches.getByRole('tab', { name: /暂不符合/ }).click();
    const clause = matches.locator('[data-clause="智能化技术改造奖补"]');
    await expect.poll(async () => (await clause.locator('[data-met="false"]').innerText()).trim()).toBe('上年度营业收入须 ≥ 2,000万元，当前 1,250万元');
    expect(await clause.getAttribute('data-qualifies')).toBe('false');
    await app.screenshot(enterprise, 'portal-benefits-not-yet');

    // The enterprise records last year's audited revenue: the clause now qualifies.
    await enterprise.getByTestId('enterprise-profile').getByRole('button', { name: '修改档案' }).click();
    const dialog = enterprise.getByRole('dialog');
    await dialog.getByLabel('上年度营业收入（万元）').fill('2350');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => enterprise.getByTestId('enterprise-profile').innerText()).toContain('2,350.00万元');
    await expect.poll(qualifying).toBeGreaterThan(before);
    const now = matches.locator('[data-clause="智能化技术改造奖补"]');
    expect(await now.getAttribute('data-qualifies')).toBe('true');
    expect(await now.innerText()).toContain('上年度营业收入 ≥ 2,000万元（当前 2,350万元）');
    await app.screenshot(enterprise, 'portal-benefits');

    // 营商办 sees the same file from its 企业档案 page.
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/enterprises`);
    await office.getByPlaceholder('搜索企业名称或统一社会信用代码').fill('汉水');
    await office.getByPlaceholder('搜索企业名称或统一社会信用代码').press('Enter');
    await expect.poll(() => office.getByTestId('enterprise-table').locator('.ant-table-row').count()).toBe(1);
    await office.getByRole('link', { name: '湖北汉水智能装备有限公司' }).click();
    const drawer = office.getByTestId('enterprise-drawer');
    await drawer.getByTestId('match-summary').waitFor();
    expect(await drawer.getByTestId('enterprise-profile').innerText()).toContain('2,350.00万元');
    expect(Number((await drawer.getByRole('tab').first().innerText()).match(/\d+/)![0])).toBe(await qualifying());
    await app.screenshot(office, 'enterprise-file');
  });

  it('carries an application from the portal through 补正, approval and payment at the window, telling the enterprise each step (P2, P5)', async () => {
    const file = (name: string) => ({ name, mimeType: 'application/pdf', buffer: PDF });
    const enterprise = await app.signedIn('qiye2', `${app.baseUrl}/portal/policies`);
    const mine = enterprise.getByTestId('my-applications');
    // A 免申即享 item the enterprise never applied for, and the application waiting for its 补正.
    await expect.poll(() => mine.innerText()).toContain('符合免申即享条件，政策部门正在核定兑现金额，无需提交申请。');
    await mine.getByRole('link', { name: '第五条 数字化改造奖补' }).click();
    const drawer = enterprise.getByTestId('application-drawer');
    await expect.poll(() => drawer.getByTestId('application-status').innerText()).toContain('需要补正材料：数字化水平评测报告（第三方机构出具）');
    await drawer.getByRole('button', { name: '补正材料' }).click();
    const dialog = enterprise.getByRole('dialog', { name: /补正材料/ });
    await dialog.locator('[data-material="数字化水平评测报告（第三方机构出具）"] input[type=file]').setInputFiles(file('第三方评测报告.pdf'));
    await dialog.getByText('已上传“第三方评测报告.pdf”').waitFor();
    await dialog.getByTestId('application-action-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => drawer.getByTestId('application-status').innerText()).toBe('申报已受理，政策部门正在审核。');
    await app.screenshot(enterprise, 'portal-application-supplied');

    // 经信局 reviews it at the window: approves 35万元 (20% of the investment, within the 100万元 cap) and pays it.
    const bureau = await app.signedIn('jingxinju', `${app.baseUrl}/window?state=submitted`);
    await bureau.getByTestId('application-table').locator('tr', { hasText: '湖北汉水智能装备有限公司' }).getByRole('link', { name: '第五条 数字化改造奖补' }).click();
    const review = bureau.getByTestId('application-drawer');
    await review.getByRole('button', { name: '核准' }).click();
    const approve = bureau.getByRole('dialog', { name: /核准/ });
    await approve.getByLabel('核准金额（万元）').fill('35');
    await approve.getByLabel('资金来源').fill('市级中小企业数字化转型专项资金');
    await approve.getByTestId('application-action-submit').click();
    await approve.waitFor({ state: 'detached' });
    await expect.poll(() => review.locator('[data-state]').first().getAttribute('data-state')).toBe('approved');
    await review.getByRole('button', { name: '登记拨付' }).click();
    const pay = bureau.getByRole('dialog', { name: /登记拨付/ });
    expect(await pay.getByLabel('拨付金额（万元）').inputValue()).toBe('35.00');
    await pay.locator('[data-material="拨付凭证"] input[type=file]').setInputFiles(file('国库集中支付凭证.pdf'));
    await pay.getByText('已上传“国库集中支付凭证.pdf”').waitFor();
    await pay.getByTestId('application-action-submit').click();
    await pay.waitFor({ state: 'detached' });
    await expect.poll(() => review.locator('[data-state]').first().getAttribute('data-state')).toBe('disbursed');
    expect(await review.innerText()).toContain('国库集中支付凭证.pdf');
    await app.screenshot(bureau, 'window-application-paid');

    // The enterprise is told, in plain words.
    await enterprise.reload();
    await expect.poll(() => enterprise.getByTestId('application-status').innerText()).toBe('已全部兑现，共 35.00万元。');

    // And applies once for another clause it qualifies for, from the list of matches.
    await enterprise.goto(`${app.baseUrl}/portal/policies`);
    const clause = enterprise.locator('[data-clause="固定资产投资奖励"]');
    await clause.getByRole('button', { name: '申报' }).click();
    const apply = enterprise.getByRole('dialog', { name: /申报：固定资产投资奖励/ });
    for (const name of ['项目投资协议', '固定资产投资审计报告']) {
      await apply.locator(`[data-material="${name}"] input[type=file]`).setInputFiles(file(`${name}.pdf`));
      await apply.getByText(`已上传“${name}.pdf”`).waitFor();
    }
    await apply.getByRole('button', { name: '提交申报' }).click();
    await apply.waitFor({ state: 'detached' });
    await expect.poll(() => clause.innerText()).toContain('已申报：审核中');
    await app.screenshot(enterprise, 'portal-benefits-applied');
  });

  it('shows 财政局 the approved money still owed, the late first with its case, and opens 登记拨付 from the list (P5)', async () => {
    const finance = await app.signedIn('caizhengju');
    await finance.getByRole('menuitem', { name: '资金拨付' }).click();
    await finance.waitForURL(/\/funds$/);
    const table = finance.getByTestId('funds-table');
    // 金轮's 120万元, 40万元 paid: late, with the 资金拨付缓慢 case the morning check raised.
    const row = table.locator('tr', { hasText: '汉江市金轮汽车零部件有限公司' });
    await expect.poll(() => row.innerText()).toMatch(/逾期\d+个工作日/);
    expect(await row.innerText()).toContain('第七条 技改设备投资奖补');
    const caseLink = row.getByTestId('slow-case-link');
    expect(await caseLink.innerText()).toMatch(/^HQ\d{4}-\d{5}$/);
    expect(await caseLink.getAttribute('href')).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    const outstanding = Number(await row.locator('[data-outstanding]').getAttribute('data-outstanding'));
    expect(outstanding).toBeGreaterThan(0);

    // Only the late ones: every row then carries its lateness, and the head counts them.
    const filtered = finance.waitForResponse((response) => response.url().includes('/api/benefit-funds?') && response.url().includes('late=true'));
    await finance.getByTestId('funds-late-only').click();
    expect((await filtered).status()).toBe(200);
    await finance.waitForURL(/[?&]late=true/);
    // The answer arrives before the table draws it: wait until the rows shown are the filtered ones.
    const rowsAndLate = async (): Promise<[number, number]> => [await table.locator('.ant-table-row').count(), await table.locator('.ant-table-row [data-late]').count()];
    await expect.poll(async () => {
      const [shown, late] = await rowsAndLate();
      return shown > 0 && shown === late && (await table.locator('.ant-spin-spinning').count()) === 0;
    }).toBe(true);
    const [rows] = await rowsAndLate();
    expect(await finance.getByTestId('funds-late-count').innerText()).toContain(`${rows}笔`);
    await finance.waitForLoadState('networkidle');
    await app.screenshot(finance, 'funds');

    // 登记拨付 opens the application's drawer, whose form offers what is still owed.
    await row.getByRole('button', { name: '登记拨付' }).click();
    const drawer = finance.getByTestId('application-drawer');
    await expect.poll(() => drawer.getByTestId('application-status').innerText()).toContain('剩余资金等待拨付');
    await drawer.getByRole('button', { name: '登记拨付' }).click();
    const pay = finance.getByRole('dialog', { name: /登记拨付/ });
    expect(await pay.getByLabel('拨付金额（万元）').inputValue()).toBe((outstanding / 1_000_000).toFixed(2));
    // The dialog zooms in: the screenshot waits for it to stand still.
    await pay.evaluate((element) => {
      const root = (element.closest('.ant-modal-root') ?? element) as unknown as { getAnimations(options: object): { finished: Promise<unknown> }[] };
      return Promise.all(root.getAnimations({ subtree: true }).map((animation) => animation.finished));
    });
    await app.screenshot(finance, 'funds-disburse');
    await pay.getByRole('button', { name: /取\s*消|Cancel/ }).click();
    await pay.waitFor({ state: 'detached' });
  });

  it('shows a slow disbursement at the window as a case led by 财政局, which the engine carries to 销号 (P5)', async () => {
    const office = await app.signedIn('yingshangban');
    // The window also records what it was asked and answered (咨询, 申报辅导).
    await office.goto(`${app.baseUrl}/window?tab=services`);
    await expect.poll(() => office.getByTestId('window-services').innerText()).toContain('汉江市星火科技有限公司');
    await office.getByRole('button', { name: '登记咨询或辅导' }).click();
    const form = office.getByRole('dialog', { name: '登记咨询或申报辅导' });
    await form.getByText('申报辅导', { exact: true }).click();
    await form.getByLabel('企业名称（未登记企业）').fill('汉江市启明新材料有限公司');
    await form.getByLabel('咨询或辅导事项').fill('首次申报惠企政策需要先做什么？');
    await form.getByLabel('答复或辅导内容').fill('先在“可享政策”建立企业档案，系统会列出可申报的条款。');
    await form.getByRole('button', { name: 'OK' }).or(form.getByRole('button', { name: '确 定' })).or(form.getByRole('button', { name: '确定' })).first().click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => office.getByTestId('window-services').innerText()).toContain('汉江市启明新材料有限公司');
    await office.goto(`${app.baseUrl}/window?state=approved`);
    // 金轮's 120万元 approved in July, 40万元 paid: past the 60 working days of a 快申快享 clause.
    const row = office.getByTestId('application-table').locator('tr', { hasText: '汉江市金轮汽车零部件有限公司' });
    await expect.poll(() => row.innerText()).toContain('逾期未拨付');
    await row.getByRole('link', { name: '第七条 技改设备投资奖补' }).click();
    const slow = office.getByTestId('application-drawer').getByTestId('slow-case');
    await expect.poll(() => slow.innerText()).toContain('已登记“资金拨付缓慢”问题');
    await app.screenshot(office, 'window-slow-disbursement');
    const caseUrl = await slow.getByRole('link').getAttribute('href');
    await slow.getByRole('link').click();
    await office.waitForURL(/\/cases\//);
    await expect.poll(() => office.getByTestId('case-state').innerText()).toContain('已登记');
    expect(await office.locator('body').innerText()).toContain('汉江市财政局');

    // 经信局 approved the money and answers for it: it classifies the case as funds not in place.
    const bureau = await app.signedIn('jingxinju', `${app.baseUrl}${caseUrl}`);
    const dueOn = addCalendarDays(todayInShanghai(app.app.clock()), 10);
    await act(bureau, '分类处置');
    const dialog = bureau.getByRole('dialog');
    await dialog.getByText('兑现难', { exact: true }).click();
    await dialog.getByText('资金未到位', { exact: true }).click();
    await dialog.getByLabel('涉及政策及条款').fill('《汉江市工业企业技术改造专项资金实施细则》第七条 技改设备投资奖补');
    await dialog.getByLabel('应兑现金额（元）').fill('800000');
    await fillDate(bureau, dialog.getByLabel('兑现期限'), dueOn);
    await submitAction(bureau, '履行中');

    // 财政局 pays the 80万元 from its 资金拨付 list: the case records the same payment and is settled.
    const finance = await app.signedIn('caizhengju', `${app.baseUrl}/funds`);
    await finance.getByTestId('funds-table').locator('tr', { hasText: '汉江市金轮汽车零部件有限公司' }).getByRole('button', { name: '登记拨付' }).click();
    const drawer = finance.getByTestId('application-drawer');
    await drawer.getByRole('button', { name: '登记拨付' }).click();
    const pay = finance.getByRole('dialog', { name: /登记拨付/ });
    expect(await pay.getByLabel('拨付金额（万元）').inputValue()).toBe('80.00');
    await pay.locator('[data-material="拨付凭证"] input[type=file]').setInputFiles({ name: '汉财拨〔2026〕126号.pdf', mimeType: 'application/pdf', buffer: PDF });
    await pay.getByText('已上传“汉财拨〔2026〕126号.pdf”').waitFor();
    await pay.getByTestId('application-action-submit').click();
    await pay.waitFor({ state: 'detached' });
    await expect.poll(() => drawer.locator('[data-state]').first().getAttribute('data-state')).toBe('disbursed');
    await expect.poll(() => finance.getByTestId('funds-table').innerText()).not.toContain('汉江市金轮汽车零部件有限公司');

    await bureau.reload();
    await expect.poll(() => bureau.getByTestId('case-state').innerText()).toContain('已办结');
    expect(await bureau.getByTestId('case-timeline').innerText()).toMatch(/吕梅（牵头部门）[\s\S]*兑现专窗登记（申报第\d+步）：汉财拨〔2026〕126号\.pdf/);
    await act(bureau, '书面反馈');
    await bureau.getByLabel('书面反馈内容').fill('剩余技改奖补资金80万元已通过国库集中支付拨付到位。');
    await bureau.getByPlaceholder('材料名称，如银行回单').fill('国库集中支付凭证');
    await bureau.getByPlaceholder('文号或存档编号').fill('汉财拨〔2026〕126号');
    await submitAction(bureau, '待销号');
    await office.reload();
    await act(office, '销号');
    await submitAction(office, '已销号');
    await app.screenshot(office, 'slow-disbursement-closed');

    // P6: the evaluation shows 经信局's 技改 policy, paid in full past its limit, and its workbook says the same.
    await office.goto(`${app.baseUrl}/evaluation`);
    const policies = office.getByTestId('evaluation-policies');
    const retrofit = policies.locator('tr', { hasText: '汉经信发〔2026〕5号' });
    await expect.poll(() => retrofit.innerText()).toContain('120.00万元');
    const shown = await policies.locator('.ant-table-summary').innerText();
    await app.screenshot(office, 'evaluation');
    const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('link', { name: '下载 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^政策兑现评估_2026年_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('按政策')!;
    const header = (sheet.getRow(3).values as unknown[]).map(String);
    const approvedTotal = Number(sheet.getRow(sheet.rowCount).getCell(header.indexOf('核准金额（万元）')).value);
    expect(shown).toContain(`${approvedTotal.toLocaleString('en-US', { minimumFractionDigits: 2 })}万元`);
    const paidTotal = Number(sheet.getRow(sheet.rowCount).getCell(header.indexOf('已拨付（万元）')).value);
    expect(shown).toContain(`${paidTotal.toLocaleString('en-US', { minimumFractionDigits: 2 })}万元`);
  });

  /** Signs in on the ledger's second page of `sort=deadline_asc`, then ends the session on the server. */
  const expireOnTheLedger = async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/ledger?sort=deadline_asc`);
    await ledgerLoaded(office);
    // The session ends on the server (as after the idle timeout); the browser still holds its cookie.
    await app.app.db.delete(sessions).where(eq(sessions.accountId, demoAccountId('yingshangban')));
    await office.getByRole('button', { name: '下一页' }).click();
    await office.waitForURL(/\/login\?/);
    return office;
  };

  it('sends a user whose session ended to sign in, with the 登录已过期 notice and the page to return to', async () => {
    const office = await expireOnTheLedger();
    const url = new URL(office.url());
    expect(url.searchParams.get('expired')).toBe('1');
    expect(url.searchParams.get('next')).toMatch(/^\/ledger\?sort=deadline_asc&cursors=[\w-]+$/);
    await office.getByText('登录已过期，请重新登录').waitFor();
  });

  it('returns a user who signs in again to the page they were on', async () => {
    const office = await expireOnTheLedger();
    const next = new URL(office.url()).searchParams.get('next')!;
    await office.getByLabel('用户名').fill('yingshangban');
    await office.getByLabel('密码').fill(DEMO_PASSWORD);
    await office.getByRole('button', { name: '登录', exact: true }).click();
    // Wait for a page to settle, the one asked for or the home page (the cockpit), then see which.
    await office.getByText('第 2 页').or(office.getByTestId('chart-trend')).first().waitFor();
    const landed = new URL(office.url());
    expect(landed.pathname + landed.search, 'the page after signing in again').toBe(next);
    await ledgerLoaded(office);
  });

  it('sorts the ledger by 未清偿 from its column header, largest first across pages', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/ledger`);
    await ledgerLoaded(office);
    const header = office.locator('th', { hasText: '未清偿' });
    await reloadsLedger(office, /sort=outstanding_desc/, () => header.click());
    expect(new URL(office.url()).searchParams.get('sort')).toBe('outstanding_desc');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const first = await outstandingColumn(office);
    expect(first).toHaveLength(20);
    await app.screenshot(office, 'ledger-sorted-outstanding');

    await reloadsLedger(office, /sort=outstanding_desc.*cursor=/, () => office.getByRole('button', { name: '下一页' }).click());
    await office.getByText('第 2 页').waitFor();
    const second = await outstandingColumn(office);
    expect(second.length).toBeGreaterThan(0);

    const amounts = [...first, ...second];
    // Confirmed amounts, non-increasing, then the unconfirmed cases.
    const confirmed = amounts.filter((value): value is number => value !== null);
    expect(confirmed.length).toBeGreaterThan(20);
    expect(amounts.slice(0, confirmed.length)).toEqual(confirmed);
    expect(confirmed).toEqual([...confirmed].sort((a, b) => b - a));
    expect(confirmed[0]).toBeGreaterThan(confirmed.at(-1)!);

    // Clicking again returns to the default order (registration, newest first), from page 1.
    await reloadsLedger(office, /^(?!.*sort=)(?!.*cursor=)/, () => header.click());
    expect(new URL(office.url()).search).toBe('');
    await expect.poll(() => office.locator('th', { hasText: '编号' }).getAttribute('aria-sort')).toBe('descending');
    expect(await header.getAttribute('aria-sort')).toBeNull();
  });

  /** The ledger API's answer for `search`, read in the page with its session. */
  const apiPage = (page: Page, search: string) =>
    page.evaluate(async (address) => (await (await fetch(address)).json()) as { items: { id: string; number: string }[]; total: number; totals: Record<string, number> }, `/api/cases?${search}`);

  it('shows the ledger at 1366×768 with its key columns in view, 共N条, the totals row, labelled filters kept in the address, page sizes and a jump', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize({ width: 1366, height: 768 });
    await office.goto(`${app.baseUrl}/ledger`);
    await ledgerLoaded(office);
    const keyColumns = ['编号', '事项', '未清偿', '办理期限', '操作'];
    expect(await columnsInView(office, keyColumns)).toEqual(keyColumns.map((title) => `${title}: in view`));
    // Scrolled to the end of the middle columns, the same ones stay: fixed left and right.
    await office.locator('.ant-table-content').evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    expect(await columnsInView(office, keyColumns)).toEqual(keyColumns.map((title) => `${title}: in view`));
    await office.locator('.ant-table-content').evaluate((element) => element.scrollTo({ left: 0 }));

    // 共N条 and the totals row are the whole filter's, as the API counts them.
    const all = await apiPage(office, 'limit=1');
    await expect.poll(() => office.getByTestId('ledger-total').innerText()).toBe(`共 ${all.total} 条`);
    const totals = office.getByTestId('ledger-totals');
    expect(await totals.innerText()).toContain(`合计（全部 ${all.total} 件）`);
    for (const key of ['claimedAmount', 'confirmedAmount', 'paidAmount', 'outstandingAmount']) {
      expect(Number(await totals.locator(`[data-total="${key}"]`).getAttribute('data-fen')), key).toBe(all.totals[key]);
    }
    await app.screenshot(office, 'ledger-1366');

    // The rarer filters: 问题来源 and an unpaid amount typed in 元, both into the address.
    await office.getByTestId('ledger-more-filters').click();
    await reloadsLedger(office, /source=assigned/, () => choose(office, '问题来源', '交办'));
    await office.getByTestId('ledger-outstandingFrom').fill('10万');
    await reloadsLedger(office, /outstandingFrom=10000000/, () => office.getByTestId('ledger-outstandingFrom').press('Enter'));
    await office.getByTestId('ledger-outstandingTo').fill('1,000,000');
    await reloadsLedger(office, /outstandingTo=100000000/, () => office.getByTestId('ledger-outstandingTo').press('Enter'));
    const filtered = await apiPage(office, 'source=assigned&outstandingFrom=10000000&outstandingTo=100000000&limit=1');
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(all.total);
    await expect.poll(() => office.getByTestId('ledger-total').innerText()).toBe(`共 ${filtered.total} 条`);
    expect(Number(await office.getByTestId('ledger-totals').locator('[data-total="outstandingAmount"]').getAttribute('data-fen'))).toBe(filtered.totals.outstandingAmount);
    for (const value of await outstandingColumn(office)) {
      expect(value).toBeGreaterThanOrEqual(10_000_000);
      expect(value).toBeLessThanOrEqual(100_000_000);
    }
    await app.screenshot(office, 'ledger-filtered-1366');

    // The link opens the same view: the filters come back from the address, 更多条件 open.
    const link = office.url();
    const linked = await app.signedIn('yingshangban');
    await linked.setViewportSize({ width: 1366, height: 768 });
    await linked.goto(link);
    await ledgerLoaded(linked);
    await expect.poll(() => linked.getByTestId('ledger-total').innerText()).toBe(`共 ${filtered.total} 条`);
    expect(await linked.getByTestId('ledger-filters').innerText()).toContain('交办');
    expect(await linked.getByTestId('ledger-outstandingFrom').inputValue()).toBe('100000.00');
    await linked.context().close();

    // 50 a page, then a jump to page 3 (by offset), then 下一页 by keyset.
    await reloadsLedger(office, /^(?!.*source=)/, () => office.getByRole('button', { name: '重置' }).click());
    await reloadsLedger(office, /limit=50/, async () => {
      await office.locator('.ant-pagination-options .ant-select').click();
      await office.locator('.ant-select-item-option[title="50 条/页"]').click();
    });
    expect(await office.locator('.ant-table-row').count()).toBe(Math.min(50, all.total));
    await office.setViewportSize({ width: 1366, height: 768 });
    // Back to 20 a page, answered before the jump is typed: a jump typed while the table reloads can be lost.
    await reloadsLedger(office, /limit=20$/, async () => {
      await office.locator('.ant-pagination-options .ant-select').click();
      await office.locator('.ant-select-item-option[title="20 条/页"]').click();
    });
    await expect.poll(() => office.locator('.ant-table-row').count()).toBe(Math.min(20, all.total));
    await reloadsLedger(office, /limit=20&page=3/, async () => {
      const jumper = office.locator('.ant-pagination-options-quick-jumper input');
      await jumper.fill('3');
      await jumper.press('Enter');
    });
    await office.getByText('第 3 页').waitFor();
    const third = await apiPage(office, 'limit=20&page=3');
    const shownNumbers = () => office.locator('.ant-table-row td:first-child a').allInnerTexts();
    expect(await shownNumbers()).toEqual(third.items.map((item) => item.number));
    await reloadsLedger(office, /cursor=/, () => office.getByRole('button', { name: '下一页' }).click());
    await office.getByText('第 4 页').waitFor();
    const fourth = await apiPage(office, 'limit=20&page=4');
    expect(await shownNumbers()).toEqual(fourth.items.map((item) => item.number));
    await app.screenshot(office, 'ledger-page-4-1366');

    // A phone: no sideways scroll of the page; the table scrolls inside itself.
    await office.setViewportSize({ width: 390, height: 844 });
    await office.goto(`${app.baseUrl}/ledger`);
    await ledgerLoaded(office);
    expect(await pageScrollWidth(office)).toBeLessThanOrEqual(390);
    await app.screenshot(office, 'ledger-390');
  });
});
