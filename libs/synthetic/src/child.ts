import type { CreateChildRecordInput, Gender, IsoDate, PostalAddress } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { carersFor } from './carers';
import { ageOn, dateBetween, dayNumber, isoDate, yearsBefore } from './dates';
import { testNhsNumber, upnFor } from './identifiers';
import { involvementsFor } from './involvements';
import { laProfile, type LaProfile } from './la-profiles';
import { NICKNAMES, STREET_KINDS, STREET_STEMS } from './names';
import { gpPracticesOf, schoolsOf } from './organisations';
import { givenNameFor, surname } from './people';
import { chance, pick, seededFaker, seedFrom } from './random';

/** Letters allowed in the inward code of a postcode (never C, I, K, M, O or V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'.split('');

/** A real-format postcode in one of the LA's districts, and the matching post town. */
export function postcodeIn(faker: Faker, profile: LaProfile): { postcode: string; town: string } {
  const { district, town } = pick(faker, profile.districts);
  const inward = `${faker.number.int({ min: 0, max: 9 })}${pick(faker, INWARD_LETTERS)}${pick(faker, INWARD_LETTERS)}`;
  return { postcode: `${district} ${inward}`, town };
}

function addressIn(faker: Faker, profile: LaProfile): PostalAddress {
  const street = `${faker.number.int({ min: 1, max: 240 })} ${pick(faker, STREET_STEMS)} ${pick(faker, STREET_KINDS)}`;
  const { postcode, town } = postcodeIn(faker, profile);
  if (chance(faker, 0.3)) {
    return { line1: `Flat ${faker.number.int({ min: 1, max: 40 })}`, line2: street, town, postcode };
  }
  return { line1: street, town, postcode };
}

function otherNamesOf(faker: Faker, givenName: string): string[] | undefined {
  const nicknames = NICKNAMES[givenName];
  if (nicknames && chance(faker, 0.3)) return [pick(faker, nicknames)];
  if (chance(faker, 0.05)) return [surname(faker)]; // a family name used before
  return undefined;
}

/**
 * The synthetic child number `index` of an LA: a pure function of its arguments, so a search case can
 * regenerate any one child (and introduce realistic errors into a copy) without generating the others.
 */
export function syntheticChild(
  laCode: string,
  index: number,
  seed: number,
  referenceDate: IsoDate,
): CreateChildRecordInput {
  const profile = laProfile(laCode);
  const schools = schoolsOf(profile);
  const practices = gpPracticesOf(profile);
  const faker = seededFaker(seedFrom(laCode, seed, index));

  const gender = faker.helpers.weightedArrayElement<Gender>([
    { weight: 49, value: 'female' },
    { weight: 49, value: 'male' },
    { weight: 1, value: 'other' },
    { weight: 1, value: 'not-known' },
  ]);
  const givenName = givenNameFor(faker, gender);
  const familyName = surname(faker);
  // Born from 18 years less a day before the reference date up to that date: aged 0 to 17 on it.
  const earliestBirth = isoDate(dayNumber(yearsBefore(referenceDate, 18)) + 1);
  const dateOfBirth = dateBetween(faker, earliestBirth, referenceDate);
  const age = ageOn(dateOfBirth, referenceDate);

  const child: CreateChildRecordInput = {
    givenName,
    familyName,
    dateOfBirth,
    gender,
    address: addressIn(faker, profile),
  };
  const otherNames = otherNamesOf(faker, givenName);
  if (otherNames) child.otherNames = otherNames;
  if (chance(faker, 0.95)) child.nhsNumber = testNhsNumber(faker);
  if (age >= 4 && chance(faker, 0.9)) {
    const yearStarted = Number(dateOfBirth.slice(0, 4)) + 4;
    child.upn = upnFor(faker, profile, yearStarted);
  }
  child.carers = carersFor(faker, profile, familyName);
  if (age >= 4 && chance(faker, 0.95)) {
    child.educationalSetting = structuredClone(pick(faker, age <= 10 ? schools.primary : schools.secondary));
  }
  if (chance(faker, 0.97)) child.gpPractice = structuredClone(pick(faker, practices));
  const involvements = involvementsFor(faker, { profile, age, dateOfBirth, referenceDate });
  if (involvements.length > 0) child.involvements = involvements;
  return child;
}

/** `count` synthetic children of an LA; the same arguments always give the same children. */
export function childrenFor(
  laCode: string,
  count: number,
  seed: number,
  referenceDate: IsoDate,
): CreateChildRecordInput[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a whole number >= 0, got ${count}`);
  return Array.from({ length: count }, (_, index) => syntheticChild(laCode, index, seed, referenceDate));
}
