import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One minute of cross-boundary search routing at the hub. Counts and milliseconds only. */
export interface TrafficMinute {
  minute: string;
  searches: number;
  /** Forwarded searches at least one routed LA did not answer (deadline, no responder, refusal, bad answer). */
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface TrafficSummary {
  minutes: number;
  searches: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Per LA, over the window: how often the hub routed a search to it, and how often it did not answer. */
export interface LaTraffic {
  laCode: string;
  routed: number;
  unanswered: number;
}

interface MinuteRow {
  minute: Date;
  searches: string;
  errors: string;
  p50: number | null;
  p99: number | null;
}

/**
 * A search's duration at the hub: the index lookup plus the forward (relay and wait for answers); a search
 * the index found no candidates for has the lookup only. Routes not yet forwarded have no duration.
 * An error is a forwarded search with an unanswered LA.
 */
const DURATION = `(l.lookup_ms + coalesce(l.forward_ms, 0))`;
const COMPLETE = `l.outcome IN ('forwarded', 'no-candidates')`;
const ERROR = `(l.outcome = 'forwarded' AND cardinality(l.unanswered_las) > 0)`;

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

/** Search traffic, latency (p50, p99) and errors from the routing log, computed in SQL with percentile_cont. */
@Injectable()
export class SearchTrafficService {
  constructor(private readonly dataSource: DataSource) {}

  /** One row per minute over the last `minutes` (the current minute last), empty minutes included. */
  async perMinute(minutes: number, now = new Date()): Promise<TrafficMinute[]> {
    const rows = await this.dataSource.query<MinuteRow[]>(
      `WITH buckets AS (
         SELECT generate_series(date_trunc('minute', $2::timestamptz) - make_interval(mins => $1 - 1),
                                date_trunc('minute', $2::timestamptz), interval '1 minute') AS minute)
       SELECT b.minute,
              count(l.id) AS searches,
              count(l.id) FILTER (WHERE ${ERROR}) AS errors,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE ${COMPLETE}) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE ${COMPLETE}) AS p99
         FROM buckets b
         LEFT JOIN search_routing_log l
           ON l.received_at >= b.minute AND l.received_at < b.minute + interval '1 minute'
                AND l.received_at <= $2
        GROUP BY b.minute
        ORDER BY b.minute`,
      [minutes, now],
    );
    return rows.map((row) => ({
      minute: row.minute.toISOString(),
      searches: Number(row.searches),
      errors: Number(row.errors),
      p50Ms: round(row.p50),
      p99Ms: round(row.p99),
    }));
  }

  /** The whole window at once (percentiles over every search in it, not an average of minutes). */
  async summary(minutes: number, now = new Date()): Promise<TrafficSummary> {
    const [row] = await this.dataSource.query<Omit<MinuteRow, 'minute'>[]>(
      `SELECT count(l.id) AS searches,
              count(l.id) FILTER (WHERE ${ERROR}) AS errors,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE ${COMPLETE}) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ${DURATION}) FILTER (WHERE ${COMPLETE}) AS p99
         FROM search_routing_log l
        WHERE l.received_at > $2::timestamptz - make_interval(mins => $1) AND l.received_at <= $2`,
      [minutes, now],
    );
    const searches = Number(row.searches);
    const errors = Number(row.errors);
    return {
      minutes,
      searches,
      errors,
      errorRate: searches > 0 ? Math.round((errors / searches) * 10_000) / 10_000 : null,
      p50Ms: round(row.p50),
      p99Ms: round(row.p99),
    };
  }

  /** Per LA: searches routed to it and those it left unanswered, over the window. */
  async perLa(minutes: number, now = new Date()): Promise<LaTraffic[]> {
    const rows = await this.dataSource.query<{ la_code: string; routed: string; unanswered: string }[]>(
      `WITH recent AS (
         SELECT to_las, unanswered_las FROM search_routing_log
          WHERE received_at > $2::timestamptz - make_interval(mins => $1) AND received_at <= $2
            AND outcome = 'forwarded'),
       routed AS (SELECT unnest(to_las) AS la_code FROM recent),
       missed AS (SELECT split_part(unnest(unanswered_las), ':', 1) AS la_code FROM recent)
       SELECT la_code, sum(r) AS routed, sum(u) AS unanswered
         FROM (SELECT la_code, 1 AS r, 0 AS u FROM routed UNION ALL SELECT la_code, 0, 1 FROM missed) x
        GROUP BY la_code ORDER BY la_code`,
      [minutes, now],
    );
    return rows.map((row) => ({
      laCode: row.la_code,
      routed: Number(row.routed),
      unanswered: Number(row.unanswered),
    }));
  }

  /** Per LA: its route lookups refused by the hub's per-LA rate limit over the window (route_lookup_refusal). */
  async rateLimitedPerLa(minutes: number, now = new Date()): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ la_code: string; refused: string }[]>(
      `SELECT la_code, count(*) AS refused FROM route_lookup_refusal
        WHERE refused_at > $2::timestamptz - make_interval(mins => $1) AND refused_at <= $2
          AND reason = 'rate-limited'
        GROUP BY la_code`,
      [minutes, now],
    );
    return new Map(rows.map((row) => [row.la_code, Number(row.refused)]));
  }
}
