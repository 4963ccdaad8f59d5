import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SEARCH_ROUTE_TTL_MS } from '@cp/contract';
import { GroupCommit } from '@cp/database';

/** A route as the route step records it. */
export interface RouteRow {
  routeId: string;
  correlationId: string;
  fromLa: string;
  toLas: string[];
  unansweredLas: string[];
  indexEntries: number;
  outcome: 'routed' | 'no-candidates';
  receivedAt: Date;
  lookupMs: number;
}

/** What the forward step adds to its route's row. */
export interface ForwardResult {
  routeId: string;
  answeredLas: string[];
  unansweredLas: string[];
  forwardMs: number;
}

const INSERT_ROUTES = `
  INSERT INTO search_routing_log
         (route_id, correlation_id, from_la, to_las, unanswered_las, index_entries, outcome, received_at, lookup_ms)
  SELECT route_id, correlation_id, from_la, to_las, unanswered_las, index_entries, outcome, received_at, lookup_ms
    FROM jsonb_to_recordset($1::jsonb) AS r(route_id uuid, correlation_id uuid, from_la text, to_las text[],
         unanswered_las text[], index_entries int, outcome text, received_at timestamptz, lookup_ms int)`;

const COMPLETE_ROUTES = `
  UPDATE search_routing_log l
     SET answered_las = r.answered_las, unanswered_las = r.unanswered_las, forward_ms = r.forward_ms
    FROM jsonb_to_recordset($1::jsonb) AS r(route_id uuid, answered_las text[], unanswered_las text[], forward_ms int)
   WHERE l.route_id = r.route_id`;

const CLAIM_ROUTES = `
  UPDATE search_routing_log l SET outcome = 'forwarded', forwarded_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS r(route_id uuid, from_la text)
   WHERE l.route_id = r.route_id AND l.from_la = r.from_la AND l.outcome = 'routed'
     AND l.received_at > now() - make_interval(secs => $2)
  RETURNING l.route_id, l.from_la, l.to_las, l.correlation_id`;

/** An open route taken by its forward: the LAs it may go to. */
export interface ClaimedRoute {
  candidates: Set<string>;
  correlationId: string;
}

/**
 * The routing log's writes (SearchRoutingLogEntry's table), as group commits: a route step's row and a
 * forward step's outcome are each written before the step answers, but the rows of searches arriving
 * together go in one statement and one commit rather than one each (at 50 searches in flight, most of a
 * search's PostgreSQL round trips were these). Same rows, same columns, same durability as one at a time.
 */
@Injectable()
export class RoutingLogWriter {
  private readonly inserts = new GroupCommit<RouteRow, void>(async (rows) => {
    await this.dataSource.query(INSERT_ROUTES, [
      JSON.stringify(
        rows.map((row) => ({
          route_id: row.routeId,
          correlation_id: row.correlationId,
          from_la: row.fromLa,
          to_las: row.toLas,
          unanswered_las: row.unansweredLas,
          index_entries: row.indexEntries,
          outcome: row.outcome,
          received_at: row.receivedAt.toISOString(),
          lookup_ms: row.lookupMs,
        })),
      ),
    ]);
    return rows.map(() => undefined);
  });

  private readonly completions = new GroupCommit<ForwardResult, void>(async (results) => {
    await this.dataSource.query(COMPLETE_ROUTES, [
      JSON.stringify(
        results.map((result) => ({
          route_id: result.routeId,
          answered_las: result.answeredLas,
          unanswered_las: result.unansweredLas,
          forward_ms: result.forwardMs,
        })),
      ),
    ]);
    return results.map(() => undefined);
  });

  /**
   * Claims in one UPDATE. A route is single use: of several claims of one route (same LA) in a batch,
   * only the first goes into the statement, the others get nothing, as they would one after another.
   */
  private readonly claims = new GroupCommit<{ routeId: string; fromLa: string }, ClaimedRoute | undefined>(
    async (items) => {
      const first = new Map<string, number>();
      items.forEach((item, index) => {
        const key = `${item.routeId}\u0000${item.fromLa}`;
        if (!first.has(key)) first.set(key, index);
      });
      const unique = [...first.values()].map((index) => items[index]);
      const result = await this.dataSource.query<unknown[]>(CLAIM_ROUTES, [
        JSON.stringify(unique.map((item) => ({ route_id: item.routeId, from_la: item.fromLa }))),
        SEARCH_ROUTE_TTL_MS / 1000,
      ]);
      // pg answers an UPDATE ... RETURNING as [rows, count] through TypeORM.
      const rows = (Array.isArray(result[0]) ? result[0] : result) as {
        route_id: string;
        from_la: string;
        to_las: string[];
        correlation_id: string;
      }[];
      const claimed = new Map(rows.map((row) => [`${row.route_id}\u0000${row.from_la}`, row]));
      return items.map((item, index) => {
        const key = `${item.routeId}\u0000${item.fromLa}`;
        const row = first.get(key) === index ? claimed.get(key) : undefined;
        return row ? { candidates: new Set(row.to_las), correlationId: row.correlation_id } : undefined;
      });
    },
  );

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes an open route for its one forward: the asking LA's own, younger than SEARCH_ROUTE_TTL_MS, not
   * forwarded before. Claimed in the routing log itself, so any hub process may take the forward.
   */
  claimRoute(routeId: string, fromLa: string): Promise<ClaimedRoute | undefined> {
    return this.claims.submit({ routeId, fromLa });
  }

  /** Statements and rows written per kind of write since start. */
  written(): Record<'routes' | 'claims' | 'forwards', { statements: number; items: number }> {
    return { routes: this.inserts.written, claims: this.claims.written, forwards: this.completions.written };
  }

  /** Records a route; resolves once it is committed (the forward may then claim it). */
  recordRoute(row: RouteRow): Promise<void> {
    return this.inserts.submit(row);
  }

  /** Records what a forward step got back; resolves once committed. */
  recordForward(result: ForwardResult): Promise<void> {
    return this.completions.submit(result);
  }
}
