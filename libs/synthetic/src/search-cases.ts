import type { CreateChildRecordInput, IsoDate } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { childrenFor, postcodeIn } from './child';
import { ageOn, dateBetween, dayNumber, isoDate, yearsBefore } from './dates';
import { testNhsNumber, upnFor } from './identifiers';
import { DEMO_LA_CODES, laProfile } from './la-profiles';
import { givenNameFor } from './people';
import { chance, pick, seededFaker, seedFrom } from './random';
import { applyError, type ErrorContext, type SearchError, type SearchQuery } from './search-errors';

export { SEARCH_ERRORS, typo, type SearchError, type SearchQuery } from './search-errors';

/**
 * Labelled search cases for measuring matching quality: a pool of children across several LAs (with
 * deliberate near misses: twins, siblings at the same address, namesakes) and, for a sample of them, the
 * search a practitioner would type, with the kind of mistake in it and the child it is meant to find.
 * Everything is a pure function of the options, so a seed names a case set.
 */

export type NearMissKind = 'twin' | 'sibling' | 'namesake';

export interface PoolChild {
  /** Unique in the pool: '<LA>-<index>' or, for a near miss, '<LA>-<index>-<kind>'. */
  id: string;
  laCode: string;
  record: CreateChildRecordInput;
  /** Set on a deliberately added near miss: the child it resembles, and how. */
  nearMissOf?: { id: string; kind: NearMissKind };
}

export const SEARCH_CASE_KINDS = [
  'exact',
  'typo-given',
  'typo-family',
  'typo-both-names',
  'nickname',
  'names-swapped',
  'hyphenated-surname',
  'dob-day-month-swapped',
  'dob-digit-typo',
  'moved-postcode',
  'missing-fields',
  'two-errors',
] as const;
export type SearchCaseKind = (typeof SEARCH_CASE_KINDS)[number];

/** Which fields a 'missing-fields' case leaves out (every one still meets the cross-boundary minimum). */
export const MISSING_FIELD_VARIANTS = [
  'no-given-name-with-nhs-number',
  'nhs-number-only',
  'family-name-and-dob-only',
  'names-and-dob-only',
] as const;

/** Mistakes combined in 'two-errors' cases, in the order they are applied (a swap last, so it moves edits). */
const COMBINABLE: readonly SearchError[] = [
  'typo-given',
  'typo-family',
  'nickname',
  'hyphenated-surname',
  'dob-day-month-swapped',
  'moved-postcode',
  'names-swapped',
];
/** Pairs that edit the same field, so would be one bigger mistake rather than two. */
const CLASHING = new Set(['typo-given|nickname', 'typo-family|hyphenated-surname']);

export interface SearchCase {
  /** 'case-0001', ... */
  id: string;
  kind: SearchCaseKind;
  /** The mistakes in the query ([] when exact; the variant for missing fields). */
  errors: string[];
  query: SearchQuery;
  targetId: string;
  targetLa: string;
  /** The practitioner's LA: never the target's, so every case must cross a boundary to succeed. */
  askingLa: string;
}

export interface SearchCaseOptions {
  laCodes: readonly string[];
  /** The kinds of case to make, casesPerKind of each. */
  kinds: readonly SearchCaseKind[];
  childrenPerLa: number;
  /** Seed of the children in the pool. */
  poolSeed: number;
  /** Seed of the choice of targets and of their mistakes. */
  caseSeed: number;
  casesPerKind: number;
  referenceDate: IsoDate;
  /** Share of children given a deliberate near miss. */
  nearMissShare: number;
}

export const DEFAULT_SEARCH_CASE_OPTIONS: Readonly<SearchCaseOptions> = {
  laCodes: DEMO_LA_CODES,
  kinds: SEARCH_CASE_KINDS,
  childrenPerLa: 2000,
  poolSeed: 2026,
  caseSeed: 1,
  casesPerKind: 100,
  referenceDate: '2026-01-01',
  nearMissShare: 0.1,
};

export interface SearchCaseSet {
  options: SearchCaseOptions;
  pool: PoolChild[];
  cases: SearchCase[];
}

function poolId(laCode: string, index: number): string {
  return `${laCode}-${String(index).padStart(5, '0')}`;
}

function otherGivenName(faker: Faker, record: CreateChildRecordInput): string {
  for (;;) {
    const name = givenNameFor(faker, record.gender);
    if (name !== record.givenName) return name;
  }
}

