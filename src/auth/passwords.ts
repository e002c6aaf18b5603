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

/** Minimum strength for a new password: 10+ characters with letters and digits. */
export const isStrongPassword = (password: string): boolean =>
  password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password);
