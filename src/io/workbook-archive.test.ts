import { describe, expect, it } from 'vitest';
import { clauseRow, policyRow, policyWorkbook, zipBomb } from '../../test/support/policy-workbook.ts';
import { unpackedSize } from './workbook-archive.ts';

describe('measuring what an uploaded workbook unpacks to', () => {
  it('measures a real workbook by inflating its entries', async () => {
    const file = await policyWorkbook([policyRow(1)], [clauseRow('汉经信发〔2026〕1号')]);
    const size = unpackedSize(file);
    expect(size.kind).toBe('within');
    expect(size.kind === 'within' && size.bytes).toBeGreaterThan(file.length);
  });

  it('stops at the limit however little the archive says it holds (a zip bomb)', () => {
    const bomb = zipBomb(8 * 1024 * 1024);
    expect(unpackedSize(bomb, 1024 * 1024)).toEqual({ kind: 'too_large' });
    // The same archive declaring a tiny size is measured by what it inflates to, not by what it says.
    const lying = Buffer.from(bomb);
    const directory = lying.length - 22 - 46 - 'xl/worksheets/sheet1.xml'.length;
    lying.writeUInt32LE(10, directory + 24);
    lying.writeUInt32LE(10, 22);
    expect(unpackedSize(lying, 1024 * 1024)).toEqual({ kind: 'too_large' });
    expect(unpackedSize(bomb, 16 * 1024 * 1024)).toEqual({ kind: 'within', bytes: 8 * 1024 * 1024 });
  });

  it('says what is no ZIP archive at all: text, a truncated workbook', async () => {
    expect(unpackedSize(Buffer.from('文号,政策名称\n'))).toEqual({ kind: 'not_zip' });
    const file = await policyWorkbook([policyRow(1)], [clauseRow('汉经信发〔2026〕1号')]);
    expect(unpackedSize(file.subarray(0, file.length - 100))).toEqual({ kind: 'not_zip' });
    expect(unpackedSize(Buffer.concat([file.subarray(0, 200), file.subarray(file.length - 2_000)]))).toEqual({ kind: 'not_zip' });
  });
});
