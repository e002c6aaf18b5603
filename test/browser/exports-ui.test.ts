import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';

/** Clicks a download button and opens the workbook it saved. */
const downloadWorkbook = async (page: Page, testId: string) => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  return { name: download.suggestedFilename(), sheet: workbook.worksheets[0]! };
};

describe(`导出 and a case's printable documents in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('exports the 督办中心 list and the 受理台 with the filters on screen', async () => {
    const office = await app.signedIn('yingshangban', `${app.baseUrl}/supervision`);
    await office.getByTestId('supervised-cases').locator('.ant-table-row').first().waitFor();
    const supervised = await downloadWorkbook(office, 'supervised-export');
    expect(supervised.name).toMatch(/^督办事项清单_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(supervised.sheet.getCell('A1').value).toBe('督办事项清单');
    expect(String(supervised.sheet.getCell('A2').value)).toContain('填报单位：');
    await app.screenshot(office, 'supervision-export');

    await office.goto(`${app.baseUrl}/intake`);
    await office.getByTestId('intake-export').waitFor();
    const intake = await downloadWorkbook(office, 'intake-export');
    expect(intake.sheet.getCell('A1').value).toBe('受理台待受理诉求清单');
    await app.screenshot(office, 'intake-export');

    await office.setViewportSize({ width: 390, height: 844 });
    await office.goto(`${app.baseUrl}/supervision`);
    await office.getByTestId('supervised-export').waitFor();
    await app.screenshot(office, 'supervision-export-390');
    await office.goto(`${app.baseUrl}/intake`);
    await office.getByTestId('intake-export').waitFor();
    await app.screenshot(office, 'intake-export-390');
  });

  it('exports the breach records', async () => {
    const credit = await app.signedIn('xinyongban', `${app.baseUrl}/credit`);
    await credit.getByTestId('credit-export').waitFor();
    const records = await downloadWorkbook(credit, 'credit-export');
    expect(records.sheet.getCell('A1').value).toBe('政府机构违约失信记录清单');
    await app.screenshot(credit, 'credit-export');
    await credit.setViewportSize({ width: 390, height: 844 });
    await credit.reload();
    await credit.getByTestId('credit-export').waitFor();
    await app.screenshot(credit, 'credit-export-390');
  });

  it('offers staff the 案件办理单 and the enterprise its 受理回执 on the case page', async () => {
    const office = await app.signedIn('yingshangban');
    const id = await office.evaluate(async () => ((await (await fetch('/api/supervision/cases')).json()) as { items: { id: string }[] }).items[0]!.id);
    await office.goto(`${app.baseUrl}/cases/${id}`);
    await office.getByTestId('case-handling-form').waitFor();
    const [form] = await Promise.all([office.waitForEvent('download'), office.getByTestId('case-handling-form').click()]);
    expect(form.suggestedFilename()).toMatch(/^问题事项(办理单|销号审批表)-.+\.docx$/);
    await app.screenshot(office, 'case-documents');
    await office.setViewportSize({ width: 390, height: 844 });
    await office.reload();
    await office.getByTestId('case-handling-form').waitFor();
    await app.screenshot(office, 'case-documents-390');

    const firm = await app.signedIn('qiye1');
    const accepted = await firm.evaluate(async () => {
      const list = ((await (await fetch('/api/cases?limit=50')).json()) as { items: { id: string }[] }).items;
      for (const item of list) {
        const view = (await (await fetch(`/api/cases/${item.id}`)).json()) as { id: string; state: string; intake: { status: string } | null };
        if (view.intake?.status === 'accepted' && view.state !== 'dismissed') return view.id;
      }
      return null;
    });
    expect(accepted).not.toBeNull();
    await firm.goto(`${app.baseUrl}/cases/${accepted}`);
    await firm.getByTestId('case-receipt').waitFor();
    expect(await firm.getByTestId('case-handling-form').count()).toBe(0);
    const [receipt] = await Promise.all([firm.waitForEvent('download'), firm.getByTestId('case-receipt').click()]);
    expect(receipt.suggestedFilename()).toMatch(/^受理回执-.+\.docx$/);
    await app.screenshot(firm, 'case-receipt-enterprise');
    await firm.setViewportSize({ width: 390, height: 844 });
    await firm.reload();
    await firm.getByTestId('case-receipt').waitFor();
    await app.screenshot(firm, 'case-receipt-enterprise-390');
  });
});
