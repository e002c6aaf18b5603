import { build } from 'vite';

/**
 * Vitest global setup: builds the web UI once before the browser tests, so they always test
 * the current sources (a Vite build takes a few seconds). `CHENGXIN_SKIP_WEB_BUILD=1` skips it
 * when running a few non-browser files by hand; `npm test` and CI always build.
 */
export default async function setup(): Promise<void> {
  if (process.env.CHENGXIN_SKIP_WEB_BUILD === '1') return;
  // Vitest runs with NODE_ENV=test, which Vite would bake into the bundle: antd would then give
  // every generated id the same value ('test-id'), so a dialog's accessible name would be another
  // element's, and ship its development-only styles. Build exactly what `npm run build` ships.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn', mode: 'production' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
