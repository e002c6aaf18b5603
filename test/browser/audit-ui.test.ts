import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/db/schema.ts';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';
import { choose } from '../support/ui-steps.ts';

describe(`the audit administrator's 安全审计 page in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('shows other users’ sign-ins and denials, filters them, exports them and reports the chain intact', async () => {
    // 营商办 signs in and tries the audit log, which is not theirs (三员分立).
    const office = await app.signedIn('yingshangban');
    const denied = await office.evaluate(async () => (await fetch('/api/security-events')).status);
    expect(denied).toBe(403);
    await expect
      .poll(async () => (await app.app.db.select().from(securityEvents).where(eq(securityEvents.kind, 'access_denied'))).length)
      .toBeGreaterThan(0);

    const auditor = await app.signedIn('auditadmin');
    await expect.poll(() => new URL(auditor.url()).pathname).toBe('/audit');
    const table = auditor.getByTestId('audit-events');
    await table.locator('.ant-table-row').first().waitFor();
    await auditor.locator('[data-testid="audit-chain-status"][data-intact="true"]').waitFor();
    const denial = table.locator('.ant-table-row', { hasText: '越权访问被拒绝' }).first();
    await denial.waitFor();
    expect(await denial.innerText()).toContain('GET /api/security-events');
    expect(await denial.innerText()).toContain('yingshangban');
    // The sign-ins of others (recorded by the sign-in itself).
    await table.locator('.ant-table-row', { hasText: '登录' }).filter({ hasText: 'yingshangban' }).first().waitFor();
    await app.screenshot(auditor, 'audit-log');

    // Only denials.
    await choose(auditor, '事件类型', '越权访问被拒绝');
    await auditor.getByTestId('audit-filter-apply').click();
    await expect.poll(() => new URL(auditor.url()).searchParams.get('kind')).toBe('access_denied');
    await expect
      .poll(async () => {
        const kinds = await table.locator('[data-kind]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-kind')));
        return kinds.length > 0 && kinds.every((kind) => kind === 'access_denied');
      })
      .toBe(true);

    // Their account alone; nothing of the audit administrator's own.
    await auditor.getByTestId('audit-filter-reset').click();
    // The reset lands in the address first, and the form then takes its fields from it (a render
    // later, which on a loaded machine comes well after): type only once the type chosen above is
    // gone from the form, or the form's catching up empties the field typed into.
    await expect.poll(() => new URL(auditor.url()).searchParams.get('kind')).toBeNull();
    await expect.poll(() => auditor.getByTestId('audit-filter-kind').locator('.ant-select-content-has-value').count()).toBe(0);
    await auditor.getByTestId('audit-filter-account').fill('yingshangban');
    await auditor.getByTestId('audit-filter-apply').click();
    await expect.poll(() => new URL(auditor.url()).searchParams.get('account')).toBe('yingshangban');
    // Rows shown and every one of them that account's: an empty table while the answer loads is neither.
    await expect
      .poll(async () => {
        const rows = await table.locator('.ant-table-row').allInnerTexts();
        return rows.length > 0 && rows.every((text) => text.includes('yingshangban'));
      })
      .toBe(true);

    // The same selection as a workbook; the export is itself recorded.
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^安全审计日志_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.getWorksheet('安全审计日志')!;
    expect(String(sheet.getCell(2, 1).value)).toContain('账号含“yingshangban”');
    expect(sheet.rowCount).toBeGreaterThan(3);
    await expect
      .poll(async () =>
        (await app.app.db.select().from(securityEvents).where(and(eq(securityEvents.kind, 'audit_log_exported'), eq(securityEvents.accountId, 'acc-demo-auditadmin')))).length,
      )
      .toBe(1);

    // On a phone.
    await auditor.setViewportSize({ width: 390, height: 844 });
    await auditor.getByTestId('audit-filter-reset').click();
    await table.locator('.ant-table-row').first().waitFor();
    await app.screenshot(auditor, 'audit-log-390');
  });
});
