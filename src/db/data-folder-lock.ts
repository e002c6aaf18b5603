/**
 * PGlite does not lock its data folder: two processes on one folder silently lose committed
 * rows. Every process that opens a folder therefore holds `chengxin.lock` in it first.
 *
 * The lock is a directory (mkdir is atomic) holding `owner.json`: the owner's pid, host, the
 * machine's boot id, the process's start time and a random token. Who may take a lock over
 * is decided by whether its owner lives, not by how long it has been quiet:
 *
 * - on the same host (and boot), a lock is taken over only when its pid is gone (or is now
 *   another process: its start time differs) — an owner paused (SIGSTOP, a debugger, a
 *   swapped-out VM) for any length of time keeps it, and a second server is refused;
 * - from another host (a shared folder) no pid can be checked, so a lock its owner has not
 *   touched for the stale time is taken over, as is a lock without an owner record (an older
 *   version's, or one whose owner died between creating it and writing the record).
 *
 * The owner touches the lock and checks that it still holds it on every heartbeat. Having
 * lost it (taken over while it was paused across hosts, or removed by hand), it stops at once
 * — it writes no more, and exits with a clear message — instead of losing data silently.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../domain/errors.ts';

export const LOCK_FILE_NAME = 'chengxin.lock';
const OWNER_FILE = 'owner.json';

/**
 * How long a lock from another host (or without an owner record) may go untouched before it
 * is taken to be its dead owner's. Generous, because PGlite's first start (initdb) can block
 * the event loop, and with it the heartbeat, for several seconds.
 */
export const DEFAULT_STALE_MS = 30_000;
/** The stale time in milliseconds, for a test that cannot wait half a minute. */
export const STALE_MS_ENV = 'CHENGXIN_LOCK_STALE_MS';
/** The exit code of a process that found its lock taken from it. */
export const LOCK_LOST_EXIT_CODE = 75;

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** The kernel's id of this boot (Linux), null where there is none: a reboot ends every owner. */
  readonly bootId: string | null;
  /** The process's start time in clock ticks since boot (Linux), null where unknown: a reused pid is not the owner. */
  readonly startTicks: string | null;
  readonly token: string;
  readonly since: string;
}

export interface LockOptions {
  /** Defaults to `CHENGXIN_LOCK_STALE_MS` or `DEFAULT_STALE_MS`. */
  readonly staleMs?: number;
  /** Called once when the heartbeat finds the lock no longer this process's; by default the process exits. */
  readonly onLost?: (message: string) => void;
}

const staleMsFromEnvironment = (): number => {
  const configured = Number(process.env[STALE_MS_ENV]);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_STALE_MS;
};

const readText = async (path: string): Promise<string | null> => {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
};

const bootId = () => readText('/proc/sys/kernel/random/boot_id');

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
const startTicksOf = async (pid: number): Promise<string | null> => {
  const line = await readText(`/proc/${pid}/stat`);
  if (line === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count after its end.
  return line.slice(line.lastIndexOf(')') + 2).split(' ')[19] ?? null;
};

const readOwner = async (lockPath: string): Promise<LockOwner | null> => {
  const text = await readText(join(lockPath, OWNER_FILE));
  if (text === null) return null;
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.hostname === 'string' && typeof owner.token === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
};

/** Whether `pid` runs (any user's), and is still the process that started at `startTicks`. */
const isRunning = async (pid: number, startTicks: string | null): Promise<boolean> => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (startTicks === null) return true;
  const now = await startTicksOf(pid);
  return now === null || now === startTicks;
};

type Judgement = { readonly kind: 'held'; readonly owner: LockOwner | null } | { readonly kind: 'abandoned'; readonly token: string | null } | { readonly kind: 'gone' };

/** Whether the lock at `lockPath` still belongs to a live owner. */
const judge = async (lockPath: string, staleMs: number): Promise<Judgement> => {
  const owner = await readOwner(lockPath);
  let touchedAt: number;
  try {
    touchedAt = (await stat(lockPath)).mtimeMs;
  } catch {
    return { kind: 'gone' };
  }
  if (owner !== null && owner.hostname === hostname()) {
    const boot = await bootId();
    if (owner.bootId !== null && boot !== null && owner.bootId !== boot) return { kind: 'abandoned', token: owner.token };
    return (await isRunning(owner.pid, owner.startTicks)) ? { kind: 'held', owner } : { kind: 'abandoned', token: owner.token };
  }
  // Another host's owner, or none recorded: only the heartbeat tells.
  return Date.now() - touchedAt > staleMs ? { kind: 'abandoned', token: owner?.token ?? null } : { kind: 'held', owner };
};

