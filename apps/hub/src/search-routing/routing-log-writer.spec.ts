import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RoutingLogWriter } from './routing-log-writer';

/**
 * The claim statement's rule, in memory (the e2e tests run the real statement on PostgreSQL): a route
 * row is taken once, by its own LA, while 'routed'.
 */
function fakeLog(routes: Map<string, { fromLa: string; outcome: string }>): DataSource {
  const query = async (sql: string, parameters: unknown[]) => {
    await new Promise((resolve) => setImmediate(resolve));
    if (!sql.includes("SET outcome = 'forwarded'")) return [];
    const claims = JSON.parse(parameters[0] as string) as { route_id: string; from_la: string }[];
    const rows = [];
    for (const claim of claims) {
      const route = routes.get(claim.route_id);
      if (!route || route.fromLa !== claim.from_la || route.outcome !== 'routed') continue;
      route.outcome = 'forwarded';
      rows.push({
        route_id: claim.route_id,
        from_la: claim.from_la,
        to_las: ['E08000025'],
        correlation_id: 'c',
      });
    }
    return [rows, rows.length];
  };
  return { query } as unknown as DataSource;
}

describe('claiming routes in group commits', () => {
  it('a route is taken once, by its own LA, even when its claims share one statement', async () => {
    const routeId = randomUUID();
    const other = randomUUID();
    const routes = new Map([
      [routeId, { fromLa: 'E09000033', outcome: 'routed' }],
      [other, { fromLa: 'E09000033', outcome: 'routed' }],
    ]);
    const writer = new RoutingLogWriter(fakeLog(routes));
    // The first claim goes alone; the next four queue behind it and go together.
    const results = await Promise.all([
      writer.claimRoute(other, 'E09000033'),
      writer.claimRoute(routeId, 'E10000016'),
      writer.claimRoute(routeId, 'E09000033'),
      writer.claimRoute(routeId, 'E09000033'),
      writer.claimRoute(randomUUID(), 'E09000033'),
    ]);
    expect(results.map((result) => result !== undefined)).toEqual([true, false, true, false, false]);
    expect(results[2]).toEqual({ candidates: new Set(['E08000025']), correlationId: 'c' });
    expect(await writer.claimRoute(routeId, 'E09000033')).toBeUndefined();
  });
});
