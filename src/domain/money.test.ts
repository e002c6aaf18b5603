import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  assertFen,
  fenToYuanText,
  fenTotal,
  formatWanYuan,
  formatWanYuanBrief,
  formatYuan,
  isFen,
  MONEY_MAX_FEN,
  parseYuan,
  sumFen,
  yuan,
} from './money.ts';

/** Every amount the platform accepts. */
const amountFen = fc.integer({ min: 0, max: MONEY_MAX_FEN });
/** Every exact total (sums of amounts are formatted too). */
const safeFen = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

/** Exact 分 shown by a 万元 text; BigInt because rounding up may pass MAX_SAFE_INTEGER. */
function wanTextToFen(text: string): bigint {
  const [integer = '', fraction = ''] = text.replace(/万元$/, '').replaceAll(',', '').split('.');
  return BigInt(integer + fraction.padEnd(6, '0'));
}

function amountErrorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('Fen', () => {
  it('accepts only integers from 0 to the ceiling of 1000亿元', () => {
    expect(MONEY_MAX_FEN).toBe(100_000_000_000 * 100);
    expect(isFen(0)).toBe(true);
    expect(isFen(50_000_000)).toBe(true);
    expect(isFen(MONEY_MAX_FEN)).toBe(true);
    for (const value of [-1, 0.5, MONEY_MAX_FEN + 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity, '100', null]) {
      expect(isFen(value)).toBe(false);
    }
  });

  it('assertFen refuses an amount above the ceiling in words', () => {
    const error = amountErrorOf(() => assertFen(Number.MAX_SAFE_INTEGER, 'claimedAmount'));
    expect(error.code).toBe('AMOUNT_INVALID');
    expect(error.message).toContain('金额不能超过1000亿元');
    expect(error.details).toMatchObject({ field: 'claimedAmount' });
  });

  it('assertFen names the field it rejects', () => {
    const error = amountErrorOf(() => assertFen(1.5, 'confirmedAmount'));
    expect(error.code).toBe('AMOUNT_INVALID');
    expect(error.details).toMatchObject({ field: 'confirmedAmount', value: 1.5 });
  });
});

