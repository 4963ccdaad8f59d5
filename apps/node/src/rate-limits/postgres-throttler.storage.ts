import type { ThrottlerStorage } from '@nestjs/throttler';
import { countInWindow, retryAfterSeconds, type Queryable } from '@cp/database';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage kept in PostgreSQL (libs/database fixed-window.ts): every node process
 * counts in the same row, so the limit holds across processes and restarts, like the sign-in limit.
 * A window lasts the throttler's ttl; over the limit, attempts are refused until the window ends.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly db: Queryable) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const count = await countInWindow(this.db, key, ttl / 1000);
    const secondsLeft = retryAfterSeconds(count.secondsLeft);
    const isBlocked = count.hits > limit;
    return {
      totalHits: count.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }
}
