import { build } from 'vite';

/**
 * Vitest global setup: builds the web UI once before the browser tests, so they always test
 * the current sources (a Vite build takes a few seconds). `CHENGXIN_SKIP_WEB_BUILD=1` skips it
 * when running a few non-browser files by hand; `npm test` and CI always build.
 */
export default async function setup(): Promise<void> {
  if (process.env.CHENGXIN_SKIP_WEB_BUILD === '1') return;
  await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
