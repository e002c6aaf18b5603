/**
 * `chengxin credit export` as users run it: a real process on a PGlite data folder seeded with
 * the demo (whose breach records include two reported earlier, one of them revoked since).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../src/domain/credit/export-file.ts';
import { commandsTimeout, DEMO_COMMAND_TIMEOUT_MS, runChengxin as chengxin } from '../support/cli.ts';

// Up to five commands a test (the re-export and its refusals).
describe('chengxin credit export', { timeout: commandsTimeout(5) }, () => {
  let folder: string;
  let dataDir: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'chengxin-credit-'));
    dataDir = join(folder, 'data');
    const demo = await chengxin('demo', '--data', dataDir);
    expect(demo.code, demo.stderr).toBe(0);
  }, DEMO_COMMAND_TIMEOUT_MS);
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('writes the next batch (what changed since the demo’s batch), prints its count and SHA-256, and reads back', async () => {
    const out = join(folder, 'batch-2.csv');
    const result = await chengxin('credit', 'export', '--out', out, '--data', dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const content = await readFile(out);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(result.stdout).toMatch(/已生成报送批次 BS\d{4}-0002：1 条记录/);
    expect(result.stdout).toContain(`SHA-256：${sha256}`);
    const rows = parseExportFile(content);
    // The demo reported two records in BS…-0001; one of them has been revoked on objection since.
    expect(rows).toEqual([expect.objectContaining({ 状态: '撤销', 认定单位: '汉江市社会信用体系建设领导小组办公室' })]);
    expect(rows[0]!['数据批次号']).toMatch(/^BS\d{4}-0002$/);
    expect(rows[0]!['撤销日期']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]!['认定依据']).toBe('《保障中小企业款项支付条例》第九条、第二十六条');
  });

  it('says so and writes nothing when nothing changed since the last batch (exit 0)', async () => {
    const out = join(folder, 'batch-3.csv');
    const result = await chengxin('credit', 'export', '--out', out, '--data', dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('没有新增、撤销或修复的失信记录，未生成报送批次');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('re-exports an earlier batch byte for byte, and refuses to overwrite a file or write anything but .csv (exit 1)', async () => {
    const first = join(folder, 'batch-2.csv');
    const again = join(folder, 'batch-2-again.csv');
    const batchNumber = parseExportFile(await readFile(first))[0]!['数据批次号']!;
    const result = await chengxin('credit', 'export', '--batch', batchNumber, '--out', again, '--data', dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect((await readFile(again)).equals(await readFile(first))).toBe(true);

    const clobber = await chengxin('credit', 'export', '--batch', batchNumber, '--out', first, '--data', dataDir);
    expect(clobber.code).toBe(1);
    expect(clobber.stderr).toContain('已存在');
    const xlsx = await chengxin('credit', 'export', '--out', join(folder, 'batch.xlsx'), '--data', dataDir);
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toContain('.csv');
    const missing = await chengxin('credit', 'export', '--batch', 'BS1999-0001', '--out', join(folder, 'none.csv'), '--data', dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('不存在');
  });
});
