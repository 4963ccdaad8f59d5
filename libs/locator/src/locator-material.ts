import { blockingKeys, type PersonFields } from '@cp/matching';
import type { LocatorKeyMaterial } from './locator-tokens';

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
