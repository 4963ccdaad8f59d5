import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit } from './group-commit';

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

  constructor(private readonly dataSource: DataSource) {}

  /** Records a route; resolves once it is committed (the forward may then claim it). */
  recordRoute(row: RouteRow): Promise<void> {
    return this.inserts.submit(row);
  }

  /** Records what a forward step got back; resolves once committed. */
  recordForward(result: ForwardResult): Promise<void> {
    return this.completions.submit(result);
  }
}
