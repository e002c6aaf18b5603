/**
 * The common and breached password check of the `asvs` profile (ASVS 5 V6.2.4, NIST SP 800-63B
 * 5.1.1.2): zxcvbn-ts with its common-language package, whose dictionary holds the most common
 * passwords of public breaches (about 50,000) and keyboard patterns. A password is refused when
 * it is on the list (in any case) or when zxcvbn rates it guessable (score below 3, under about
 * 10^8 guesses), which also catches a listed password with a year or a symbol added.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

let factory: ZxcvbnFactory | undefined;
let common: Set<string> | undefined;

/** Built on first use: the dictionary costs a few tens of milliseconds to index. */
const zxcvbn = (): ZxcvbnFactory => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true }));

export const isCommonPassword = (password: string, userInputs: readonly string[] = []): boolean => {
  common ??= new Set(dictionary['passwords-common']);
  if (common.has(password.toLowerCase())) return true;
  return zxcvbn().check(password, [...userInputs]).score < 3;
};
