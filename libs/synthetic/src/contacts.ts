import type { Faker } from '@faker-js/faker';
import type { LaProfile } from './la-profiles';
import { digits, pick } from './random';

/** A landline in the LA's Ofcom drama range. */
export function landlineNumber(faker: Faker, profile: LaProfile): string {
  return `${profile.landlinePrefix}${digits(faker, 3)}`;
}

/** The local part of an e-mail address made from words: lower case, ASCII, no apostrophes or spaces. */
export function emailLocalPart(...words: string[]): string {
  return words
    .map((word) =>
      word
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter((word) => word.length > 0)
    .join('.');
}

/** A carer's own address at a reserved example domain. */
export function personalEmail(faker: Faker, givenName: string, familyName: string): string {
  const domain = pick(faker, ['example.com', 'example.net', 'example.org']);
  return `${emailLocalPart(givenName, familyName)}${faker.number.int({ min: 1, max: 99 })}@${domain}`;
}

/** A practitioner's work address at the LA's reserved domain. */
export function workEmail(profile: LaProfile, givenName: string, familyName: string): string {
  return `${emailLocalPart(givenName, familyName)}@${profile.emailDomain}`;
}
