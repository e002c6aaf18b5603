import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The test files share one module graph per worker (vitest.config.ts), which is safe only while
 * no file changes what the next file in the same worker would load or see: a mocked module, fake
 * timers, a stubbed global, a spied function left in place, or an environment variable set.
 * This reads every test file and names any that does.
 */
const ROOT = new URL('../../', import.meta.url).pathname;

const SHARED_STATE_CHANGES: readonly [RegExp, string][] = [
  [/\bvi\s*\.\s*(mock|doMock|unmock|hoisted)\s*\(/, 'mocks a module'],
  [/\bvi\s*\.\s*(useFakeTimers|setSystemTime)\s*\(/, 'fakes timers or the clock'],
  [/\bvi\s*\.\s*(stubGlobal|stubEnv)\s*\(/, 'stubs a global or the environment'],
  [/\bvi\s*\.\s*spyOn\s*\(/, 'spies on a shared function'],
  [/\bprocess\.env(\.[A-Za-z_$][\w$]*|\[[^\]]+\])\s*(=(?!=)|\?\?=|\|\|=)/, 'sets an environment variable'],
  [/\bdelete\s+process\.env\b/, 'deletes an environment variable'],
];

const testFiles = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts')).map((entry) => join(entry.parentPath, entry.name));
};

/** What a file does that would leak into the next file run by the same worker. */
export const sharedStateChanges = (text: string): string[] =>
  SHARED_STATE_CHANGES.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);

describe('test files sharing one module graph', () => {
  it('names each kind of change that would leak into the next file', () => {
    expect(sharedStateChanges("vi.mock('../x.ts')")).toEqual(['mocks a module']);
    expect(sharedStateChanges('vi.useFakeTimers()')).toEqual(['fakes timers or the clock']);
    expect(sharedStateChanges("vi.stubEnv('TZ', 'UTC')")).toEqual(['stubs a global or the environment']);
    expect(sharedStateChanges('vi.spyOn(console, "log")')).toEqual(['spies on a shared function']);
    expect(sharedStateChanges("process.env.TZ = 'UTC'")).toEqual(['sets an environment variable']);
    expect(sharedStateChanges("process.env['TZ'] ??= 'UTC'")).toEqual(['sets an environment variable']);
    expect(sharedStateChanges('delete process.env.TZ')).toEqual(['deletes an environment variable']);
    // Reading the environment, or passing one to a child process, changes nothing here.
    expect(sharedStateChanges("if (process.env.TEST_DATABASE_URL === undefined) spawn(cmd, { env: { ...process.env, TZ: 'UTC' } })")).toEqual([]);
  });

  it('finds no test file that mocks, fakes time, stubs or sets env', async () => {
    const files = [...(await testFiles(join(ROOT, 'src'))), ...(await testFiles(join(ROOT, 'test')))];
    expect(files.length).toBeGreaterThan(150);
    const self = new URL(import.meta.url).pathname;
    const offenders: string[] = [];
    for (const file of files.filter((name) => name !== self)) {
      for (const what of sharedStateChanges(await readFile(file, 'utf8'))) offenders.push(`${relative(ROOT, file)}: ${what}`);
    }
    expect(offenders).toEqual([]);
  });
});
