/**
 * How big an uploaded .xlsx is once unpacked. An .xlsx is a ZIP archive; a few kilobytes of it
 * can inflate to gigabytes (a "zip bomb"), and exceljs inflates every entry into memory before
 * reading a cell. So an import first inflates each entry itself, with zlib stopping at the
 * budget that is left, and gives up past it — the sizes the archive declares may lie.
 */
import { inflateRawSync } from 'node:zlib';

/** What an import workbook may unpack to: far above 2,000 clauses of 5,000 characters each. */
export const WORKBOOK_MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
export const WORKBOOK_MAX_UNPACKED_TEXT = '50MB';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes and may carry a comment of up to 65,535. */
const END_SEARCH = 22 + 0xffff;
const STORED = 0;
const DEFLATED = 8;

export type UnpackedSize = { readonly kind: 'within'; readonly bytes: number } | { readonly kind: 'too_large' } | { readonly kind: 'not_zip' };

/** zlib's refusal to inflate past `maxOutputLength`. */
const isBufferTooLarge = (error: unknown) => (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';

/**
 * The unpacked size of the ZIP archive `content`, measured by inflating every entry (at most
 * `limit` bytes in all); `not_zip` for what is no ZIP archive exceljs could read (ZIP64 and
 * compression methods other than stored and deflate included).
 */
export const unpackedSize = (content: Uint8Array, limit = WORKBOOK_MAX_UNPACKED_BYTES): UnpackedSize => {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - END_SEARCH); offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) return { kind: 'not_zip' };
  const entries = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  // 0xFFFF entries or an 0xFFFFFFFF offset announce ZIP64, which no workbook of this size needs.
  if (entries === 0xffff || directoryOffset === 0xffffffff || directoryOffset >= bytes.length) return { kind: 'not_zip' };

  let total = 0;
  let at = directoryOffset;
  try {
    for (let index = 0; index < entries; index += 1) {
      if (bytes.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return { kind: 'not_zip' };
      const method = bytes.readUInt16LE(at + 10);
      const compressedSize = bytes.readUInt32LE(at + 20);
      const localOffset = bytes.readUInt32LE(at + 42);
      at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      if (compressedSize === 0xffffffff || localOffset === 0xffffffff) return { kind: 'not_zip' };
      if (bytes.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) return { kind: 'not_zip' };
      const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
      if (dataStart + compressedSize > bytes.length) return { kind: 'not_zip' };
      const data = bytes.subarray(dataStart, dataStart + compressedSize);
      const left = limit - total;
      if (method === STORED) {
        total += data.length;
      } else if (method === DEFLATED) {
        // zlib stops one byte past what is left instead of inflating the whole entry.
        total += inflateRawSync(data, { maxOutputLength: left + 1 }).length;
      } else {
        return { kind: 'not_zip' };
      }
      if (total > limit) return { kind: 'too_large' };
    }
  } catch (error) {
    if (isBufferTooLarge(error)) return { kind: 'too_large' };
    // A read past the end or data zlib cannot inflate: not an archive exceljs could read either.
    return { kind: 'not_zip' };
  }
  return { kind: 'within', bytes: total };
};
