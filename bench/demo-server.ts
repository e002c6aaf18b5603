/**
 * What the browser benchmarks share: the demo (`chengxin serve --demo`, embedded PGlite, a
 * temporary folder, no scheduler) on a port of 127.0.0.1, from the built UI (`npm run build`
 * first), and the median of a series. The demo's password is `DEMO_PASSWORD` of src/demo/accounts.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export interface DemoServer {
  readonly base: string;
  stop(): Promise<void>;
}

/** Starts the demo on `port` and waits until it answers `/api/health`. */
export const startDemoServer = async (port: number): Promise<DemoServer> => {
  const base = `http://127.0.0.1:${port}`;
  const folder = await mkdtemp(join(tmpdir(), 'chengxin-bench-demo-'));
  const server = spawn(process.execPath, ['bin/chengxin.js', 'serve', '--demo', '--data', folder, '--port', String(port), '--no-scheduler'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    await rm(folder, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const answered = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { base, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error('the demo server did not start');
};
