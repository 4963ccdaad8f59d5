import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { ReplayCache } from './replay-cache';

describe('canonicalJson', () => {
  it('does not depend on key order and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
});

describe('ReplayCache', () => {
  it('refuses a nonce twice within the window and forgets it after', () => {
    const cache = new ReplayCache(1000);
    expect(cache.remember('E09000033', 'n1', 0)).toBe(true);
    expect(cache.remember('E09000033', 'n1', 500)).toBe(false);
    expect(cache.remember('E09000001', 'n1', 500)).toBe(true);
    expect(cache.remember('E09000033', 'n1', 2001)).toBe(true);
    expect(cache.size).toBe(2); // the first A entry expired; B (seen at 500) and the new A remain
  });
});
