import { normaliseNhsNumber, normalisePostcode, normaliseUpn } from '@cp/identifiers';
import type { PersonFields } from '@cp/matching';
import type { SearchCriteria } from './minimum-criteria';

/** Search criteria as matching reads them, identifiers and postcode normalised as records store them. */
export function personFieldsOf(criteria: SearchCriteria): PersonFields {
  return {
    ...(criteria.familyName ? { familyName: criteria.familyName.trim() } : {}),
    ...(criteria.givenName ? { givenName: criteria.givenName.trim() } : {}),
    ...(criteria.dateOfBirth ? { dateOfBirth: criteria.dateOfBirth } : {}),
    ...(criteria.gender ? { gender: criteria.gender } : {}),
    ...(criteria.postcode ? { postcode: normalisePostcode(criteria.postcode) } : {}),
    ...(criteria.nhsNumber ? { nhsNumber: normaliseNhsNumber(criteria.nhsNumber) } : {}),
    ...(criteria.upn ? { upn: normaliseUpn(criteria.upn) } : {}),
  };
}
