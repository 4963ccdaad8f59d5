import fc from 'fast-check';
import { afterFailure, afterSuccess, isFreshStep, isLocked } from './sign-in-policy';

const policy = { threshold: 5, lockMinutes: 15 };
const now = new Date('2026-11-26T10:00:00Z');

describe('lock-out policy', () => {
  it('locks on the fifth failure in a row, for fifteen minutes', () => {
    let state = { failedAttempts: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i += 1) {
      state = afterFailure(state, now, policy);
      expect(isLocked(state, now)).toBe(false);
    }
    state = afterFailure(state, now, policy);
    expect(isLocked(state, now)).toBe(true);
    expect(isLocked(state, new Date(now.getTime() + 14 * 60_000))).toBe(true);
    expect(isLocked(state, new Date(now.getTime() + 15 * 60_000))).toBe(false);
  });

  it('a success clears the count', () => {
    expect(afterSuccess()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('never locks before the threshold, whatever the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (threshold) => {
        let state = { failedAttempts: 0, lockedUntil: null as Date | null };
        for (let i = 1; i < threshold; i += 1)
          state = afterFailure(state, now, { threshold, lockMinutes: 1 });
        expect(isLocked(state, now)).toBe(false);
        expect(isLocked(afterFailure(state, now, { threshold, lockMinutes: 1 }), now)).toBe(true);
      }),
    );
  });
});

describe('TOTP replay rule', () => {
  it('accepts the first code and refuses the same or an earlier step afterwards', () => {
    expect(isFreshStep(100, null)).toBe(true);
    expect(isFreshStep(100, 100)).toBe(false);
    expect(isFreshStep(99, 100)).toBe(false);
    expect(isFreshStep(101, 100)).toBe(true);
  });

  it('accepts exactly the steps after the last used one', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (step, last) => {
        expect(isFreshStep(step, last)).toBe(step > last);
      }),
    );
  });
});
