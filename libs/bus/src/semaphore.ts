/**
 * At most `limit` holders at once; the rest wait in arrival order. The hub's per-LA pull loops share one
 * per kind of message: each LA has at most one message in flight, so a flooding LA holds at most one
 * place in the queue, and the handlers together never take more database connections than the pool has.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number >= 1');
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The place passes straight to the next in line (active stays the same), or is freed.
      if (next) next();
      else this.active -= 1;
    }
  }
}
