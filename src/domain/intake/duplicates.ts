import type { Fen } from '../money.ts';

/**
 * S3: a complaint often arrives twice — by petition and on the complaint platform, or again
 * after a month — about an arrear already on the ledger. These pure functions score how likely
 * a candidate case is the same problem; 营商办 decides and merges (`merge`).
 */

/** What the score looks at: the parties, the words and the amount. */
export interface DuplicateSubject {
  readonly enterpriseCreditCode: string | null;
  readonly responsibleUnitId: string;
  readonly title: string;
  readonly facts: string;
  readonly claimedAmount: Fen | null;
}

/**
 * A candidate at or above this score is flagged as a likely duplicate. A reworded report of one
 * arrear shares well over half its character pairs with the first (0.63 on text in the test's
 * example, 0.74 with the same amount); another project of the same debtor shares the debtor's
 * name and the trade's common words (0.27 on text, 0.24 with a different amount). 0.5 sits
 * between; 营商办 sees every candidate with its score and decides.
 */
export const DUPLICATE_THRESHOLD = 0.5;

/** Weight of the text when both cases carry an amount; the amount's closeness takes the rest. */
const TEXT_WEIGHT = 0.7;

/**
 * Text for comparison: full-width forms folded to ASCII, lower case, and everything that is
 * neither a letter nor a digit (spaces, punctuation, 。，、“”) removed.
 */
export const normaliseText = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** The character bigrams of normalised text, with their counts (a one-character text is its own gram). */
export const bigrams = (text: string): Map<string, number> => {
  const chars = [...normaliseText(text)];
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let index = 0; index + 1 < chars.length; index += 1) {
    const gram = chars[index]! + chars[index + 1]!;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
};

/**
 * The Sørensen–Dice coefficient of the two texts' bigram multisets: 2·|A∩B| / (|A|+|B|), in
 * [0, 1]; 1 for texts equal after normalisation, 0 when one is empty.
 */
export const textSimilarity = (left: string, right: string): number => {
  const a = bigrams(left);
  const b = bigrams(right);
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of a.values()) sizeA += count;
  for (const [gram, count] of b) {
    sizeB += count;
    shared += Math.min(count, a.get(gram) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
};

/** How close two amounts are: smaller ÷ larger, in [0, 1]; 1 when equal. */
export const amountCloseness = (left: Fen, right: Fen): number =>
  left === right ? 1 : Math.min(left, right) / Math.max(left, right);

export interface DuplicateScore {
  /** 0–1, two decimals. */
  readonly score: number;
  readonly textSimilarity: number;
  /** Null when either case has no amount. */
  readonly amountCloseness: number | null;
  readonly likely: boolean;
  /** Why, in Chinese, for the intake desk: 同一企业、同一欠款单位、事实相似度 0.82、金额相同. */
  readonly reasons: string[];
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Scores `candidate` as a duplicate of `subject`. Only a case of the same enterprise (credit
 * code) against the same responsible unit can be one; otherwise null. The score is the
 * similarity of title and facts, blended with the closeness of the amounts when both have one.
 */
export const duplicateScore = (subject: DuplicateSubject, candidate: DuplicateSubject): DuplicateScore | null => {
  if (subject.enterpriseCreditCode === null || subject.enterpriseCreditCode !== candidate.enterpriseCreditCode) return null;
  if (subject.responsibleUnitId !== candidate.responsibleUnitId) return null;
  const text = round2(textSimilarity(`${subject.title}\n${subject.facts}`, `${candidate.title}\n${candidate.facts}`));
  const amount =
    subject.claimedAmount !== null && candidate.claimedAmount !== null && subject.claimedAmount > 0 && candidate.claimedAmount > 0
      ? round2(amountCloseness(subject.claimedAmount, candidate.claimedAmount))
      : null;
  const score = round2(amount === null ? text : TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * amount);
  const reasons = ['同一企业', '同一欠款单位', `事实相似度 ${text.toFixed(2)}`];
  if (amount === 1) reasons.push('金额相同');
  else if (amount !== null && amount >= 0.9) reasons.push('金额相近');
  else if (amount !== null) reasons.push('金额不同');
  return { score, textSimilarity: text, amountCloseness: amount, likely: score >= DUPLICATE_THRESHOLD, reasons };
};
