import { AppError } from './errors.ts';

/**
 * An amount of money as an integer count of 分 (fen), from 0 to MONEY_MAX_FEN. Every amount in
 * the platform is stored, compared and summed as `Fen`; 元 and 万元 exist only as text at the edges.
 */
export type Fen = number;

/**
 * The largest amount the platform accepts anywhere: 1,000亿元 in 分. Far above any real claim,
 * far below Number.MAX_SAFE_INTEGER, so that one amount is always exact and a sum of up to 900
 * amounts at the ceiling still is.
 */
export const MONEY_MAX_FEN = 10_000_000_000_000;
export const MONEY_MAX_TEXT = '1000亿元';

/**
 * A total of amounts (a sum over cases, applications, promises), in 分. Totals are exact, as
 * every integer up to Number.MAX_SAFE_INTEGER (2^53 − 1 分, about 90万亿元: more than 900
 * amounts at MONEY_MAX_FEN) is. A larger total — which only bogus data can reach — is the
 * float64 nearest to the exact sum, never an error: it differs from it by less than one part in
 * 2^53, so every figure shown in 万元 (the reports, the cockpit, the workbooks) is still exact
 * to its last digit. Sums are therefore computed exactly (SQL `sum` → numeric, JS → BigInt)
 * and converted once, by `fenTotal`; a reader never fails on a total.
 */
export type FenTotal = number;

const FEN_PER_YUAN = 100;
/** 1 万元 = 10,000 元 = 1,000,000 分. */
const WAN_EXPONENT = 6;

/** True when `value` is an amount: an integer count of 分 from 0 to MONEY_MAX_FEN. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MONEY_MAX_FEN;
}

/**
 * Narrows `value` to `Fen`.
 * @throws AppError AMOUNT_INVALID when `value` is not an integer from 0 to MONEY_MAX_FEN.
 */
export function assertFen(value: unknown, field = 'amount'): asserts value is Fen {
  if (!isFen(value)) {
    const tooLarge = typeof value === 'number' && Number.isInteger(value) && value > MONEY_MAX_FEN;
    throw new AppError(
      'AMOUNT_INVALID',
      tooLarge ? `金额不能超过${MONEY_MAX_TEXT}：${String(value)}` : `金额必须是以分为单位的非负整数：${String(value)}`,
      { field, value },
    );
  }
}

/** True when `value` is a total: a non-negative integer number of 分 (exact up to 2^53 − 1). */
export function isFenTotal(value: unknown): value is FenTotal {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function assertFenTotal(value: unknown): asserts value is FenTotal {
  if (!isFenTotal(value)) {
    throw new AppError('AMOUNT_INVALID', `金额必须是以分为单位的非负整数：${String(value)}`, { value });
  }
}

/**
 * A total as the platform carries it, from an exact sum: a database `sum` (numeric, read as its
 * decimal text), a BigInt or a number. Exact up to 2^53 − 1 分, the nearest float64 beyond
 * (see `FenTotal`); never throws for an integer.
 * @throws AppError AMOUNT_INVALID when `value` is not an integer (a bug, not data)
 */
export function fenTotal(value: string | number | bigint | null | undefined): FenTotal {
  if (value === null || value === undefined) return 0;
  const total = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(total)) {
    throw new AppError('AMOUNT_INVALID', `金额合计不是整数：${String(value)}`, { value: String(value) });
  }
  return total + 0;
}

/** The exact sum of amounts or totals (in BigInt), as a `FenTotal`. */
export function sumFen(values: Iterable<number>): FenTotal {
  let total = 0n;
  for (const value of values) total += BigInt(value);
  return fenTotal(total);
}