describe('parseYuan', () => {
  it('reads the A1 boundary exactly: 500,000.00 is 50,000,000 分, 500,000.01 one 分 more', () => {
    expect(parseYuan('500000.00')).toBe(50_000_000);
    expect(parseYuan('500,000.01')).toBe(50_000_001);
    expect(parseYuan('500000.01')).toBe(50_000_001);
    expect(parseYuan('500000')).toBe(50_000_000);
    expect(parseYuan('500,000.00')).toBe(50_000_000);
  });

  it.each([
    ['¥500,000.01', 50_000_001],
    ['￥1,234.5', 123_450],
    ['1234.5元', 123_450],
    ['0', 0],
    ['0.01', 1],
    ['1,234,567.89', 123_456_789],
    [' 50万 ', 50_000_000],
    ['50万元', 50_000_000],
    ['50.5万元', 50_500_000],
    ['50.123456万', 50_123_456],
    ['0.000001万元', 1],
    ['1,234.56万元', 1_234_560_000],
    ['100000000000.00', MONEY_MAX_FEN],
    ['100,000,000,000', MONEY_MAX_FEN],
    ['10000000万元', MONEY_MAX_FEN],
  ])('reads %j as %d 分', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'format'],
    ['12a', 'format'],
    ['-5', 'format'],
    ['-0.01', 'format'],
    ['1.2.3', 'format'],
    ['1..2', 'format'],
    ['.5', 'format'],
    ['5.', 'format'],
    ['1,23', 'format'],
    ['12,34,567', 'format'],
    ['1,2345', 'format'],
    [',123', 'format'],
    ['0,500', 'format'],
    ['500 000', 'format'],
    ['50万万', 'format'],
    ['1e6', 'format'],
    ['500000.001', 'precision'],
    ['500000.000', 'precision'],
    ['1.0000001万', 'precision'],
    ['100000000000.01', 'too_large'],
    ['10000000.000001万', 'too_large'],
    ['90071992547409.91', 'too_large'],
    ['99999999999999999999', 'too_large'],
  ])('rejects %j (%s)', (text, reason) => {
    const error = amountErrorOf(() => parseYuan(text));
    expect(error.code).toBe('AMOUNT_INVALID');
    expect(error.details).toEqual({ input: text, reason });
  });

  it('names the input in its Chinese message', () => {
    expect(amountErrorOf(() => parseYuan('abc')).message).toBe(
      '金额格式不正确：“abc”。请输入如 500000.00 或 50万元 的金额',
    );
    expect(amountErrorOf(() => parseYuan('90071992547409.91')).message).toBe('金额不能超过1000亿元：“90071992547409.91”');
  });

  it('round-trips every amount through its plain 元 text', () => {
    fc.assert(fc.property(amountFen, (fen) => parseYuan(fenToYuanText(fen)) === fen));
  });

  it('round-trips every amount through its display text', () => {
    fc.assert(fc.property(amountFen, (fen) => parseYuan(formatYuan(fen)) === fen));
  });

  it('reads 万元 text as exactly 1,000,000 分 per 万', () => {
    const wanText = fc
      .tuple(fc.integer({ min: 0, max: 9_000_000 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([whole, millionths]) => ({ whole, millionths }));
    fc.assert(
      fc.property(wanText, ({ whole, millionths }) => {
        const text = `${whole}.${String(millionths).padStart(6, '0')}万元`;
        return parseYuan(text) === whole * 1_000_000 + millionths;
      }),
    );
  });

  it('either returns Fen or throws AMOUNT_INVALID, for any text at all', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[¥￥ ]?[-0-9,.]{0,12}(万元|万|元)?$/),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          return isFen(parseYuan(text));
        } catch (error) {
          return error instanceof AppError && error.code === 'AMOUNT_INVALID';
        }
      }),
    );
  });

  it('rejects every negative, over-precise or letter-bearing amount with AMOUNT_INVALID', () => {
    const rejected = fc.oneof(
      safeFen.filter((fen) => fen > 0).map((fen) => `-${fenToYuanText(fen)}`),
      fc
        .tuple(fc.nat(), fc.integer({ min: 0, max: 999 }))
        .map(([whole, thousandths]) => `${whole}.${String(thousandths).padStart(3, '0')}`),
      fc
        .tuple(fc.nat(), fc.integer({ min: 0, max: 9_999_999 }))
        .map(([whole, digits]) => `${whole}.${String(digits).padStart(7, '0')}万`),
      fc
        .tuple(fc.nat(), fc.constantFrom('a', 'O', 'l', 'x', 'E'))
        .map(([whole, letter]) => `${whole}${letter}`),
    );
    fc.assert(
      fc.property(rejected, (text) => {
        const error = amountErrorOf(() => parseYuan(text));
        return error.code === 'AMOUNT_INVALID';
      }),
    );
  });
});

