/**
 * What a page costs a browser on a slow link: the bytes on the wire and the time until the page
 * can be used, with the built assets compressed (what a browser gets) and with compression refused
 * (`Accept-Encoding: identity`, what every browser got before the build wrote .br/.gz copies).
 *
 *   npx tsx bench/page-weight.bench.ts [--runs 5] [--mbps 4] [--latency 40]
 *
 * Starts the demo (`chengxin serve --demo`, embedded PGlite, a temporary folder) from the built UI
 * (`npm run build` first), drives Chromium with an empty cache per load and the link throttled
 * through the DevTools protocol, and prints a markdown table of medians: bytes transferred
 * (`encodedDataLength` of every response) and milliseconds from navigation until the page is
 * usable — the sign-in form's 登录 button, the case page's state, the enterprise's portal at
 * 390 px.
 */
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from '../test/support/chromium-path.ts';
import { DEMO_PASSWORD as PASSWORD } from '../src/demo/accounts.ts';
import { median, startDemoServer } from './demo-server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    mbps: { type: 'string', default: '4' },
    latency: { type: 'string', default: '40' },
    port: { type: 'string', default: '3197' },
  },
});
const runs = Number(values.runs);
const mbps = Number(values.mbps);
const latencyMs = Number(values.latency);
const port = Number(values.port);
type Encoding = 'compressed' | 'identity';

/** A fresh context (empty cache), optionally refusing compression, signed in as `username` through the API. */
const contextFor = async (browser: Browser, encoding: Encoding, username: string | null, viewport = { width: 1366, height: 768 }): Promise<BrowserContext> => {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', extraHTTPHeaders: encoding === 'identity' ? { 'accept-encoding': 'identity' } : {} });
  if (username !== null) {
    const answer = await context.request.post(`${base}/api/session`, { data: { username, password: PASSWORD }, headers: { origin: base } });
    if (!answer.ok()) throw new Error(`sign-in of ${username} failed: ${answer.status()}`);
  }
  return context;
};

/** Loads `url` on the throttled link and waits until `usable` holds; the bytes and the time it took. */
const measure = async (context: BrowserContext, url: string, usable: (page: Page) => Promise<unknown>): Promise<{ bytes: number; ms: number }> => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: (mbps * 1_000_000) / 8,
    uploadThroughput: (mbps * 1_000_000) / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await usable(page);
  const ms = performance.now() - started;
  // What is still in flight for the page (fonts, late chunks) counts in its weight.
  await page.waitForLoadState('networkidle');
  await page.close();
  return { bytes, ms };
};

const { base, stop } = await startDemoServer(port);
try {
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  // A case 营商办 may open, and the enterprise's own.
  const probe = await contextFor(browser, 'compressed', 'yingshangban');
  const listed = (await (await probe.request.get(`${base}/api/cases?line=arrears&limit=1`)).json()) as { items: { id: string }[] };
  await probe.close();
  const caseId = listed.items[0]!.id;

  const pages = [
    { name: '登录页（1366）', username: null, url: `${base}/login`, viewport: undefined, usable: (page: Page) => page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 120_000 }) },
    { name: '案件页（营商办，1366）', username: 'yingshangban', url: `${base}/cases/${caseId}`, viewport: undefined, usable: (page: Page) => page.getByTestId('case-state').waitFor({ timeout: 120_000 }) },
    { name: '企业门户（390）', username: 'qiye1', url: `${base}/portal`, viewport: { width: 390, height: 844 }, usable: (page: Page) => page.getByTestId('current-user').waitFor({ timeout: 120_000 }) },
  ];
  const rows: string[] = [];
  for (const target of pages) {
    const results: Record<Encoding, { bytes: number[]; ms: number[] }> = { compressed: { bytes: [], ms: [] }, identity: { bytes: [], ms: [] } };
    for (let run = 0; run < runs; run += 1) {
      // Alternate the two so that the machine's noise falls on both alike.
      for (const encoding of ['identity', 'compressed'] as const) {
        const context = await contextFor(browser, encoding, target.username, target.viewport);
        const { bytes, ms } = await measure(context, target.url, target.usable);
        await context.close();
        results[encoding].bytes.push(bytes);
        results[encoding].ms.push(ms);
        process.stderr.write(`${target.name} ${encoding} run ${run + 1}: ${(bytes / 1e6).toFixed(2)} MB, ${Math.round(ms)} ms\n`);
      }
    }
    const plain = { bytes: median(results.identity.bytes), ms: median(results.identity.ms) };
    const packed = { bytes: median(results.compressed.bytes), ms: median(results.compressed.ms) };
    rows.push(
      `| ${target.name} | ${(plain.bytes / 1e6).toFixed(2)} MB | ${(packed.bytes / 1e6).toFixed(2)} MB | ${(packed.bytes / plain.bytes).toFixed(2)} | ${(plain.ms / 1000).toFixed(1)} s | ${(packed.ms / 1000).toFixed(1)} s | ${(packed.ms / plain.ms).toFixed(2)} |`,
    );
  }
  await browser.close();
  console.log(`Link: ${mbps} Mbps down and up, ${latencyMs} ms latency, empty cache; medians of ${runs} loads each.\n`);
  console.log('| 页面 | 未压缩传输 | 压缩传输 | 比值 | 未压缩可用 | 压缩可用 | 比值 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  await stop();
}
