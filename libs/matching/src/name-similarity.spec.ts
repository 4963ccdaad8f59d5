import fc from 'fast-check';
import { isOneEditApart } from './name-similarity';
import { MATCH_THRESHOLD, scoreMatch } from './score';

const letters = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
  minLength: 3,
  maxLength: 9,
});

/** One random slip at a position: substitute, delete, insert or exchange with the next letter. */
function slip(name: string, position: number, letter: string, kind: number): string {
  const at = position % name.length;
  if (kind === 0) return name.slice(0, at) + letter + name.slice(at + 1);
  if (kind === 1) return name.slice(0, at) + name.slice(at + 1);
  if (kind === 2) return name.slice(0, at) + letter + name.slice(at);
  const next = Math.min(at + 1, name.length - 1);
  const first = Math.min(at, next - 1);
  return name.slice(0, first) + name[first + 1] + name[first] + name.slice(first + 2);
}

describe('isOneEditApart', () => {
  it('recognises each kind of slip, in short names too', () => {
    expect(isOneEditApart('max', 'amx')).toBe(true); // exchanged
    expect(isOneEditApart('mia', 'ia')).toBe(true); // dropped
    expect(isOneEditApart('mia', 'miia')).toBe(true); // doubled
    expect(isOneEditApart('leo', 'lwo')).toBe(true); // neighbouring key
  });

  it('refuses equal names, two edits, and single letters', () => {
    expect(isOneEditApart('max', 'max')).toBe(false);
    expect(isOneEditApart('max', 'mia')).toBe(false);
    expect(isOneEditApart('oliver', 'olivia')).toBe(false);
    expect(isOneEditApart('abc', 'cab')).toBe(false);
    expect(isOneEditApart('a', 'b')).toBe(false);
  });

  it('property: any one slip of a name of three or more letters is one edit apart, either way round', () => {
    fc.assert(
      fc.property(
        letters,
        fc.nat(),
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        fc.integer({ min: 0, max: 3 }),
        (name, position, letter, kind) => {
          const slipped = slip(name, position, letter, kind);
          fc.pre(slipped !== name);
          expect(isOneEditApart(name, slipped)).toBe(true);
          expect(isOneEditApart(slipped, name)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('one slip in a short given name', () => {
  const dateOfBirth = '2015-03-04';

  it('still matches the child', () => {
    const child = { givenName: 'Max', familyName: 'Bonham', dateOfBirth };
    expect(scoreMatch({ ...child, givenName: 'Amx' }, child).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    const mia = { givenName: 'Mia', familyName: 'Begum', dateOfBirth };
    expect(scoreMatch({ ...mia, givenName: 'ia' }, mia).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('keeps the child named ahead of a twin whose name is one letter away', () => {
    const ava = { givenName: 'Ava', familyName: 'Smith', dateOfBirth };
    const eva = { givenName: 'Eva', familyName: 'Smith', dateOfBirth };
    expect(scoreMatch(ava, ava).score).toBeGreaterThan(scoreMatch(ava, eva).score + 0.1);
  });
});
