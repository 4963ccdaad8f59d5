/**
 * A token bucket: `ratePerSecond` tokens a second, up to `burst` saved. `delayMs` says how long to wait
 * before the next one may go; `take` waits that long. Time comes from `now`, so tests need no clock.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst >= 1');
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Milliseconds until a token is free (0: one is free now). Takes the token when it is free. */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  /** Waits for a token and takes it. */
  async take(): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = now;
  }
}
