/**
 * Coalesces writes that arrive while one is in flight into a single statement (group commit): at low load
 * each write goes alone and at once; under load, those that queued behind a write go together in the
 * next one. Every caller's promise settles only when the statement holding its item has finished (a
 * failure rejects every caller of that statement), so nothing is acknowledged before it is written.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;
  /** Statements written and the items they held, since start (how much the grouping saves). */
  readonly written = { statements: 0, items: 0 };

  /** `write` gets the items in arrival order and returns one result per item, in the same order. */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 100,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        this.written.statements += 1;
        this.written.items += batch.length;
        const results = await this.write(batch.map((entry) => entry.item));
        if (results.length !== batch.length)
          throw new Error('A group commit returned the wrong number of results');
        batch.forEach((entry, index) => entry.resolve(results[index]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
