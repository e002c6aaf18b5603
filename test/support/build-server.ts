import { buildServer, isServerBuildCurrent } from '../../scripts/server-build.js';

/**
 * Vitest global setup: compiles the server (`npm run build:server`, a few seconds of esbuild)
 * unless the build in `dist/server` is already that of the sources under test, so that the
 * `chengxin` processes the CLI tests start run the compiled JavaScript that `npm start` runs in
 * production. A current build is left alone: a second test run beside the first must not swap
 * the folder under the processes the first one starts.
 */
export default async function setup(): Promise<void> {
  if (!isServerBuildCurrent()) await buildServer();
}
