/**
 * The known-device cookie (OWASP "device cookies"): set when a browser signs in to an account,
 * signed with the key file's MAC key, naming the account and a random device id. It proves the
 * browser signed in to that account before; see sign-in-guard.ts for what that exempts it from.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppKeys } from '../security/keys.ts';

export const DEVICE_COOKIE = 'chengxin_device';
/** How long a browser stays known without signing in again. */
export const DEVICE_COOKIE_DAYS = 180;

export interface KnownDevice {
  readonly accountId: string;
  readonly deviceId: string;
}

const macOf = (keys: AppKeys, tenantId: string, accountId: string, deviceId: string, issuedAt: number): string =>
  keys.mac(`device-cookie|${tenantId}|${accountId}|${deviceId}|${issuedAt}`);

/** A new cookie value for `accountId`, keeping the browser's device id when it had one. */
export const deviceCookieValue = (keys: AppKeys, tenantId: string, accountId: string, now: Date, deviceId: string = randomUUID()): string => {
  const issuedAt = now.getTime();
  return [Buffer.from(accountId).toString('base64url'), deviceId, String(issuedAt), macOf(keys, tenantId, accountId, deviceId, issuedAt)].join('.');
};

/** The device a cookie names, when its signature holds and it is not too old; null otherwise. */
export const readDeviceCookie = (keys: AppKeys, tenantId: string, value: string | undefined, now: Date): KnownDevice | null => {
  if (value === undefined || value.length > 512) return null;
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const [encodedAccount, deviceId, issuedText, mac] = parts as [string, string, string, string];
  if (!/^\d{1,15}$/.test(issuedText) || !/^[0-9a-f-]{36}$/.test(deviceId) || !/^[0-9a-f]{64}$/.test(mac)) return null;
  const accountId = Buffer.from(encodedAccount, 'base64url').toString('utf8');
  const issuedAt = Number(issuedText);
  const expected = Buffer.from(macOf(keys, tenantId, accountId, deviceId, issuedAt), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return null;
  const age = now.getTime() - issuedAt;
  if (age < -60_000 || age > DEVICE_COOKIE_DAYS * 24 * 60 * 60 * 1000) return null;
  return { accountId, deviceId };
};
