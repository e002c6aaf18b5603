/**
 * The platform's secrets, kept outside the database (GB/T 22239 数据完整性/保密性): a MAC key
 * that seals the case event chain and the security audit log (HMAC-SM3), and an SM4 key that
 * encrypts personal data at rest. Someone with write access to the database alone can neither
 * re-seal an edited record nor read an encrypted phone number.
 *
 * The key file is JSON `{ "version": 1, "mac": hex(32 bytes), "enc": hex(16 bytes) }`, created
 * with mode 0600 on first start. Its path: `CHENGXIN_KEY_FILE`, else `chengxin.key` in the data
 * folder. Every server of one city must use the same file; losing it makes the seals
 * unverifiable and the encrypted fields unreadable, so it is backed up apart from the database.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../domain/errors.ts';

export const KEY_FILE_NAME = 'chengxin.key';

export interface AppKeys {
  /** HMAC-SM3 of `text` (UTF-8) under the MAC key, as 64 hex characters. */
  mac(text: string): string;
  /** SM4-CBC with a random IV: `v1:<iv hex>:<ciphertext base64>`. */
  encrypt(plain: string): string;
  /** The inverse of `encrypt`. @throws AppError INTERNAL for a value not sealed with this key */
  decrypt(sealed: string): string;
}

interface KeyMaterial {
  readonly mac: Buffer;
  readonly enc: Buffer;
}

const keysOf = ({ mac, enc }: KeyMaterial): AppKeys => ({
  mac: (text) => createHmac('sm3', mac).update(text, 'utf8').digest('hex'),
  encrypt: (plain) => {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', enc, iv);
    return `v1:${iv.toString('hex')}:${Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64')}`;
  },
  decrypt: (sealed) => {
    const [version, iv, body] = sealed.split(':');
    if (version !== 'v1' || iv === undefined || body === undefined) throw new AppError('INTERNAL', '加密数据格式无效');
    try {
      const decipher = createDecipheriv('sm4-cbc', enc, Buffer.from(iv, 'hex'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('INTERNAL', '加密数据无法用当前密钥解密（密钥文件与数据库不匹配）');
    }
  },
});

const HEX = /^[0-9a-f]+$/;

const parseKeyFile = (text: string, path: string): KeyMaterial => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const file = parsed as { version?: unknown; mac?: unknown; enc?: unknown } | null;
  if (
    file === null ||
    file.version !== 1 ||
    typeof file.mac !== 'string' ||
    typeof file.enc !== 'string' ||
    !HEX.test(file.mac) ||
    !HEX.test(file.enc) ||
    file.mac.length !== 64 ||
    file.enc.length !== 32
  ) {
    throw new AppError('VALIDATION_FAILED', `密钥文件 ${path} 格式无效`, { field: 'keyFile' });
  }
  return { mac: Buffer.from(file.mac, 'hex'), enc: Buffer.from(file.enc, 'hex') };
};

/** The key file a command uses: `CHENGXIN_KEY_FILE`, else `chengxin.key` in the data folder. */
export const keyFilePath = (dataDir: string): string => resolve(process.env.CHENGXIN_KEY_FILE || join(dataDir, KEY_FILE_NAME));

/**
 * Reads the key file without ever creating one: null when it does not exist. Backup and restore
 * use it, since fresh keys would seal nothing the data was sealed with.
 * @throws AppError VALIDATION_FAILED for a file that is not a key file
 */
export const readKeyFile = async (path: string): Promise<AppKeys | null> => {
  try {
    return keysOf(parseKeyFile(await readFile(path, 'utf8'), path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/**
 * Reads the key file, creating it (mode 0600) with fresh random keys when it does not exist.
 * @throws AppError VALIDATION_FAILED for a file that is not a key file
 */
export const loadKeys = async (path: string): Promise<AppKeys> => {
  const existing = await readKeyFile(path);
  if (existing !== null) return existing;
  const material = { mac: randomBytes(32), enc: randomBytes(16) };
  await mkdir(dirname(path), { recursive: true });
  // Written whole beside it, then linked in: `link` fails if the file exists, so two processes
  // starting at once keep one key, and none reads a key file another is still writing.
  const written = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(written, `${JSON.stringify({ version: 1, mac: material.mac.toString('hex'), enc: material.enc.toString('hex') })}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(written, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadKeys(path);
    throw error;
  } finally {
    await unlink(written);
  }
  return keysOf(material);
};

/** Fresh random keys held in memory only: tests, and tools that seal nothing lasting. */
export const ephemeralKeys = (): AppKeys => keysOf({ mac: randomBytes(32), enc: randomBytes(16) });
