import { postcodeDistrict } from '@cp/identifiers';
import { swappedDateOfBirth, isValidDateOfBirth } from './date-of-birth';
import { canonicalFormsOf } from './nicknames';
import { tokensOf } from './normalise';
import { tokenBlockingKeys } from './phonetic';
import type { PersonFields } from './person';

/** Blocking keys: every key a search could be matched on. Stored per child at the node (kind,key) with a btree index, and HMAC'd for the hub later. */
export interface BlockingKeys {
  /** Phonetic keys of every family-name token AND of every otherNames token (so swapped/previous names block). */
  family: string[];
  /**
   * Phonetic keys of every given-name token and its canonical nickname forms, AND of family tokens (so
   * given/family swap blocks), AND each of those keys joined to each date of birth ('SM0@2015-03-04').
   */
  given: string[];
  /** 'YYYY-MM-DD' plus the day/month-swapped date when valid and different. */
  dob: string[];
  /** Postcode outward code, e.g. 'B11' ([] if no postcode). */
  district: string[];
  /** Digits only ([] if none). */
  nhs: string[];
  /** Upper-case ([] if none). */
  upn: string[];
}

export type BlockingKeyKind = keyof BlockingKeys;
export const BLOCKING_KEY_KINDS: readonly BlockingKeyKind[] = [
  'family',
  'given',
  'dob',
  'district',
  'nhs',
  'upn',
];

/** Outward code of a full postcode, or the value itself when only an outward code was given ('b11' -> 'B11'). */
export function districtOf(postcode: string | undefined): string[] {
  const compact = postcode?.replace(/\s/g, '').toUpperCase() ?? '';
  if (compact.length >= 5) return [postcodeDistrict(compact)];
  return compact.length >= 2 ? [compact] : [];
}

function addAll(target: string[], keys: readonly string[]): void {
  for (const key of keys) if (!target.includes(key)) target.push(key);
}

/**
 * Every key a search could block on. A token Double Metaphone cannot code (non-Latin script)
 * is keyed as '=' + the token itself. Keys are de-duplicated and sorted so equal people give equal keys.
 */
export function blockingKeys(person: PersonFields): BlockingKeys {
  const familyTokens = tokensOf([person.familyName]);
  const otherTokens = tokensOf(person.otherNames ?? []);
  const givenTokens = tokensOf([person.givenName]);

  const family: string[] = [];
  for (const token of familyTokens) addAll(family, tokenBlockingKeys(token));
  for (const token of otherTokens) addAll(family, tokenBlockingKeys(token));

  const given: string[] = [];
  for (const token of givenTokens) {
    for (const form of canonicalFormsOf(token)) addAll(given, tokenBlockingKeys(form));
  }
  for (const token of familyTokens) addAll(given, tokenBlockingKeys(token));

  const dob: string[] = [];
  if (person.dateOfBirth !== undefined && isValidDateOfBirth(person.dateOfBirth)) {
    dob.push(person.dateOfBirth);
    const swapped = swappedDateOfBirth(person.dateOfBirth);
    if (swapped !== undefined) dob.push(swapped);
  }

  // One name with the full date of birth is as telling as two names with the year: with these keys a typo
  // that changes one name's phonetic code still leaves the other name and the date to block and route on
  // (the hub routes on two shared name-year tokens, and these make one with the date).
  for (const code of [...given]) for (const date of dob) given.push(`${code}@${date}`);

  const district = districtOf(person.postcode);
  const nhsDigits = person.nhsNumber?.replace(/\D/g, '') ?? '';
  const upn = person.upn?.replace(/\s/g, '').toUpperCase() ?? '';

  return {
    family: family.sort(),
    given: given.sort(),
    dob: dob.sort(),
    district,
    nhs: nhsDigits === '' ? [] : [nhsDigits],
    upn: upn === '' ? [] : [upn],
  };
}
