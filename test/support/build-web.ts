import { buildWeb, isWebBuildCurrent } from '../../scripts/web-build.js';

/**
 * Vitest global setup: builds the web UI before the browser tests unless `dist/web` is already
 * the build of the sources under test (scripts/web-build.js), so they always test the current
 * sources. A current build is left alone: a second test run beside the first must not swap the
 * folder under the servers the first one runs. `CHENGXIN_SKIP_WEB_BUILD=1` skips even a stale
 * build, when running a few non-browser files by hand while editing the UI.
 */
export default async function setup(): Promise<void> {
  if (process.env.CHENGXIN_SKIP_WEB_BUILD === '1') return;
  if (!isWebBuildCurrent()) await buildWeb();
}