/** A child who could be mistaken for `base`: a twin, a sibling at the same address or a namesake elsewhere. */
function nearMiss(faker: Faker, base: PoolChild, options: SearchCaseOptions): PoolChild {
  const kind = faker.helpers.weightedArrayElement<NearMissKind>([
    { weight: 4, value: 'twin' },
    { weight: 4, value: 'sibling' },
    { weight: 2, value: 'namesake' },
  ]);
  const record = structuredClone(base.record);
  delete record.otherNames;
  delete record.upn;
  record.nhsNumber = testNhsNumber(faker);
  const earliest = dayNumber(yearsBefore(options.referenceDate, 18)) + 1;
  const latest = dayNumber(options.referenceDate);
  if (kind !== 'namesake') {
    record.gender = chance(faker, 0.5) ? 'female' : 'male';
    record.givenName = otherGivenName(faker, record);
  }
  if (kind === 'sibling') {
    const born =
      dayNumber(record.dateOfBirth) + faker.number.int({ min: 300, max: 2500 }) * pick(faker, [-1, 1]);
    record.dateOfBirth = isoDate(Math.min(latest, Math.max(earliest, born)));
  }
  if (kind === 'namesake') {
    record.dateOfBirth = dateBetween(faker, isoDate(earliest), options.referenceDate);
    record.address = { ...record.address, ...postcodeIn(faker, laProfile(base.laCode)) };
  }
  if (ageOn(record.dateOfBirth, options.referenceDate) >= 4) {
    record.upn = upnFor(faker, laProfile(base.laCode), Number(record.dateOfBirth.slice(0, 4)) + 4);
  }
  return { id: `${base.id}-${kind}`, laCode: base.laCode, record, nearMissOf: { id: base.id, kind } };
}

/** Identifiers are unique in real life; the generator's random ones can collide in a pool this size. */
function makeIdentifiersUnique(pool: PoolChild[]): void {
  const nhs = new Set<string>();
  const upns = new Set<string>();
  for (const child of pool) {
    let attempt = 0;
    while (child.record.nhsNumber !== undefined && nhs.has(child.record.nhsNumber)) {
      child.record.nhsNumber = testNhsNumber(seededFaker(seedFrom('nhs', child.id, (attempt += 1))));
    }
    if (child.record.nhsNumber !== undefined) nhs.add(child.record.nhsNumber);
    if (child.record.upn !== undefined && upns.has(child.record.upn)) delete child.record.upn;
    if (child.record.upn !== undefined) upns.add(child.record.upn);
  }
}

