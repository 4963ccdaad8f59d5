import type { CarerInput, CarerRelationship } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { landlineNumber, personalEmail } from './contacts';
import type { LaProfile } from './la-profiles';
import { adultName, anyAdultName } from './people';
import { chance } from './random';

function carer(
  faker: Faker,
  profile: LaProfile,
  name: string,
  relationship: CarerRelationship,
  hasParentalResponsibility: boolean,
): CarerInput {
  const [given, ...family] = name.split(' ');
  const contact: CarerInput['contact'] = { telephone: landlineNumber(faker, profile) };
  if (chance(faker, 0.6)) contact.email = personalEmail(faker, given, family.join(' '));
  return { name, relationship, hasParentalResponsibility, contact };
}

/** One or two carers, in patterns common in practice, with parental responsibility where the law gives it. */
export function carersFor(faker: Faker, profile: LaProfile, childFamilyName: string): CarerInput[] {
  const mother = (): CarerInput =>
    carer(faker, profile, adultName(faker, 'female', childFamilyName), 'mother', true);
  const father = (): CarerInput =>
    carer(faker, profile, adultName(faker, 'male', childFamilyName), 'father', chance(faker, 0.9));
  const pattern = faker.helpers.weightedArrayElement([
    { weight: 42, value: 'mother-and-father' },
    { weight: 10, value: 'mother-and-step-parent' },
    { weight: 28, value: 'mother' },
    { weight: 7, value: 'father' },
    { weight: 6, value: 'grandparent' },
    { weight: 4, value: 'foster-carer' },
    { weight: 3, value: 'guardian' },
  ] as const);
  switch (pattern) {
    case 'mother-and-father':
      return [mother(), father()];
    case 'mother-and-step-parent':
      return [mother(), carer(faker, profile, anyAdultName(faker), 'step-parent', false)];
    case 'mother':
      return [mother()];
    case 'father':
      return [father()];
    case 'grandparent':
      return [
        carer(faker, profile, adultName(faker, 'female', childFamilyName), 'grandparent', chance(faker, 0.3)),
      ];
    case 'foster-carer':
      return [carer(faker, profile, anyAdultName(faker), 'foster-carer', false)];
    case 'guardian':
      return [carer(faker, profile, anyAdultName(faker), 'guardian', true)];
  }
}
