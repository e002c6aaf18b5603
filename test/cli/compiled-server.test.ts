/**
 * Production runs the server as compiled JavaScript (issue 14): the global setup compiles it
 * (test/support/build-server.ts), and `chengxin` then runs that build, without a TypeScript
 * loader, finding the migrations and the web UI from `dist/server`. A module probe preloaded
 * into the process counts the TypeScript modules it loads.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServerBuildCurrent } from '../../scripts/server-build.js';
import { commandsTimeout, DEMO_COMMAND_TIMEOUT_MS } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = join(ROOT, 'test', 'support', 'module-probe.mjs');
const LOADED = /typescript modules loaded: (\d+)/;

/** Runs `node --import <probe> ...args` in the repository; resolves once it has exited. */
const probed = (args: readonly string[], onOutput?: (output: string) => void) => {
  const child = spawn(process.execPath, ['--import', PROBE, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' } });
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
    onOutput?.(output);
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exited = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  return { child, exited };
};

const typescriptModules = (output: string): number => Number(LOADED.exec(output)?.[1] ?? Number.NaN);

describe('the compiled server', { timeout: commandsTimeout(2) }, () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-compiled-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('is built from the sources under test, so the CLI tests run what production runs', () => {
    expect(isServerBuildCurrent()).toBe(true);
  });

  it(
    'serves from a new data folder through `chengxin`, migrated from the compiled migrations, with the built UI, loading no TypeScript',
    async () => {
      let answered: (url: string) => void;
      const listening = new Promise<string>((resolve) => (answered = resolve));
      const { child, exited } = probed(['bin/chengxin.js', 'serve', '--data', join(folder, 'data'), '--port', '0', '--no-scheduler'], (output) => {
        const found = /正在监听 (http:\/\/\S+)/.exec(output);
        if (found) answered(found[1]!);
      });
      const url = await Promise.race([listening, exited.then(({ output }) => Promise.reject(new Error(`serve exited:\n${output}`)))]);
      try {
        const health = await fetch(`${url}/api/health`);
        expect(health.status).toBe(200);
        const page = await (await fetch(`${url}/`)).text();
        const built = join(ROOT, 'dist', 'web', 'index.html');
        // dist/web/index.html when the UI is built (npm test builds it), else the page saying to build it.
        expect(page).toEqual(existsSync(built) ? await readFile(built, 'utf8') : expect.stringContaining('界面尚未构建'));
      } finally {
        child.kill('SIGTERM');
      }
      const { code, output } = await exited;
      expect(code).toBe(0);
      expect(typescriptModules(output)).toBe(0);
    },
    DEMO_COMMAND_TIMEOUT_MS,
  );

  it('the probe sees the sources when they run through tsx (how every start ran before the build)', async () => {
    const { code, output } = await probed(['--import', 'tsx/esm', 'src/cli/main.ts', '--version']).exited;
    expect(code).toBe(0);
    expect(typescriptModules(output)).toBeGreaterThan(100);
  });
});
