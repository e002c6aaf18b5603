import { describe, expect, it } from 'vitest';
import { ATTACHMENT_EXTENSIONS, attachmentContentType, cleanFileName, decideUploadQuota, UPLOAD_BYTES_PER_DAY } from './attachments.ts';
import { AppError } from './errors.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? Array.from(value, (char) => char.charCodeAt(0)) : [value])));

const refused = (fileName: string, content: Uint8Array) => {
  try {
    attachmentContentType(fileName, content);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((error as AppError).message).toMatch(/[\u4e00-\u9fa5]/);
    return;
  }
  throw new Error(`${fileName} was accepted`);
};

describe('attachment types', () => {
  it('allows PDF, JPG, PNG, Word, Excel and OFD only', () => {
    expect(ATTACHMENT_EXTENSIONS).toEqual(['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'ofd']);
  });

  it('takes the type from the extension, in any case, once the first bytes confirm it', () => {
    expect(attachmentContentType('回单.PDF', bytes('%PDF-1.4'))).toBe('application/pdf');
    expect(attachmentContentType('照片.JPG', bytes(0xff, 0xd8, 0xff, 0xdb))).toBe('image/jpeg');
    expect(attachmentContentType('发票.ofd', bytes(0x50, 0x4b, 0x03, 0x04, 'xxxxOFD.xml'))).toBe('application/ofd');
  });

  it('refuses a name without an allowed extension and content that does not match its name', () => {
    refused('setup.exe', bytes('MZ'));
    refused('readme', bytes('%PDF-1.4'));
    refused('scan.pdf.exe', bytes('%PDF-1.4'));
    refused('scan.pdf', bytes(0x89, 'PNG'));
    refused('short.png', bytes(0x89, 'PN'));
    refused('report.docx', bytes(0x50, 0x4b, 0x03, 0x04, '[Content_Types].xml xl/'));
    refused('book.xls', bytes('%PDF-1.4'));
  });
});

describe('file names', () => {
  it('keeps the last path segment without control characters', () => {
    expect(cleanFileName('C:\\扫描\\收据.pdf')).toBe('收据.pdf');
    expect(cleanFileName('../../etc/合同\u0000.pdf')).toBe('合同.pdf');
    expect(() => cleanFileName(' / ')).toThrow(AppError);
  });

  it('shortens a long name to 200 characters, keeping the extension', () => {
    const name = cleanFileName(`${'长'.repeat(300)}.docx`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('长.docx')).toBe(true);
  });
});

describe('an account’s upload quota (issue 11)', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const ago = (ms: number, size = 1) => ({ at: new Date(now.getTime() - ms), size });

  it('allows the 30th upload of a minute and refuses the 31st until the oldest of the last 30 is a minute old', () => {
    const minute = Array.from({ length: 29 }, (_, index) => ago(index * 1_000));
    expect(decideUploadQuota(minute, 1, now)).toEqual({ kind: 'allowed' });
    // In any order; an upload a minute old or more no longer counts.
    const full = [ago(60_000), ...minute, ago(59_000)].reverse();
    expect(decideUploadQuota(full, 1, now)).toEqual({ kind: 'refused', limit: 'per_minute', freesAt: new Date(now.getTime() + 1_000) });
  });

  it('refuses past 500 MB in 24 hours until enough of the oldest have aged out', () => {
    const tenMb = 10 * 1024 * 1024;
    const day = Array.from({ length: 50 }, (_, index) => ago((50 - index) * 60 * 60_000 * 0.4, tenMb));
    expect(day.reduce((sum, upload) => sum + upload.size, 0)).toBe(UPLOAD_BYTES_PER_DAY);
    expect(decideUploadQuota(day.slice(1), tenMb, now)).toEqual({ kind: 'allowed' });
    // Two files' room is needed for 11 MB: the two oldest must age out, the second of them last.
    expect(decideUploadQuota(day, tenMb + 1, now)).toEqual({ kind: 'refused', limit: 'per_day', freesAt: new Date(day[1]!.at.getTime() + 86_400_000) });
    expect(decideUploadQuota([...day, ago(25 * 60 * 60_000, tenMb)], 1, now)).toMatchObject({ freesAt: new Date(day[0]!.at.getTime() + 86_400_000) });
  });
});
