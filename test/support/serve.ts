/**
 * `chengxin serve` as a real process on a port chosen beforehand, so that a test can kill it and
 * start it again where its clients expect it. Ready means answering `/api/health`, polled.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { commandsTimeout, finished, startChengxin, type Finished } from './cli.ts';

/** A port free at the moment of asking (the system's choice), for a server started right after. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** Resolves once the process has exited, with what it printed. */
  readonly exited: Promise<Finished & { signal: NodeJS.Signals | null }>;
}

const HEALTH_POLL_MS = 100;

/**
 * How long a server may take to answer: a command's start, then opening the demo's database,
 * checking its reference data and loading the HTTP stack, on a loaded machine.
 */
export const SERVE_READY_TIMEOUT_MS = commandsTimeout(2);

/**
 * Starts `chengxin serve --port <port> …args` and resolves once `/api/health` answers 200; rejects
 * with the process's output if it exits first or is not ready within `timeoutMs`.
 */
export const serveOn = async (port: number, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = SERVE_READY_TIMEOUT_MS): Promise<ServeProcess> => {
  const child = startChengxin(['serve', '--port', String(port), '--host', '127.0.0.1', ...args], env);
  const printed = finished(child);
  let signal: NodeJS.Signals | null = null;
  child.once('exit', (_code, killedBy) => (signal = killedBy));
  let gone = false;
  const exited = printed.then((result) => {
    gone = true;
    return { ...result, signal };
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) {
      const { code, stdout, stderr } = await exited;
      throw new Error(`chengxin serve exited (${code ?? signal}) before it was ready:\n${stdout}\n${stderr}`);
    }
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return { child, url, exited };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      const { stdout, stderr } = await exited;
      throw new Error(`chengxin serve was not ready within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
};
