#!/usr/bin/env node
// @ts-check
/**
 * The server's build: `src/cli/main.ts` and everything it imports, compiled by esbuild into
 * plain JavaScript in `dist/server/` (`main.js` and the chunks loaded on demand, such as the HTTP
 * stack that only `serve` needs), with the packages left to `node_modules` and the SQL
 * migrations copied beside the chunks, where `src/db/migrate.ts` looks for them. Every chunk
 * sits directly in `dist/server/`, two folders below the root as every file of `src/<folder>/` is,
 * so the paths the code resolves from its own module (`dist/web/`) are the same compiled and not.
 *
 * `node scripts/server-build.js` builds; `--if-stale` builds only when the sources changed since
 * the last build (npm's `prestart`). `bin/chengxin.js` asks `isServerBuildCurrent()` whether
 * the build is what the sources say; only then does it run it. Plain JavaScript, so that it
 * runs without a TypeScript loader.
 */
import { cpSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInPlaceOf, builtFrom, ROOT, sourcesFingerprint, writeStamp } from './build-fingerprint.js';

export const SERVER_DIST = join(ROOT, 'dist', 'server');
/** The compiled `src/cli/main.ts`. */
export const SERVER_MAIN = join(SERVER_DIST, 'main.js');
const STAMP_FILE = 'build.json';

/** What a build reads: `src/` (not its tests) and these files. */
const fingerprint = () => sourcesFingerprint(['src'], ['package.json', 'tsconfig.json', 'scripts/server-build.js', 'scripts/build-fingerprint.js']);

/** Whether `dist/server/` holds a build of the sources as they are now (or of a tree shipped without them). */
export const isServerBuildCurrent = () => {
  if (!existsSync(SERVER_MAIN)) return false;
  const now = fingerprint();
  return now === null || now === builtFrom(join(SERVER_DIST, STAMP_FILE));
};

/**
 * CommonJS packages that most commands never use but that cost much to load: exceljs pulls in
 * some 550 modules (jszip, archiver, unzipper, bluebird, fast-csv…), a third of a start's
 * module loading. The bundle imports a stand-in instead, which requires the package when one of
 * its exports is first read (`new ExcelJS.Workbook()`), so that only a workbook's import or
 * export pays for it. Only a default import is offered: a named one fails the build.
 * @type {readonly string[]}
 */
const LAZY_COMMONJS = ['exceljs'];

/** @type {import('esbuild').Plugin} */
const lazyCommonJs = {
  name: 'lazy-commonjs',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_COMMONJS.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-commonjs' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-commonjs' }, (args) => ({
      loader: 'js',
      contents: `import { createRequire } from 'node:module';
const requireFromBuild = createRequire(import.meta.url);
let loaded;
const load = () => (loaded ??= requireFromBuild(${JSON.stringify(args.path)}));
export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
`,
    }));
  },
};

/** Builds into a fresh folder and swaps it in whole (`buildInPlaceOf`). */
export const buildServer = async () => {
  // Taken before esbuild reads anything: a file saved during the build leaves it stale.
  const sources = fingerprint();
  const { build } = await import('esbuild');
  await buildInPlaceOf(SERVER_DIST, async (staging) => {
    await build({
      absWorkingDir: ROOT,
      entryPoints: { main: 'src/cli/main.ts' },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      // The dependencies stay in node_modules, loaded by Node as ever (PGlite finds its wasm there).
      packages: 'external',
      // Stack traces name the TypeScript files (main.ts turns source maps on).
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
      plugins: [lazyCommonJs],
    });
    cpSync(join(ROOT, 'src', 'db', 'migrations'), join(staging, 'migrations'), { recursive: true });
    writeStamp(join(staging, STAMP_FILE), sources);
  });
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && isServerBuildCurrent()) process.exit(0);
  const started = performance.now();
  await buildServer();
  console.log(`server built into ${relative(process.cwd(), SERVER_DIST) || '.'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
