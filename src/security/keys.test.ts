import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKeys } from './keys.ts';

describe('the key file', () => {
  const folders: string[] = [];
  afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('is made once when many start at the same time, and none reads it half written', async () => {
    for (let round = 0; round < 20; round += 1) {
      const folder = await mkdtemp(join(tmpdir(), 'chengxin-keys-'));
      folders.push(folder);
      const path = join(folder, 'chengxin.key');
      const loaded = await Promise.all(Array.from({ length: 16 }, () => loadKeys(path)));
      const macs = new Set(loaded.map((keys) => keys.mac('probe')));
      expect(macs.size).toBe(1);
      // Only the key file is left behind, readable by its owner alone.
      expect(await readdir(folder)).toEqual(['chengxin.key']);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
  });
});
