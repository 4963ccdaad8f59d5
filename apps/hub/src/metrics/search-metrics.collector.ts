import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';

/** How a cross-boundary search ended at the hub. */
export type RouteOutcome = 'answered' | 'partial' | 'no-candidates' | 'abandoned';

export interface CompletedRoute {
  outcome: RouteOutcome;
  /** Lookup plus forward, in seconds; null for an abandoned route (never forwarded). */
  seconds: number | null;
}

/** A route is open for a forward this long (search-routing); after it, an unforwarded route is abandoned. */
const ROUTE_OPEN_MS = 30_000;
/** Rows are read only once they can no longer change: the longest answer deadline plus a margin. */
const SETTLE_MARGIN_MS = 5_000;

/**
 * Reads the searches that finished since the last scrape from the shared routing log, so every hub process
 * counts what all of them routed (aggregate across hub instances with max, not sum). A row is read once its
 * outcome can no longer change, so counters only ever grow; they start at zero when the process starts.
 */
@Injectable()
export class SearchMetricsCollector {
  private cursor = new Date();

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly dataSource: DataSource,
  ) {}

  async completedSinceLastRead(now = new Date()): Promise<CompletedRoute[]> {
    const settled = new Date(now.getTime() - this.settings.SEARCH_ANSWER_DEADLINE_MS - SETTLE_MARGIN_MS);
    if (settled <= this.cursor) return [];
    const from = this.cursor;
    const rows = await this.dataSource.query<{ outcome: string; partial: boolean; ms: number | null }[]>(
      `SELECT outcome, cardinality(unanswered_las) > 0 AS partial,
              CASE WHEN outcome = 'routed' THEN NULL ELSE lookup_ms + coalesce(forward_ms, 0) END AS ms
         FROM search_routing_log
        WHERE (outcome = 'forwarded' AND forwarded_at > $1 AND forwarded_at <= $2)
           OR (outcome = 'no-candidates' AND received_at > $1 AND received_at <= $2)
           OR (outcome = 'routed' AND received_at > $1::timestamptz - $3 * interval '1 millisecond'
                                  AND received_at <= $2::timestamptz - $3 * interval '1 millisecond')`,
      [from, settled, ROUTE_OPEN_MS],
    );
    this.cursor = settled;
    return rows.map((row) => ({
      outcome:
        row.outcome === 'routed'
          ? 'abandoned'
          : row.outcome === 'no-candidates'
            ? 'no-candidates'
            : row.partial
              ? 'partial'
              : 'answered',
      seconds: row.ms === null ? null : row.ms / 1000,
    }));
  }
}
