/**
 * Runs before `npm test` and `npm run bench` (the `pretest` and `prebench` scripts): the browser
 * tests and the page benchmarks need Debian's Chromium and CJK fonts (without them Chinese renders
 * as boxes). When either is missing it installs them
 * as `.ci/run` does — with apt-get as root, or through `sudo -n` — and where it cannot, it
 * stops at once and names the command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium-path.ts';

const PACKAGES = { chromium: 'chromium', fonts: 'fonts-noto-cjk' } as const;

const hasCjkFonts = (): boolean => {
  try {
    return /Noto (Sans|Serif) CJK/i.test(execFileSync('fc-list', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
};

const missingPackages = (): string[] => [
  ...(existsSync(chromiumPath()) ? [] : [PACKAGES.chromium]),
  ...(hasCjkFonts() ? [] : [PACKAGES.fonts]),
];

const succeeds = (command: string, args: readonly string[]): boolean =>
  spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** How this process may run apt-get: directly as root, through password-less sudo, or not at all. */
const aptRunner = (): string[] | null => {
  if (!succeeds('sh', ['-c', 'command -v apt-get'])) return null;
  if (process.getuid?.() === 0) return [];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : null;
};

/** Runs an apt-get step quietly; its output is shown only when it fails. */
const run = (prefix: readonly string[], args: readonly string[]): void => {
  const [command, ...rest] = [...prefix, ...args];
  const result = spawnSync(command!, rest, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`命令失败（退出码 ${result.status ?? result.signal}）：${[command, ...rest].join(' ')}`);
  }
};

const main = (): number => {
  const missing = missingPackages();
  if (missing.length === 0) return 0;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const runner = aptRunner();
  if (runner === null) {
    console.error(
      `浏览器测试需要 ${missing.join('、')}，本机没有，且无法自动安装（需要 root 或免密码 sudo，以及 apt-get）。\n` +
        `请先运行：sudo sh -c '${install}'\n` +
        `或用 CHROMIUM_PATH 指向已安装的 Chromium。`,
    );
    return 1;
  }
  console.log(`== 安装浏览器测试所需的 ${missing.join(' ')}`);
  run(runner, ['apt-get', 'update', '-qq']);
  run(runner, ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  const still = missingPackages();
  if (still.length > 0) {
    console.error(`安装后仍缺少：${still.join('、')}。请手动运行：sudo sh -c '${install}'`);
    return 1;
  }
  return 0;
};

process.exitCode = main();
