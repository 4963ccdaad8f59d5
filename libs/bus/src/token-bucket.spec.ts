import fc from 'fast-check';
import { describePublishFailure } from './streams';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then one token per 1/rate seconds', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 0]);
    expect(bucket.tryTake()).toBe(100);
    now += 100;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(100);
  });

  it('never saves more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 2, () => now);
    now += 60_000;
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0]);
    expect(bucket.tryTake()).toBeGreaterThan(0);
  });

  it('over any stretch of time, lets through at most burst + rate x seconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 200 }),
        (rate, burst, steps) => {
          let now = 0;
          const bucket = new TokenBucket(rate, burst, () => now);
          let taken = 0;
          for (const step of steps) {
            now += step;
            if (bucket.tryTake() === 0) taken += 1;
          }
          return taken <= burst + (rate * now) / 1000 + 1e-9;
        },
      ),
    );
  });

  it('refuses a rate or burst that could never let anything through', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0)).toThrow(RangeError);
  });
});

describe('describePublishFailure', () => {
  it('says what a bare 503 from JetStream means, and leaves other errors as they are', () => {
    expect(describePublishFailure(new Error('503'))).toMatch(/stream for this LA is full/);
    expect(describePublishFailure(new Error('maximum messages exceeded'))).toMatch(/limit reached/);
    expect(describePublishFailure(new Error('TIMEOUT'))).toBe('TIMEOUT');
  });
});
