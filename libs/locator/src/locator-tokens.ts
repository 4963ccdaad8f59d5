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

/**
 * The most tokens one entry or one query may have: the hub refuses more (MAX_TOKENS_PER_ENTRY of an index
 * event, MAX_LOOKUP_TOKENS of a route request). A child with many long names would make more.
 */
export const MAX_LOCATOR_TOKENS = 256;

/**
 * All tokens for a person or a query; duplicates removed, order stable: name-year tokens, identifiers, then
 * the tolerant tokens, cut at MAX_LOCATOR_TOKENS (identifiers always kept; only names longer and more
 * numerous than any real child's lose tolerant tokens).
 */
export function locatorTokens(material: LocatorKeyMaterial, key: Buffer): LocatorToken[] {
  assertTokenKey(key);
  const years = [...new Set(material.datesOfBirth.map((date) => date.slice(0, 4)))];
  const seen = new Set<string>();
  const collect = (candidates: LocatorToken[]) =>
    candidates.filter((candidate) => {
      if (seen.has(candidate.value)) return false;
      seen.add(candidate.value);
      return true;
    });
  const identifiers = collect([
    ...material.nhsNumbers.map((nhs) => token(key, 'nhs', nhs)),
    ...material.upns.map((upn) => token(key, 'upn', upn)),
  ]);
  const nameYear = collect(
    [...new Set(material.nameCodes)].flatMap((code) =>
      years.map((year) => token(key, 'name-year', `${code}|${year}`)),
    ),
  ).slice(0, MAX_LOCATOR_TOKENS - identifiers.length);
  const room = MAX_LOCATOR_TOKENS - identifiers.length - nameYear.length;
  const tolerant = collect(
    tolerantTokenMaterial(material.tolerant).map((piece) => token(key, 'name-year', piece.text)),
  ).slice(0, room);
  return [...nameYear, ...identifiers, ...tolerant];
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
  // Family and given spellings taken in turn, so a cut at MAX_LOCATOR_TOKENS leaves some of each.
  const longest = Math.max(tolerant.familySpellings.length, tolerant.givenSpellings.length);
  for (const date of tolerant.orderFreeDates) {
    for (let at = 0; at < longest; at += 1) {
      const family = tolerant.familySpellings[at];
      const given = tolerant.givenSpellings[at];
      if (family !== undefined) texts.push({ text: `S:${family}@${date}`, piece: 'family-spelling' });
      if (given !== undefined) texts.push({ text: `S:${given}@${date}`, piece: 'given-spelling' });
    }
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
