/**
 * Runs the real `chengxin` command in a child process, as a user would from a shell, on the
 * tests' clock: every command a test file starts reads one running clock that began at
 * DEMO_NOW when the file loaded, so a demo seeded by one command and a sweep or export by the
 * next are as on the demo's day, whatever day the suite runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runningClock } from './clock.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'chengxin.js');
const CLOCK_PRELOAD = join(ROOT, 'test', 'support', 'cli-clock.mjs');

/**
 * What one command may take on a loaded two-core machine: starting Node with the TypeScript
 * loader and opening a PGlite data folder take a few seconds when the machine is idle, and
 * several times that beside another test run. A test's timeout is this times its commands.
 */
export const COMMAND_TIMEOUT_MS = 45_000;
export const commandsTimeout = (commands: number): number => commands * COMMAND_TIMEOUT_MS;

/** Seeding the demo into a new folder (PGlite's initdb, then a year of cases) takes longest. */
export const DEMO_COMMAND_TIMEOUT_MS = 240_000;

/** The clock of the commands this test file runs (see cli-clock.mjs). */
export const cliClock = runningClock();

/** The environment of a fresh shell: no server URL, so `--data` decides; the default tenant. */
const cliEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', CHENGXIN_TEST_CLOCK_OFFSET_MS: String(cliClock.offsetMs) };
  delete env.CHENGXIN_TENANT;
  return env;
};

/** Starts `chengxin ...args` (say `serve`, which does not end by itself). */
export const startChengxin = (args: readonly string[]): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', CLOCK_PRELOAD, BIN, ...args], { cwd: ROOT, env: cliEnv() });

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a started command printed, once it has exited. */
export const finished = (child: ChildProcessWithoutNullStreams): Promise<Finished> =>
  new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** `chengxin ...args` run to its end on the embedded database. */
export const runChengxin = (...args: string[]): Promise<Finished> => finished(startChengxin(args));
