import { nhsCheckDigit, upnCheckLetter } from '@cp/identifiers';
import type { Faker } from '@faker-js/faker';
import type { LaProfile } from './la-profiles';
import { digits } from './random';

/** An NHS number in the 999 range kept for testing, with its mod-11 check digit. */
export function testNhsNumber(faker: Faker): string {
  for (;;) {
    const firstNine = `999${digits(faker, 6)}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`; // about 1 in 11 bodies has no valid check digit
  }
}

/**
 * A permanent UPN issued by the LA: check letter, DfE LA number, 4-digit establishment number,
 * the 2-digit year it was issued, then a 3-digit serial.
 */
export function upnFor(faker: Faker, profile: LaProfile, yearIssued: number): string {
  const establishment = String(faker.number.int({ min: 2000, max: 5999 }));
  const body = `${profile.dfeNumber}${establishment}${String(yearIssued % 100).padStart(2, '0')}${digits(faker, 3)}`;
  const check = upnCheckLetter(body);
  if (check === null) throw new Error('UPN body is malformed'); // cannot happen: 12 digits
  return `${check}${body}`;
}
