import fc from 'fast-check';
import { retryAfterSeconds, windowVerdict } from './fixed-window';

describe('windowVerdict', () => {
  it('allows exactly the first `limit` attempts of a window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 20_000 }), (limit, hits) => {
        const verdict = windowVerdict({ hits, secondsLeft: 30 }, limit);
        expect(verdict.allowed).toBe(hits <= limit);
        if (verdict.allowed) expect(verdict.remaining).toBe(limit - hits);
      }),
    );
  });

  it('tells a refused attempt to wait whole seconds, at least 1 and no more than the window has left', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 3600, noNaN: true }), (secondsLeft) => {
        const verdict = windowVerdict({ hits: 3, secondsLeft }, 2);
        expect(verdict.allowed).toBe(false);
        if (verdict.allowed) return;
        expect(Number.isInteger(verdict.retryAfterSeconds)).toBe(true);
        expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(Math.max(1, Math.ceil(secondsLeft)));
        expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(secondsLeft);
      }),
    );
  });

  it('answers 1 second for a value that is not a number', () => {
    expect(retryAfterSeconds(Number.NaN)).toBe(1);
    expect(retryAfterSeconds(59.2)).toBe(60);
  });
});
