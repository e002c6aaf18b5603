import { AppError } from './errors.ts';

/**
 * Files attached to cases: an enterprise's complaint evidence, a unit's feedback documents
 * (G3). Pure rules shared with the UI's upload control: the size limit, the allowed types and
 * the check of a file's first bytes against its extension.
 */

/** A stored file as a case event records it: the SHA-256 ties the hashed event to the bytes. */
export interface AttachmentRef {
  readonly id: string;
  readonly fileName: string;
  readonly sha256: string;
  /** Bytes. */
  readonly size: number;
}

/** 10 MB (10 × 1024 × 1024 bytes), inclusive. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Attachments one registration may carry. */
export const ATTACHMENTS_PER_REGISTRATION = 10;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// Compound File Binary (OLE2): the container of the legacy .doc and .xls formats.
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith =
  (...signature: number[]) =>
  (bytes: Uint8Array): boolean =>
    bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

/** Whether `bytes` contains `text` (ASCII); entry names of a ZIP are stored uncompressed. */
const containsAscii = (bytes: Uint8Array, text: string): boolean => {
  const needle = ascii(text);
  const first = needle[0];
  outer: for (let index = 0; index <= bytes.length - needle.length; index += 1) {
    if (bytes[index] !== first) continue;
    for (let offset = 1; offset < needle.length; offset += 1) if (bytes[index + offset] !== needle[offset]) continue outer;
    return true;
  }
  return false;
};

/** A ZIP container holding the named entry: OOXML (docx, xlsx) and OFD (GB/T 33190) are ZIPs. */
const zipWith =
  (...entries: string[]) =>
  (bytes: Uint8Array): boolean =>
    startsWith(...ZIP)(bytes) && entries.every((entry) => containsAscii(bytes, entry));

interface AttachmentType {
  readonly contentType: string;
  readonly matches: (bytes: Uint8Array) => boolean;
}

const pdf = startsWith(...ascii('%PDF-'));
const jpeg = startsWith(0xff, 0xd8, 0xff);

export const ATTACHMENT_TYPES = {
  pdf: { contentType: 'application/pdf', matches: pdf },
  jpg: { contentType: 'image/jpeg', matches: jpeg },
  jpeg: { contentType: 'image/jpeg', matches: jpeg },
  png: { contentType: 'image/png', matches: startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  doc: { contentType: 'application/msword', matches: startsWith(...OLE2) },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: zipWith('[Content_Types].xml', 'word/'),
  },
  xls: { contentType: 'application/vnd.ms-excel', matches: startsWith(...OLE2) },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    matches: zipWith('[Content_Types].xml', 'xl/'),
  },
  // OFD 版式文档 (GB/T 33190-2016): a ZIP with OFD.xml at its root.
  ofd: { contentType: 'application/ofd', matches: zipWith('OFD.xml') },
} as const satisfies Record<string, AttachmentType>;

export type AttachmentExtension = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES) as AttachmentExtension[];

/** For an `<input accept>` and the messages: ".pdf,.jpg,…". */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((extension) => `.${extension}`).join(',');

const ALLOWED_TEXT = 'PDF、JPG、PNG、Word（doc/docx）、Excel（xls/xlsx）或 OFD';

const MAX_FILE_NAME = 200;

/**
 * The name to store: the last path segment, without control characters, at most 200
 * characters (the extension kept).
 * @throws AppError VALIDATION_FAILED when nothing is left
 */
export const cleanFileName = (name: string): string => {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base === '' || base === '.' || base === '..') {
    throw new AppError('VALIDATION_FAILED', '文件名不能为空', { field: 'file' });
  }
  const characters = Array.from(base);
  if (characters.length <= MAX_FILE_NAME) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(base.slice(dot)) : [];
  return [...characters.slice(0, MAX_FILE_NAME - extension.length), ...extension].join('');
};

const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
};

const isAllowedExtension = (extension: string): extension is AttachmentExtension => Object.hasOwn(ATTACHMENT_TYPES, extension);

/**
 * The content type of an upload, from its extension confirmed by its first bytes: a renamed
 * program, or a picture named .pdf, is refused. The type the client declares is not trusted.
 * @throws AppError ATTACHMENT_TYPE_NOT_ALLOWED
 */
export const attachmentContentType = (fileName: string, bytes: Uint8Array): string => {
  const extension = extensionOf(fileName);
  if (!isAllowedExtension(extension)) {
    throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', `不支持“${extension ? `.${extension}` : '无扩展名'}”文件，只能上传${ALLOWED_TEXT}文件`, {
      field: 'file',
      extension,
      allowed: ATTACHMENT_EXTENSIONS,
    });
  }
  const type = ATTACHMENT_TYPES[extension];
  if (!type.matches(bytes)) {
    throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', `文件内容与扩展名“.${extension}”不符，请上传真实的${ALLOWED_TEXT}文件`, {
      field: 'file',
      extension,
    });
  }
  return type.contentType;
};

