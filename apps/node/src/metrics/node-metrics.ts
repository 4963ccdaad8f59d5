import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { NoAnswerReason } from '../cross-boundary-search/federated-query';

export type SearchScope = 'local' | 'cross-boundary';
/** How a search ended: the labels are codes, never criteria or ids. */
export type SearchResultLabel = 'completed' | 'hub-unreached' | 'refused' | 'unavailable' | 'failed';
export type AnswerOutcome = 'answered' | NoAnswerReason;

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SEARCH_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/**
 * The node's Prometheus metrics, in a registry of its own (never prom-client's global one), so each app
 * (and each test app in one jest process) has its own figures. Labels are route templates, codes and
 * the node's own LA code: never an id, a query value or anything about a person.
 */
export class NodeMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'cp_node_http_request_duration_seconds',
    help: 'HTTP requests by method, route template (never a raw URL) and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly searches = new Counter({
    name: 'cp_node_searches_total',
    help: 'Searches by scope (local, cross-boundary) and result',
    labelNames: ['scope', 'result'] as const,
    registers: [this.registry],
  });

  readonly searchDuration = new Histogram({
    name: 'cp_node_search_duration_seconds',
    help: 'Duration of searches by scope (cross-boundary includes this LA and the other LAs)',
    labelNames: ['scope'] as const,
    buckets: SEARCH_BUCKETS,
    registers: [this.registry],
  });

  readonly crossBoundaryAnswers = new Counter({
    name: 'cp_node_cross_boundary_answers_total',
    help: 'Other LAs a cross-boundary search was routed to, by outcome: answered, or why not (deadline, no-responder, refused, ...)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'cp_node_index_outbox_pending',
    help: 'Index changes not yet published to the hub',
    registers: [this.registry],
  });

  readonly outboxOldestAge = new Gauge({
    name: 'cp_node_index_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest unpublished index change (0 when none): the index lag as this node sees it',
    registers: [this.registry],
  });

  readonly lastPublishAge = new Gauge({
    name: 'cp_node_index_last_publish_age_seconds',
    help: 'Seconds since the last index change was published to the hub (absent until one is)',
    labelNames: ['la'] as const,
    registers: [this.registry],
  });

  readonly publishingEnabled = new Gauge({
    name: 'cp_node_index_publishing_enabled',
    help: '1 when this node publishes its index (FEDERATION_TOKEN_KEY, FEDERATION_DIR and NATS_URL set)',
    registers: [this.registry],
  });

  readonly busState = new Gauge({
    name: 'cp_node_bus_state',
    help: "The node's federation bus link: 1 for its current state (connected, disconnected, not-enrolled, not-configured)",
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly certificateDaysLeft = new Gauge({
    name: 'cp_node_federation_certificate_days_left',
    help: 'Days until the federation certificate expires (negative once expired; absent when not enrolled)',
    labelNames: ['la'] as const,
    registers: [this.registry],
  });

  readonly auditEntries = new Counter({
    name: 'cp_node_audit_entries_total',
    help: "Entries in the node's audit trail (its last sequence number)",
    registers: [this.registry],
  });

  readonly signInFailures = new Counter({
    name: 'cp_node_sign_in_failures_total',
    help: 'Refused sign-ins by reason code (wrong-password, wrong-code, unknown-user, account-locked, rate-limited, ...)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly collectionOk = new Gauge({
    name: 'cp_node_metrics_collection_ok',
    help: 'Whether the last scrape could read each source (database, certificate, bus): 1 yes, 0 no',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One HTTP request: `route` must be the route template (e.g. /api/v1/children/:id), or 'unmatched'. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe(
      { method, route, status_class: `${Math.floor(statusCode / 100)}xx` },
      Math.max(0, seconds),
    );
  }

  /** One search, from any caller (the API's interceptor, or another front end such as the web app). */
  observeSearch(
    scope: SearchScope,
    seconds: number,
    result: SearchResultLabel,
    federation?: { answered: string[]; unanswered: { reason: NoAnswerReason }[] },
  ): void {
    this.searches.inc({ scope, result });
    this.searchDuration.observe({ scope }, Math.max(0, seconds));
    if (!federation) return;
    if (federation.answered.length > 0)
      this.crossBoundaryAnswers.inc({ outcome: 'answered' }, federation.answered.length);
    for (const entry of federation.unanswered) this.crossBoundaryAnswers.inc({ outcome: entry.reason });
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
