/**
 * What the browser tests cost the browser: the CPU that one Chromium (its whole process tree)
 * spends on a path of the UI, for each browser binary given, so that the test browser can be
 * chosen on a measure. The browser walks are most of the suite's time, and Chromium most of theirs.
 *
 *   npx tsx bench/browser-cpu.bench.ts [--runs 3] [--browsers /usr/bin/chromium,/usr/bin/chromium-headless-shell]
 *     [--motion no-preference,reduce]
 *
 * Starts the demo (bench/demo-server.ts; `npm run build` first). Each run launches each browser in
 * turn, once per motion setting of the context (`reducedMotion`: the tests ask for `reduce`, and
 * the pages then run without antd's animations), alternating so that drift on the machine falls
 * on every variant, with the tests' flags, and walks
 * the path in a new context, as a test does: sign in as 营商办 (the cockpit opens), the ledger, a
 * case page, 3 s on it, its 督办 form, a full-page screenshot. CPU is read from /proc for the
 * browser's process and its descendants, the exited ones included (`cutime`, `cstime` of their
 * parents). Prints the medians per step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../test/support/chromium-path.ts';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { median, startDemoServer } from './demo-server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    browsers: { type: 'string', default: '/usr/bin/chromium,/usr/bin/chromium-headless-shell' },
    port: { type: 'string', default: '3198' },
    motion: { type: 'string', default: 'no-preference,reduce' },
  },
});
const MOTIONS = ['no-preference', 'reduce'] as const;
type Motion = (typeof MOTIONS)[number];
const motions = values.motion.split(',').map((motion) => {
  if (!(MOTIONS as readonly string[]).includes(motion)) throw new Error(`--motion takes ${MOTIONS.join(' or ')}, not ${motion}`);
  return motion as Motion;
});
const runs = Number(values.runs);
const browsers = values.browsers.split(',').filter((executable) => {
  if (existsSync(executable)) return true;
  process.stderr.write(`${executable} is not installed (Debian: apt-get install chromium-headless-shell); measured without it\n`);
  return false;
});
const TICKS_PER_SECOND = 100;

/** The tests' flags; the headless shell is headless without `--headless`. */
const flagsFor = (executable: string): string[] => [...(executable.includes('headless-shell') ? [] : ['--headless']), ...CHROMIUM_FLAGS];

/** CPU seconds of `root` and every process below it, with what their exited children used. */
const treeCpu = (root: number): number => {
  const processes = new Map<number, { parent: number; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      processes.set(Number(entry), { parent: Number(fields[1]), seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // The process ended while it was read.
    }
  }
  const below = (pid: number): boolean => {
    for (let current = pid; current > 1; current = processes.get(current)?.parent ?? 0) if (current === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, { seconds }] of processes) if (below(pid)) total += seconds;
  return total;
};

const STEPS = ['sign in (cockpit)', 'ledger', 'case page', '3 s on the case page', '督办 form', 'full-page screenshot'] as const;
type Step = (typeof STEPS)[number];

const { base, stop } = await startDemoServer(Number(values.port));
try {
  const caseId = await (async () => {
    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'yingshangban', password: DEMO_PASSWORD }) });
    const { token } = (await signIn.json()) as { token: string };
    const listed = (await (await fetch(`${base}/api/cases?line=arrears&state=planning&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
    return listed.items[0]!.id;
  })();
  const variants = browsers.flatMap((executable) => motions.map((motion) => ({ executable, motion, label: `${executable} (${motion})` })));
  const samples = new Map(variants.map(({ label }) => [label, new Map<Step | 'total', { cpu: number[]; wall: number[] }>()]));
  const record = (label: string, step: Step | 'total', cpu: number, wall: number) => {
    const byStep = samples.get(label)!;
    const entry = byStep.get(step) ?? { cpu: [], wall: [] };
    entry.cpu.push(cpu);
    entry.wall.push(wall);
    byStep.set(step, entry);
  };
  for (let run = 0; run < runs; run += 1) {
    for (const { executable, motion, label } of variants) {
      const server = await chromium.launchServer({ executablePath: executable, args: flagsFor(executable) });
      const root = server.process().pid!;
      const browser = await chromium.connect(server.wsEndpoint());
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, reducedMotion: motion });
      const page: Page = await context.newPage();
      const started = { cpu: treeCpu(root), wall: performance.now() };
      let last = { ...started };
      const step = async (name: Step, work: () => Promise<unknown>) => {
        await work();
        const now = { cpu: treeCpu(root), wall: performance.now() };
        record(label, name, now.cpu - last.cpu, (now.wall - last.wall) / 1000);
        last = now;
      };
      await step('sign in (cockpit)', async () => {
        await page.goto(`${base}/login`);
        await page.getByLabel('用户名').fill('yingshangban');
        await page.getByLabel('密码').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await page.getByTestId('current-user').waitFor();
      });
      await step('ledger', async () => {
        await page.goto(`${base}/ledger`);
        await page.locator('.ant-table-row').first().waitFor();
      });
      await step('case page', async () => {
        await page.goto(`${base}/cases/${caseId}`);
        await page.getByTestId('case-state').waitFor();
      });
      await step('3 s on the case page', () => page.waitForTimeout(3000));
      await step('督办 form', async () => {
        await page.getByRole('button', { name: '督办', exact: true }).first().click();
        await page.locator('.ant-modal').waitFor();
        await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
      });
      await step('full-page screenshot', () => page.screenshot({ fullPage: true }));
      record(label, 'total', last.cpu - started.cpu, (last.wall - started.wall) / 1000);
      await browser.close();
      await server.close();
      process.stderr.write(`run ${run + 1} ${label}: ${(last.cpu - started.cpu).toFixed(1)} s CPU\n`);
    }
  }
  console.log(`Medians of ${runs} runs; CPU of the browser's whole process tree, wall time of the step.\n`);
  console.log(`| Step | ${variants.map(({ label }) => `${label} CPU s | wall s`).join(' | ')} |`);
  console.log(`|---|${variants.map(() => '---:|---:').join('|')}|`);
  for (const name of [...STEPS, 'total'] as const) {
    const cells = variants.map(({ label }) => {
      const entry = samples.get(label)!.get(name)!;
      return `${median(entry.cpu).toFixed(2)} | ${median(entry.wall).toFixed(2)}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
} finally {
  await stop();
}
