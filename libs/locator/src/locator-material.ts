import { blockingKeys, type PersonFields } from '@cp/matching';
import { locatorTokens, type LocatorKeyMaterial, type LocatorToken } from './locator-tokens';

/**
 * What a person's locator tokens are made from: the phonetic codes of every name (family, other and given
 * names, nickname forms; family codes also count as given so a swapped name still meets), the date of
 * birth with its day/month-swapped variant, and identifiers. Records and queries both go through here,
 * so a child and a search for it make the same tokens. Postcode is never used: the hub routes on names,
 * birth year and identifiers only.
 */
export function locatorMaterial(person: PersonFields): LocatorKeyMaterial {
  const keys = blockingKeys(person);
  return {
    nameCodes: [...new Set([...keys.family, ...keys.given])].sort(),
    datesOfBirth: keys.dob,
    nhsNumbers: keys.nhs,
    upns: keys.upn,
  };
}

/** The evidence a query token stands for; the hub sees only these small numbers, never a name. */
export const QUERY_TOKEN_GROUPS = { familyName: 0, givenName: 1, nameWithDate: 2, identifier: 3 } as const;

/**
 * A query's tokens (exactly locatorTokens(locatorMaterial(person))), each tagged with the group it came
 * from: the family name's codes, the given name's codes (with nickname forms), a name code with the full
 * date of birth, or an identifier. The hub counts distinct groups matched, so an entry sharing only one
 * surname's codes is not a candidate, while two names in the birth year, or one name with the full date,
 * still are. The hub learns which opaque tokens came from the same name and nothing more.
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
  return locatorTokens(material, key).map((token) => ({
    ...token,
    group:
      token.kind !== 'name-year'
        ? QUERY_TOKEN_GROUPS.identifier
        : family.has(token.value)
          ? QUERY_TOKEN_GROUPS.familyName
          : given.has(token.value)
            ? QUERY_TOKEN_GROUPS.givenName
            : QUERY_TOKEN_GROUPS.nameWithDate,
  }));
}
