import type { PersonFields } from '@cp/matching';
import {
  COMPOUND_SURNAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  SURNAMES,
  UNISEX_GIVEN_NAMES,
} from '../../libs/synthetic/src/names';

/**
 * A deterministic, index-addressable population for the index benchmark: child i is the same every run,
 * so a reused database and the queries made from it agree without storing any plaintext.
 *
 * Name frequencies follow England's shape roughly: a Zipf-weighted head of common names (the synthetic
 * lib's pools) and a long tail of rarer names (made from syllables), since in England the 100 commonest
 * surnames cover about a quarter of people, not all of them.
 */
export const LA_COUNT = 150;
const HEAD_GIVEN_SHARE = 0.55;
const HEAD_FAMILY_SHARE = 0.3;
const COMPOUND_SHARE = 0.05;

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cumulative Zipf weights with exponent 0.5: the commonest of the synthetic lib's names then takes about
 * 2% (given) and 1.4% (family) of children, near England's Olivia/Muhammad and Smith.
 */
function zipfTable(size: number): number[] {
  const weights = Array.from({ length: size }, (_, rank) => 1 / Math.sqrt(rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  return weights.map((weight) => (cumulative += weight / total));
}

function pickCumulative(cumulative: readonly number[], r: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < r) low = middle + 1;
    else high = middle;
  }
  return low;
}

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

function syllableNames(count: number, seed: number, parts: readonly string[][]): string[] {
  const combinations = parts.reduce((product, options) => product * options.length, 1);
  if (count > combinations * 0.8) throw new Error('Ask for fewer names than the syllables can make');
  const random = prng(seed);
  const names = new Set<string>();
  while (names.size < count) {
    names.add(capitalise(parts.map((options) => options[Math.floor(random() * options.length)]).join('')));
  }
  return [...names];
}

const TAIL_SURNAMES = syllableNames(10_000, 11, [
  [
    'ash',
    'bram',
    'cal',
    'dun',
    'fen',
    'gar',
    'hal',
    'kin',
    'lang',
    'mar',
    'nor',
    'pen',
    'ros',
    'stan',
    'thorn',
    'wex',
    'yar',
    'bel',
    'cor',
    'dray',
  ],
  ['ble', 'ca', 'de', 'fi', 'go', 'ker', 'li', 'mo', 'ne', 'ro', 'si', 'ta', 'vi', 'wa', ''],
  [
    'by',
    'croft',
    'dale',
    'field',
    'ford',
    'ham',
    'hurst',
    'ley',
    'more',
    'ridge',
    'shaw',
    'ton',
    'well',
    'wick',
    'worth',
  ],
  ['', 's', 'e'],
]);
const TAIL_GIVEN = syllableNames(1_800, 13, [
  [
    'a',
    'bre',
    'ca',
    'da',
    'e',
    'fa',
    'ga',
    'ha',
    'i',
    'ja',
    'ka',
    'la',
    'ma',
    'na',
    'o',
    'ra',
    'sa',
    'ta',
    'va',
    'za',
  ],
  ['bri', 'del', 'lin', 'mar', 'nor', 'ren', 'sel', 'tor', 'vin', 'yan', 'rin', 'lis'],
  ['a', 'ah', 'el', 'en', 'ia', 'is', 'o', 'on', 'y', ''],
]);
const GIVEN_HEAD = [...FEMALE_GIVEN_NAMES, ...MALE_GIVEN_NAMES, ...UNISEX_GIVEN_NAMES];
const GIVEN_HEAD_ZIPF = zipfTable(GIVEN_HEAD.length);
const SURNAME_HEAD_ZIPF = zipfTable(SURNAMES.length);

function laCodeList(): string[] {
  const codes: string[] = [];
  const ranges: [string, number][] = [
    ['E06', 59],
    ['E07', 20],
    ['E08', 36],
    ['E09', 33],
    ['E10', 2],
  ];
  for (const [prefix, count] of ranges) {
    for (let n = 1; n <= count; n++) codes.push(`${prefix}${String(n).padStart(6, '0')}`);
  }
  return codes.slice(0, LA_COUNT);
}

export const LA_CODES = laCodeList();
/** Uneven LA sizes (a London borough is not a county): weights between 0.3 and 3. */
const LA_CUMULATIVE = (() => {
  const random = prng(17);
  const weights = LA_CODES.map(() => 0.3 + 2.7 * random() ** 2);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  return weights.map((weight) => (cumulative += weight / total));
})();

export interface PopulationChild {
  id: string;
  laCode: string;
  shielded: boolean;
  person: PersonFields;
}

/** Child i of the population (deterministic). */
export function populationChild(index: number): PopulationChild {
  const random = prng(Math.imul(index + 1, 2654435761));
  const laCode = LA_CODES[pickCumulative(LA_CUMULATIVE, random())];
  const givenName =
    random() < HEAD_GIVEN_SHARE
      ? GIVEN_HEAD[pickCumulative(GIVEN_HEAD_ZIPF, random())]
      : TAIL_GIVEN[Math.floor(random() * TAIL_GIVEN.length)];
  const familyRoll = random();
  const familyName =
    familyRoll < COMPOUND_SHARE
      ? COMPOUND_SURNAMES[Math.floor(random() * COMPOUND_SURNAMES.length)]
      : familyRoll < COMPOUND_SHARE + HEAD_FAMILY_SHARE
        ? SURNAMES[pickCumulative(SURNAME_HEAD_ZIPF, random())]
        : TAIL_SURNAMES[Math.floor(random() * TAIL_SURNAMES.length)];
  const year = 2008 + Math.floor(random() * 19);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const dateOfBirth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const person: PersonFields = { givenName, familyName, dateOfBirth };
  if (random() < 0.95) person.nhsNumber = `9${String(index).padStart(9, '0')}`;
  if (year <= 2022 && random() < 0.8) person.upn = `A${String(index).padStart(12, '0')}`;
  return {
    id: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    laCode,
    shielded: random() < 0.01,
    person,
  };
}

export const QUERY_KINDS = [
  'exact-name',
  'typo-family',
  'typo-given',
  'swapped-day-month',
  'swapped-names',
  'nhs',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

function typo(name: string, random: () => number): string {
  if (name.length < 4) return name + 'e';
  const at = 1 + Math.floor(random() * (name.length - 2));
  // Swap two neighbouring letters: the commonest keying error.
  return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

/** What a practitioner elsewhere might type when looking for child i. */
export function queryFor(child: PopulationChild, kind: QueryKind, seed: number): PersonFields {
  const random = prng(seed);
  const { givenName = '', familyName = '', dateOfBirth = '' } = child.person;
  switch (kind) {
    case 'exact-name':
      return { givenName, familyName, dateOfBirth };
    case 'typo-family':
      return { givenName, familyName: typo(familyName, random), dateOfBirth };
    case 'typo-given':
      return { givenName: typo(givenName, random), familyName, dateOfBirth };
    case 'swapped-day-month': {
      const [year, month, day] = dateOfBirth.split('-');
      return {
        givenName,
        familyName,
        dateOfBirth: Number(day) <= 12 ? `${year}-${day}-${month}` : dateOfBirth,
      };
    }
    case 'swapped-names':
      return { givenName: familyName, familyName: givenName, dateOfBirth };
    case 'nhs':
      return { givenName, familyName, dateOfBirth, nhsNumber: child.person.nhsNumber };
  }
}
