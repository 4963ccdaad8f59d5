import { createHmac } from 'node:crypto';

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

function token(key: Buffer, kind: LocatorTokenKind, material: string): LocatorToken {
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
  for (const nhs of material.nhsNumbers) add(token(key, 'nhs', nhs));
  for (const upn of material.upns) add(token(key, 'upn', upn));
  return tokens;
}

/**
 * How many distinct name-year tokens an index entry must share with a query to be a candidate, when no
 * identifier matches: two (say a family and a given name in the same birth year) keeps a common surname
 * from routing a search to every LA.
 */
export const MIN_NAME_YEAR_MATCHES = 2;

/**
 * How many distinct groups of query tokens (family name, given name, name with full date of birth) an
 * entry must share when no identifier matches: one surname's two phonetic codes are one piece of
 * evidence, not two, so a common surname alone does not route a search to every LA holding one.
 */
export const MIN_NAME_YEAR_GROUPS = 2;