// Thousands separators must be whole groups of three ("1,234,567"); a number without
// separators may have any number of digits. Decimals need at least one digit after the dot.
const AMOUNT_PATTERN =
  /^[¥￥]?\s*(?<integer>[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(?<fraction>\d+))?\s*(?<unit>万元|万|元)?$/u;

function amountError(text: string, message: string, reason: string): AppError {
  return new AppError('AMOUNT_INVALID', message, { input: text, reason });
}

/**
 * Reads an amount typed by a user, in 元 ("500,000.00", "¥1,234.5", "500000元") or in 万元
 * ("50万", "50.5万元"), into exact 分. Uses decimal string arithmetic, never a float multiply.
 * @throws AppError AMOUNT_INVALID when the text is empty, malformed, negative, has more
 *   decimals than whole 分 allow (2 for 元, 6 for 万元) or exceeds MONEY_MAX_FEN (1000亿元).
 */
export function parseYuan(text: string): Fen {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw amountError(text, '请输入金额', 'empty');
  }
  const groups = AMOUNT_PATTERN.exec(trimmed)?.groups;
  if (groups === undefined || groups.integer === undefined) {
    throw amountError(
      text,
      `金额格式不正确：“${text}”。请输入如 500000.00 或 50万元 的金额`,
      'format',
    );
  }
  const inWan = groups.unit === '万' || groups.unit === '万元';
  const scale = inWan ? WAN_EXPONENT : 2;
  const fraction = groups.fraction ?? '';
  if (fraction.length > scale) {
    throw amountError(
      text,
      inWan
        ? `金额格式不正确：“${text}”。以万元为单位时最多保留6位小数（精确到分）`
        : `金额格式不正确：“${text}”。以元为单位时最多保留2位小数（精确到分）`,
      'precision',
    );
  }
  const fen = BigInt(groups.integer.replaceAll(',', '') + fraction.padEnd(scale, '0'));
  if (fen > BigInt(MONEY_MAX_FEN)) {
    throw amountError(text, `金额不能超过${MONEY_MAX_TEXT}：“${text}”`, 'too_large');
  }
  return Number(fen);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Splits `fen` into its 元 digits and its two 分 digits, exactly. */
function yuanParts(fen: FenTotal): { integer: string; fraction: string } {
  const digits = BigInt(fen).toString().padStart(3, '0');
  return { integer: digits.slice(0, -2), fraction: digits.slice(-2) };
}

/**
 * Formats an amount or a total for display: `¥500,000.00`.
 * @throws AppError AMOUNT_INVALID when `fen` is not a non-negative integer.
 */
export function formatYuan(fen: FenTotal): string {
  assertFenTotal(fen);
  const { integer, fraction } = yuanParts(fen);
  return `¥${groupThousands(integer)}.${fraction}`;
}

/**
 * Formats in 万元 for summaries: `50.00万元`, `1,234.57万元`. Rounds half up at the last shown
 * digit, in integers. Takes amounts and totals.
 * @throws AppError AMOUNT_INVALID when `fen` is not a non-negative integer.
 * @throws RangeError when `digits` is not an integer from 0 to 6.
 */
export function formatWanYuan(fen: FenTotal, digits = 2): string {
  assertFenTotal(fen);
  if (!Number.isInteger(digits) || digits < 0 || digits > WAN_EXPONENT) {
    throw new RangeError(`formatWanYuan: digits must be an integer from 0 to 6, got ${digits}`);
  }
  const divisor = 10n ** BigInt(WAN_EXPONENT - digits);
  const exact = BigInt(fen);
  const quotient = exact / divisor;
  const rounded = (exact % divisor) * 2n >= divisor ? quotient + 1n : quotient;
  const shown = rounded.toString().padStart(digits + 1, '0');
  const integer = groupThousands(shown.slice(0, shown.length - digits));
  return digits === 0 ? `${integer}万元` : `${integer}.${shown.slice(-digits)}万元`;
}

/** 万元 as people write it in a rule: whole 万元 without decimals (`2,000万元`), else two (`12.50万元`). */
export function formatWanYuanBrief(fen: FenTotal): string {
  return formatWanYuan(fen, fen % 1_000_000 === 0 ? 0 : 2);
}

/**
 * Plain 元 text for exports and form fields: `500000.00` (no symbol, no separators).
 * @throws AppError AMOUNT_INVALID when `fen` is not a non-negative integer.
 */
export function fenToYuanText(fen: FenTotal): string {
  assertFenTotal(fen);
  const { integer, fraction } = yuanParts(fen);
  return `${integer}.${fraction}`;
}

/**
 * Converts a 元 literal with at most two decimals (tests and seed data: `yuan(500_000.01)`).
 * @throws AppError AMOUNT_INVALID when `amount` is negative, not finite, has more than two
 *   decimals or is too large to convert exactly.
 */
export function yuan(amount: number): Fen {
  const fen = Math.round(amount * FEN_PER_YUAN);
  // A binary float such as 0.07 is not exactly 7/100; it is exact enough only when the
  // rounded 分 converts back to the very same double.
  if (!Number.isFinite(amount) || !isFen(fen) || fen / FEN_PER_YUAN !== amount) {
    throw new AppError('AMOUNT_INVALID', `无法精确换算为分的金额：${amount}`, { value: amount });
  }
  // yuan(-0) would otherwise yield -0, which prints as "0" but fails Object.is(…, 0).
  return fen + 0;
}
