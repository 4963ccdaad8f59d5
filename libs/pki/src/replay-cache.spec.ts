import { ReplayCache } from './replay-cache';

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
