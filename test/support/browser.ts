import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, errors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { AppContext } from '../../src/app-context.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../../src/http/csrf.ts';
import { buildServer } from '../../src/http/server.ts';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium-path.ts';
import { createDemoDatabase } from './demo-database.ts';
import { DEMO_NOW, settableClock, type RunningClock } from './clock.ts';

/** The demo accounts' password, as the walks type it. */
export { DEMO_PASSWORD };
export const SCREENSHOT_DIR = new URL('../../test-results/screenshots/', import.meta.url);

/** Debian's Chromium, headless, with nothing that reaches the network (see DESIGN.md). */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', ...CHROMIUM_FLAGS],
  });

/**
 * One Chromium per test worker, launched by the first browser file the worker runs and shared by
 * the files after it (each in contexts of its own, which its `close` closes): a launch costs
 * Chromium a second or two of CPU, and the suite's workers run 27 browser files. Launched anew
 * if it ever goes away; it ends with its worker.
 */
let workerBrowser: Promise<Browser> | undefined;
const sharedBrowser = (): Promise<Browser> =>
  (workerBrowser ??= launchBrowser().then(
    (browser) => browser.on('disconnected', () => (workerBrowser = undefined)),
    (error: unknown) => {
      workerBrowser = undefined;
      throw error;
    },
  ));

/**
 * Whether the walks save their screenshots (`CHENGXIN_TEST_SCREENSHOTS=off` leaves them out).
 * CI runs the suite on PGlite and on PostgreSQL at the same time in one folder: the two runs draw
 * the same pages into the same files, so the PostgreSQL run leaves the pictures to the other
 * and spares the machine its share of drawing them (.ci/run).
 */
const SCREENSHOTS_SAVED = process.env.CHENGXIN_TEST_SCREENSHOTS !== 'off';

/**
 * A picture of `target` (the whole page, or one element) in the screenshot folder as `name`.png;
 * with screenshots off, only the wait a screenshot of an element makes for it to show.
 * A picture of more than the viewport (`captureBeyondViewport`) waits for Chromium to draw a new
 * frame of the whole page, and a page that is not the front one may draw none: CI saw such a
 * picture wait 90 s, twice, for a walk's first page after a second page (another account's) had
 * opened in front of it. So a picture that times out is taken once more, with its page brought to
 * the front, of the viewport only, which needs no new frame: a screenshot is evidence for people,
 * not an assertion. The page is not brought to the front before the first try: that would put the
 * walk's other pages behind it, and a page behind others after a change of viewport may stop
 * drawing the frames its next click waits for (`setViewportSize` in `createBrowserApp`).
 */
