import fc from 'fast-check';
import { datePiecesOf, oneDeletionSpellings, tolerantMaterial } from './tolerant-material';

describe('tolerant material', () => {
  it('cuts a date into the year with the month, the year with the day, and month-day, order-free', () => {
    expect(datePiecesOf('2015-03-04').pieces).toEqual(['03-04', '2015|03', '2015|04']);
    // Day and month swapped: the same pieces and the same order-free date.
    expect(datePiecesOf('2015-04-03')).toEqual(datePiecesOf('2015-03-04'));
    expect(datePiecesOf('2015-02-30')).toEqual({ pieces: [], orderFree: [] });
    expect(datePiecesOf(undefined)).toEqual({ pieces: [], orderFree: [] });
  });

  it('property: one wrong digit of a date leaves at least one piece the same', () => {
    const date = fc
      .date({ min: new Date('2005-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((value) => value.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        date,
        fc.constantFrom(0, 1, 2, 3, 5, 6, 8, 9),
        fc.integer({ min: 0, max: 9 }),
        (day, at, digit) => {
          const slipped = `${day.slice(0, at)}${digit}${day.slice(at + 1)}`;
          const pieces = datePiecesOf(slipped).pieces;
          if (pieces.length === 0) return; // not a real date: the query is refused before it gets here
          expect(pieces.some((piece) => datePiecesOf(day).pieces.includes(piece))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: names one keyboard slip apart share a one-letter-dropped spelling', () => {
    const name = fc.stringMatching(/^[a-z]{3,12}$/);
    fc.assert(
      fc.property(
        name,
        fc.nat(),
        fc.constantFrom('change', 'drop', 'add', 'exchange'),
        (word, seed, edit) => {
          const at = seed % word.length;
          const letter = String.fromCharCode(97 + (seed % 26));
          const slipped =
            edit === 'change'
              ? word.slice(0, at) + letter + word.slice(at + 1)
              : edit === 'drop'
                ? word.slice(0, at) + word.slice(at + 1)
                : edit === 'add'
                  ? word.slice(0, at) + letter + word.slice(at)
                  : at + 1 < word.length
                    ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
                    : word;
          const ours = new Set(oneDeletionSpellings(word));
          expect(oneDeletionSpellings(slipped).some((spelling) => ours.has(spelling))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('pairs family and given codes order-free, so swapped names make the same pairs; no postcode', () => {
    const straight = tolerantMaterial({
      givenName: 'Olivia',
      familyName: 'Thompson',
      dateOfBirth: '2015-03-04',
      postcode: 'B11 2AB',
    });
    const swapped = tolerantMaterial({
      givenName: 'Thompson',
      familyName: 'Olivia',
      dateOfBirth: '2015-04-03',
    });
    expect(swapped.namePairs).toEqual(straight.namePairs);
    expect(straight.namePairs.length).toBeGreaterThan(0);
    expect(straight.orderFreeDates).toEqual(['2015|03-04']);
    expect(JSON.stringify(straight)).not.toMatch(/B11/i);
    expect(straight.familySpellings).toContain('thompson');
    expect(straight.givenSpellings).toEqual(expect.arrayContaining(['olivia', 'livia', 'olivi']));
  });
});
