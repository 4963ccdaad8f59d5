import fc from 'fast-check';
import { nameTokens, normaliseName } from './normalise';

describe('normaliseName', () => {
  it.each([
    ['  Smith-Jones ', 'smith jones'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Zoë  Åsa', 'zoe asa'],
    ['JOSÉ', 'jose'],
    ['Bjørn Straße', 'bjorn strasse'],
    ['Mary--Ann', 'mary ann'],
    ['St. John', 'st john'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('is idempotent for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const once = normaliseName(text);
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves upper case, apostrophes, hyphens or doubled spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const result = normaliseName(text);
        expect(result).not.toMatch(/['’-]| {2}|^ | $/);
        expect(result).toBe(result.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nameTokens', () => {
  it('splits double-barrelled names and drops apostrophes', () => {
    expect(nameTokens('Smith-Jones')).toEqual(['smith', 'jones']);
    expect(nameTokens("O'Brien")).toEqual(['obrien']);
    expect(nameTokens('  Mary  Ann ')).toEqual(['mary', 'ann']);
  });

  it('gives no tokens for a name with no letters', () => {
    expect(nameTokens(' - ')).toEqual([]);
    expect(nameTokens('')).toEqual([]);
  });
});
