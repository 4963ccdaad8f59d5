import { InvalidInputError } from '@cp/errors';
import type { SearchCriteria } from '../search/minimum-criteria';

export const CROSS_BOUNDARY_CRITERIA_RULE =
  'A search of other LAs needs an NHS number, or a UPN, or a family name with a date of birth';

function present(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Stricter than local search, because it reaches every LA the index names: an identifier, or a family name
 * with a date of birth. A family name with a given name alone would reach too many children elsewhere.
 */
export function meetsCrossBoundaryCriteria(criteria: SearchCriteria): boolean {
  if (present(criteria.nhsNumber) || present(criteria.upn)) return true;
  return present(criteria.familyName) && present(criteria.dateOfBirth);
}

export function assertCrossBoundaryCriteria(criteria: SearchCriteria): void {
  if (!meetsCrossBoundaryCriteria(criteria))
    throw InvalidInputError.field('criteria', 'minimumCriteria', CROSS_BOUNDARY_CRITERIA_RULE);
}
