import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertCreditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
} from './credit-code.ts';
import { AppError } from './errors.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const codeCharacter = fc.constantFrom(...CHARSET);
const digit = fc.constantFrom(...'0123456789');
const first17 = fc
  .tuple(
    fc.array(codeCharacter, { minLength: 2, maxLength: 2 }),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(codeCharacter, { minLength: 9, maxLength: 9 }),
  )
  .map((parts) => parts.flat().join(''));

// Codes in public circulation, checked by hand with weights 1,3,9,27,19,26,16,17,20,29,25,13,8,
// 24,10,30,28 and values 0–9, A=10 … Y=30 (no I, O, Z, S, V). Each also passes the GB 11714
// check of the organisation code in positions 9–17, which a made-up code would rarely do.
//   914403001922038216: 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831;
//     831 mod 31 = 25; 31 − 25 = 6 → "6".
//   9144030071526726XG: 9+3+36+108+0+78+0+0+140+29+125+26+48+168+20+180+29·28(812) = 1782;
//     1782 mod 31 = 15; 31 − 15 = 16 → "G".
//   91110108551385082Q: 9+3+9+27+0+26+0+136+100+145+25+39+64+120+0+240+56 = 999;
//     999 mod 31 = 7; 31 − 7 = 24 → "Q".
const PUBLIC_CODES = ['914403001922038216', '9144030071526726XG', '91110108551385082Q'];

function creditErrorOf(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CREDIT_CODE_INVALID');
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(PUBLIC_CODES)('accepts the hand-checked public code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code.slice(17));
    expect(assertCreditCode(code)).toBe(code);
  });

  it('writes a check result of 31 as "0"', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(isValidCreditCode('000000000000000000')).toBe(true);
  });

  it('normalizes spaces and case before checking user input', () => {
    expect(normalizeCreditCode('  9144 0300 7152 6726xg ')).toBe('9144030071526726XG');
    expect(normalizeCreditCode('91110108551385082q\u3000')).toBe('91110108551385082Q');
    expect(assertCreditCode(' 9144 0300 7152 6726xg')).toBe('9144030071526726XG');
  });

  it('judges isValidCreditCode on the code exactly as given', () => {
    expect(isValidCreditCode('9144030071526726xg')).toBe(false);
    expect(isValidCreditCode(' 9144030071526726XG')).toBe(false);
  });

  it('names the wrong length', () => {
    const error = creditErrorOf(() => assertCreditCode('91440300715267'));
    expect(error.message).toBe('统一社会信用代码应为18位，当前为14位');
    expect(error.details).toMatchObject({ length: 14, reason: 'length', input: '91440300715267' });
    expect(creditErrorOf(() => assertCreditCode('')).message).toBe(
      '统一社会信用代码应为18位，当前为0位',
    );
  });

  it('counts characters, not UTF-16 units, in the length message', () => {
    expect(creditErrorOf(() => assertCreditCode('91440300715267😀')).message).toBe(
      '统一社会信用代码应为18位，当前为15位',
    );
  });

  it('names an illegal character and its position', () => {
    const error = creditErrorOf(() => assertCreditCode('91440300715267I6XG'));
    expect(error.message).toBe(
      '统一社会信用代码第15位“I”不是合法字符（只能使用数字和除 I、O、Z、S、V 以外的大写字母）',
    );
    expect(error.details).toMatchObject({ position: 15, character: 'I', reason: 'character' });
    for (const letter of ['O', 'Z', 'S', 'V', '-', '*']) {
      expect(isValidCreditCode(`9${letter}4403007152672600`)).toBe(false);
    }
  });

  it('requires digits in the administrative division code, positions 3–8', () => {
    const error = creditErrorOf(() => assertCreditCode('91A40300715267260G'));
    expect(error.message).toBe('统一社会信用代码第3位“A”有误：第3–8位为行政区划码，只能是数字');
    expect(error.details).toMatchObject({ position: 3, character: 'A', reason: 'division' });
    expect(() => makeCreditCode('9144030A715267260')).toThrow(AppError);
  });

  it('states the check character a mistyped code should end with', () => {
    const error = creditErrorOf(() => assertCreditCode('9144030071526726XH'));
    expect(error.message).toBe('统一社会信用代码校验位错误：第18位应为G');
    expect(error.details).toMatchObject({ position: 18, expected: 'G', reason: 'check' });
  });

  it('rejects 91110000100006225K, whose check character by the algorithm is 2', () => {
    expect(creditErrorOf(() => assertCreditCode('91110000100006225K')).message).toBe(
      '统一社会信用代码校验位错误：第18位应为2',
    );
  });

  it('refuses to compute a check character for anything but 17 valid characters', () => {
    expect(creditErrorOf(() => creditCodeCheckChar('9144030071526726')).message).toBe(
      '统一社会信用代码前17位应为17位，当前为16位',
    );
    expect(() => creditCodeCheckChar('9144030071526726O')).toThrow(AppError);
  });

  it('makes a valid code from any well-formed 17 characters', () => {
    fc.assert(
      fc.property(first17, (prefix) => {
        const code = makeCreditCode(prefix);
        return (
          code.startsWith(prefix) && isValidCreditCode(code) && assertCreditCode(code) === code
        );
      }),
    );
  });

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(
        first17,
        fc.integer({ min: 0, max: 17 }),
        codeCharacter,
        (prefix, index, replacement) => {
          const code = makeCreditCode(prefix);
          fc.pre(code.charAt(index) !== replacement);
          const altered = code.slice(0, index) + replacement + code.slice(index + 1);
          return !isValidCreditCode(altered);
        },
      ),
    );
  });

  // Adjacent weights differ by 3^(i−1)·(1 − 3), never 0 mod 31; the check character itself has
  // no weight, so a swap of positions 17 and 18 is not guaranteed to be caught.
  it('catches every swap of two different adjacent characters among the first 17', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 15 }), (prefix, index) => {
        const code = makeCreditCode(prefix);
        fc.pre(code.charAt(index) !== code.charAt(index + 1));
        const characters = [...code];
        [characters[index], characters[index + 1]] = [code.charAt(index + 1), code.charAt(index)];
        const swapped = characters.join('');
        return !isValidCreditCode(swapped);
      }),
    );
  });
});
