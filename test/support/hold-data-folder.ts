/**
 * Child-process half of the data-folder lock tests: locks the folder given as argument (its
 * stale time from CHENGXIN_LOCK_STALE_MS), prints `{ "locked": pid }`, and holds the lock until
 * a line `release` arrives on its standard input, then prints `{ "released": true }` and exits 0.
 * A refusal prints `{ "refused": code }`. Losing the lock exits as the server would: the
 * lock's message on standard error, exit code 75.
 */
import { lockDataFolder } from '../../src/db/data-folder-lock.ts';
import { isAppError } from '../../src/domain/errors.ts';

const dataDir = process.argv[2]!;
try {
  const release = await lockDataFolder(dataDir);
  console.log(JSON.stringify({ locked: process.pid }));
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
    if (!chunk.includes('release')) return;
    void release().then(() => {
      console.log(JSON.stringify({ released: true }));
      process.exit(0);
    });
  });
} catch (error) {
  console.log(JSON.stringify(isAppError(error) ? { refused: error.code } : { failed: String(error) }));
  process.exit(1);
}
