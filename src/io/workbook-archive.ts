/**
 * The ZIP archive of an uploaded .xlsx, read without trusting it. A few kilobytes of deflate
 * can inflate to gigabytes (a "zip bomb"), and the sizes an archive declares may lie. So:
 *
 * - `listArchive` reads the central directory only — nothing is inflated;
 * - `checkArchive` refuses, before anything is inflated, an archive of too many entries, one
 *   that declares more than the limit unpacked, or an entry whose declared ratio no
 *   spreadsheet reaches;
 * - `inflateEntry` inflates one entry chunk by chunk, counting, and stops at once past the
 *   size the entry declared (which `checkArchive` held within the limit): a lying archive is
 *   refused after at most its declared bytes, never inflated whole.
 *
 * `src/io/workbook-reader.ts` reads the sheets through these.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../domain/errors.ts';

/** What an import workbook may unpack to: far above 2,000 clauses of 5,000 characters each. */
export const WORKBOOK_MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
export const WORKBOOK_MAX_UNPACKED_TEXT = '50MB';
/** A workbook has a dozen or so entries; one with pictures, sheets and comments a few hundred. */
export const WORKBOOK_MAX_ENTRIES = 1_000;
/**
 * The most an entry may declare to inflate per compressed byte. Deflate cannot pass about
 * 1,032:1; a sheet's XML, repetitive as it is, stays far below this one (the templates' sheets
 * compress about 10:1). Entries below `RATIO_FLOOR_BYTES` unpacked are not judged by it.
 */
export const WORKBOOK_MAX_RATIO = 200;
const RATIO_FLOOR_BYTES = 1024 * 1024;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes and may carry a comment of up to 65,535. */
const END_SEARCH = 22 + 0xffff;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x0001;
/** How much compressed data is handed to zlib at a time. */
const FEED_BYTES = 64 * 1024;

/** One file of the archive, as its central directory describes it. */
export interface ArchiveEntry {
  /** The path, without a leading slash. */
  readonly name: string;
  readonly method: typeof STORED | typeof DEFLATED;
  /** Where its data starts in the archive, and how many bytes it takes there. */
  readonly dataStart: number;
  readonly compressedSize: number;
  /** What the archive says it inflates to: checked against the limit, and enforced while inflating. */
  readonly declaredSize: number;
}

export type ArchiveListing = { readonly kind: 'zip'; readonly entries: ReadonlyMap<string, ArchiveEntry> } | { readonly kind: 'not_zip' };

const bufferOf = (content: Uint8Array) => Buffer.from(content.buffer, content.byteOffset, content.byteLength);

/**
 * The entries of the ZIP archive `content`, from its central directory, inflating nothing;
 * `not_zip` for what is no archive an .xlsx can be: no end record, ZIP64, entries past the end,
 * encrypted entries, compression other than stored and deflate, or a name given twice.
 */
export const listArchive = (content: Uint8Array): ArchiveListing => {
  const bytes = bufferOf(content);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - END_SEARCH); offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) return { kind: 'not_zip' };
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  // 0xFFFF entries or an 0xFFFFFFFF offset announce ZIP64, which no workbook of this size needs.
  if (count === 0xffff || directoryOffset === 0xffffffff || directoryOffset >= bytes.length) return { kind: 'not_zip' };

  const entries = new Map<string, ArchiveEntry>();
  let at = directoryOffset;
  try {
    for (let index = 0; index < count; index += 1) {
      if (bytes.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return { kind: 'not_zip' };
      const flags = bytes.readUInt16LE(at + 8);
      const method = bytes.readUInt16LE(at + 10);
      const compressedSize = bytes.readUInt32LE(at + 20);
      const declaredSize = bytes.readUInt32LE(at + 24);
      const nameLength = bytes.readUInt16LE(at + 28);
      const localOffset = bytes.readUInt32LE(at + 42);
      const rawName = bytes.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      if (at > bytes.length) return { kind: 'not_zip' };
      if ((flags & ENCRYPTED_FLAG) !== 0 || (method !== STORED && method !== DEFLATED)) return { kind: 'not_zip' };
      if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) return { kind: 'not_zip' };
      if (method === STORED && compressedSize !== declaredSize) return { kind: 'not_zip' };
      if (bytes.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) return { kind: 'not_zip' };
      const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
      if (dataStart + compressedSize > bytes.length) return { kind: 'not_zip' };
      const name = rawName.replaceAll('\\', '/').replace(/^\/+/u, '');
      if (entries.has(name)) return { kind: 'not_zip' };
      entries.set(name, { name, method, dataStart, compressedSize, declaredSize });
    }
  } catch {
    // A read past the end of the buffer: no archive an .xlsx can be.
    return { kind: 'not_zip' };
  }
  return { kind: 'zip', entries };
};

