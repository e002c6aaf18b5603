/**
 * Issue 11: a server paused for 35 s (SIGSTOP) lost its data-folder lock to a second server
 * (a lock untouched for the stale time was taken over); both wrote, and an acknowledged write
 * was lost. Here the owner is a real second process, paused longer than the stale time (made
 * short for the test), and nobody may take its lock while it lives; a crashed owner's lock is
 * taken at once; and an owner whose lock was taken from it stops with a clear message.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, LOCK_LOST_EXIT_CODE, lockDataFolder, STALE_MS_ENV, type LockOwner } from './data-folder-lock.ts';

/** Short, so that a test can outwait it; the holders get the same through the environment. */
const STALE_MS = 500;
/** Starting Node with the TypeScript loader takes seconds on a loaded machine. */
const TIMEOUT_MS = 90_000;

/** Polls `probe` until it gives a value (not a fixed sleep: as soon as the condition holds). */
const waitFor = async <T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>): Promise<T> => {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A second process holding the folder's lock (test/support/hold-data-folder.ts). */
const holder = (dataDir: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hold-data-folder.ts', dataDir], {
    env: { ...process.env, [STALE_MS_ENV]: String(STALE_MS) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => stderr,
    said: (text: string) => waitFor(`the holder to print ${text}`, () => stdout.includes(text) && stdout),
  };
};

const lockPath = (dataDir: string) => join(dataDir, LOCK_FILE_NAME);
const owner = async (dataDir: string) => JSON.parse(await readFile(join(lockPath(dataDir), 'owner.json'), 'utf8')) as LockOwner;
const touchedAt = async (dataDir: string) => (await stat(lockPath(dataDir))).mtimeMs;
/** An owner record as another process would have written it. */
const recordOwner = async (dataDir: string, record: Partial<LockOwner>) => {
  await mkdir(lockPath(dataDir), { recursive: true });
  const written: LockOwner = { pid: process.pid, hostname: hostname(), bootId: null, startTicks: null, token: 'another-token', since: new Date().toISOString(), ...record };
  await writeFile(join(lockPath(dataDir), 'owner.json'), JSON.stringify(written));
};
const ago = async (dataDir: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  await utimes(lockPath(dataDir), then, then);
};

describe('the data folder’s lock', { timeout: TIMEOUT_MS * 2 }, () => {
  let root: string;
  let dataDir: string;
  let count = 0;
  beforeEach(async () => {
    root ??= await mkdtemp(join(tmpdir(), 'chengxin-lock-'));
    count += 1;
    dataDir = join(root, `data-${count}`);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses a second process while the owner lives, even paused far past the stale time, and the owner keeps it', async () => {
    const first = holder(dataDir);
    try {
      await first.said('"locked"');
      expect(await owner(dataDir)).toMatchObject({ pid: first.child.pid, hostname: hostname() });
      const token = (await owner(dataDir)).token;

      first.child.kill('SIGSTOP');
      // Paused: its heartbeat stops, and the lock goes untouched for several stale times.
      const stoppedAt = Date.now();
      await waitFor('the lock to go stale', async () => Date.now() - (await touchedAt(dataDir)) > 3 * STALE_MS && Date.now() - stoppedAt > 3 * STALE_MS);
      await expect(lockDataFolder(dataDir, { staleMs: STALE_MS })).rejects.toMatchObject({ code: 'DATA_FOLDER_LOCKED', details: { pid: first.child.pid, hostname: hostname() } });
      const second = holder(dataDir);
      await second.said('"refused":"DATA_FOLDER_LOCKED"');
      expect(await second.exited).toBe(1);

      first.child.kill('SIGCONT');
      const resumedAt = Date.now();
      // Its heartbeat goes on, and the lock is still its own.
      await waitFor('the owner’s heartbeat', async () => (await touchedAt(dataDir)) >= resumedAt - 5);
      expect((await owner(dataDir)).token).toBe(token);
      first.child.stdin.write('release\n');
      await first.said('"released"');
      expect(await first.exited).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
    }
    expect(existsSync(lockPath(dataDir))).toBe(false);
    const release = await lockDataFolder(dataDir, { staleMs: STALE_MS });
    await release();
  });

  it('takes over the lock of an owner that crashed, at once', async () => {
    const first = holder(dataDir);
    await first.said('"locked"');
    first.child.kill('SIGKILL');
    await first.exited;
    // Fresh as it is, and however long the stale time: its pid is gone.
    expect(Date.now() - (await touchedAt(dataDir))).toBeLessThan(60_000);
    const release = await lockDataFolder(dataDir, { staleMs: 3_600_000 });
    expect((await owner(dataDir)).pid).toBe(process.pid);
    await release();
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  it('makes an owner whose lock was taken stop writing and exit with a clear message', async () => {
    const first = holder(dataDir);
    try {
      await first.said('"locked"');
      // What a server on another host sharing the folder writes when it takes the lock over.
      await recordOwner(dataDir, { pid: 4242, hostname: 'another-host', token: 'taken-over' });
      expect(await first.exited).toBe(LOCK_LOST_EXIT_CODE);
      expect(first.stderr()).toContain(`数据目录 ${dataDir} 的锁已被主机 another-host 上的进程 4242 接管`);
      expect(first.stderr()).toContain('本进程不再写入，立即退出');
      // It leaves the new owner's lock alone.
      expect((await owner(dataDir)).token).toBe('taken-over');
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('judges a lock from another host, or one without an owner record, by how long it went untouched', async () => {
    await recordOwner(dataDir, { pid: 4242, hostname: 'another-host' });
    await expect(lockDataFolder(dataDir, { staleMs: STALE_MS })).rejects.toMatchObject({ code: 'DATA_FOLDER_LOCKED', details: { hostname: 'another-host' } });
    await ago(dataDir, 2 * STALE_MS);
    const release = await lockDataFolder(dataDir, { staleMs: STALE_MS });
    expect((await owner(dataDir)).pid).toBe(process.pid);
    await release();

    // A lock directory without its record: its owner may be writing it this moment.
    await mkdir(lockPath(dataDir));
    await expect(lockDataFolder(dataDir, { staleMs: STALE_MS })).rejects.toMatchObject({ code: 'DATA_FOLDER_LOCKED' });
    await ago(dataDir, 2 * STALE_MS);
    await (await lockDataFolder(dataDir, { staleMs: STALE_MS }))();
  });

  it('refuses a second lock in the same process, and takes over a lock whose pid now belongs to another process or another boot', async () => {
    const release = await lockDataFolder(dataDir, { staleMs: STALE_MS });
    await ago(dataDir, 10 * STALE_MS);
    await expect(lockDataFolder(dataDir, { staleMs: STALE_MS })).rejects.toMatchObject({ code: 'DATA_FOLDER_LOCKED', details: { pid: process.pid } });
    await release();

    if (!existsSync(`/proc/${process.pid}/stat`)) return;
    // This test's own pid, alive, but started at another time: the recorded owner is gone.
    await recordOwner(dataDir, { startTicks: '1' });
    await (await lockDataFolder(dataDir, { staleMs: 3_600_000 }))();
    await recordOwner(dataDir, { bootId: 'a-boot-before-the-last-restart' });
    await (await lockDataFolder(dataDir, { staleMs: 3_600_000 }))();
  });
});
