import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countInWindow, windowVerdict } from '@cp/database';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';

/** An LA over its route-lookup limit: answered with a signed refusal 'rate-limited' and when to retry. */
export class RouteRateLimitedError extends Error {
  constructor(
    readonly laCode: string,
    readonly limit: number,
    readonly windowSeconds: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `Route lookups are limited to ${limit} per ${windowSeconds} s per LA; try again in ${retryAfterSeconds} s`,
    );
  }
}

/**
 * The hub's per-LA limit on route lookups (anti-trawl): counted per LA over ROUTE_LOOKUP_RATE_LIMIT_WINDOW_SECONDS
 * in PostgreSQL, so every hub process of the queue group counts in the same window. A refused lookup is
 * logged with the LA code and kept (route_lookup_refusal) for the operators' console; nothing else of it is.
 */
@Injectable()
export class RouteRateLimitService {
  private readonly logger = new Logger(RouteRateLimitService.name);

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly dataSource: DataSource,
  ) {}

  /** Counts one lookup by `laCode`; throws RouteRateLimitedError when it is over the limit. */
  async admit(laCode: string): Promise<void> {
    const limit = this.settings.ROUTE_LOOKUP_RATE_LIMIT;
    const windowSeconds = this.settings.ROUTE_LOOKUP_RATE_LIMIT_WINDOW_SECONDS;
    const verdict = windowVerdict(
      await countInWindow(this.dataSource, `route:${laCode}`, windowSeconds),
      limit,
    );
    if (verdict.allowed) return;
    await this.dataSource.query(
      `INSERT INTO route_lookup_refusal (la_code, reason, retry_after_seconds) VALUES ($1, 'rate-limited', $2)`,
      [laCode, verdict.retryAfterSeconds],
    );
    this.logger.warn(
      `LA ${laCode} is over its route-lookup limit (${limit} per ${windowSeconds} s): refused, retry after ${verdict.retryAfterSeconds} s`,
    );
    throw new RouteRateLimitedError(laCode, limit, windowSeconds, verdict.retryAfterSeconds);
  }
}
