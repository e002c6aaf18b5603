import { AppError } from './errors.ts';

/**
 * An amount of money as a safe integer count of 分 (fen), never negative. Every amount in the
 * platform is stored, compared and summed as `Fen`; 元 and 万元 exist only as text at the edges.
 */
export type Fen = number;

const FEN_PER_YUAN = 100;
/** 1 万元 = 10,000 元 = 1,000,000 分. */
const WAN_EXPONENT = 6;
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** True when `value` is a safe integer count of 分 that is zero or more. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Narrows `value` to `Fen`.
 * @throws AppError AMOUNT_INVALID when `value` is not a non-negative safe integer.
 */
export function assertFen(value: unknown, field = 'amount'): asserts value is Fen {
  if (!isFen(value)) {
    throw new AppError('AMOUNT_INVALID', `金额必须是以分为单位的非负整数：${String(value)}`, {
      field,
      value,
    });
  }
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
 *   decimals than whole 分 allow (2 for 元, 6 for 万元) or exceeds Number.MAX_SAFE_INTEGER 分.
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
  if (fen > MAX_FEN) {
    throw amountError(text, `金额过大：“${text}”`, 'too_large');
  }
  return Number(fen);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Splits `fen` into its 元 digits and its two 分 digits, exactly. */
function yuanParts(fen: Fen): { integer: string; fraction: string } {
  const digits = String(fen).padStart(3, '0');
  return { integer: digits.slice(0, -2), fraction: digits.slice(-2) };
}

/**
 * Formats for display: `¥500,000.00`.
 * @throws AppError AMOUNT_INVALID when `fen` is not a `Fen`.
 */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const { integer, fraction } = yuanParts(fen);
  return `¥${groupThousands(integer)}.${fraction}`;
}

/**
 * Formats in 万元 for summaries: `50.00万元`, `1,234.57万元`. Rounds half up at the last shown
 * digit, in integers.
 * @throws AppError AMOUNT_INVALID when `fen` is not a `Fen`.
 * @throws RangeError when `digits` is not an integer from 0 to 6.
 */
export function formatWanYuan(fen: Fen, digits = 2): string {
  assertFen(fen);
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
export function formatWanYuanBrief(fen: Fen): string {
  return formatWanYuan(fen, fen % 1_000_000 === 0 ? 0 : 2);
}

/**
 * Plain 元 text for exports and form fields: `500000.00` (no symbol, no separators).
 * @throws AppError AMOUNT_INVALID when `fen` is not a `Fen`.
 */
export function fenToYuanText(fen: Fen): string {
  assertFen(fen);
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
