import { AppError } from './errors.ts';

// GB 32100-2015 统一社会信用代码: 18 characters, positions
//   1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码 (GB/T 2260, digits),
//   9–17 主体标识码 (组织机构代码, GB 11714), 18 校验码.
// The standard's character set omits I, O, Z, S and V, which are easily confused with 1, 0, 2, 5
// and U; a character's value is its index here (0–30).
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 校验码 weights: position i weighs 3^(i−1) mod 31. Every weight is non-zero
// modulo the prime 31, so any single substituted character changes the check character.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CODE_LENGTH = 18;
const DIVISION_START = 2;
const DIVISION_END = 8;

function invalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError('CREDIT_CODE_INVALID', message, details);
}

/** Trims, upper-cases and removes inner whitespace (including the full-width space U+3000). */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}

/**
 * The problem with the first `characters.length` positions of a code, checking the character
 * set and the digit-only administrative division code, or `undefined` when there is none.
 */
function structureProblem(characters: readonly string[]): AppError | undefined {
  for (const [index, character] of characters.entries()) {
    const position = index + 1;
    if (!CHARSET.includes(character)) {
      return invalid(
        `统一社会信用代码第${position}位“${character}”不是合法字符（只能使用数字和除 I、O、Z、S、V 以外的大写字母）`,
        { position, character, reason: 'character' },
      );
    }
    if (index >= DIVISION_START && index < DIVISION_END && !/[0-9]/.test(character)) {
      return invalid(
        `统一社会信用代码第${position}位“${character}”有误：第3–8位为行政区划码，只能是数字`,
        { position, character, reason: 'division' },
      );
    }
  }
  return undefined;
}

function checkCharOf(first17: string): string {
  let sum = 0;
  for (const [index, weight] of WEIGHTS.entries()) {
    sum += CHARSET.indexOf(first17.charAt(index)) * weight;
  }
  // GB 32100-2015: C18 = 31 − (Σ Ci·Wi mod 31), and a result of 31 is written as 0.
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * The check character (position 18) for the first 17 characters of a code.
 * @throws AppError CREDIT_CODE_INVALID when `first17` is not 17 characters of the GB 32100
 *   character set with digits in positions 3–8.
 */
export function creditCodeCheckChar(first17: string): string {
  const characters = Array.from(first17);
  if (characters.length !== CODE_LENGTH - 1) {
    throw invalid(`统一社会信用代码前17位应为17位，当前为${characters.length}位`, {
      length: characters.length,
      reason: 'length',
    });
  }
  const problem = structureProblem(characters);
  if (problem !== undefined) {
    throw problem;
  }
  return checkCharOf(first17);
}

/**
 * Appends the check character; used to make valid demonstration codes.
 * @throws AppError CREDIT_CODE_INVALID as `creditCodeCheckChar`.
 */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

function creditCodeProblem(code: string): AppError | undefined {
  const characters = Array.from(code);
  if (characters.length !== CODE_LENGTH) {
    return invalid(`统一社会信用代码应为18位，当前为${characters.length}位`, {
      length: characters.length,
      reason: 'length',
    });
  }
  const problem = structureProblem(characters);
  if (problem !== undefined) {
    return problem;
  }
  const expected = checkCharOf(code.slice(0, CODE_LENGTH - 1));
  if (code.charAt(CODE_LENGTH - 1) !== expected) {
    return invalid(`统一社会信用代码校验位错误：第18位应为${expected}`, {
      position: CODE_LENGTH,
      expected,
      reason: 'check',
    });
  }
  return undefined;
}

/**
 * True when `code` exactly as given is a valid code; user input should go through
 * `assertCreditCode`, which normalizes first.
 */
export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

/**
 * Normalizes user input and returns the code when it is valid.
 * @throws AppError CREDIT_CODE_INVALID naming the wrong length, the first illegal character
 *   and its position, or the check character the code should end with.
 */
export function assertCreditCode(input: string): string {
  const code = normalizeCreditCode(input);
  const problem = creditCodeProblem(code);
  if (problem !== undefined) {
    throw new AppError(problem.code, problem.message, { ...problem.details, input });
  }
  return code;
}
