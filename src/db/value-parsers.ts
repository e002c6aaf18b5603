/**
 * How column values become JS values, made identical on both backends: BIGINT → number
 * (money in 分 stays far below 2^53), DATE → 'YYYY-MM-DD' (a calendar day has no time zone),
 * TIMESTAMPTZ → Date (both drivers' default). NUMERIC stays a string on both: cast sums of
 * money to bigint in SQL (`sum(paid_amount)::bigint`).
 */
import pg from 'pg';

export const INT8_OID = 20;
export const DATE_OID = 1082;

/**
 * @throws RangeError when the value does not fit a JS number exactly: silently rounding
 *   an amount of money is worse than failing the query.
 */
export const parseInt8 = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`BIGINT 值 ${text} 超出 JavaScript 安全整数范围`);
  }
  return value;
};

const parseDate = (text: string): string => text;

/** Parsers for PGlite's `parsers` option. */
export const pgliteParsers = {
  [INT8_OID]: parseInt8,
  [DATE_OID]: parseDate,
};

let pgParsersInstalled = false;

/**
 * node-postgres keeps type parsers in one process-wide registry, and drizzle's per-query
 * parsers fall back to it, so a per-pool `types` option would not reach drizzle's queries.
 */
export const installPgParsers = (): void => {
  if (pgParsersInstalled) return;
  pg.types.setTypeParser(INT8_OID, parseInt8);
  pg.types.setTypeParser(DATE_OID, parseDate);
  pgParsersInstalled = true;
};
