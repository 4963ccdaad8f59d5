/**
 * Dates of birth as 'YYYY-MM-DD' strings. Comparisons allow for the usual recording errors:
 * day and month swapped (US order), one mistyped digit, two adjacent digits transposed, a few days out.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Positions of the eight digits in 'YYYY-MM-DD'. */
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9] as const;
/** A date within this many days counts as near (a birth registered around midnight, a slipped key). */
const NEAR_DAYS = 7;
/**
 * A one-digit typo only counts within about a year: 2015 vs 2010 is one digit but five years, and for
 * children that is more often a different child than a slip.
 */
const TYPO_MAX_DAYS = 400;

export type DateOfBirthAgreement = 'exact' | 'swapped' | 'typo' | 'near' | 'digit' | 'none';

/** Similarity each kind of agreement is worth. */
export const DATE_OF_BIRTH_SIMILARITY: Readonly<Record<DateOfBirthAgreement, number>> = {
  exact: 1,
  swapped: 0.85,
  typo: 0.7,
  near: 0.6,
  /**
   * One digit different however far apart the dates are (2015 typed as 2005): worth something only when
   * the names agree strongly (score.ts), since for children ten years out is usually another child.
   */
  digit: 0.3,
  none: 0,
};

/** Days since the epoch of a valid 'YYYY-MM-DD' calendar date, otherwise undefined. */
export function dayNumber(value: string): number | undefined {
  const parts = ISO_DATE.exec(value);
  if (parts === null) return undefined;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const time = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 31 February over into March: a real date survives the round trip.
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return time / MS_PER_DAY;
}

export function isValidDateOfBirth(value: string): boolean {
  return dayNumber(value) !== undefined;
}

/** The date with day and month exchanged, when that is a different valid date (2015-03-04 -> 2015-04-03). */
export function swappedDateOfBirth(value: string): string | undefined {
  if (!isValidDateOfBirth(value)) return undefined;
  const swapped = `${value.slice(0, 4)}-${value.slice(8, 10)}-${value.slice(5, 7)}`;
  return swapped !== value && isValidDateOfBirth(swapped) ? swapped : undefined;
}

/** One digit different, or two adjacent digits exchanged. Expects two valid dates. */
function isDigitTypo(a: string, b: string): boolean {
  let first = -1;
  let second = -1;
  let differences = 0;
  for (const position of DIGIT_POSITIONS) {
    if (a.charCodeAt(position) === b.charCodeAt(position)) continue;
    differences += 1;
    if (differences > 2) return false;
    if (first === -1) first = position;
    else second = position;
  }
  if (differences === 1) return true;
  return (
    differences === 2 &&
    second - first === 1 &&
    a.charCodeAt(first) === b.charCodeAt(second) &&
    a.charCodeAt(second) === b.charCodeAt(first)
  );
}

/** Two valid dates that differ in exactly one of their eight digits. */
function isOneDigitApart(a: string, b: string): boolean {
  if (!isValidDateOfBirth(a) || !isValidDateOfBirth(b)) return false;
  let differences = 0;
  for (const position of DIGIT_POSITIONS) if (a.charCodeAt(position) !== b.charCodeAt(position)) differences += 1;
  return differences === 1;
}

/** How two dates of birth agree; invalid dates agree with nothing. Symmetric. */
export function compareDatesOfBirth(a: string, b: string): DateOfBirthAgreement {
  // Two or more calendar years apart is none of the agreements below (a swap keeps the year; a one-digit
  // typo within TYPO_MAX_DAYS or a near date is at most a year out): the common case in a search, answered
  // without building dates.
  const years = Number(a.slice(0, 4)) - Number(b.slice(0, 4));
  if (years >= 2 || years <= -2) return isOneDigitApart(a, b) ? 'digit' : 'none';
  const dayA = dayNumber(a);
  const dayB = dayNumber(b);
  if (dayA === undefined || dayB === undefined) return 'none';
  if (dayA === dayB) return 'exact';
  if (
    a.slice(0, 4) === b.slice(0, 4) &&
    a.slice(5, 7) === b.slice(8, 10) &&
    a.slice(8, 10) === b.slice(5, 7)
  ) {
    return 'swapped';
  }
  if (Math.abs(dayA - dayB) <= TYPO_MAX_DAYS && isDigitTypo(a, b)) return 'typo';
  if (Math.abs(dayA - dayB) <= NEAR_DAYS) return 'near';
  return isOneDigitApart(a, b) ? 'digit' : 'none';
}
