import type { CarerInput, CarerRelationship } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { mobileNumber, personalEmail } from './contacts';
import { adultName, anyAdultName } from './people';
import { chance } from './random';

function carer(
  faker: Faker,
  name: string,
  relationship: CarerRelationship,
  hasParentalResponsibility: boolean,
): CarerInput {
  const [given, ...family] = name.split(' ');
  const contact: CarerInput['contact'] = { telephone: mobileNumber(faker) };
  if (chance(faker, 0.6)) contact.email = personalEmail(faker, given, family.join(' '));
  return { name, relationship, hasParentalResponsibility, contact };
}

/** One or two carers, in patterns common in practice, with parental responsibility where the law gives it. */
export function carersFor(faker: Faker, childFamilyName: string): CarerInput[] {
  const mother = (): CarerInput => carer(faker, adultName(faker, 'female', childFamilyName), 'mother', true);
  const father = (): CarerInput =>
    carer(faker, adultName(faker, 'male', childFamilyName), 'father', chance(faker, 0.9));
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
      return [mother(), carer(faker, anyAdultName(faker), 'step-parent', false)];
    case 'mother':
      return [mother()];
    case 'father':
      return [father()];
    case 'grandparent':
      return [carer(faker, adultName(faker, 'female', childFamilyName), 'grandparent', chance(faker, 0.3))];
    case 'foster-carer':
      return [carer(faker, anyAdultName(faker), 'foster-carer', false)];
    case 'guardian':
      return [carer(faker, anyAdultName(faker), 'guardian', true)];
  }
}
