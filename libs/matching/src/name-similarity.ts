import { jaroWinkler } from './jaro-winkler';
import { areNicknameVariants } from './nicknames';
import { tokensOf } from './normalise';
import { phoneticKeys, sharesKey } from './phonetic';

/** A normalised name token; its phonetic codes are worked out on first need (Double Metaphone is slow). */
export interface NameToken {
  text: string;
  phonetic?: string[];
}

function phoneticOf(token: NameToken): string[] {
  token.phonetic ??= phoneticKeys(token.text);
  return token.phonetic;
}

/** Similarity floors for pairs of tokens that Jaro-Winkler alone would under-rate. */
const PHONETIC_SIMILARITY = 0.9;
const NICKNAME_SIMILARITY = 0.92;
const INITIAL_SIMILARITY = 0.8;
/**
 * One slip of the keyboard (a letter changed, dropped or added, or two neighbours exchanged). Jaro-Winkler
 * under-rates it in short names: in a three-letter name its match window is zero, so 'Max'/'Amx' scores 0.56.
 */
const ONE_EDIT_SIMILARITY = 0.85;
/** How much of a multi-token comparison rides on the best pair (the rest on how well every token is covered). */
const BEST_PAIR_WEIGHT = 0.85;

export type TokenAgreement = 'exact' | 'nickname' | 'similar';

export function nameTokensWithPhonetics(names: readonly (string | undefined)[]): NameToken[] {
  return tokensOf(names).map((text) => ({ text }));
}

/** Similarity of two tokens, 0..1 on the Jaro-Winkler scale. Symmetric. */
export function tokenSimilarity(a: NameToken, b: NameToken, allowNicknames: boolean): number {
  if (a.text === b.text) return 1;
  let similarity = jaroWinkler(a.text, b.text);
  if (similarity < PHONETIC_SIMILARITY && sharesKey(phoneticOf(a), phoneticOf(b)))
    similarity = PHONETIC_SIMILARITY;
  if (allowNicknames && similarity < NICKNAME_SIMILARITY && areNicknameVariants(a.text, b.text)) {
    similarity = NICKNAME_SIMILARITY;
  }
  if (similarity < ONE_EDIT_SIMILARITY && isOneEditApart(a.text, b.text)) similarity = ONE_EDIT_SIMILARITY;
  if (similarity < INITIAL_SIMILARITY && isInitialOf(a.text, b.text)) similarity = INITIAL_SIMILARITY;
  return similarity;
}

/**
 * True when two different names of two or more letters are one edit apart: one letter substituted,
 * deleted or inserted, or two adjacent letters exchanged. Symmetric.
 */
export function isOneEditApart(a: string, b: string): boolean {
  if (a.length < 2 || b.length < 2 || Math.abs(a.length - b.length) > 1 || a === b) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (middleA.length + middleB.length <= 2 && Math.max(middleA.length, middleB.length) === 1) return true;
  return (
    middleA.length === 2 && middleB.length === 2 && middleA[0] === middleB[1] && middleA[1] === middleB[0]
  );
}

function isInitialOf(a: string, b: string): boolean {
  if (a.length === 1) return b.length > 1 && b.charCodeAt(0) === a.charCodeAt(0);
  return b.length === 1 && a.charCodeAt(0) === b.charCodeAt(0);
}

/**
 * Similarity of two token sets: mostly the best pairing (so 'Jones' finds 'Smith-Jones'), partly how
 * well each side's tokens are covered by the other (so unmatched extra tokens cost a little). Symmetric.
 * Undefined when either side is empty. Each pair is compared once (Jaro-Winkler is the hot spot).
 */
export function tokenSetSimilarity(
  a: readonly NameToken[],
  b: readonly NameToken[],
  allowNicknames: boolean,
): number | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  if (a.length === 1 && b.length === 1) return tokenSimilarity(a[0], b[0], allowNicknames);
  const bestOfB = new Float64Array(b.length);
  let best = 0;
  let coveredA = 0;
  for (const tokenA of a) {
    let bestOfA = 0;
    for (let j = 0; j < b.length; j += 1) {
      const similarity = tokenSimilarity(tokenA, b[j], allowNicknames);
      if (similarity > bestOfA) bestOfA = similarity;
      if (similarity > bestOfB[j]) bestOfB[j] = similarity;
    }
    coveredA += bestOfA;
    if (bestOfA > best) best = bestOfA;
  }
  let coveredB = 0;
  for (const similarity of bestOfB) coveredB += similarity;
  const covered = (coveredA / a.length + coveredB / b.length) / 2;
  return BEST_PAIR_WEIGHT * best + (1 - BEST_PAIR_WEIGHT) * covered;
}

/** How the best-agreeing pair of tokens agrees, for the matchedOn labels (called only on a match). */
export function bestTokenAgreement(
  a: readonly NameToken[],
  b: readonly NameToken[],
  allowNicknames: boolean,
): TokenAgreement {
  let nickname = false;
  for (const tokenA of a) {
    for (const tokenB of b) {
      if (tokenA.text === tokenB.text) return 'exact';
      if (allowNicknames && areNicknameVariants(tokenA.text, tokenB.text)) nickname = true;
    }
  }
  return nickname ? 'nickname' : 'similar';
}
