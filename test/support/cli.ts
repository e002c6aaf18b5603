/**
 * Runs the real `chengxin` command in a child process, as a user would from a shell (the
 * compiled server: test/support/build-server.ts builds it before the run), on the
 * tests' clock: every command a test file starts reads one running clock that began at
 * DEMO_NOW when the file loaded, so a demo seeded by one command and a sweep or export by the
 * next are as on the demo's day, whatever day the suite runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputOf, type RunResult } from '../../src/backup/pg-tools.ts';
import { runningClock } from './clock.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'chengxin.js');
const CLOCK_PRELOAD = join(ROOT, 'test', 'support', 'cli-clock.mjs');

/**
 * What one command may take on a loaded two-core machine: starting Node (the compiled server,
 * which the global setup builds) and opening a PGlite data folder take a few seconds when the machine is idle, and
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

/**
 * Starts `chengxin ...args` (say `serve`, which does not end by itself); `env` adds to the fresh
 * shell's environment (a DATABASE_URL, a CHENGXIN_KEY_FILE).
 */
export const startChengxin = (args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', CLOCK_PRELOAD, BIN, ...args], { cwd: ROOT, env: { ...cliEnv(), ...env } });

/** What a finished command printed, and its exit code. */
export type Finished = RunResult;

/** What a started command printed, once it has exited. */
export const finished = (child: ChildProcessWithoutNullStreams): Promise<Finished> => outputOf(child);

/** `chengxin ...args` run to its end on the embedded database. */
export const runChengxin = (...args: string[]): Promise<Finished> => finished(startChengxin(args));

/** `chengxin ...args` run to its end with `env` set (say `DATABASE_URL`, `CHENGXIN_KEY_FILE`). */
export const runChengxinWith = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<Finished> => finished(startChengxin(args, env));
