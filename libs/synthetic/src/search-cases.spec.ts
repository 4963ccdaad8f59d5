import fc from 'fast-check';
import { postcodeDistrict } from '@cp/identifiers';
import {
  DEMO_LA_CODES,
  MISSING_FIELD_VARIANTS,
  SEARCH_CASE_KINDS,
  searchCaseSet,
  seededFaker,
  typo,
  type PoolChild,
  type SearchCase,
} from './index';

const SMALL = { childrenPerLa: 300, casesPerKind: 12, nearMissShare: 0.2 } as const;
const set = searchCaseSet(SMALL);
const byId = new Map(set.pool.map((child) => [child.id, child]));
const targetOf = (searchCase: SearchCase): PoolChild => {
  const target = byId.get(searchCase.targetId);
  if (!target) throw new Error(`no target ${searchCase.targetId}`);
  return target;
};
const casesOf = (kind: SearchCase['kind']) => set.cases.filter((searchCase) => searchCase.kind === kind);
const lower = (value: string | undefined) => value?.toLowerCase();

/** Optimal string alignment distance (a transposition counts as one edit). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

describe('search case pool', () => {
  it('spans the demo LAs with unique ids and unique identifiers', () => {
    expect(new Set(set.pool.map((child) => child.laCode))).toEqual(new Set(DEMO_LA_CODES));
    expect(new Set(set.pool.map((child) => child.id)).size).toBe(set.pool.length);
    const nhs = set.pool.flatMap((child) => (child.record.nhsNumber ? [child.record.nhsNumber] : []));
    expect(new Set(nhs).size).toBe(nhs.length);
    const upns = set.pool.flatMap((child) => (child.record.upn ? [child.record.upn] : []));
    expect(new Set(upns).size).toBe(upns.length);
  });

  it('adds twins, siblings at the same address and namesakes as near misses', () => {
    const nearMisses = set.pool.filter((child) => child.nearMissOf);
    expect(nearMisses.length).toBeGreaterThan(SMALL.childrenPerLa * DEMO_LA_CODES.length * 0.1);
    for (const child of nearMisses) {
      const { id, kind } = child.nearMissOf ?? { id: '', kind: 'twin' };
      const base = byId.get(id)?.record;
      if (!base) throw new Error(`near miss of an unknown child ${id}`);
      const { record } = child;
      expect(record.familyName).toBe(base.familyName);
      expect(record.nhsNumber).not.toBe(base.nhsNumber);
      if (kind === 'namesake') {
        expect(record.givenName).toBe(base.givenName);
      } else {
        expect(record.givenName).not.toBe(base.givenName);
        expect(record.address.postcode).toBe(base.address.postcode);
      }
      if (kind === 'twin') expect(record.dateOfBirth).toBe(base.dateOfBirth);
      else expect(record.dateOfBirth).not.toBe(base.dateOfBirth);
    }
    expect(new Set(nearMisses.map((child) => child.nearMissOf?.kind))).toEqual(
      new Set(['twin', 'sibling', 'namesake']),
    );
  });
});

describe('search cases', () => {
  it('are the same for the same seeds and differ for another case seed', () => {
    expect(searchCaseSet(SMALL).cases).toEqual(set.cases);
    const other = searchCaseSet({ ...SMALL, caseSeed: 99 }).cases;
    expect(other.map((searchCase) => searchCase.targetId)).not.toEqual(
      set.cases.map((searchCase) => searchCase.targetId),
    );
  });

  it('has the requested number of every kind, each crossing a boundary and meeting the minimum criteria', () => {
    for (const kind of SEARCH_CASE_KINDS) expect(casesOf(kind)).toHaveLength(SMALL.casesPerKind);
    for (const searchCase of set.cases) {
      const { query } = searchCase;
      expect(searchCase.targetLa).toBe(targetOf(searchCase).laCode);
      expect(searchCase.askingLa).not.toBe(searchCase.targetLa);
      expect(Boolean(query.nhsNumber) || Boolean(query.familyName && query.dateOfBirth)).toBe(true);
    }
  });

  it('never asks a question another child of the pool answers exactly', () => {
    for (const searchCase of set.cases) {
      const exactly = set.pool.filter(
        (child) =>
          child.id !== searchCase.targetId &&
          (searchCase.query.givenName === undefined ||
            lower(child.record.givenName) === lower(searchCase.query.givenName)) &&
          (searchCase.query.familyName === undefined ||
            lower(child.record.familyName) === lower(searchCase.query.familyName)) &&
          (searchCase.query.dateOfBirth === undefined ||
            child.record.dateOfBirth === searchCase.query.dateOfBirth) &&
          (searchCase.query.nhsNumber === undefined ||
            child.record.nhsNumber === searchCase.query.nhsNumber) &&
          (searchCase.query.postcode === undefined ||
            child.record.address.postcode === searchCase.query.postcode) &&
          (searchCase.query.gender === undefined || child.record.gender === searchCase.query.gender),
      );
      expect(exactly.map((child) => child.id)).toEqual([]);
    }
  });

  it('makes each kind of mistake it says it makes', () => {
    for (const searchCase of set.cases) {
      const { query, errors } = searchCase;
      const target = targetOf(searchCase).record;
      const single = errors.length === 1 ? errors[0] : undefined;
      switch (searchCase.kind) {
        case 'exact':
          expect(errors).toEqual([]);
          expect([query.givenName, query.familyName, query.dateOfBirth]).toEqual([
            target.givenName,
            target.familyName,
            target.dateOfBirth,
          ]);
          break;
        case 'typo-given':
          expect(editDistance(lower(query.givenName) ?? '', target.givenName.toLowerCase())).toBe(1);
          expect(query.familyName).toBe(target.familyName);
          break;
        case 'typo-family':
          expect(editDistance(lower(query.familyName) ?? '', target.familyName.toLowerCase())).toBe(1);
          expect(query.givenName).toBe(target.givenName);
          break;
        case 'typo-both-names':
          expect(editDistance(lower(query.givenName) ?? '', target.givenName.toLowerCase())).toBe(1);
          expect(editDistance(lower(query.familyName) ?? '', target.familyName.toLowerCase())).toBe(1);
          expect(query.dateOfBirth).toBe(target.dateOfBirth);
          break;
        case 'nickname':
          expect(query.givenName).not.toBe(target.givenName);
          expect(query.familyName).toBe(target.familyName);
          break;
        case 'names-swapped':
          expect([query.givenName, query.familyName]).toEqual([target.familyName, target.givenName]);
          break;
        case 'hyphenated-surname':
          expect(query.familyName).not.toBe(target.familyName);
          expect(
            query.familyName?.includes('-') ||
              target.familyName.replace(/[-\s]/g, '').includes(query.familyName ?? '?'),
          ).toBe(true);
          break;
        case 'dob-day-month-swapped': {
          const [year, month, day] = target.dateOfBirth.split('-');
          expect(query.dateOfBirth).toBe(`${year}-${day}-${month}`);
          expect(query.dateOfBirth).not.toBe(target.dateOfBirth);
          break;
        }
        case 'moved-postcode':
          expect(postcodeDistrict(query.postcode ?? '')).not.toBe(postcodeDistrict(target.address.postcode));
          break;
        case 'missing-fields':
          expect(MISSING_FIELD_VARIANTS).toContain(single);
          if (single !== 'names-and-dob-only') expect(query.givenName).toBeUndefined();
          expect(query.postcode).toBeUndefined();
          break;
        case 'two-errors':
          expect(errors).toHaveLength(2);
          expect(errors[0]).not.toBe(errors[1]);
          break;
        case 'dob-digit-typo': {
          // One digit of the last two of the year, the month or the day, still a real date.
          const held = target.dateOfBirth;
          const typed = query.dateOfBirth ?? '';
          const differing = [...typed].flatMap((char, at) => (char === held[at] ? [] : [at]));
          expect(differing).toHaveLength(1);
          expect([2, 3, 5, 6, 8, 9]).toContain(differing[0]);
          expect(new Date(`${typed}T00:00:00Z`).toISOString().slice(0, 10)).toBe(typed);
          expect([query.givenName, query.familyName]).toEqual([target.givenName, target.familyName]);
          break;
        }
      }
    }
  });

  it('has a mistyped date digit and a slip in both names in the default set', () => {
    expect(SEARCH_CASE_KINDS).toEqual(expect.arrayContaining(['dob-digit-typo', 'typo-both-names']));
  });
});

describe('typo', () => {
  it('is one slip of the keyboard: a different spelling at edit distance 1', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Olivia', 'Smith', 'Thompson', 'Muhammad', 'Chloé', "O'Brien", 'Smith-Jones'),
        fc.nat(),
        (name, seed) => {
          const result = typo(seededFaker(seed), name);
          expect(result).toBeDefined();
          expect(result?.toLowerCase()).not.toBe(name.toLowerCase());
          expect(editDistance(result?.toLowerCase() ?? '', name.toLowerCase())).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves names too short to mistype alone', () => {
    expect(typo(seededFaker(1), 'Al')).toBeUndefined();
  });
});
