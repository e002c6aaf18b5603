#!/usr/bin/env node
// @ts-check
/**
 * The web UI's build: `vite build` of `web/` into `dist/web/`, which the server serves at `/`,
 * stamped with the fingerprint of what it was built from (build-fingerprint.js), so that the
 * test run's setup builds only when the sources changed since (a build takes ~15 s of CPU,
 * twice per CI run before). `node scripts/web-build.js` builds; `--if-stale` builds only when
 * the sources changed. Like the server's build, it builds into a fresh folder and swaps it in
 * whole (`buildInPlaceOf`), so a server running meanwhile serves the old build or the new one.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInPlaceOf, builtFrom, ROOT, sourcesFingerprint, writeStamp } from './build-fingerprint.js';

export const WEB_DIST = join(ROOT, 'dist', 'web');
/** Beside the build, not in it: nothing in `dist/web/` is not a page's asset. */
const STAMP = join(ROOT, 'dist', 'web-build.json');

/**
 * What the bundle is made of: `web/`, the shared code it imports from `src/`, the
 * configuration, and the packages' versions.
 */
const fingerprint = () =>
  sourcesFingerprint(['web', 'src'], ['vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/web-build.js', 'scripts/build-fingerprint.js']);

/** Whether `dist/web/` holds a build of the sources as they are now (or of a tree shipped without them). */
export const isWebBuildCurrent = () => {
  if (!existsSync(join(WEB_DIST, 'index.html'))) return false;
  const now = fingerprint();
  return now === null || now === builtFrom(STAMP);
};

export const buildWeb = async () => {
  // Taken before Vite reads anything: a file saved during the build leaves it stale.
  const sources = fingerprint();
  const { build } = await import('vite');
  // A test runner's NODE_ENV=test would be baked into the bundle: antd would then give every
  // generated id the same value ('test-id') and ship its development-only styles. Build
  // exactly what production serves.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    rmSync(STAMP, { force: true });
    await buildInPlaceOf(WEB_DIST, (staging) =>
      build({ configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } }).then(() => undefined),
    );
    writeStamp(STAMP, sources);
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && isWebBuildCurrent()) process.exit(0);
  const started = performance.now();
  await buildWeb();
  console.log(`web UI built into ${relative(process.cwd(), WEB_DIST) || '.'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