/** A 32-bit hash spread evenly over 0..1 (murmur3's finaliser: FNV's high bits follow the last characters). */
function uniform(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** The children of every LA with near misses added, each under a unique id. */
export function searchPool(options: SearchCaseOptions): PoolChild[] {
  const pool: PoolChild[] = [];
  for (const laCode of options.laCodes) {
    const children = childrenFor(laCode, options.childrenPerLa, options.poolSeed, options.referenceDate);
    children.forEach((record, index) => {
      const child = { id: poolId(laCode, index), laCode, record };
      pool.push(child);
      // A hash decides, so the (slow to seed) Faker is made only for the children that get a near miss.
      const seed = seedFrom('near-miss', laCode, options.poolSeed, index);
      if (uniform(seed) < options.nearMissShare) pool.push(nearMiss(seededFaker(seed), child, options));
    });
  }
  makeIdentifiersUnique(pool);
  return pool;
}

/** What a practitioner who knows the child would type: names and date of birth, often more. */
function baseQuery(faker: Faker, record: CreateChildRecordInput): SearchQuery {
  const query: SearchQuery = {
    givenName: record.givenName,
    familyName: record.familyName,
    dateOfBirth: record.dateOfBirth,
  };
  if (chance(faker, 0.6)) query.gender = record.gender;
  if (chance(faker, 0.5)) query.postcode = record.address.postcode;
  if (record.nhsNumber !== undefined && chance(faker, 0.1)) query.nhsNumber = record.nhsNumber;
  return query;
}

function missingFields(
  faker: Faker,
  record: CreateChildRecordInput,
): { query?: SearchQuery; variant: string } {
  const variant = pick(faker, MISSING_FIELD_VARIANTS);
  const { familyName, givenName, dateOfBirth, nhsNumber } = record;
  switch (variant) {
    case 'no-given-name-with-nhs-number':
      return { variant, query: nhsNumber ? { familyName, dateOfBirth, nhsNumber } : undefined };
    case 'nhs-number-only':
      return { variant, query: nhsNumber ? { nhsNumber } : undefined };
    case 'family-name-and-dob-only':
      return { variant, query: { familyName, dateOfBirth } };
    case 'names-and-dob-only':
      return { variant, query: { givenName, familyName, dateOfBirth } };
  }
}

function simplified(value: string | undefined): string | undefined {
  return value
    ?.normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** True when the query describes `child` exactly on every field it gives. */
function describesExactly(query: SearchQuery, child: PoolChild): boolean {
  const { record } = child;
  const fields: [string | undefined, string | undefined][] = [
    [query.givenName, record.givenName],
    [query.familyName, record.familyName],
    [query.dateOfBirth, record.dateOfBirth],
    [query.gender, record.gender],
    [query.postcode, record.address.postcode],
    [query.nhsNumber, record.nhsNumber],
    [query.upn, record.upn],
  ];
  return fields.every(([asked, held]) => asked === undefined || simplified(asked) === simplified(held));
}

export class SearchCaseBuilder {
  private readonly faker: Faker;
  /** Children by date of birth and by NHS number: where a query could describe another child exactly. */
  private readonly byDateOfBirth = new Map<string, PoolChild[]>();
  private readonly byNhsNumber = new Map<string, PoolChild>();
  private readonly cases: SearchCase[] = [];

  constructor(
    private readonly pool: readonly PoolChild[],
    private readonly options: SearchCaseOptions,
  ) {
    this.faker = seededFaker(seedFrom('search-cases', options.poolSeed, options.caseSeed));
    for (const child of pool) {
      const list = this.byDateOfBirth.get(child.record.dateOfBirth) ?? [];
      list.push(child);
      this.byDateOfBirth.set(child.record.dateOfBirth, list);
      if (child.record.nhsNumber !== undefined) this.byNhsNumber.set(child.record.nhsNumber, child);
    }
  }

  build(): SearchCase[] {
    for (const kind of this.options.kinds) {
      for (let made = 0; made < this.options.casesPerKind; made += 1) this.addCase(kind);
    }
    return this.cases;
  }

  /** A case of this kind for a randomly chosen child it applies to; a query that fits another child exactly has no single right answer, so is drawn again. */
  private addCase(kind: SearchCaseKind): void {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const target = pick(this.faker, this.pool);
      const made = this.queryFor(kind, target);
      if (made === undefined || !this.identifies(made.query, target)) continue;
      const others = this.options.laCodes.filter((laCode) => laCode !== target.laCode);
      this.cases.push({
        id: `case-${String(this.cases.length + 1).padStart(4, '0')}`,
        kind,
        errors: made.errors,
        query: made.query,
        targetId: target.id,
        targetLa: target.laCode,
        askingLa: others.length > 0 ? pick(this.faker, others) : target.laCode,
      });
      return;
    }
    throw new Error(`No child in the pool fits a '${kind}' search case`);
  }

  private queryFor(
    kind: SearchCaseKind,
    target: PoolChild,
  ): { query: SearchQuery; errors: string[] } | undefined {
    const base = baseQuery(this.faker, target.record);
    const context = this.errorContext(target);
    switch (kind) {
      case 'exact':
        return { query: base, errors: [] };
      case 'missing-fields': {
        const { query, variant } = missingFields(this.faker, target.record);
        return query && { query, errors: [variant] };
      }
      case 'moved-postcode': {
        const query = applyError('moved-postcode', base, context);
        return query && { query, errors: ['moved-postcode'] };
      }
      case 'two-errors': {
        const [first, second] = this.faker.helpers
          .arrayElements(COMBINABLE, 2)
          .sort((a, b) => COMBINABLE.indexOf(a) - COMBINABLE.indexOf(b));
        if (CLASHING.has(`${first}|${second}`)) return undefined;
        const once = applyError(first, base, context);
        const twice = once && applyError(second, once, context);
        return twice && { query: twice, errors: [first, second] };
      }
      default: {
        const query = applyError(kind, base, context);
        return query && { query, errors: [kind] };
      }
    }
  }

  private errorContext(target: PoolChild): ErrorContext {
    const { faker } = this;
    const current = target.record.address.postcode.split(' ')[0];
    return {
      faker,
      oldPostcode: () => {
        const laCode = chance(faker, 0.3) ? pick(faker, this.options.laCodes) : target.laCode;
        for (;;) {
          const { postcode } = postcodeIn(faker, laProfile(laCode));
          if (postcode.split(' ')[0] !== current) return postcode;
        }
      },
    };
  }

  private identifies(query: SearchQuery, target: PoolChild): boolean {
    const sameNhs = query.nhsNumber === undefined ? undefined : this.byNhsNumber.get(query.nhsNumber);
    const others =
      query.dateOfBirth !== undefined
        ? (this.byDateOfBirth.get(query.dateOfBirth) ?? [])
        : query.nhsNumber !== undefined
          ? sameNhs === undefined
            ? []
            : [sameNhs]
          : this.pool;
    return !others.some((child) => child.id !== target.id && describesExactly(query, child));
  }
}

/** The pool and the labelled cases for these options (the defaults unless overridden). */
export function searchCaseSet(overrides: Partial<SearchCaseOptions> = {}): SearchCaseSet {
  const options = { ...DEFAULT_SEARCH_CASE_OPTIONS, ...overrides };
  const pool = searchPool(options);
  return { options, pool, cases: new SearchCaseBuilder(pool, options).build() };
}
