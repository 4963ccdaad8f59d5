import { blockingKeys, type PersonFields } from '@cp/matching';
import {
  locatorTokens,
  token,
  tolerantTokenMaterial,
  type LocatorKeyMaterial,
  type LocatorToken,
  type TolerantPiece,
} from './locator-tokens';
import { tolerantMaterial } from './tolerant-material';

/**
 * What a person's locator tokens are made from: the phonetic codes of every name (family, other and given
 * names, nickname forms; family codes also count as given so a swapped name still meets), the date of
 * birth with its day/month-swapped variant, and identifiers. Records and queries both go through here,
 * so a child and a search for it make the same tokens. Postcode is never used: the hub routes on names,
 * (parts of) the date of birth and identifiers only. The tolerant pieces (tolerant-material.ts) make the
 * tokens that survive a wrong digit of the date or a slip in both names.
 */
export function locatorMaterial(person: PersonFields): LocatorKeyMaterial {
  const keys = blockingKeys(person);
  return {
    nameCodes: [...new Set([...keys.family, ...keys.given])].sort(),
    datesOfBirth: keys.dob,
    nhsNumbers: keys.nhs,
    upns: keys.upn,
    tolerant: tolerantMaterial(person),
  };
}

/** The evidence a query token stands for; the hub sees only these small numbers, never a name. */
export const QUERY_TOKEN_GROUPS = {
  familyName: 0,
  givenName: 1,
  nameWithDate: 2,
  identifier: 3,
  /** Both names' codes with two of the date's three parts: survives one wrong digit of the date. */
  namesWithPartDate: 4,
  /** A spelling of the family (or other) name one letter from the query's, with the full date. */
  familySpellingWithDate: 5,
  /** A spelling of the given name one letter from the query's, with the full date. */
  givenSpellingWithDate: 6,
} as const;

/**
 * What meeting a group is worth toward MIN_ROUTING_EVIDENCE and in ranking the LAs: both names with most
 * of the date is two pieces of evidence in one token; every other group is one. A group not listed (a token
 * sent without a group counts as its own) is worth one.
 */
export const QUERY_GROUP_WEIGHTS: Readonly<Record<number, number>> = {
  [QUERY_TOKEN_GROUPS.namesWithPartDate]: 2,
};

export function queryGroupWeight(group: number): number {
  return QUERY_GROUP_WEIGHTS[group] ?? 1;
}

const TOLERANT_GROUPS: Readonly<Record<TolerantPiece, number>> = {
  'names-part-date': QUERY_TOKEN_GROUPS.namesWithPartDate,
  'family-spelling': QUERY_TOKEN_GROUPS.familySpellingWithDate,
  'given-spelling': QUERY_TOKEN_GROUPS.givenSpellingWithDate,
};

/**
 * A query's tokens (exactly locatorTokens(locatorMaterial(person))), each tagged with the group it came
 * from: the family name's codes, the given name's codes (with nickname forms), a name code with the full
 * date of birth, an identifier, or one of the tolerant groups. The hub adds up the weights of the distinct
 * groups an entry meets, so an entry sharing only one surname's codes is not a candidate, while two names in
 * the birth year, one name with the full date, or both names with most of the date still are. The hub learns
 * which opaque tokens came from the same piece of evidence and nothing more.
 */
export function locatorQueryTokens(person: PersonFields, key: Buffer): LocatorToken[] {
  const material = locatorMaterial(person);
  const nameYear = (nameCodes: string[]) =>
    new Set(
      locatorTokens({ nameCodes, datesOfBirth: material.datesOfBirth, nhsNumbers: [], upns: [] }, key).map(
        (token) => token.value,
      ),
    );
  const family = nameYear(
    blockingKeys({
      ...(person.familyName !== undefined ? { familyName: person.familyName } : {}),
      ...(person.otherNames !== undefined ? { otherNames: person.otherNames } : {}),
    }).family,
  );
  const given = nameYear(
    blockingKeys(person.givenName !== undefined ? { givenName: person.givenName } : {}).given,
  );
  const tolerant = new Map<string, number>();
  for (const { text, piece } of tolerantTokenMaterial(material.tolerant)) {
    const { value } = token(key, 'name-year', text);
    if (!tolerant.has(value)) tolerant.set(value, TOLERANT_GROUPS[piece]);
  }
  return locatorTokens(material, key).map((token) => ({
    ...token,
    group:
      token.kind !== 'name-year'
        ? QUERY_TOKEN_GROUPS.identifier
        : family.has(token.value)
          ? QUERY_TOKEN_GROUPS.familyName
          : given.has(token.value)
            ? QUERY_TOKEN_GROUPS.givenName
            : (tolerant.get(token.value) ?? QUERY_TOKEN_GROUPS.nameWithDate),
  }));
}
