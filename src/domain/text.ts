/**
 * What text the platform stores. PostgreSQL refuses NUL (U+0000) in `text` and `jsonb`, and a
 * lone UTF-16 surrogate is not text at all (it cannot be encoded as UTF-8): neither may reach
 * the database, whichever way it came in.
 */
export const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` holds no NUL and no lone surrogate. */
export const isStorableText = (value: string): boolean => !UNSTORABLE_TEXT.test(value);

/** `value` with every NUL and lone surrogate shown as U+FFFD, for a message that quotes it. */
export const printableText = (value: string): string =>
  value.replace(new RegExp(UNSTORABLE_TEXT.source, 'g'), '\uFFFD');
