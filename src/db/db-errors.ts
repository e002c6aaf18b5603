/** What a database error means to the platform, whichever driver raised it. */

const UNIQUE_VIOLATION = '23505';

/** Whether a database error, however wrapped, is a unique-constraint violation. */
export const isUniqueViolation = (error: unknown): boolean => {
  for (let cause: unknown = error; cause instanceof Error || (cause !== null && typeof cause === 'object'); ) {
    if ((cause as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    cause = (cause as { cause?: unknown }).cause;
    if (cause === undefined) break;
  }
  return false;
};
