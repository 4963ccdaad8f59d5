import jaroWinkler from 'talisman/metrics/jaro-winkler';
import { areNicknameVariants } from './nicknames';
import { tokensOf } from './normalise';
import { phoneticKeys, sharesKey } from './phonetic';

/** A normalised name token with its phonetic codes, computed once per person per comparison. */
export interface NameToken {
  text: string;
  phonetic: string[];
}

/** Similarity floors for pairs of tokens that Jaro-Winkler alone would under-rate. */
const PHONETIC_SIMILARITY = 0.9;
const NICKNAME_SIMILARITY = 0.92;
const INITIAL_SIMILARITY = 0.8;
/** How much of a multi-token comparison rides on the best pair (the rest on how well every token is covered). */
const BEST_PAIR_WEIGHT = 0.85;

export type TokenAgreement = 'exact' | 'nickname' | 'similar';

export function nameTokensWithPhonetics(names: readonly (string | undefined)[]): NameToken[] {
  return tokensOf(names).map((text) => ({ text, phonetic: phoneticKeys(text) }));
}

/** Similarity of two tokens, 0..1 on the Jaro-Winkler scale. Symmetric. */
export function tokenSimilarity(a: NameToken, b: NameToken, allowNicknames: boolean): number {
  if (a.text === b.text) return 1;
  let similarity = jaroWinkler(a.text, b.text);
  if (similarity < PHONETIC_SIMILARITY && sharesKey(a.phonetic, b.phonetic)) similarity = PHONETIC_SIMILARITY;
  if (allowNicknames && similarity < NICKNAME_SIMILARITY && areNicknameVariants(a.text, b.text)) {
    similarity = NICKNAME_SIMILARITY;
  }
  if (similarity < INITIAL_SIMILARITY && isInitialOf(a.text, b.text)) similarity = INITIAL_SIMILARITY;
  return similarity;
}

function isInitialOf(a: string, b: string): boolean {
  if (a.length === 1) return b.length > 1 && b.charCodeAt(0) === a.charCodeAt(0);
  return b.length === 1 && a.charCodeAt(0) === b.charCodeAt(0);
}

/** Mean over the tokens of `from` of each one's best similarity in `to`. */
function coverage(from: readonly NameToken[], to: readonly NameToken[], allowNicknames: boolean): number {
  let total = 0;
  for (const token of from) {
    let best = 0;
    for (const other of to) {
      const similarity = tokenSimilarity(token, other, allowNicknames);
      if (similarity > best) best = similarity;
    }
    total += best;
  }
  return total / from.length;
}

/**
 * Similarity of two token sets: mostly the best pairing (so 'Jones' finds 'Smith-Jones'), partly how
 * well each side's tokens are covered by the other (so unmatched extra tokens cost a little). Symmetric.
 * Undefined when either side is empty.
 */
export function tokenSetSimilarity(
  a: readonly NameToken[],
  b: readonly NameToken[],
  allowNicknames: boolean,
): number | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  let best = 0;
  for (const tokenA of a) {
    for (const tokenB of b) {
      const similarity = tokenSimilarity(tokenA, tokenB, allowNicknames);
      if (similarity > best) best = similarity;
    }
  }
  if (a.length === 1 && b.length === 1) return best;
  const covered = (coverage(a, b, allowNicknames) + coverage(b, a, allowNicknames)) / 2;
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
