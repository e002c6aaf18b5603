/**
 * The annual disclosure of overdue payments in a real browser (保障中小企业款项支付条例 第十八条):
 * the demo city's 2025 disclosure as 营商办 sees it, a unit publishing its row, a reminder
 * leading to the page, and the public page without signing in, on a laptop and on a phone.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { confirmPopup, untilShown } from '../support/ui-steps.ts';

/** Waits until the element's transitions (a table's loading fade, say) have run, so that a screenshot shows it at rest. */
const settled = (locator: Locator): Promise<void> =>
  locator.evaluate(async (element) => {
    type Animation = { playState: string; finished: Promise<unknown> };
    const running = () => (element as unknown as { getAnimations(options: object): Animation[] }).getAnimations({ subtree: true }).filter((animation) => animation.playState === 'running');
    for (let animations = running(); animations.length > 0; animations = running()) await Promise.allSettled(animations.map((animation) => animation.finished));
  });

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe(`the annual disclosure of overdue payments in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('shows 营商办 last year’s rows with totals and statuses, regenerates them and exports the workbook', async () => {
    const office = await app.signedIn('yingshangban');
    await office.setViewportSize(LAPTOP);
    await office.getByRole('link', { name: '逾期账款年度公开' }).click();
    await office.waitForURL(/\/disclosures$/);
    const rows = office.getByTestId('disclosure-rows');
    const handong = rows.locator('tr', { hasText: '汉东区教育局' });
    await handong.waitFor();
    // The demo: 汉东区教育局 published its 380,000 元 on 12 March; 江北区人民医院 was published by 营商办 on 27 March.
    expect(await handong.innerText()).toContain('38.00万元');
    expect(await handong.locator('[data-standing]').getAttribute('data-standing')).toBe('published');
    expect(await handong.innerText()).toContain('2026-03-12');
    expect(await rows.locator('tr', { hasText: '江北区人民医院' }).locator('[data-standing]').getAttribute('data-standing')).toBe('published');
    expect(await rows.locator('[data-standing="overdue"]').count()).toBeGreaterThan(10);
    expect(await office.getByTestId('disclosure-units').innerText()).toMatch(/2 \/ \d+个/);
    expect(await office.getByTestId('disclosure-total').innerText()).toContain('合计');
    expect(await office.getByTestId('disclosure-info').innerText()).toContain('公开截止：2026-03-31');
    await settled(rows);
    await app.screenshot(office, 'disclosure-office-1366');

    await office.getByTestId('disclosure-generate').click();
    await confirmPopup(office, '生成');
    await untilShown(office, office.getByText(/已生成 \d+ 个单位的草稿，已公开的 2 个单位未改动/));

    const [download] = await Promise.all([office.waitForEvent('download'), office.getByTestId('disclosure-download').click()]);
    expect(download.suggestedFilename()).toBe('2025年度逾期未支付中小企业款项情况.xlsx');
  });

  it('lets a bureau check its figures and publish its own row, with its note, once', async () => {
    const bureau = await app.signedIn('jingxinju');
    await bureau.setViewportSize(LAPTOP);
    await bureau.goto(`${app.baseUrl}/disclosures`);
    const row = bureau.getByTestId('disclosure-rows').locator('tr', { hasText: '汉江市经济和信息化局' });
    await row.waitFor();
    expect(await row.locator('[data-standing]').getAttribute('data-standing')).toBe('overdue');
    await row.getByRole('button', { name: '发布' }).click();
    await bureau.getByRole('dialog').waitFor();
    await bureau.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    expect(await bureau.getByTestId('publish-figures').innerText()).toContain('¥0.00');
    await bureau.getByTestId('publish-note').fill('本单位2025年末无逾期未支付中小企业款项。');
    await app.screenshot(bureau, 'disclosure-publish-modal');
    await bureau.getByRole('button', { name: '确认发布' }).click();
    await untilShown(bureau, bureau.getByText('已发布，数据已公开'));
    await expect.poll(() => row.locator('[data-standing]').getAttribute('data-standing')).toBe('published_late');
    expect(await row.getByRole('button', { name: '发布' }).count()).toBe(0);
    expect(await row.innerText()).toContain('本单位2025年末无逾期未支付中小企业款项。');
  });

  it('leads a unit from its reminder to the page, which a phone shows in two columns', async () => {
    const unit = await app.signedIn('hd-jiaoyu', `${app.baseUrl}/supervision?tab=notifications`);
    const reminder = unit.getByTestId('notification').filter({ hasText: '年度公开提醒' }).first();
    await reminder.waitFor();
    await reminder.getByRole('link').click();
    await unit.waitForURL(/\/disclosures\?year=2025$/);
    const rows = unit.getByTestId('disclosure-rows');
    await rows.locator('tr', { hasText: '汉东区教育局' }).waitFor();
    expect(await rows.locator('tbody tr[data-row-key]').count()).toBe(1);
    await unit.setViewportSize(PHONE);
    await unit.reload();
    await rows.locator('tr', { hasText: '汉东区教育局' }).waitFor();
    await settled(unit.locator('.ant-layout-content'));
    await expect.poll(() => unit.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await app.screenshot(unit, 'disclosure-unit-390');
  });

  it('shows anyone the published rows from the sign-in page, on a laptop and on a phone', async () => {
    const visitor = await app.newPage();
    await visitor.setViewportSize(LAPTOP);
    await visitor.goto(`${app.baseUrl}/login`);
    await visitor.getByTestId('public-disclosures-link').click();
    await visitor.waitForURL(/\/public\/disclosures\/2025$/);
    const rows = visitor.getByTestId('public-rows');
    await rows.locator('tr', { hasText: '汉东区教育局' }).waitFor();
    expect(await visitor.getByTestId('public-title').innerText()).toBe('2025年度机关、事业单位逾期未支付中小企业款项情况');
    expect(await visitor.getByTestId('public-city').innerText()).toBe('汉江市');
    expect(await rows.locator('tbody tr[data-row-key]').count()).toBe(3);
    const text = await rows.innerText();
    expect(text).toContain('¥380,000.00');
    expect(text).toContain('汉江市经济和信息化局');
    // Nothing personal: no name of whoever published.
    for (const person of ['王芳', '周敏', '陈志刚']) expect(await visitor.locator('body').innerText()).not.toContain(person);
    await settled(rows);
    await app.screenshot(visitor, 'disclosure-public-1366');
    await visitor.setViewportSize(PHONE);
    await visitor.reload();
    await rows.locator('tr', { hasText: '汉东区教育局' }).waitFor();
    await expect.poll(() => visitor.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await settled(rows);
    await app.screenshot(visitor, 'disclosure-public-390');
  });
});
