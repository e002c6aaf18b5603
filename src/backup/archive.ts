/**
 * The backup file: a plain (ustar) tar of two entries, `manifest.json` first and then the
 * database dump it describes, so that `tar -tvf` lists it and restore reads the manifest
 * before touching anything. The dump is already compressed (PGlite's gzip tarball, pg_dump's
 * custom format); the tar only keeps the two together.
 *
 * Written by hand rather than with a library: two entries, 512-byte headers, and restore
 * reads nothing but what it wrote. Sizes past ustar's 8 GiB use the GNU base-256 field, which
 * GNU tar and bsdtar read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, open, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../domain/errors.ts';

const BLOCK = 512;
const OCTAL_SIZE_LIMIT = 8 ** 11;

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

const writeOctal = (header: Buffer, offset: number, length: number, value: number): void => {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
};

/** One ustar header: a regular file, mode 0600, owned by nobody in particular. */
const entryHeader = (name: string, size: number, mtime: Date): Buffer => {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  writeOctal(header, 100, 8, 0o600);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  if (size < OCTAL_SIZE_LIMIT) {
    writeOctal(header, 124, 12, size);
  } else {
    header[124] = 0x80;
    header.writeBigUInt64BE(BigInt(size), 128);
  }
  writeOctal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
};

interface EntryHeader {
  readonly name: string;
  readonly size: number;
}

const readOctal = (header: Buffer, offset: number, length: number): number => {
  const text = header.toString('ascii', offset, offset + length).replace(/[\0 ]+$/, '').trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : Number.NaN;
};

/** The header's name and size, or null when the block is not a ustar header with a true checksum. */
const parseHeader = (header: Buffer): EntryHeader | null => {
  if (header.length !== BLOCK || header.toString('ascii', 257, 262) !== 'ustar') return null;
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 0x20 : header[index]!;
  if (stored !== sum) return null;
  const size = header[124] === 0x80 ? Number(header.readBigUInt64BE(128)) : readOctal(header, 124, 12);
  if (!Number.isSafeInteger(size)) return null;
  return { name: header.toString('utf8', 0, 100).replace(/\0.*$/s, ''), size };
};

export const MANIFEST_ENTRY = 'manifest.json';

/** The error of a file that is not a whole, intact backup; nothing has been written when it is thrown. */
export const invalidBackup = (file: string, reason: string): AppError =>
  new AppError('BACKUP_FILE_INVALID', `备份文件 ${file} 无法使用：${reason}。未写入任何数据。`, { file });

/** Refuses to overwrite: the backup's place must be free. */
export const assertFreeOutput = async (out: string): Promise<void> => {
  const existing = await stat(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) throw new AppError('BACKUP_OUTPUT_EXISTS', `文件 ${out} 已存在。为免覆盖已有备份，请换一个文件名或先移走它。`, { file: out });
  const folder = await stat(dirname(out)).catch(() => null);
  if (folder === null || !folder.isDirectory()) {
    throw new AppError('VALIDATION_FAILED', `备份文件所在的目录 ${dirname(out)} 不存在。`, { file: out });
  }
};

/** A temporary name beside `path`, in the same folder so that the final link is atomic. */
export const temporaryBeside = (path: string, label: string): string =>
  join(dirname(path), `.${basename(path)}.${label}-${randomBytes(6).toString('hex')}`);

/**
 * Writes `manifest` and the dump at `dumpFile` as one tar at `out`: first under a temporary name,
 * flushed to disk, then linked in (`link` fails when `out` appeared meanwhile: nothing is ever
 * overwritten), and the temporary name removed.
 */
export const writeBackupArchive = async (out: string, manifestText: string, dumpName: string, dumpFile: string): Promise<void> => {
  const manifestBytes = Buffer.from(manifestText, 'utf8');
  const dumpSize = (await stat(dumpFile)).size;
  const now = new Date();
  const temporary = temporaryBeside(out, 'writing');
  try {
    const output = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
    const write = async (chunk: Buffer) => {
      if (!output.write(chunk)) await once(output, 'drain');
    };
    await write(entryHeader(MANIFEST_ENTRY, manifestBytes.length, now));
    await write(manifestBytes);
    await write(Buffer.alloc(padding(manifestBytes.length)));
    await write(entryHeader(dumpName, dumpSize, now));
    for await (const chunk of createReadStream(dumpFile)) await write(chunk as Buffer);
    await write(Buffer.alloc(padding(dumpSize) + 2 * BLOCK));
    output.end();
    await once(output, 'close');
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, out);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') await assertFreeOutput(out);
      throw error;
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
};

export interface ArchiveContents {
  /** The manifest's text, not yet parsed. */
  readonly manifestText: string;
  /** The second entry: its name and size as its header says. */
  readonly dump: EntryHeader;
  /** The byte offset of the dump in the file. */
  readonly dumpOffset: number;
}

/**
 * Reads the two headers and the manifest of the backup at `file`.
 * @throws AppError BACKUP_FILE_INVALID for a file that is not a chengxin backup, or is cut short
 */
export const readBackupArchive = async (file: string): Promise<ArchiveContents> => {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AppError('NOT_FOUND', `备份文件 ${file} 不存在。`, { file }) : error;
  });
  try {
    const fileSize = (await handle.stat()).size;
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead < length) throw invalidBackup(file, '文件不完整（可能在复制时被截断）');
      return buffer;
    };
    const first = fileSize < BLOCK ? null : parseHeader(await read(0, BLOCK));
    if (first === null || first.name !== MANIFEST_ENTRY || first.size > 1_000_000) throw invalidBackup(file, '不是 chengxin 备份文件（缺少 manifest.json）');
    const manifestText = (await read(BLOCK, first.size)).toString('utf8');
    const dumpHeaderAt = BLOCK + first.size + padding(first.size);
    const dump = parseHeader(await read(dumpHeaderAt, BLOCK));
    if (dump === null) throw invalidBackup(file, '数据库转储的文件头已损坏');
    const dumpOffset = dumpHeaderAt + BLOCK;
    if (dumpOffset + dump.size > fileSize) throw invalidBackup(file, '文件不完整（可能在复制时被截断）');
    return { manifestText, dump, dumpOffset };
  } finally {
    await handle.close();
  }
};

/**
 * Copies the dump out of the backup to `target` (created, never overwritten) and returns its
 * SHA-256, so the caller can check it against the manifest before loading anything.
 */
export const extractDump = async (file: string, contents: ArchiveContents, target: string): Promise<string> => {
  const hash = createHash('sha256');
  const output = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  const input = contents.dump.size === 0 ? [] : createReadStream(file, { start: contents.dumpOffset, end: contents.dumpOffset + contents.dump.size - 1 });
  for await (const chunk of input) {
    hash.update(chunk as Buffer);
    if (!output.write(chunk)) await once(output, 'drain');
  }
  output.end();
  await once(output, 'close');
  return hash.digest('hex');
};

/** SHA-256 of a whole file, read in chunks. */
export const fileSha256 = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};
