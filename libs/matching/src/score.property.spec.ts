import fc from 'fast-check';
import type { PersonFields } from './person';
import { MATCH_THRESHOLD, scoreMatch } from './score';

// Names from a small pool so that random pairs often share tokens, nicknames and phonetic codes.
const GIVEN = [
  'John',
  'Jon',
  'Jonh',
  'Bill',
  'William',
  'Kate',
  'Katie',
  'Catherine',
  'Ann',
  'Anna',
  'Smith',
  'Li',
];
const FAMILY = [
  'Smith',
  'Smyth',
  'Smith-Jones',
  'Jones',
  "O'Brien",
  'OBrien',
  'Khan',
  'John',
  'Nguyen',
  'Zoë',
];
const DATES = [
  '2015-03-04',
  '2015-04-03',
  '2015-03-07',
  '2016-03-04',
  '2010-03-04',
  '2015-02-28',
  '2020-12-31',
];

const pooledPerson: fc.Arbitrary<PersonFields> = fc.record(
  {
    givenName: fc.constantFrom(...GIVEN),
    familyName: fc.constantFrom(...FAMILY),
    otherNames: fc.array(fc.constantFrom(...FAMILY, ...GIVEN), { maxLength: 2 }),
    dateOfBirth: fc.constantFrom(...DATES),
    gender: fc.constantFrom('female' as const, 'male' as const, 'other' as const, 'not-known' as const),
    postcode: fc.constantFrom('B11 2AB', 'b112ab', 'B11 9ZZ', 'LS1 4AP'),
    nhsNumber: fc.constantFrom('9434765919', '943 476 5919', '4010232137'),
    upn: fc.constantFrom('A12345678901B', 'a12345678901b', 'B98765432109C'),
  },
  { requiredKeys: [] },
);

const letters = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzé'),
  minLength: 1,
  maxLength: 12,
});
const anyDate = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('scoreMatch properties', () => {
  it('scores anyone with names and a date of birth as certain against themselves', () => {
    const person = fc.record(
      {
        givenName: letters,
        familyName: letters,
        dateOfBirth: anyDate,
        otherNames: fc.array(letters, { maxLength: 2 }),
        gender: fc.constantFrom('female' as const, 'male' as const, 'other' as const, 'not-known' as const),
        postcode: fc.constantFrom('B11 2AB', 'SW1A 1AA'),
      },
      { requiredKeys: ['givenName', 'familyName', 'dateOfBirth'] },
    );
    fc.assert(
      fc.property(person, (p) => {
        expect(scoreMatch(p, { ...p }).grade).toBe('certain');
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the score within [0, 1] and the grade consistent with the threshold', () => {
    fc.assert(
      fc.property(pooledPerson, pooledPerson, (a, b) => {
        const { score, grade } = scoreMatch(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(grade === 'certainly-not').toBe(score < MATCH_THRESHOLD);
      }),
      { numRuns: 3000 },
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(pooledPerson, pooledPerson, (a, b) => {
        const forward = scoreMatch(a, b);
        const backward = scoreMatch(b, a);
        expect(Math.abs(forward.score - backward.score)).toBeLessThan(1e-9);
        expect(forward.grade).toBe(backward.grade);
      }),
      { numRuns: 3000 },
    );
  });

  it('is symmetric for arbitrary names too', () => {
    const person = fc.record(
      {
        givenName: letters,
        familyName: letters,
        otherNames: fc.array(letters, { maxLength: 2 }),
        dateOfBirth: anyDate,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(person, person, (a, b) => {
        expect(Math.abs(scoreMatch(a, b).score - scoreMatch(b, a).score)).toBeLessThan(1e-9);
      }),
      { numRuns: 3000 },
    );
  });
});
