import fc from 'fast-check';
import { compareDatesOfBirth, isValidDateOfBirth, swappedDateOfBirth } from './date-of-birth';

describe('dates of birth', () => {
  it('accepts real calendar dates only', () => {
    expect(isValidDateOfBirth('2016-02-29')).toBe(true);
    expect(isValidDateOfBirth('2015-02-29')).toBe(false);
    expect(isValidDateOfBirth('2015-13-01')).toBe(false);
    expect(isValidDateOfBirth('2015-1-01')).toBe(false);
    expect(isValidDateOfBirth('04/03/2015')).toBe(false);
  });

  it('swaps day and month when the result is a different valid date', () => {
    expect(swappedDateOfBirth('2015-03-04')).toBe('2015-04-03');
    expect(swappedDateOfBirth('2015-03-03')).toBeUndefined();
    expect(swappedDateOfBirth('2015-03-24')).toBeUndefined();
    expect(swappedDateOfBirth('nonsense')).toBeUndefined();
  });

  it.each([
    ['2015-03-04', '2015-03-04', 'exact'],
    ['2015-03-04', '2015-04-03', 'swapped'],
    ['2015-03-04', '2015-03-07', 'typo'],
    ['2015-03-04', '2016-03-04', 'typo'],
    ['2015-03-12', '2015-03-21', 'typo'],
    ['2015-03-04', '2015-02-28', 'near'],
    ['2015-03-04', '2010-03-04', 'digit'],
    ['2015-03-04', '2005-03-04', 'digit'],
    ['2015-03-04', '2005-03-05', 'none'],
    ['2015-03-04', '2015-09-19', 'none'],
    ['2015-03-04', 'not a date', 'none'],
  ])('%s vs %s is %s', (a, b, expected) => {
    expect(compareDatesOfBirth(a, b)).toBe(expected);
  });

  it('compares symmetrically', () => {
    const date = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, (a, b) => {
        expect(compareDatesOfBirth(a, b)).toBe(compareDatesOfBirth(b, a));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('dates of birth two or more calendar years apart', () => {
  const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
  const iso = (date: Date) => date.toISOString().slice(0, 10);

  it('property: agree in nothing, and anything closer is judged on the dates themselves', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const agreement = compareDatesOfBirth(iso(a), iso(b));
        const yearsApart = Math.abs(a.getUTCFullYear() - b.getUTCFullYear());
        const digitsApart = [...iso(a)].filter((char, at) => char !== iso(b)[at]).length;
        // Years apart: one differing digit at most ('digit', left to the names to confirm), else nothing.
        if (yearsApart >= 2) expect(agreement).toBe(digitsApart === 1 ? 'digit' : 'none');
        if (agreement === 'digit') expect(digitsApart).toBe(1);
        // Every other agreement lies within TYPO_MAX_DAYS (400 days).
        if (agreement !== 'none' && agreement !== 'digit')
          expect(Math.abs(a.getTime() - b.getTime())).toBeLessThanOrEqual(400 * 86_400_000);
      }),
      { numRuns: 2000 },
    );
    expect(compareDatesOfBirth('2015-12-31', '2016-01-01')).toBe('near');
    expect(compareDatesOfBirth('2015-03-04', '2016-03-04')).toBe('typo');
    expect(compareDatesOfBirth('2015-03-04', '2017-03-04')).toBe('digit');
    expect(compareDatesOfBirth('2015-03-04', '2017-04-04')).toBe('none');
  });
});
