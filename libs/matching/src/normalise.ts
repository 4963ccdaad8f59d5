/**
 * Name normalisation shared by blocking keys and scoring, so both sides of a comparison
 * (and the node and the hub) always see the same form of a name.
 */

/** Letters that Unicode decomposition leaves alone but English records usually spell out. */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLDED_PATTERN = /[ßæœøłđðþı]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`ʼ´]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * Lower case, diacritics stripped, apostrophes removed, hyphens and any other separators
 * collapsed to a single space, trimmed. Idempotent.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLDED_PATTERN, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/** Normalised tokens: "Smith-Jones" -> ['smith', 'jones'], "O'Brien" -> ['obrien']. */
export function nameTokens(name: string): string[] {
  const normalised = normaliseName(name);
  return normalised === '' ? [] : normalised.split(' ');
}

/** Tokens of several names at once, without duplicates, in first-seen order. */
export function tokensOf(names: readonly (string | undefined)[]): string[] {
  const tokens: string[] = [];
  for (const name of names) {
    if (name === undefined) continue;
    for (const token of nameTokens(name)) {
      if (!tokens.includes(token)) tokens.push(token);
    }
  }
  return tokens;
}