export const screenshot = async (target: Page | Locator, name: string): Promise<void> => {
  if (!SCREENSHOTS_SAVED) {
    if ('page' in target) await target.waitFor({ state: 'visible' });
    return;
  }
  const path = new URL(`${name}.png`, SCREENSHOT_DIR).pathname;
  const isElement = 'page' in target;
  const page = isElement ? target.page() : target;
  try {
    await target.screenshot(isElement ? { path, timeout: 30_000 } : { path, fullPage: true, timeout: 30_000 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    await page.bringToFront();
    await target.screenshot({ path, timeout: 60_000 });
  }
};

/**
 * Time a browser test may take on a loaded two-core machine (a second test run beside this
 * one): a path through several pages takes 20–35 s when the machine is idle and up to about
 * 75 s loaded.
 */
export const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Time for `createBrowserApp`: a fresh database seeded with the demo city, and Chromium (up to about 90 s loaded). */
export const BROWSER_APP_TIMEOUT_MS = 300_000;

export interface BrowserApp {
  readonly app: AppContext;
  readonly server: FastifyInstance;
  readonly baseUrl: string;
  /**
   * A new page (own cookies) signed in as `username`, open at `url` (an address of the platform;
   * the account's home page if none) once the signed-in shell is drawn.
   */
  signedIn(username: string, url?: string): Promise<Page>;
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  /**
   * Sets the platform's clock to `instant`, from which it runs on. Pages opened before keep the
   * day they opened on, and their sessions may have timed out: open new ones (`signedIn`).
   */
  setClock(instant: string): void;
  close(): Promise<void>;
}

/**
 * Chromium keeps its cookie jar on the machine's real clock, which the test clock does not move:
 * a session cookie that expires 8 hours after a sign-in on the test clock may already be past
 * in the jar. Sent as its lifetime (`Max-Age`) instead of its end (`Expires`), the cookie lasts
 * exactly as long as for a browser whose clock agreed with the platform's.
 */
const cookiesOnTheClock = (server: FastifyInstance, clock: RunningClock): void => {
  server.addHook('onSend', async (_request, reply, payload) => {
    const header = reply.getHeader('set-cookie');
    if (header === undefined) return payload;
    const cookies = (Array.isArray(header) ? header : [String(header)]).map((cookie) =>
      cookie.replace(/;\s*Expires=([^;]+)/i, (_match, expires: string) => {
        const seconds = Math.max(0, Math.floor((Date.parse(expires) - clock().getTime()) / 1000));
        return `; Max-Age=${seconds}`;
      }),
    );
    reply.header('set-cookie', cookies);
    return payload;
  });
};

/**
 * A script for each page, run before the page's own: the page's `Date` reads `offsetMs` off the
 * real clock, as the platform's running clock does (the same shift as cli-clock.mjs gives a
 * command). Only the wall clock: timers, animation frames and `performance` stay the browser's
 * own, so pages render and animate as in any browser. A string, not a function, so that what
 * runs in the page is exactly this, whatever the test runner's compiler adds to functions.
 */
const pageDateScript = (offsetMs: number): string => `(() => {
  const RealDate = Date;
  const now = () => RealDate.now() + ${offsetMs};
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
})();`;

/**
 * The whole platform on a real port over a fresh database with the demo city, and a real
 * browser. The platform and every page run on one clock that starts at DEMO_NOW (see
 * clock.ts): the demo, the dates a form offers and the dates a test expects are the same on
 * whatever day the suite runs. A test that lets days pass sets it (`setClock`).
 */
export const createBrowserApp = async (): Promise<BrowserApp> => {
  const { database, keys } = await createDemoDatabase();
  const clock = settableClock(DEMO_NOW);
  const app: AppContext = { db: database.db, tenantId: database.tenantId, clock, keys };
  const server = await buildServer({ app, databaseKind: database.kind, demo: true });
  cookiesOnTheClock(server, clock);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const browser = await sharedBrowser();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // The contexts this app opened, which its `close` closes: the browser stays for the worker's next file.
  const contexts = new Set<BrowserContext>();

  const newPage = async () => {
    // A browser that asks for less motion: the pages open drawers and dialogs without antd's
    // animations (reduced-motion.ts), so a walk waits for no animation and draws no frames of one.
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    contexts.add(context);
    context.on('close', () => contexts.delete(context));
    // The page's wall clock (today in a form, the week of a new dispatch round) is the platform's.
    await context.addInitScript({ content: pageDateScript(clock.offsetMs) });
    const page = await context.newPage();
    // One wait for the page (a click's effect, a navigation, a download): generous, because the
    // suite runs browser files beside database-heavy ones on two cores, maybe beside another run.
    page.setDefaultTimeout(60_000);
    // After a change of viewport on a loaded machine, Chromium now and then draws no more frames
    // for a page that is not the front one: a click then waits 60 s for the button to hold still
    // (it measures across animation frames) and fails, as a screenshot did (`screenshot` above).
    // Each walk's change of viewport therefore brings its page to the front, which makes the
    // window draw again.
    const setViewportSize = page.setViewportSize.bind(page);
    page.setViewportSize = async (size) => {
      await setViewportSize(size);
      await page.bringToFront();
    };
    return page;
  };

  return {
    app,
    server,
    baseUrl,
    newPage,
    async signedIn(username, url = baseUrl) {
      const page = await newPage();
      // The sign-in the login form sends (POST /api/session), from the page's own cookie jar,
      // without drawing the form first, and then straight to the page the walk works on rather
      // than through the home page: every page drawn costs the machine a second of Chromium's
      // time, and the form has walks of its own (identity-ui, accounts-ui).
      const response = await page.context().request.post(`${baseUrl}/api/session`, {
        headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE },
        data: { username, password: DEMO_PASSWORD },
      });
      if (!response.ok()) throw new Error(`signing in as ${username}: ${response.status()} ${await response.text()}`);
      await page.goto(url);
      await page.getByTestId('current-user').waitFor();
      return page;
    },
    screenshot,
    setClock(instant) {
      clock.set(instant);
    },
    async close() {
      await Promise.all([...contexts].map((context) => context.close()));
      await server.close();
      await database.close();
    },
  };
};
