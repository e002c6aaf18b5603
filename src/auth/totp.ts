/**
 * The TOTP second factor (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps — what every
 * authenticator app reads from an otpauth:// URI), with the `otpauth` library. A code is taken
 * from the step before to the step after the server's (clock drift), and each step's code is
 * accepted once: the caller keeps the last step used.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = '诚信 Chengxin';
const PERIOD = 30;

/** A fresh 160-bit secret, base32 as authenticator apps take it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app scans (as a QR code). */
export const totpUri = (secretBase32: string, label: string): string =>
  new TOTP({ issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD }).toString();

/** The code of `at` (tests, and nothing else of the platform). */
export const totpCode = (secretBase32: string, at: Date): string =>
  TOTP.generate({ secret: Secret.fromBase32(secretBase32), period: PERIOD, timestamp: at.getTime() });

/**
 * The time step `code` belongs to, if it is the code of the step before, of or after `now`'s
 * and later than `lastStep`; null otherwise (wrong, stale, or already used).
 */
export const acceptTotp = (secretBase32: string, code: string, now: Date, lastStep: number | null): number | null => {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secretBase32), period: PERIOD, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PERIOD, timestamp: now.getTime() }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
};
