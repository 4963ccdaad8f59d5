import { createHmac } from 'node:crypto';
import type { TolerantMaterial } from './tolerant-material';

/**
 * Keyed one-way tokens for the hub's locator index. Nodes make them under the federation token key, which
 * the hub never holds; the hub compares tokens for equality and learns nothing else from them.
 *
 * Every token combines fields (a name's phonetic code WITH a birth year, never a name or a date alone):
 * a token over one field would be a lookup table to anyone who could guess values (threat model).
 */
export interface LocatorKeyMaterial {
  /** Phonetic codes of every name the person is known by (family, given, other names, nickname forms). */
  nameCodes: string[];
  /** Candidate dates of birth 'YYYY-MM-DD' (with the day/month-swapped variant). */
  datesOfBirth: string[];
  nhsNumbers: string[];
  upns: string[];
  /** Pieces of the tokens that survive a wrong date digit or a slip in both names (tolerant-material.ts). */
  tolerant?: TolerantMaterial;
}

export type LocatorTokenKind = 'name-year' | 'nhs' | 'upn';

export interface LocatorToken {
  kind: LocatorTokenKind;
  /** A signed 64-bit integer in decimal, so PostgreSQL stores it in a bigint column. */
  value: string;
  /**
   * Query tokens only: which piece of evidence the token came from (see QUERY_TOKEN_GROUPS). Tokens sharing
   * a group count once toward the routing rule; index entries carry none.
   */
  group?: number;
}

/** The federation token key must be 32 random bytes. */
export function assertTokenKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('The federation token key must be 32 bytes');
}

/** One keyed token over `material` (a kind's text, as locatorTokens makes it). */
export function token(key: Buffer, kind: LocatorTokenKind, material: string): LocatorToken {
  const digest = createHmac('sha256', key).update(kind).update('\u0000').update(material).digest();
  return { kind, value: digest.readBigInt64BE(0).toString() };
}

/** All tokens for a person or a query; duplicates removed, order stable. */
export function locatorTokens(material: LocatorKeyMaterial, key: Buffer): LocatorToken[] {
  assertTokenKey(key);
  const years = [...new Set(material.datesOfBirth.map((date) => date.slice(0, 4)))];
  const seen = new Set<string>();
  const tokens: LocatorToken[] = [];
  const add = (candidate: LocatorToken) => {
    if (seen.has(candidate.value)) return;
    seen.add(candidate.value);
    tokens.push(candidate);
  };
  for (const code of new Set(material.nameCodes)) {
    for (const year of years) add(token(key, 'name-year', `${code}|${year}`));
  }
  for (const tolerant of tolerantTokenMaterial(material.tolerant))
    add(token(key, 'name-year', tolerant.text));
  for (const nhs of material.nhsNumbers) add(token(key, 'nhs', nhs));
  for (const upn of material.upns) add(token(key, 'upn', upn));
  return tokens;
}

/** Which tolerant piece a token's material came from (the query tags its tokens with it). */
export type TolerantPiece = 'names-part-date' | 'family-spelling' | 'given-spelling';

/**
 * The text behind each tolerant token, in a fixed order. Both names' codes with two of the date's three
 * parts ('P:' prefix), and each name's one-letter-dropped spellings with the full, order-free date ('S:'):
 * prefixes keep them apart from a name code with a year, which is upper case and has no colon.
 */
export function tolerantTokenMaterial(
  tolerant: TolerantMaterial | undefined,
): { text: string; piece: TolerantPiece }[] {
  if (tolerant === undefined) return [];
  const texts: { text: string; piece: TolerantPiece }[] = [];
  for (const pair of tolerant.namePairs)
    for (const piece of tolerant.datePieces)
      texts.push({ text: `P:${pair}|${piece}`, piece: 'names-part-date' });
  for (const date of tolerant.orderFreeDates) {
    for (const spelling of tolerant.familySpellings)
      texts.push({ text: `S:${spelling}@${date}`, piece: 'family-spelling' });
    for (const spelling of tolerant.givenSpellings)
      texts.push({ text: `S:${spelling}@${date}`, piece: 'given-spelling' });
  }
  return texts;
}

/**
 * The evidence an index entry must share with a query, when no identifier matches: the query's token
 * groups it meets, each worth its weight (QUERY_GROUP_WEIGHTS: 1, or 2 for both names with most of the
 * date). Two is two names in the birth year, one name with the full date, or both names with two of the
 * date's three parts; one surname's codes alone are one, so a common surname does not route a search to
 * every LA holding one.
 */
export const MIN_ROUTING_EVIDENCE = 2;
