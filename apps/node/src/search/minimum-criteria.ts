import { InvalidInputError } from '@cp/errors';
import type { Gender } from '@cp/record-model';

export interface SearchCriteria {
  familyName?: string;
  givenName?: string;
  dateOfBirth?: string;
  postcode?: string;
  nhsNumber?: string;
  upn?: string;
  gender?: Gender;
}

export const CRITERIA_FIELDS = [
  'familyName',
  'givenName',
  'dateOfBirth',
  'postcode',
  'nhsNumber',
  'upn',
  'gender',
] as const satisfies readonly (keyof SearchCriteria)[];

export const MINIMUM_CRITERIA_RULE =
  'A search needs an NHS number, or a UPN, or a family name with a date of birth or a given name';

function present(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * So that nobody can trawl the index: an identifier alone, or a family name with a date of birth or a given
 * name. A postcode narrows a search but is not enough with a family name alone: it cannot tell a household's
 * children apart, so such a search could not rank a match above the threshold.
 */
export function meetsMinimumCriteria(criteria: SearchCriteria): boolean {
  if (present(criteria.nhsNumber) || present(criteria.upn)) return true;
  if (!present(criteria.familyName)) return false;
  return present(criteria.dateOfBirth) || present(criteria.givenName);
}

export function assertMinimumCriteria(criteria: SearchCriteria): void {
  if (!meetsMinimumCriteria(criteria)) {
    throw InvalidInputError.field('criteria', 'minimumCriteria', MINIMUM_CRITERIA_RULE);
  }
}

/** The names (never the values) of the criteria a search used: what its audit entry records. */
export function criteriaUsed(criteria: SearchCriteria): string[] {
  return CRITERIA_FIELDS.filter((field) => present(criteria[field]));
}

/** The criteria a shielded record may be found by: its visible fields only. */
export function visibleCriteria(criteria: SearchCriteria): SearchCriteria {
  const { familyName, givenName, dateOfBirth, gender } = criteria;
  return { familyName, givenName, dateOfBirth, gender };
}
