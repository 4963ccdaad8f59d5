import doubleMetaphone from 'talisman/phonetics/double-metaphone';

/** Double Metaphone primary (+ alternate when different) of a normalised token; empty codes dropped. */
export function phoneticKeys(token: string): string[] {
  if (token === '') return [];
  const [primary, alternate] = doubleMetaphone(token);
  const keys: string[] = [];
  if (primary !== '') keys.push(primary);
  if (alternate !== '' && alternate !== primary) keys.push(alternate);
  return keys;
}

/**
 * Blocking keys of a token: its phonetic keys, or, for a token Double Metaphone cannot code
 * (non-Latin script, a bare 'h'), the token itself behind '=' so it still blocks on exact spelling
 * and can never collide with a Metaphone code (which is upper-case A-Z and 0).
 */
export function tokenBlockingKeys(token: string): string[] {
  const keys = phoneticKeys(token);
  return keys.length > 0 ? keys : [`=${token}`];
}

/** True when two key lists share a code. */
export function sharesKey(a: readonly string[], b: readonly string[]): boolean {
  for (const key of a) if (b.includes(key)) return true;
  return false;
}
