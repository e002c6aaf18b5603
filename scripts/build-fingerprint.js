// @ts-check
/**
 * Whether a build is that of the sources as they are now: a digest of every input file's path,
 * size and modification time, kept beside the build in a stamp file. Any edit, checkout, new or
 * deleted file changes it. Statting a few hundred files takes milliseconds; hashing their
 * contents would take ten times as long on every command. Used by the server's build
 * (server-build.js) and the web UI's (web-build.js), with `buildInPlaceOf`, which both build
 * through. Plain JavaScript, so that it runs without a TypeScript loader.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The fingerprint of the files under `folders` (tests excluded: no build reads them) and of
 * `files`, all relative to the repository's root.
 * @param {readonly string[]} folders
 * @param {readonly string[]} files
 * @returns {string | null} null when a folder is absent (a tree shipped with its build only)
 */
export const sourcesFingerprint = (folders, files) => {
  if (!folders.every((folder) => existsSync(join(ROOT, folder)))) return null;
  const inputs = folders
    .flatMap((folder) => readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .concat(files.map((file) => join(ROOT, file)))
    .sort();
  const hash = createHash('sha256');
  for (const file of inputs) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(ROOT, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
};

/**
 * The fingerprint a build was made from, as its stamp file says.
 * @param {string} stampFile
 * @returns {string | null}
 */
export const builtFrom = (stampFile) => {
  try {
    return /** @type {{ sources: string }} */ (JSON.parse(readFileSync(stampFile, 'utf8'))).sources;
  } catch {
    return null;
  }
};

/**
 * Records that a build was made from `sources`.
 * @param {string} stampFile
 * @param {string | null} sources
 */
export const writeStamp = (stampFile, sources) =>
  writeFileSync(stampFile, `${JSON.stringify({ sources, builtAt: new Date().toISOString() }, null, 2)}\n`);

/**
 * Builds into a fresh folder beside `dist` (`build(staging)`) and swaps it in whole, so that a
 * process starting or serving meanwhile finds the old build or the new one, never half of one.
 * @param {string} dist
 * @param {(staging: string) => Promise<void>} build
 */
export const buildInPlaceOf = async (dist, build) => {
  const staging = `${dist}.building-${process.pid}`;
  const retired = `${dist}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await build(staging);
    if (existsSync(dist)) renameSync(dist, retired);
    renameSync(staging, dist);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
};
