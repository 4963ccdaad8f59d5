import fc from 'fast-check';
import { GroupCommit } from './group-commit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit of routing log writes', () => {
  it('writes alone when nothing is in flight, and together what queued behind a write', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => item * 10);
    });
    const first = commit.submit(1);
    const queued = [commit.submit(2), commit.submit(3), commit.submit(4)];
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(queued)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('settles no caller before its batch is written, and rejects every caller of a failed batch', async () => {
    let written = false;
    const failing = new GroupCommit<number, void>(async () => {
      await tick();
      written = true;
      throw new Error('database down');
    });
    const calls = [failing.submit(1), failing.submit(2)];
    const settled = await Promise.allSettled(calls);
    expect(written).toBe(true);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    // The next write is attempted afresh.
    const healthy = new GroupCommit<number, number>((items) => Promise.resolve(items));
    expect(await healthy.submit(5)).toBe(5);
  });

  it('every item is written exactly once, in order, each caller gets its own result (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        async (gaps, maxBatch) => {
          const written: number[] = [];
          const commit = new GroupCommit<number, string>(async (items) => {
            expect(items.length).toBeLessThanOrEqual(maxBatch);
            await tick();
            written.push(...items);
            return items.map((item) => `r${item}`);
          }, maxBatch);
          const calls: Promise<string>[] = [];
          for (const [index, gap] of gaps.entries()) {
            calls.push(commit.submit(index));
            for (let n = 0; n < gap; n++) await tick();
          }
          const results = await Promise.all(calls);
          expect(results).toEqual(gaps.map((_, index) => `r${index}`));
          expect(written).toEqual(gaps.map((_, index) => index));
        },
      ),
      { numRuns: 50 },
    );
  });
});