/** The refusal; who holds the folder is in the details. */
const lockedError = (dataDir: string, owner: LockOwner | null) =>
  new AppError('DATA_FOLDER_LOCKED', `数据目录 ${dataDir} 正被另一个 chengxin 进程使用。请先停止该进程，或用 --data 指定其他目录。`, {
    dataDir,
    ...(owner === null ? {} : { pid: owner.pid, hostname: owner.hostname }),
  });

/**
 * Moves an abandoned lock aside and removes it. The move is atomic: of two processes taking
 * over the same lock, one moves it; the other finds nothing, or — having judged an older lock —
 * finds it moved a live lock (another token) and puts it back.
 * @returns whether the abandoned lock is gone
 */
const takeOver = async (lockPath: string, token: string | null): Promise<boolean> => {
  const aside = `${lockPath}.abandoned-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return false;
  }
  const moved = await readOwner(aside);
  if ((moved?.token ?? null) !== token) {
    await rename(aside, lockPath).catch(() => undefined);
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
};

const defaultOnLost = (message: string) => {
  process.stderr.write(`${message}\n`);
  process.exit(LOCK_LOST_EXIT_CODE);
};

/**
 * Creates `dataDir` if missing and locks it for this process, until the returned function
 * releases it.
 * @throws AppError DATA_FOLDER_LOCKED while another live process holds the folder
 */
export const lockDataFolder = async (dataDir: string, options: LockOptions = {}): Promise<() => Promise<void>> => {
  const staleMs = options.staleMs ?? staleMsFromEnvironment();
  const onLost = options.onLost ?? defaultOnLost;
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  await mkdir(dataDir, { recursive: true });

  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    bootId: await bootId(),
    startTicks: await startTicksOf(process.pid),
    token: randomUUID(),
    since: new Date().toISOString(),
  };
  let acquired = false;
  for (let attempt = 0; attempt < 3 && !acquired; attempt += 1) {
    try {
      await mkdir(lockPath);
      acquired = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const judgement = await judge(lockPath, staleMs);
      if (judgement.kind === 'held') throw lockedError(dataDir, judgement.owner);
      if (judgement.kind === 'abandoned' && !(await takeOver(lockPath, judgement.token))) throw lockedError(dataDir, await readOwner(lockPath));
    }
  }
  if (!acquired) throw lockedError(dataDir, await readOwner(lockPath));
  // The record appears whole or not at all.
  const draft = join(lockPath, `${OWNER_FILE}.${owner.token}`);
  await writeFile(draft, JSON.stringify(owner));
  await rename(draft, join(lockPath, OWNER_FILE));

  let stopped = false;
  let beating: Promise<void> = Promise.resolve();
  const beat = async () => {
    const current = await readOwner(lockPath);
    if (stopped) return;
    if (current?.token !== owner.token) {
      stopped = true;
      clearInterval(timer);
      const holder = current === null ? '锁已被删除' : `锁已被主机 ${current.hostname} 上的进程 ${current.pid} 接管`;
      onLost(`数据目录 ${dataDir} 的${holder}（本进程可能曾被暂停）。为免两个进程同时写入而丢失数据，本进程不再写入，立即退出。`);
      return;
    }
    const now = new Date();
    await utimes(lockPath, now, now).catch(() => undefined);
  };
  const timer = setInterval(() => {
    beating = beating.then(beat, beat);
  }, Math.max(50, Math.floor(staleMs / 3)));
  timer.unref();

  return async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await beating.catch(() => undefined);
    if ((await readOwner(lockPath))?.token === owner.token) {
      // Moved aside first, so that no one ever sees a half-removed lock.
      const aside = `${lockPath}.released-${owner.token}`;
      if (await rename(lockPath, aside).then(() => true, () => false)) await rm(aside, { recursive: true, force: true });
    }
  };
};
