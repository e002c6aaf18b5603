import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

// RFC 5987 attr-char: what encodeURIComponent leaves alone, less ' ( ) *.
const encodeRfc5987 = (text: string) =>
  encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with an ASCII fallback name for old clients and the real (Chinese) name as
 * `filename*` (RFC 6266, RFC 5987). The fallback is the name with every non-ASCII character
 * replaced, unless a readable one is given.
 */
export const contentDisposition = (fileName: string, asciiFileName?: string): string => {
  const fallback = (asciiFileName ?? fileName).replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
};

export interface Download {
  readonly contentType: string;
  /** The name the browser saves it under, Chinese allowed. */
  readonly fileName: string;
  /** The bytes, or a stream written while it is sent (a large workbook). */
  readonly content: Buffer | Uint8Array | string | Readable;
  /** A readable ASCII name for clients that ignore `filename*`. */
  readonly asciiFileName?: string;
  /** Sent as `X-Content-SHA256` when the file's hash is part of its contract (attachments, export batches). */
  readonly sha256?: string;
}

/** Sends a file download: its type, its name, never cached outside the user's browser. */
export const sendDownload = (reply: FastifyReply, file: Download): FastifyReply => {
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName))
    .header('cache-control', 'private, no-store');
  if (file.sha256 !== undefined) reply.header('x-content-sha256', file.sha256);
  return reply.send(file.content);
};
