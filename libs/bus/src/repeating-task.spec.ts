import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs at once, then after the delay each run returns, one at a time, until stopped', async () => {
    const starts: number[] = [];
    let release: (() => void) | undefined;
    const task = new RepeatingTask(async () => {
      starts.push(Date.now());
      await new Promise<void>((resolve) => (release = resolve));
      return 100;
    });
    const begin = Date.now();
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([begin]);
    await jest.advanceTimersByTimeAsync(500); // still running: no second run meanwhile
    expect(starts).toHaveLength(1);
    release?.();
    await jest.advanceTimersByTimeAsync(99);
    expect(starts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([begin, begin + 600]);
    const stopped = task.stop();
    release?.();
    await stopped;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(2);
  });

  it('waits for the current run when stopped', async () => {
    let finished = false;
    const task = new RepeatingTask(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
      return 0;
    });
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    const stopped = task.stop();
    await jest.advanceTimersByTimeAsync(50);
    await stopped;
    expect(finished).toBe(true);
  });
});
