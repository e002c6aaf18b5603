import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2, a const enum that isolated modules cannot import. */
const ARGON2ID = 2;

/**
 * argon2id with the OWASP minimum for interactive sign-in (19 MiB, t=2, p=1): strong enough
 * and cheap enough for a 2-core server.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/**
 * A temporary password an administrator hands over (an account created or reset): four groups of
 * four from letters and digits that cannot be misread, joined by hyphens — upper, lower, digit and
 * symbol, 19 characters, about 70 bits — so it passes either profile. It must be changed at the
 * next sign-in.
 */
export const temporaryPassword = (): string => {
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const digits = '23456789';
  const all = upper + lower + digits;
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;
  const groups = Array.from({ length: 4 }, () => [pick(upper), pick(lower), pick(digits), pick(all)].join(''));
  return groups.join('-');
};

/**
 * The old fixed rule (10+ characters with letters and digits). Superseded by the city's password
 * profile: use `assertPasswordAllowed` of account-security.ts for a password a person chooses.
 */
export const isStrongPassword = (password: string): boolean =>
  password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password);
