import { MATCH_THRESHOLD, scoreMatch } from './score';
import type { MatchGrade, PersonFields } from './person';

const DOB = '2015-03-04';
const GRADE_ORDER: readonly MatchGrade[] = ['certainly-not', 'possible', 'probable', 'certain'];
const atLeast = (grade: MatchGrade): ((actual: MatchGrade) => boolean) => {
  return (actual) => GRADE_ORDER.indexOf(actual) >= GRADE_ORDER.indexOf(grade);
};
const person = (givenName: string, familyName: string, extra: PersonFields = {}): PersonFields => ({
  givenName,
  familyName,
  dateOfBirth: DOB,
  ...extra,
});

describe('scoreMatch', () => {
  it('is certain for the same person', () => {
    const result = scoreMatch(person('John', 'Smith'), person('JOHN', 'smith'));
    expect(result).toEqual({
      score: 1,
      grade: 'certain',
      matchedOn: ['givenName', 'familyName', 'dateOfBirth'],
    });
  });

  it('finds a typo in the given name probable or better', () => {
    const result = scoreMatch(person('Jonh', 'Smith'), person('John', 'Smith'));
    expect(atLeast('probable')(result.grade)).toBe(true);
    expect(result.matchedOn).toEqual(['givenName:similar', 'familyName', 'dateOfBirth']);
  });

  it('finds a typo in the family name probable or better', () => {
    expect(atLeast('probable')(scoreMatch(person('John', 'Smiht'), person('John', 'Smith')).grade)).toBe(
      true,
    );
  });

  it.each([
    ['Bill', 'William'],
    ['Will', 'William'],
    ['Kate', 'Katherine'],
    ['Katie', 'Catherine'],
    ['Peggy', 'Margaret'],
    ['Bob', 'Robbie'],
  ])('matches nickname %s with %s', (nickname, formal) => {
    const result = scoreMatch(person(nickname, 'Smith'), person(formal, 'Smith'));
    expect(atLeast('probable')(result.grade)).toBe(true);
    expect(result.matchedOn).toContain('givenName:nickname');
  });

  it('recognises given and family names swapped', () => {
    const result = scoreMatch(person('Smith', 'John'), person('John', 'Smith'));
    expect(atLeast('probable')(result.grade)).toBe(true);
    expect(result.matchedOn).toContain('names:swapped');
  });

  it('finds a double-barrelled surname from one part', () => {
    const result = scoreMatch(person('Ann', 'Jones'), person('Ann', 'Smith-Jones'));
    expect(atLeast('probable')(result.grade)).toBe(true);
    expect(result.matchedOn).toContain('familyName');
  });

  it('finds a previous surname held as another name', () => {
    const result = scoreMatch(person('Mary', 'Jones'), person('Mary', 'Smith', { otherNames: ['Jones'] }));
    expect(atLeast('probable')(result.grade)).toBe(true);
    expect(result.matchedOn).toContain('familyName:otherName');
  });

  it('matches a day/month swapped date of birth, a little below the exact one', () => {
    const swapped = scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jones', { dateOfBirth: '2015-04-03' }));
    expect(atLeast('probable')(swapped.grade)).toBe(true);
    expect(swapped.matchedOn).toContain('dateOfBirth:swapped');
    expect(swapped.score).toBeLessThan(scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jones')).score);
  });

  it('ranks exact over swapped over a one-digit date typo over a near date', () => {
    const scoreFor = (dateOfBirth: string): number =>
      scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jones', { dateOfBirth })).score;
    const [exact, swapped, typo, near] = ['2015-03-04', '2015-04-03', '2015-03-07', '2015-02-28'].map(
      scoreFor,
    );
    expect(exact).toBeGreaterThan(swapped);
    expect(swapped).toBeGreaterThan(typo);
    expect(typo).toBeGreaterThan(near);
    expect(near).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('rejects a totally different person with the same date of birth', () => {
    const result = scoreMatch(person('Aisha', 'Khan'), person('John', 'Smith'));
    expect(result.grade).toBe('certainly-not');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it('rejects the same name with a date of birth five years apart, unless only one digit differs', () => {
    // 2015 typed as 2010: one wrong digit, names exact: a possible match for a person to judge, no more.
    const oneDigit = scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jones', { dateOfBirth: '2010-03-04' }));
    expect(oneDigit.grade).toBe('possible');
    expect(oneDigit.matchedOn).toContain('dateOfBirth:digit');
    // The same digit with a slip in a name as well: another child born in another year.
    expect(
      scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jomes', { dateOfBirth: '2010-03-04' })).score,
    ).toBeLessThan(MATCH_THRESHOLD);
    expect(
      scoreMatch(person('Ann', 'Jones'), person('Ann', 'Jones', { dateOfBirth: '2010-08-21' })).score,
    ).toBeLessThan(MATCH_THRESHOLD);
  });

  it('finds a slip in both names when the date of birth agrees, and ranks it below the exact record', () => {
    const slipped = scoreMatch(person('Olivia', 'Thompson'), person('Olivai', 'Thomspon'));
    expect(slipped.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(slipped.score).toBeLessThan(scoreMatch(person('Olivia', 'Thompson'), person('Olivia', 'Thompson')).score);
    // Short names, one slip each: still found.
    expect(scoreMatch(person('Mia', 'Khan'), person('Mai', 'Kahn')).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    // One slip in each name AND a date years out: not the same child.
    expect(
      scoreMatch(person('Olivia', 'Thompson'), person('Olivai', 'Thomspon', { dateOfBirth: '2005-03-04' })).score,
    ).toBeLessThan(MATCH_THRESHOLD);
  });

  it('does not match twins: same family name and date, different given name', () => {
    expect(scoreMatch(person('Oliver', 'Smith'), person('Amelia', 'Smith')).score).toBeLessThan(
      MATCH_THRESHOLD,
    );
  });

  it('reduces strongly on a known gender mismatch, but not on not-known', () => {
    const male = person('Jesse', 'Smith', { gender: 'male' });
    expect(scoreMatch(male, person('Jesse', 'Smith', { gender: 'female' })).score).toBeLessThan(
      MATCH_THRESHOLD,
    );
    expect(scoreMatch(male, person('Jesse', 'Smith', { gender: 'not-known' })).grade).toBe('certain');
    expect(scoreMatch(male, person('Jesse', 'Smith', { gender: 'male' })).matchedOn).toContain('gender');
  });

  it('adds a little for an equal postcode or district, and absence of a match hurts nothing', () => {
    const query = person('Jonh', 'Smith', { postcode: 'B11 2AB' });
    const base = scoreMatch(query, person('John', 'Smith')).score;
    const moved = scoreMatch(query, person('John', 'Smith', { postcode: 'LS1 4AP' })).score;
    const district = scoreMatch(query, person('John', 'Smith', { postcode: 'b11 9zz' }));
    const same = scoreMatch(query, person('John', 'Smith', { postcode: 'b112ab' }));
    expect(moved).toBe(base);
    expect(district.score).toBeGreaterThan(base);
    expect(district.matchedOn).toContain('postcode:district');
    expect(same.score).toBeGreaterThan(district.score);
    expect(same.matchedOn).toContain('postcode');
  });

  it('treats missing fields as neither match nor mismatch', () => {
    const namesOnly = scoreMatch({ givenName: 'Ann', familyName: 'Jones' }, person('Ann', 'Jones'));
    expect(namesOnly.grade).toBe('possible');
    const familyAndDate = scoreMatch({ familyName: 'Jones', dateOfBirth: DOB }, person('Ann', 'Jones'));
    expect(familyAndDate.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    const dateAndPostcodeOnly = scoreMatch(
      { dateOfBirth: DOB, postcode: 'B11 2AB' },
      person('Ann', 'Jones', { postcode: 'B11 2AB' }),
    );
    expect(dateAndPostcodeOnly.score).toBeLessThan(MATCH_THRESHOLD);
  });

  describe('identifiers', () => {
    const stored = person('Ann', 'Jones', { nhsNumber: '9434765919', upn: 'A12345678901B' });

    it('is certain on an equal NHS number alone, whatever its spacing', () => {
      const result = scoreMatch({ nhsNumber: '943 476 5919' }, stored);
      expect(result.grade).toBe('certain');
      expect(result.matchedOn).toEqual(['nhsNumber']);
    });

    it('is certain on an equal UPN in any case', () => {
      expect(scoreMatch({ upn: 'a12345678901b', familyName: 'Jones' }, stored).grade).toBe('certain');
    });

    it('is reduced by a conflicting date of birth and names, but still shown for a person to judge', () => {
      const conflicting = scoreMatch(
        { nhsNumber: '9434765919', givenName: 'Bob', familyName: 'Brown', dateOfBirth: '2001-01-01' },
        stored,
      );
      const dateOnly = scoreMatch({ nhsNumber: '9434765919', dateOfBirth: '2009-11-20' }, stored);
      expect(conflicting.grade).toBe('possible');
      expect(dateOnly.score).toBeLessThan(1);
      expect(dateOnly.score).toBeGreaterThan(conflicting.score);
    });

    it('does not let different NHS numbers be more than possible', () => {
      const result = scoreMatch(person('Ann', 'Jones', { nhsNumber: '4010232137' }), stored);
      expect(result.grade).toBe('possible');
      expect(result.matchedOn).not.toContain('nhsNumber');
    });
  });

  it('never puts values in matchedOn', () => {
    const result = scoreMatch(
      person('Ann', 'Jones', { nhsNumber: '9434765919', postcode: 'B11 2AB' }),
      person('Ann', 'Jones', { nhsNumber: '9434765919', postcode: 'B11 2AB' }),
    );
    expect(result.matchedOn.join(' ')).not.toMatch(/ann|jones|943|B11|2015/i);
  });
});
