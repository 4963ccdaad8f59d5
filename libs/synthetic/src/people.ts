import type { Gender } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import {
  COMPOUND_SURNAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  SURNAMES,
  UNISEX_GIVEN_NAMES,
} from './names';
import { chance, pick } from './random';

export function givenNameFor(faker: Faker, gender: Gender): string {
  switch (gender) {
    case 'female':
      return pick(faker, FEMALE_GIVEN_NAMES);
    case 'male':
      return pick(faker, MALE_GIVEN_NAMES);
    case 'other':
    case 'not-known':
      return pick(faker, [...UNISEX_GIVEN_NAMES, ...FEMALE_GIVEN_NAMES, ...MALE_GIVEN_NAMES]);
  }
}

/** A surname: mostly single, sometimes two joined by a hyphen, sometimes an established compound. */
export function surname(faker: Faker): string {
  const roll = faker.number.float({ min: 0, max: 1 });
  if (roll < 0.08) {
    const first = pick(faker, SURNAMES);
    let second = pick(faker, SURNAMES);
    while (second === first) second = pick(faker, SURNAMES);
    return `${first}-${second}`;
  }
  if (roll < 0.1) return pick(faker, COMPOUND_SURNAMES);
  return pick(faker, SURNAMES);
}

/** An adult's name: a given name for the gender and, most often, the family name shared with the child. */
export function adultName(faker: Faker, gender: 'female' | 'male', childFamilyName: string): string {
  const family = chance(faker, 0.7) ? childFamilyName : surname(faker);
  return `${givenNameFor(faker, gender)} ${family}`;
}

export function anyAdultName(faker: Faker): string {
  return `${givenNameFor(faker, chance(faker, 0.5) ? 'female' : 'male')} ${surname(faker)}`;
}
