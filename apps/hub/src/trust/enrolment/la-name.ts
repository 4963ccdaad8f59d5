import { InvalidInputError } from '@cp/errors';

/** The longest LA name the hub keeps. */
export const MAX_LA_NAME = 100;

/**
 * An LA's name as people write it ("Bath and North East Somerset", "St. Helens", "King's Lynn & West
 * Norfolk"): letters (any script), digits, spaces and . , ' ’ & ( ) - ; no leading or trailing space.
 */
export const LA_NAME_PATTERN = /^(?=.{2,100}$)[\p{L}\p{N}](?:[\p{L}\p{N} .,'’&()-]*[\p{L}\p{N}.)])?$/u;

/** A name given to the hub (CLI or enrolment request), trimmed; a 400 naming the field when it is not one. */
export function parseLaName(value: string | undefined, field = 'laName'): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim().replace(/\s+/g, ' ');
  if (!LA_NAME_PATTERN.test(name))
    throw InvalidInputError.field(
      field,
      'la-name',
      `${field} must be 2 to ${MAX_LA_NAME} letters, digits, spaces and . , ' & ( ) -`,
    );
  return name;
}