/** The size limit in the user's words. */
export const ATTACHMENT_MAX_TEXT = `${ATTACHMENT_MAX_BYTES / 1024 / 1024}MB`;

/**
 * Issue 11 (resource limits): what one account may upload. An upload is counted from the
 * stored files themselves, over a sliding minute and a sliding day (24 hours), so a refusal
 * says exactly when room frees up.
 */
export const UPLOADS_PER_MINUTE = 30;
/** 500 MB (500 × 1024 × 1024 bytes) a day. */
export const UPLOAD_BYTES_PER_DAY = 500 * 1024 * 1024;
export const UPLOAD_BYTES_PER_DAY_TEXT = `${UPLOAD_BYTES_PER_DAY / 1024 / 1024}MB`;
const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** An upload is unlinked until a case, an application or an enterprise's file takes it; one unlinked this long is purged. */
export const UNLINKED_ATTACHMENT_TTL_MS = DAY_MS;

export interface UploadQuota {
  readonly perMinute: number;
  readonly bytesPerDay: number;
}

export const UPLOAD_QUOTA: UploadQuota = { perMinute: UPLOADS_PER_MINUTE, bytesPerDay: UPLOAD_BYTES_PER_DAY };

/** One earlier upload of the account: when, and how many bytes. */
export interface RecentUpload {
  readonly at: Date;
  readonly size: number;
}

export type QuotaVerdict = { readonly kind: 'allowed' } | { readonly kind: 'refused'; readonly limit: 'per_minute' | 'per_day'; readonly freesAt: Date };

/**
 * Whether an upload of `size` bytes fits the account's quota at `now`, given its uploads of the
 * last day (`recent`, any order). Refused: which limit, and the first instant the same upload
 * would fit — when enough of the window's oldest uploads have aged out of it.
 */
export const decideUploadQuota = (recent: readonly RecentUpload[], size: number, now: Date, quota: UploadQuota = UPLOAD_QUOTA): QuotaVerdict => {
  const inWindow = (windowMs: number) => recent.filter((upload) => upload.at.getTime() > now.getTime() - windowMs).sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastMinute = inWindow(MINUTE_MS);
  if (lastMinute.length >= quota.perMinute) {
    // Room for one more once all but perMinute - 1 of them have aged out.
    const freeing = lastMinute[lastMinute.length - quota.perMinute]!;
    return { kind: 'refused', limit: 'per_minute', freesAt: new Date(freeing.at.getTime() + MINUTE_MS) };
  }
  const lastDay = inWindow(DAY_MS);
  let total = lastDay.reduce((sum, upload) => sum + upload.size, 0) + size;
  if (total <= quota.bytesPerDay) return { kind: 'allowed' };
  for (const upload of lastDay) {
    total -= upload.size;
    if (total <= quota.bytesPerDay) return { kind: 'refused', limit: 'per_day', freesAt: new Date(upload.at.getTime() + DAY_MS) };
  }
  // Larger than a whole day's quota: the limit on a file (ATTACHMENT_MAX_BYTES) keeps this from happening.
  return { kind: 'refused', limit: 'per_day', freesAt: new Date(now.getTime() + DAY_MS) };
};

/** `11月27日 09:31:05`, in Asia/Shanghai (UTC+8, no daylight saving). */
const shanghaiMoment = (instant: Date): string => {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
};

/** The refusal of an upload past the quota, saying when it frees up. */
export const uploadQuotaExceeded = (verdict: Extract<QuotaVerdict, { kind: 'refused' }>, now: Date, quota: UploadQuota = UPLOAD_QUOTA): AppError => {
  const retryAfterSeconds = Math.max(1, Math.ceil((verdict.freesAt.getTime() - now.getTime()) / 1000));
  const when = shanghaiMoment(verdict.freesAt);
  const message =
    verdict.limit === 'per_minute'
      ? `上传过于频繁：每个账号每分钟最多上传${quota.perMinute}个文件，请于 ${when} 后再试`
      : `今日上传量已达上限：每个账号24小时内最多上传${quota.bytesPerDay === UPLOAD_BYTES_PER_DAY ? UPLOAD_BYTES_PER_DAY_TEXT : `${quota.bytesPerDay}字节`}，请于 ${when} 后再试`;
  return new AppError('UPLOAD_QUOTA_EXCEEDED', message, { field: 'file', limit: verdict.limit, freesAt: verdict.freesAt.toISOString(), retryAfterSeconds });
};
