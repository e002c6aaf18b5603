import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai, yearOf } from '../../src/domain/calendar.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { act, choose, fillDate, submitAction } from '../support/ui-steps.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Puts a file into the upload control of an action's form (`data-file-upload`) and waits until it is stored. */
const attach = async (page: Page, field: string, name: string, content: Buffer) => {
  const control = page.locator(`[data-file-upload="${field}"]`);
  await control.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: content });
  await expect.poll(() => control.getAttribute('data-attachment-id')).toMatch(/^[0-9a-f-]{36}$/);
};

/** The page is as wide as the window: nothing is cut off or scrolls sideways. */
const fitsWidth = async (page: Page) => {
  const width = page.viewportSize()!.width;
  await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
};

/** Downloads a file by its link on the case page and gives back its bytes. */
const download = async (page: Page, fileName: string): Promise<Buffer> => {
  const link = page.getByTestId('case-attachments').getByRole('link', { name: fileName });
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(file.suggestedFilename()).toBe(fileName);
  return readFile(await file.path());
};

describe(`a case's files in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('carries the assignment sheet, the signed consent, the voucher and the feedback’s report to the case page, each downloadable', async () => {
    const sheet = pdf(3000);
    const signed = pdf(12_000);
    const voucher = pdf(6000);
    const report = pdf(8000);

    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(DESKTOP);
    const enterprise = await app.signedIn('qiye1');
    const { creditCode, name } = await enterprise.evaluate(async () => {
      const body = (await (await fetch('/api/session')).json()) as { user: { unit: { creditCode: string; name: string } } };
      return body.user.unit;
    });

    // 营商办 registers with the assignment sheet attached (附件 of the staff form).
    await office.goto(`${app.baseUrl}/cases/new`);
    await office.getByLabel('事项名称').fill('汉东区教育局拖欠第四中学实验楼改造工程款');
    await office.getByLabel('企业统一社会信用代码').fill(creditCode);
    await office.getByLabel('企业名称').click();
    await office.getByLabel('企业名称').fill(name);
    await choose(office, '责任单位（欠款单位）', '汉东区教育局');
    await office.getByLabel('企业主张的欠款金额（元）').fill('500000.01');
    await office.getByLabel('基本情况').fill('2025年实验楼改造工程已竣工验收，结算价款经双方确认，尾款至今未付。');
    await office.getByLabel('交办意见').fill('请汉东区教育局于十个工作日内核实并制定清偿方案。');
    await office.locator('.ant-upload-drag input[type=file]').setInputFiles({ name: '市营商办交办单.pdf', mimeType: 'application/pdf', buffer: sheet });
    await office.locator('.ant-upload-list-item-done', { hasText: '市营商办交办单.pdf' }).waitFor();
    await app.screenshot(office, 'case-files-registration-1366');
    await office.setViewportSize(PHONE);
    await fitsWidth(office);
    await app.screenshot(office, 'case-files-registration-390');
    await office.setViewportSize(DESKTOP);
    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = office.url();

    // The debtor classifies with a difficulty and proposes two installments (A3).
    const debtor = await app.signedIn('hd-jiaoyu');
    await debtor.setViewportSize(DESKTOP);
    await debtor.goto(caseUrl);
    await act(debtor, '分类处置');
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

    // The enterprise, on its phone, reads the plan it agrees to and attaches its signed confirmation.
    await enterprise.setViewportSize(PHONE);
    await enterprise.goto(caseUrl);
    await act(enterprise, '企业认可');
    const dialog = enterprise.getByRole('dialog');
    const plan = dialog.getByTestId('consent-plan');
    const restated = await plan.innerText();
    expect(restated).toContain(`${year}-03-31`);
    expect(restated).toContain(`${year}-06-30`);
    expect(restated).toContain('250,000.00');
    expect(restated).toContain('250,000.01');
    expect(await plan.getByTestId('consent-total').innerText()).toContain('500,000.01');
    expect(await plan.getByTestId('consent-debtor').innerText()).toBe('汉东区教育局');
    // Only what the enterprise fills: no field for staff recording its answer.
    expect(await dialog.innerText()).not.toContain('企业签章文件');
    await attach(enterprise, 'attachmentId', '还款计划确认书（盖章）.pdf', signed);
    await dialog.getByLabel('意见（可选）').fill('同意按计划分两期支付。');
    // The dialog fits the phone's width: its right edge inside the window, nothing scrolling sideways.
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await fitsWidth(enterprise);
    await app.screenshot(enterprise, 'case-files-consent-390');
    // Told in Chinese what it did, not "已" + the action's name (已企业认可).
    await submitAction(enterprise, '履行中', '已认可该计划');

    // The debtor records the first installment with the bank's voucher.
    await debtor.reload();
    await act(debtor, '登记还款');
    await debtor.getByLabel('付款金额（元）').fill('250000.00');
    await debtor.getByLabel('付款凭证号').fill('GK-2027-0331-001');
    await attach(debtor, 'attachmentId', '国库集中支付凭证.pdf', voucher);
    await app.screenshot(debtor, 'case-files-payment-1366');
    await submitAction(debtor, '履行中');

    // The second installment settles the case; the written feedback carries its report's file (G3).
    await act(debtor, '登记还款');
    await debtor.getByLabel('付款凭证号').fill('GK-2027-0630-001');
    await submitAction(debtor, '已办结');
    await act(debtor, '书面反馈');
    await debtor.getByLabel('书面反馈内容').fill('已按还款计划分两期付清全部工程尾款。');
    await debtor.getByPlaceholder('材料名称，如银行回单').fill('还款情况说明');
    await debtor.getByPlaceholder('文号或存档编号').fill('汉东教〔2027〕12号');
    await attach(debtor, 'documents.0', '还款情况说明.pdf', report);
    await debtor.setViewportSize(PHONE);
    await fitsWidth(debtor);
    await app.screenshot(debtor, 'case-files-feedback-390');
    await debtor.setViewportSize(DESKTOP);
    await submitAction(debtor, '待销号', '已提交书面反馈');

    // Every file is on the case page: in the 附件 card with its step, and under its timeline entry.
    await debtor.reload();
    const card = debtor.getByTestId('case-attachments');
    await card.waitFor();
    const rows = card.locator('[data-attachment-id]');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).toEqual(['register', 'consent', 'record_payment', 'submit_feedback']);
    const listed = await card.innerText();
    expect(listed).toMatch(/市营商办交办单\.pdf[\s\S]*登记[\s\S]*还款计划确认书（盖章）\.pdf[\s\S]*企业认可[\s\S]*国库集中支付凭证\.pdf[\s\S]*登记还款[\s\S]*还款情况说明\.pdf[\s\S]*书面反馈[\s\S]*材料：还款情况说明/);
    const timeline = debtor.getByTestId('case-timeline');
    expect(await timeline.locator('[data-event="record_payment"]').innerText()).toContain('国库集中支付凭证.pdf');
    expect(await timeline.locator('[data-event="consent"]').innerText()).toContain('还款计划确认书（盖章）.pdf');
    await app.screenshot(debtor, 'case-files-case-1366');

    // Whoever may read the case downloads the very bytes: the debtor, the enterprise on its phone.
    expect(sha256(await download(debtor, '还款计划确认书（盖章）.pdf'))).toBe(sha256(signed));
    await enterprise.reload();
    await enterprise.getByTestId('case-attachments').waitFor();
    expect(sha256(await download(enterprise, '国库集中支付凭证.pdf'))).toBe(sha256(voucher));
    expect(sha256(await download(enterprise, '市营商办交办单.pdf'))).toBe(sha256(sheet));
    expect(sha256(await download(enterprise, '还款情况说明.pdf'))).toBe(sha256(report));
    await fitsWidth(enterprise);
    await app.screenshot(enterprise, 'case-files-case-390');
    await enterprise.setViewportSize(DESKTOP);
    await app.screenshot(enterprise, 'case-files-enterprise-case-1366');

    // Another county's coordinator cannot fetch the files by their address.
    const county = await app.signedIn('jiangbei');
    const id = await rows.first().getAttribute('data-attachment-id');
    const status = await county.evaluate(async (file) => (await fetch(`/api/attachments/${file}`)).status, id);
    expect(status).toBe(404);
  });

  it('holds an action’s submit while its file uploads, drops a refused file, and lists the agreement and the completion proof in the 附件 card', async () => {
    const office = await app.signedIn('yingshangban');
    const enterprise = await app.signedIn('qiye1');
    const unit = await enterprise.evaluate(async () => ((await (await fetch('/api/session')).json()) as { user: { unit: { creditCode: string; name: string } } }).user.unit);
    // 营商办 registers a promise of 汉东区人民政府 beyond its capacity and classifies it: it is to be negotiated (I5).
    const caseId = await office.evaluate(
      async ({ enterprise: firm, county }) => {
        const post = async (url: string, body: object) => {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'chengxin' }, body: JSON.stringify(body) });
          if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
          return (await response.json()) as { id: string; version: number };
        };
        const created = await post('/api/cases', {
          line: 'investment',
          source: 'assigned',
          title: '汉东区政府未兑现招商协议约定的人才公寓',
          facts: '投资协议第五条约定提供人才公寓100套，至今未提供。',
          instruction: '请汉东区人民政府核实办理。',
          enterprise: firm,
          responsibleUnitId: county,
        });
        await post(`/api/cases/${created.id}/actions`, {
          action: 'classify',
          expectedVersion: created.version,
          classification: { line: 'investment', legality: 'flawed', situation: 'beyond_capacity', promise: '投资协议第五条：人才公寓100套', legalityReason: '公寓总量不足，超出履行能力' },
        });
        return created.id;
      },
      { enterprise: unit, county: LOCAL_UNIT_IDS.handong.government },
    );

    const county = await app.signedIn('handong');
    await county.setViewportSize(PHONE);
    await county.goto(`${app.baseUrl}/cases/${caseId}`);
    await act(county, '达成协议');
    const dialog = county.getByRole('dialog');
    await dialog.getByLabel('协商确定的兑现或补偿金额（元）').fill('0');
    await dialog.getByLabel('协商后的执行条款').fill('提供人才公寓50套，其余以租房补贴替代');
    await dialog.getByLabel('协议、补充协议或调解方案文号').fill('汉东区人才公寓协商纪要（2026）4号');

    // A file the platform refuses (not a document it takes): named with the reason, and not part of the form.
    const control = county.locator('[data-file-upload="attachmentId"]');
    await control.locator('input[type=file]').setInputFiles({ name: '协商纪要.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ not a document') });
    await expect.poll(() => control.getByTestId('file-upload-error').innerText().catch(() => '')).toContain('“协商纪要.exe”未上传');
    expect(await control.getAttribute('data-attachment-id')).toBe('');
    expect(await county.getByTestId('action-submit').isEnabled()).toBe(true);

    // The signed agreement, its upload held on the way: the form cannot be sent until it is stored.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await county.route('**/api/attachments', async (route) => {
      await held;
      await route.continue();
    });
    const agreement = pdf(15_000);
    await control.locator('input[type=file]').setInputFiles({ name: '协商纪要（签章）.pdf', mimeType: 'application/pdf', buffer: agreement });
    await expect.poll(() => control.getAttribute('data-uploading')).toBe('true');
    await expect.poll(() => county.getByTestId('action-submit').isDisabled()).toBe(true);
    expect(await county.getByTestId('upload-pending-hint').innerText()).toBe('文件上传中…');
    expect(await control.getAttribute('data-attachment-id')).toBe('');
    await fitsWidth(county);
    await app.screenshot(county, 'case-files-uploading-390');
    // Clicking the held button sends nothing.
    await county.getByTestId('action-submit').click({ force: true });
    expect(await dialog.isVisible()).toBe(true);
    release();
    await expect.poll(() => control.getAttribute('data-attachment-id')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => county.getByTestId('action-submit').isEnabled()).toBe(true);
    expect(await county.getByTestId('upload-pending-hint').count()).toBe(0);
    await county.unroute('**/api/attachments');
    await submitAction(county, '履行中');

    // The promise kept: the completion proof goes with 确认承诺兑现.
    const proof = pdf(7000);
    await act(county, '确认承诺兑现');
    await county.getByRole('dialog').getByLabel('兑现情况及佐证').fill('人才公寓50套交付验收单，租房补贴已发放');
    await attach(county, 'attachmentId', '交付验收单.pdf', proof);
    await fitsWidth(county);
    await app.screenshot(county, 'case-files-fulfil-390');
    await submitAction(county, '已办结');

    await county.reload();
    const card = county.getByTestId('case-attachments');
    await card.waitFor();
    const rows = card.locator('[data-attachment-id]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-step')))).toEqual(['agree', 'fulfil']);
    expect(await card.innerText()).toMatch(/协商纪要（签章）\.pdf[\s\S]*达成协议[\s\S]*交付验收单\.pdf[\s\S]*确认承诺兑现/);
    // Each with who sent it.
    const sender = await county.evaluate(async () => ((await (await fetch('/api/session')).json()) as { user: { name: string } }).user.name);
    expect(await rows.nth(0).innerText()).toContain(sender);
    expect(await rows.nth(1).innerText()).toContain(sender);
    await fitsWidth(county);
    await app.screenshot(county, 'case-files-agreement-case-390');
    expect(sha256(await download(county, '协商纪要（签章）.pdf'))).toBe(sha256(agreement));
    await enterprise.goto(`${app.baseUrl}/cases/${caseId}`);
    await enterprise.getByTestId('case-attachments').waitFor();
    expect(sha256(await download(enterprise, '交付验收单.pdf'))).toBe(sha256(proof));
  });
});
