/**
 * PGlite does not lock its data folder: two processes on one folder silently lose committed
 * rows. Every process that opens a folder therefore holds `chengxin.lock` in it first.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../domain/errors.ts';

/**
 * The holder touches the lock every STALE_MS / 2; a lock untouched for STALE_MS belongs to
 * a crashed process and is taken over. Generous, because PGlite's first start (initdb)
 * can block the event loop, and with it the touching, for several seconds.
 */
const STALE_MS = 30_000;

export const LOCK_FILE_NAME = 'chengxin.lock';

/**
 * Creates `dataDir` if missing and locks it for this process.
 * @returns a function that releases the lock.
 * @throws AppError DATA_FOLDER_LOCKED when another live process holds the folder.
 */
export const lockDataFolder = async (dataDir: string): Promise<() => Promise<void>> => {
  await mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, LOCK_FILE_NAME),
      stale: STALE_MS,
      update: STALE_MS / 2,
      retries: 0,
      onCompromised: (error) => {
        // Another process may now be writing the folder; going on would corrupt it.
        throw new AppError('DATA_FOLDER_LOCKED', `数据目录 ${dataDir} 的锁已失效（${error.message}），为免损坏数据，进程退出。`);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new AppError(
        'DATA_FOLDER_LOCKED',
        `数据目录 ${dataDir} 正被另一个 chengxin 进程使用。请先停止该进程，或用 --data 指定其他目录。`,
        { dataDir },
      );
    }
    throw error;
  }
};