const tooLarge = (message: string, details: Record<string, unknown> = {}) => new AppError('PAYLOAD_TOO_LARGE', message, { field: 'file', ...details });

/**
 * Refuses, before anything is inflated, what no import should try to unpack.
 * @throws AppError PAYLOAD_TOO_LARGE for more than `WORKBOOK_MAX_ENTRIES` entries, a declared
 *   unpacked total above `limit`, or an entry declaring a ratio above `WORKBOOK_MAX_RATIO`
 */
export const checkArchive = (entries: ReadonlyMap<string, ArchiveEntry>, limit = WORKBOOK_MAX_UNPACKED_BYTES): void => {
  if (entries.size > WORKBOOK_MAX_ENTRIES) {
    throw tooLarge(`导入文件包含${entries.size}个压缩条目，超过${WORKBOOK_MAX_ENTRIES}个，不是正常的 Excel 工作簿`, { entries: entries.size });
  }
  let total = 0;
  for (const entry of entries.values()) total += entry.declaredSize;
  if (total > limit) throw tooLarge(`导入文件解压后超过${limit === WORKBOOK_MAX_UNPACKED_BYTES ? WORKBOOK_MAX_UNPACKED_TEXT : `${limit}字节`}，请拆分后导入`, { maxUnpackedBytes: limit });
  for (const entry of entries.values()) {
    if (entry.declaredSize >= RATIO_FLOOR_BYTES && entry.declaredSize > entry.compressedSize * WORKBOOK_MAX_RATIO) {
      throw tooLarge(`导入文件中的“${entry.name}”压缩比超过${WORKBOOK_MAX_RATIO}:1（疑似压缩炸弹），请用 Excel 另存后重新导入`, { entry: entry.name });
    }
  }
};

/** An entry whose data does not inflate to what its directory says: corrupt, not a workbook. */
export class ArchiveEntryCorrupt extends Error {
  constructor(readonly entry: string) {
    super(`压缩条目“${entry}”已损坏`);
  }
}

/**
 * The inflated bytes of `entry`, chunk by chunk, counted as they come: past the declared size
 * it stops at once (the archive lies: a bomb), so at most `declaredSize` bytes ever exist.
 * @throws AppError PAYLOAD_TOO_LARGE when the entry inflates past its declared size
 * @throws ArchiveEntryCorrupt when the data is no deflate stream or ends short of that size
 */
export async function* inflateEntry(content: Uint8Array, entry: ArchiveEntry): AsyncGenerator<Buffer> {
  const data = bufferOf(content).subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === STORED) {
    for (let offset = 0; offset < data.length; offset += FEED_BYTES) yield data.subarray(offset, offset + FEED_BYTES);
    return;
  }
  const pieces = function* () {
    for (let offset = 0; offset < data.length; offset += FEED_BYTES) yield data.subarray(offset, offset + FEED_BYTES);
  };
  const inflater = Readable.from(pieces()).pipe(createInflateRaw({ chunkSize: FEED_BYTES }));
  let inflated = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.declaredSize) {
        throw tooLarge(`导入文件中的“${entry.name}”解压后超过其声明的大小（疑似压缩炸弹），已拒绝`, { entry: entry.name });
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ArchiveEntryCorrupt(entry.name);
  } finally {
    inflater.destroy();
  }
  if (inflated !== entry.declaredSize) throw new ArchiveEntryCorrupt(entry.name);
}
