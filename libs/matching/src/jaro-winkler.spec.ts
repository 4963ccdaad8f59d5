import fc from 'fast-check';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler';
import { jaroWinkler } from './jaro-winkler';

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('property: exactly the values of talisman, which it replaces, on any strings either way round', () => {
    const name = fc.string({ unit: fc.constantFrom(...'aabeilmnorsty'), maxLength: 14 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(jaroWinkler(a, b)).toBe(talismanJaroWinkler(a, b));
        expect(jaroWinkler(b, a)).toBe(talismanJaroWinkler(b, a));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), fc.string({ maxLength: 70 }), (a, b) => {
        expect(jaroWinkler(a, b)).toBe(talismanJaroWinkler(a, b));
      }),
      { numRuns: 1000 },
    );
  });
});
