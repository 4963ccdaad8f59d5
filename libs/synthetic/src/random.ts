import { Faker, base, en, en_GB } from '@faker-js/faker';

/**
 * A 32-bit seed derived from the parts (FNV-1a), so that each child, school list or practice list has a
 * generator of its own: one child's data never depends on how many others were generated before it.
 */
export function seedFrom(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A fresh en_GB Faker whose output depends on the seed alone. */
export function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  return faker;
}

/** True with the given probability (0..1). */
export function chance(faker: Faker, probability: number): boolean {
  return faker.datatype.boolean({ probability });
}

export function pick<T>(faker: Faker, items: readonly T[]): T {
  return faker.helpers.arrayElement(items);
}

/** n random digits as a string, leading zeros kept. */
export function digits(faker: Faker, n: number): string {
  return faker.string.numeric({ length: n, allowLeadingZeros: true });
}
