import { describe, expect, it } from 'vitest';
import { clauseRow, policyRow, policyWorkbook, zipBomb } from '../../test/support/policy-workbook.ts';
import { deflated, sheetBomb, zipArchive } from '../../test/support/xlsx-archive.ts';
import { isAppError } from '../domain/errors.ts';
import { ArchiveEntryCorrupt, checkArchive, inflateEntry, listArchive, WORKBOOK_MAX_ENTRIES, type ArchiveEntry } from './workbook-archive.ts';

const entriesOf = (content: Buffer) => {
  const listing = listArchive(content);
  if (listing.kind !== 'zip') throw new Error('no archive');
  return listing.entries;
};

/** Inflates the entry whole, or says how it was refused. */
const inflate = async (content: Buffer, entry: ArchiveEntry) => {
  let bytes = 0;
  try {
    for await (const chunk of inflateEntry(content, entry)) bytes += chunk.length;
    return { bytes };
  } catch (error) {
    if (isAppError(error)) return { code: error.code, bytes };
    if (error instanceof ArchiveEntryCorrupt) return { corrupt: error.entry, bytes };
    throw error;
  }
};

describe('the archive of an uploaded workbook, read without trusting it', () => {
  it('lists a real workbook from its central directory, inflating nothing', async () => {
    const file = await policyWorkbook([policyRow(1)], [clauseRow('汉经信发〔2026〕1号')]);
    const entries = entriesOf(file);
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']));
    expect(() => checkArchive(entries)).not.toThrow();
    const sheet = entries.get('xl/worksheets/sheet1.xml')!;
    expect(await inflate(file, sheet)).toEqual({ bytes: sheet.declaredSize });
  });

  it('refuses what declares more than the limit before inflating a byte (a zip bomb that tells the truth)', () => {
    const bomb = sheetBomb(2 * 1024 ** 3);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    const error = (() => {
      try {
        checkArchive(entriesOf(bomb));
        return null;
      } catch (failure) {
        return failure;
      }
    })();
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件解压后超过50MB，请拆分后导入' });
    // The test fixture of the imports: 60 MB of zeros, declared.
    expect(() => checkArchive(entriesOf(zipBomb(60 * 1024 * 1024)))).toThrow('导入文件解压后超过50MB');
  });

  it('refuses an entry declaring a ratio no spreadsheet reaches, and too many entries', () => {
    const dense = zipBomb(8 * 1024 * 1024);
    expect(() => checkArchive(entriesOf(dense))).toThrow(/压缩比超过200:1/u);
    const many = zipArchive(Array.from({ length: WORKBOOK_MAX_ENTRIES + 1 }, (_, index) => deflated(`xl/media/image${index}.png`, 'x')));
    expect(() => checkArchive(entriesOf(many))).toThrow(`导入文件包含${WORKBOOK_MAX_ENTRIES + 1}个压缩条目`);
  });

  it('stops inflating an entry that lies about its size right past what it declared', async () => {
    // 2 GB of XML declaring 64 KB: refused after at most one chunk more than it said.
    const lying = sheetBomb(2 * 1024 ** 3, { declaredSize: 64 * 1024 });
    const entries = entriesOf(lying);
    expect(() => checkArchive(entries)).not.toThrow();
    const refused = await inflate(lying, entries.get('xl/worksheets/sheet1.xml')!);
    expect(refused.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.bytes).toBeLessThanOrEqual(64 * 1024);
    // Declaring more than it holds is no workbook either.
    const short = zipArchive([{ ...deflated('xl/workbook.xml', '<workbook/>'), declaredSize: 100 }]);
    expect(await inflate(short, entriesOf(short).get('xl/workbook.xml')!)).toEqual({ corrupt: 'xl/workbook.xml', bytes: 11 });
  });

  it('says what is no ZIP archive a workbook can be: text, truncated, encrypted or ZIP64', async () => {
    expect(listArchive(Buffer.from('文号,政策名称\n'))).toEqual({ kind: 'not_zip' });
    const file = await policyWorkbook([policyRow(1)], [clauseRow('汉经信发〔2026〕1号')]);
    expect(listArchive(file.subarray(0, file.length - 100))).toEqual({ kind: 'not_zip' });
    expect(listArchive(Buffer.concat([file.subarray(0, 200), file.subarray(file.length - 2_000)]))).toEqual({ kind: 'not_zip' });
    const encrypted = zipArchive([deflated('xl/workbook.xml', '<workbook/>')]);
    encrypted.writeUInt16LE(1, encrypted.length - 22 - 46 - 'xl/workbook.xml'.length + 8);
    expect(listArchive(encrypted)).toEqual({ kind: 'not_zip' });
    const zip64 = zipArchive([deflated('xl/workbook.xml', '<workbook/>')]);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 - 46 - 'xl/workbook.xml'.length + 24);
    expect(listArchive(zip64)).toEqual({ kind: 'not_zip' });
    expect(listArchive(zipArchive([deflated('a.xml', 'a'), deflated('a.xml', 'b')]))).toEqual({ kind: 'not_zip' });
  });
});
