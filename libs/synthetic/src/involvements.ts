import { SERVICE_TYPES, isSensitiveService, type InvolvementInput, type IsoDate } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { landlineNumber, workEmail } from './contacts';
import { dateBetween, latest, yearsBefore } from './dates';
import type { LaProfile } from './la-profiles';
import { givenNameFor, surname } from './people';
import { chance, pick } from './random';
import { SERVICE_PROFILES } from './services';

export interface InvolvementContext {
  profile: LaProfile;
  age: number;
  dateOfBirth: IsoDate;
  referenceDate: IsoDate;
}

function involvement(
  faker: Faker,
  serviceType: InvolvementInput['serviceType'],
  context: InvolvementContext,
) {
  const service = SERVICE_PROFILES[serviceType];
  const given = givenNameFor(faker, chance(faker, 0.7) ? 'female' : 'male');
  const family = surname(faker);
  const earliest = latest(context.dateOfBirth, yearsBefore(context.referenceDate, 3));
  const startDate = dateBetween(faker, earliest, context.referenceDate);
  const result: InvolvementInput = {
    practitionerName: `${given} ${family}`,
    role: service.role,
    organisation: service.organisation(context.profile),
    serviceType,
    contact: {
      telephone: landlineNumber(faker, context.profile),
      email: workEmail(context.profile, given, family),
    },
    startDate,
  };
  if (chance(faker, 0.2)) result.endDate = dateBetween(faker, startDate, context.referenceDate);
  if (chance(faker, 0.3)) result.hasInformationToShare = true;
  if (service.assessment && chance(faker, 0.4)) {
    result.assessment = {
      type: service.assessment,
      date: dateBetween(faker, startDate, result.endDate ?? context.referenceDate),
    };
  }
  // A sensitive service is recorded only with the young person's consent, given when it started.
  if (isSensitiveService(serviceType)) result.consent = { recordedOn: startDate };
  return result;
}

/** 0 to 4 involvements of services suited to the child's age; sometimes one active one leads. */
export function involvementsFor(faker: Faker, context: InvolvementContext): InvolvementInput[] {
  const count = faker.helpers.weightedArrayElement([
    { weight: 45, value: 0 },
    { weight: 30, value: 1 },
    { weight: 15, value: 2 },
    { weight: 7, value: 3 },
    { weight: 3, value: 4 },
  ]);
  const suitable = SERVICE_TYPES.filter((type) => {
    const service = SERVICE_PROFILES[type];
    return context.age >= service.minAge && context.age <= service.maxAge;
  });
  const involvements = faker.helpers
    .arrayElements(suitable, Math.min(count, suitable.length))
    .map((type) => involvement(faker, type, context));
  const active = involvements.filter(
    (item) => item.endDate === undefined && !isSensitiveService(item.serviceType),
  );
  if (active.length > 0 && chance(faker, involvements.length >= 2 ? 0.6 : 0.2)) {
    pick(faker, active).isLeadProfessional = true;
  }
  return involvements;
}
