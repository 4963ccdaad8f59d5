import fc from 'fast-check';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('never runs more than its limit at once, runs everything, in arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        async (limit, delays) => {
          const semaphore = new Semaphore(limit);
          let running = 0;
          let most = 0;
          const started: number[] = [];
          await Promise.all(
            delays.map((delay, index) =>
              semaphore.run(async () => {
                started.push(index);
                running += 1;
                most = Math.max(most, running);
                await new Promise((resolve) => setTimeout(resolve, delay));
                running -= 1;
              }),
            ),
          );
          expect(most).toBeLessThanOrEqual(limit);
          expect(started).toEqual(delays.map((_, index) => index));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('frees its place when the work fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(semaphore.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
