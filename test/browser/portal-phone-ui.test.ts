import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_APP_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS, createBrowserApp, type BrowserApp } from '../support/browser.ts';
import { backendName } from '../support/database.ts';

/** The page's width: wider than the phone means the whole page scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** The headers of the tables wider than their card (each would scroll inside it). */
const CLIPPED_TABLES = `[...document.querySelectorAll('.ant-table-content')]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => [...box.querySelectorAll('th')].map((th) => th.textContent).join('|'))`;

/**
 * The enterprise's portal on phones from 360 to 414 px: its pages and every one of its cases fit
 * the screen — no page scrolls sideways, and no table needs scrolling inside its card.
 */
describe(`the enterprise's portal on a phone in a real browser (${backendName})`, { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await createBrowserApp();
  }, BROWSER_APP_TIMEOUT_MS);
  afterAll(() => app?.close());

  for (const width of [360, 414]) {
    it(`fits the portal, the complaint form, the policies and each of its cases into ${width} px`, async () => {
      const enterprise = await app.signedIn('qiye1');
      await enterprise.setViewportSize({ width, height: 800 });
      await expect.poll(() => new URL(enterprise.url()).pathname).toBe('/portal');
      const caseLinks = enterprise.locator('a[href^="/cases/"]');
      await caseLinks.first().waitFor();
      await expect.poll(() => pageWidth(enterprise), { message: 'portal' }).toBeLessThanOrEqual(width);
      await app.screenshot(enterprise, `portal-phone-${width}`);
      const paths = [...new Set(await caseLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? '')))];
      // The demo gives 企业一 cases in several states: awaiting its consent, paying, closed, 销号.
      expect(paths.length).toBeGreaterThanOrEqual(5);
      for (const [index, path] of paths.entries()) {
        await enterprise.goto(`${app.baseUrl}${path}`);
        await enterprise.getByTestId('case-state').waitFor();
        await enterprise.getByTestId('enterprise-progress').waitFor();
        await expect.poll(() => pageWidth(enterprise), { message: path }).toBeLessThanOrEqual(width);
        // Its tables (installments, interest, 督办记录) fit their cards: nothing to scroll sideways even inside one.
        expect(await enterprise.evaluate<string[]>(CLIPPED_TABLES), path).toEqual([]);
        // Its header keeps whole words: the number and the state are not squeezed into one-character columns.
        const state = await enterprise.getByTestId('case-state').boundingBox();
        expect(state!.width, path).toBeGreaterThan(48);
        if (index < 3) await app.screenshot(enterprise, `portal-phone-${width}-case-${index + 1}`);
        if (index === 0) {
          // Its way back is its own list, not the staff ledger.
          await enterprise.getByRole('link', { name: '← 我的诉求' }).click();
          await expect.poll(() => new URL(enterprise.url()).pathname).toBe('/portal');
        }
      }
      for (const [path, name] of [
        ['/portal/new', 'submit'],
        ['/portal/policies', 'policies'],
      ] as const) {
        await enterprise.goto(`${app.baseUrl}${path}`);
        await enterprise.locator('.ant-card').first().waitFor();
        await expect.poll(() => pageWidth(enterprise), { message: path }).toBeLessThanOrEqual(width);
        await app.screenshot(enterprise, `portal-phone-${width}-${name}`);
      }
    });
  }
});
