import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FederationHealthService } from '../operations/federation-health/federation-health.service';
import { NODE_STATES } from '../operations/federation-health/node-state';
import { SearchMetricsCollector } from './search-metrics.collector';

/**
 * The hub's Prometheus metrics: process defaults plus the operators' console figures. Labels carry LA
 * codes and outcomes only, never personal data. One registry per app (not prom-client's global one).
 */
@Injectable()
export class HubMetricsService {
  readonly registry = new Registry();
  private readonly nodeState = this.gauge('cp_hub_node_state', 'Node state: 1 for its current state', [
    'la',
    'state',
  ]);
  private readonly lastSeen = this.gauge(
    'cp_hub_node_last_seen_age_seconds',
    'Seconds since the node was last heard from (-1: never)',
    ['la'],
  );
  private readonly indexLag = this.gauge('cp_hub_index_lag_seconds', 'Lag of the last applied index event', [
    'la',
  ]);
  private readonly indexEntries = this.gauge(
    'cp_hub_index_entries',
    'Locator index entries held for the LA',
    ['la'],
  );
  private readonly resyncNeeded = this.gauge(
    'cp_hub_index_resync_needed',
    '1 while a resync of the LA is outstanding',
    ['la'],
  );
  private readonly certDaysLeft = this.gauge(
    'cp_hub_certificate_days_left',
    "Days left on the LA's current certificate (-1: none)",
    ['la'],
  );
  private readonly certExpiring = this.gauge(
    'cp_hub_certificate_expiring',
    '1 when under the warning days, expired, revoked or missing',
    ['la'],
  );
  private readonly rateLimited = this.gauge(
    'cp_hub_route_lookups_rate_limited_last_hour',
    "Route lookups refused by the hub's per-LA rate limit in the last hour",
    ['la'],
  );
  private readonly revoked = this.gauge(
    'cp_hub_revoked_certificates',
    'Revoked certificates (LAs, hub, operators)',
    [],
  );
  private readonly busConnected = this.gauge(
    'cp_hub_index_feed_connected',
    '1 while the index feed has its bus connection',
    [],
  );
  private readonly handoversAvailable = this.gauge(
    'cp_hub_handovers_available',
    '1 when handover figures are available',
    [],
  );
  private readonly handoversInFlight = this.gauge(
    'cp_hub_handovers_in_flight',
    'Handovers not yet finished',
    [],
  );
  private readonly handoversStuck = this.gauge(
    'cp_hub_handovers_stuck',
    'Handovers that have not moved for too long',
    [],
  );
  private readonly routes = new Counter({
    name: 'cp_hub_search_routes_total',
    help: 'Cross-boundary searches routed by the hub, by outcome (from the shared routing log)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'cp_hub_search_duration_seconds',
    help: 'Index lookup plus forward of a cross-boundary search at the hub',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });

  constructor(
    private readonly health: FederationHealthService,
    private readonly searches: SearchMetricsCollector,
  ) {
    collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['answered', 'partial', 'no-candidates', 'abandoned'])
      this.routes.inc({ outcome }, 0);
  }

  private gauge(name: string, help: string, labelNames: string[]): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Brings every figure up to date, then renders the exposition text. */
  async render(now = new Date()): Promise<string> {
    const [overview, completed] = await Promise.all([
      this.health.overview(now),
      this.searches.completedSinceLastRead(now),
    ]);
    for (const gauge of [
      this.nodeState,
      this.lastSeen,
      this.indexLag,
      this.indexEntries,
      this.resyncNeeded,
      this.certDaysLeft,
      this.certExpiring,
      this.rateLimited,
    ])
      gauge.reset();
    for (const node of overview.nodes) {
      const la = node.laCode;
      for (const state of NODE_STATES) this.nodeState.set({ la, state }, node.state === state ? 1 : 0);
      this.lastSeen.set({ la }, node.silentSeconds ?? -1);
      this.indexLag.set({ la }, node.index.lagSeconds ?? 0);
      this.indexEntries.set({ la }, node.index.entries);
      this.resyncNeeded.set({ la }, node.index.resyncNeeded ? 1 : 0);
      this.certDaysLeft.set({ la }, node.certificate.daysLeft ?? -1);
      this.certExpiring.set({ la }, node.certificate.state === 'valid' ? 0 : 1);
      this.rateLimited.set({ la }, node.search.rateLimited);
    }
    this.revoked.set(overview.revoked.length);
    this.busConnected.set(overview.bus.indexFeedConnected ? 1 : 0);
    this.handoversAvailable.set(overview.handovers.available ? 1 : 0);
    this.handoversInFlight.set(overview.handovers.inFlight);
    this.handoversStuck.set(overview.handovers.stuck);
    for (const route of completed) {
      this.routes.inc({ outcome: route.outcome });
      if (route.seconds !== null) this.duration.observe(route.seconds);
    }
    return this.registry.metrics();
  }
}