describe('formatting', () => {
  it('shows 元 with symbol and thousands separators', () => {
    expect(formatYuan(50_000_000)).toBe('¥500,000.00');
    expect(formatYuan(50_000_001)).toBe('¥500,000.01');
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(7)).toBe('¥0.07');
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
  });

  it('formats totals beyond 2^53 分 without failing', () => {
    expect(formatWanYuan(1_000 * MONEY_MAX_FEN)).toBe('10,000,000,000.00万元');
    expect(formatYuan(2 ** 60)).toBe('¥11,529,215,046,068,469.76');
  });

  it('writes plain 元 text for exports', () => {
    expect(fenToYuanText(50_000_000)).toBe('500000.00');
    expect(fenToYuanText(1)).toBe('0.01');
  });

  it('shows 万元 rounded half up at the last digit', () => {
    expect(formatWanYuan(50_000_000)).toBe('50.00万元');
    expect(formatWanYuan(50_004_999)).toBe('50.00万元');
    expect(formatWanYuan(50_005_000)).toBe('50.01万元');
    expect(formatWanYuan(1_234_565_000)).toBe('1,234.57万元');
    expect(formatWanYuan(1_234_564_999)).toBe('1,234.56万元');
    expect(formatWanYuan(499_999, 0)).toBe('0万元');
    expect(formatWanYuan(500_000, 0)).toBe('1万元');
    expect(formatWanYuan(1, 6)).toBe('0.000001万元');
    expect(formatWanYuan(0)).toBe('0.00万元');
  });

  it('refuses an impossible number of 万元 digits', () => {
    expect(() => formatWanYuan(1, 7)).toThrow(RangeError);
    expect(() => formatWanYuan(1, 1.5)).toThrow(RangeError);
  });

  it('rejects non-Fen input with AMOUNT_INVALID', () => {
    for (const format of [formatYuan, fenToYuanText, (fen: number) => formatWanYuan(fen)]) {
      expect(amountErrorOf(() => format(-1)).code).toBe('AMOUNT_INVALID');
      expect(amountErrorOf(() => format(0.5)).code).toBe('AMOUNT_INVALID');
    }
  });

  it('keeps 万元 display monotonic and within half a last digit of the exact amount', () => {
    fc.assert(
      fc.property(safeFen, safeFen, fc.integer({ min: 0, max: 6 }), (a, b, digits) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const shownLow = wanTextToFen(formatWanYuan(low, digits));
        const shownHigh = wanTextToFen(formatWanYuan(high, digits));
        const step = 10n ** BigInt(6 - digits);
        const twiceError = 2n * (shownLow - BigInt(low));
        return shownLow <= shownHigh && -step < twiceError && twiceError <= step;
      }),
    );
  });
});

describe('totals', () => {
  it('reads a database sum exactly while it is a safe integer', () => {
    expect(fenTotal('30000000000000')).toBe(3 * MONEY_MAX_FEN);
    expect(fenTotal('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(fenTotal(null)).toBe(0);
    expect(fenTotal(12n)).toBe(12);
  });

  it('gives the nearest float64 of a larger sum instead of failing', () => {
    const exact = 901n * BigInt(MONEY_MAX_FEN) + 1n;
    const total = fenTotal(exact.toString());
    expect(total).toBe(Number(exact));
    expect(formatWanYuan(total)).toBe('9,010,000,000.00万元');
    expect(() => fenTotal('1.5')).toThrow(AppError);
  });

  it('sums amounts exactly in BigInt', () => {
    expect(sumFen([MONEY_MAX_FEN, MONEY_MAX_FEN, MONEY_MAX_FEN, 1])).toBe(30_000_000_000_001);
    expect(sumFen([])).toBe(0);
    fc.assert(
      fc.property(fc.array(amountFen, { maxLength: 900 }), (amounts) => {
        const total = sumFen(amounts);
        return Number.isSafeInteger(total) && BigInt(total) === amounts.reduce((sum, fen) => sum + BigInt(fen), 0n);
      }),
      { numRuns: 50 },
    );
  });
});

describe('yuan', () => {
  it('converts 元 literals with at most two decimals exactly', () => {
    expect(yuan(500_000)).toBe(50_000_000);
    expect(yuan(500_000.01)).toBe(50_000_001);
    expect(yuan(0.07)).toBe(7);
    expect(yuan(1.1)).toBe(110);
    expect(Object.is(yuan(-0), 0)).toBe(true);
  });

  it('refuses literals that are not whole 分', () => {
    for (const amount of [1.005, 0.001, -1, Number.NaN, Infinity, 1e20]) {
      expect(amountErrorOf(() => yuan(amount)).code).toBe('AMOUNT_INVALID');
    }
  });

  it('agrees with parseYuan on every two-decimal amount', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000_000_000 });
    fc.assert(fc.property(cents, (fen) => yuan(Number(fenToYuanText(fen))) === fen));
  });
});

describe('formatWanYuanBrief', () => {
  it('drops the decimals of whole 万元 and keeps two otherwise', () => {
    expect(formatWanYuanBrief(2_000_000_000)).toBe('2,000万元');
    expect(formatWanYuanBrief(12_500_000)).toBe('12.50万元');
  });
});
