import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidays, jurisdictions, lprRates, referenceChanges, responsibilityMatrix, units } from '../../src/db/schema.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose, confirmOk, fillDate } from '../support/ui-steps.ts';

/** Opens a form by its 新增 button and waits until its zoom is over: a click during it can be lost on a loaded machine. */
const openForm = async (page: Page, button: string) => {
  await page.getByTestId(button).click();
  await page.getByRole('dialog').waitFor();
  await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
};

const submit = (page: Page) => page.getByRole('dialog').getByRole('button', { name: '提交', exact: true }).click();

/** Submits the open form and waits until it closes (the server accepted it). */
const submitForm = async (page: Page) => {
  await submit(page);
  await page.getByRole('dialog').waitFor({ state: 'detached' });
};

const openTab = async (page: Page, tab: string, table: string) => {
  await page.getByTestId(`organisation-tab-${tab}`).click();
  await page.getByTestId(table).locator('.ant-table-row').first().waitFor();
};

describe(`the system administrator's 组织机构与基础数据 in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('adds a county, a unit, a holiday and an LPR, and names a task\'s lead, through the page, seeing each listed', async () => {
    const admin = await app.signedIn('sysadmin');
    await admin.setViewportSize({ width: 1366, height: 768 });
    await admin.getByRole('menuitem', { name: '组织机构与基础数据' }).click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/organisation');
    await admin.getByTestId('jurisdictions-table').locator('.ant-table-row').first().waitFor();
    await app.screenshot(admin, 'organisation-jurisdictions');

    // A county with its government, named as usual from the county's name.
    await openForm(admin, 'jurisdiction-add');
    await admin.getByTestId('jurisdiction-name').fill('汉西区');
    await admin.getByTestId('jurisdiction-division-code').fill('422905');
    await expect.poll(() => admin.getByTestId('jurisdiction-government-name').inputValue()).toBe('汉西区人民政府');
    await app.screenshot(admin, 'organisation-jurisdiction-form');
    await submitForm(admin);
    await admin.locator('[data-testid="jurisdictions-table"] .ant-table-row', { hasText: '汉西区人民政府' }).waitFor();
    const [county] = await app.app.db.select().from(jurisdictions).where(eq(jurisdictions.name, '汉西区'));
    expect(county).toMatchObject({ level: 'county', divisionCode: '422905', parentId: 'city' });

    // A unit in an existing county; a refused one first shows the server's words and writes nothing.
    await openTab(admin, 'units', 'units-table');
    await openForm(admin, 'unit-add');
    await admin.getByTestId('unit-name').fill('汉东区教育局');
    await choose(admin, '类别', '部门');
    await choose(admin, '所属行政区划', '汉东区');
    await submit(admin);
    await expect.poll(() => admin.getByTestId('unit-form-error').innerText()).toContain('单位“汉东区教育局”已存在');
    await admin.getByTestId('unit-name').fill('汉东区城市管理执法局');
    await app.screenshot(admin, 'organisation-unit-form');
    await submitForm(admin);
    await admin.getByTestId('units-search').locator('input').fill('城市管理');
    await admin.getByTestId('units-search').locator('input').press('Enter');
    const unitRow = admin.locator('[data-testid="units-table"] .ant-table-row', { hasText: '汉东区城市管理执法局' });
    await unitRow.waitFor();
    expect(await unitRow.innerText()).toContain('汉东区');
    await app.screenshot(admin, 'organisation-units');
    const [unit] = await app.app.db.select().from(units).where(eq(units.name, '汉东区城市管理执法局'));
    expect(unit).toMatchObject({ kind: 'department', jurisdictionId: 'handong' });
    const [logged] = await app.app.db.select().from(referenceChanges).where(eq(referenceChanges.entityId, unit!.id));
    expect(logged).toMatchObject({ entity: 'unit', before: null, actorId: 'acc-demo-sysadmin' });

    // A day off of the demo's year, listed, then removed after a confirmation.
    await openTab(admin, 'holidays', 'holidays-table');
    await openForm(admin, 'holiday-add');
    await fillDate(admin, admin.getByRole('dialog').getByLabel('日期'), '2026-12-28');
    await admin.getByTestId('holiday-name').fill('年终停电检修');
    await submitForm(admin);
    const holidayRow = admin.locator('[data-testid="holidays-table"] .ant-table-row', { hasText: '2026-12-28' });
    await holidayRow.waitFor();
    expect(await holidayRow.innerText()).toContain('年终停电检修');
    expect(await holidayRow.innerText()).toContain('放假');
    await app.screenshot(admin, 'organisation-holidays');
    const day = () => app.app.db.select().from(holidays).where(and(eq(holidays.tenantId, app.app.tenantId), eq(holidays.day, '2026-12-28')));
    expect(await day()).toEqual([expect.objectContaining({ kind: 'holiday', name: '年终停电检修' })]);
    await holidayRow.getByTestId('holiday-remove').click();
    await confirmOk(admin);
    await holidayRow.waitFor({ state: 'detached' });
    expect(await day()).toEqual([]);

    // The one-year LPR (保障中小企业款项支付条例 第十七条): a newly published rate added, corrected and removed.
    await openTab(admin, 'lpr', 'lpr-table');
    expect(await admin.getByTestId('lpr-law').innerText()).toContain('约定的逾期利息利率不得低于合同订立时的一年期贷款市场报价利率（LPR）');
    const lprRows = admin.locator('[data-testid="lpr-table"] .ant-table-row');
    const inForce = await lprRows.first().innerText();
    for (const text of ['2025-05-20', '3.00%', '现行']) expect(inForce).toContain(text);
    await openForm(admin, 'lpr-add');
    await fillDate(admin, admin.getByRole('dialog').getByLabel('生效日期'), '2026-11-20');
    await admin.getByRole('dialog').getByLabel('一年期LPR').fill('2.95');
    await app.screenshot(admin, 'organisation-lpr-form');
    await submitForm(admin);
    const lprRow = admin.locator('[data-testid="lpr-table"] .ant-table-row', { hasText: '2026-11-20' });
    await expect.poll(() => lprRow.innerText()).toContain('2.95%');
    expect(await lprRow.innerText()).toContain('现行');
    await app.screenshot(admin, 'organisation-lpr');
    await lprRow.getByTestId('lpr-edit').click();
    await admin.getByRole('dialog').waitFor();
    await admin.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    await admin.getByRole('dialog').getByLabel('一年期LPR').fill('2.90');
    await submitForm(admin);
    await expect.poll(() => lprRow.innerText()).toContain('2.90%');
    const rate = () => app.app.db.select().from(lprRates).where(and(eq(lprRates.tenantId, app.app.tenantId), eq(lprRates.effectiveOn, '2026-11-20')));
    expect(await rate()).toEqual([expect.objectContaining({ oneYearBp: 290 })]);
    await lprRow.getByTestId('lpr-remove').click();
    await confirmOk(admin);
    await lprRow.waitFor({ state: 'detached' });
    expect(await rate()).toEqual([]);
    const lprLog = await app.app.db.select().from(referenceChanges).where(and(eq(referenceChanges.entity, 'lpr'), eq(referenceChanges.entityId, '2026-11-20'))).orderBy(referenceChanges.at);
    expect(lprLog.map((change) => [change.before === null, change.after === null])).toEqual([[true, false], [false, false], [false, true]]);

    // The matrix and the time limits, on a desk and on a phone.
    // The matrix: a new lead for one task, among the city's own units.
    await openTab(admin, 'matrix', 'matrix-table');
    await app.screenshot(admin, 'organisation-matrix');
    const task = admin.locator('[data-testid="matrix-table"] .ant-table-row', { hasText: '保障企业账款及时支付' });
    await task.getByTestId('matrix-edit').click();
    await admin.getByRole('dialog').waitFor();
    await admin.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    await choose(admin, '牵头单位', '汉江市审计局');
    await app.screenshot(admin, 'organisation-matrix-form');
    await submitForm(admin);
    await expect.poll(() => task.innerText()).toContain('汉江市审计局');
    const [row] = await app.app.db.select().from(responsibilityMatrix).where(eq(responsibilityMatrix.topic, 'arrears_payment_funds'));
    expect(row?.leadUnitId).toBe('u-shenjiju');
    await openTab(admin, 'timeLimits', 'time-limits-table');
    await app.screenshot(admin, 'organisation-time-limits');
    // A phone folds the tabs that do not fit into a menu: go by the address.
    await admin.setViewportSize({ width: 390, height: 844 });
    for (const [tab, table] of [['units', 'units-table'], ['matrix', 'matrix-table'], ['jurisdictions', 'jurisdictions-table']] as const) {
      await admin.goto(`${app.baseUrl}/organisation?tab=${tab}`);
      await admin.getByTestId(table).locator('.ant-table-row').first().waitFor();
      await app.screenshot(admin, `organisation-${tab}-phone`);
    }
  });
});
