import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { NodeSearchBus } from '../cross-boundary-search/node-search-bus';
import { FederationCertificateStore } from '../federation/certificate-store';
import { certificateDaysLeft, certificateSummary } from '../federation/certificate-summary';
import { probeBus, type BusState } from '../health/bus-state';
import { IndexOutboxService } from '../index-outbox/index-outbox.service';
import { NodeMetrics } from './node-metrics';

const BUS_STATES: BusState['state'][] = ['connected', 'disconnected', 'not-enrolled', 'not-configured'];
/** Where the sign-in refusals are audited from (SignInService's route in the refusal's detail). */
const SIGN_IN_ROUTE = 'AuthController.signIn';

/**
 * Reads, at each scrape, the figures that live in the database, the certificate store and the bus link.
 * Audit counts are incremental: each scrape reads only entries appended since the last (the audit trail
 * is append-only and its sequence has no gaps), so a large trail is scanned once per process.
 */
@Injectable()
export class MetricsCollector {
  private readonly logger = new Logger(MetricsCollector.name);
  private readonly store: FederationCertificateStore;
  private auditCursor = 0;
  private refreshing?: Promise<void>;

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly metrics: NodeMetrics,
    private readonly dataSource: DataSource,
    private readonly searchBus: NodeSearchBus,
    private readonly outbox: IndexOutboxService,
  ) {
    this.store = new FederationCertificateStore(settings.FEDERATION_DIR ?? '');
  }

  /** Brings the scrape-time figures up to date; concurrent scrapes share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshAll(): Promise<void> {
    const now = new Date();
    await Promise.all([
      this.part('database', () => this.readDatabase(now)),
      this.part('certificate', () => Promise.resolve(this.readCertificate(now))),
      this.part('bus', () => this.readBus()),
    ]);
  }

  private async part(source: string, read: () => Promise<void>): Promise<void> {
    try {
      await read();
      this.metrics.collectionOk.set({ source }, 1);
    } catch (error) {
      this.metrics.collectionOk.set({ source }, 0);
      this.logger.warn(
        `Metrics: could not read ${source} (${error instanceof Error ? error.name : 'unknown'})`,
      );
    }
  }

  private async readDatabase(now: Date): Promise<void> {
    const la = this.settings.NODE_LA_CODE;
    const [pending] = await this.dataSource.query<{ pending: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS pending, min(created_at) AS oldest FROM index_outbox WHERE published_at IS NULL`,
    );
    const [published] = await this.dataSource.query<{ at: Date | null }[]>(
      `SELECT max(published_at) AS at FROM index_outbox WHERE published_at IS NOT NULL`,
    );
    this.metrics.outboxPending.set(pending.pending);
    this.metrics.outboxOldestAge.set(
      pending.oldest ? Math.max(0, (now.getTime() - pending.oldest.getTime()) / 1000) : 0,
    );
    this.metrics.lastPublishAge.reset();
    if (published?.at)
      this.metrics.lastPublishAge.set({ la }, Math.max(0, (now.getTime() - published.at.getTime()) / 1000));
    await this.readAudit();
  }

  private async readAudit(): Promise<void> {
    const [top] = await this.dataSource.query<{ top: string | null }[]>(
      `SELECT max(sequence)::text AS top FROM audit_entry`,
    );
    const last = Number(top?.top ?? 0);
    if (last <= this.auditCursor) return;
    const failures = await this.dataSource.query<{ reason: string | null; n: number }[]>(
      `SELECT detail->>'reason' AS reason, count(*)::int AS n FROM audit_entry
        WHERE sequence > $1 AND sequence <= $2 AND action = 'access.refused' AND detail->>'route' = $3
        GROUP BY 1`,
      [this.auditCursor, last, SIGN_IN_ROUTE],
    );
    for (const row of failures) this.metrics.signInFailures.inc({ reason: row.reason ?? 'unknown' }, row.n);
    this.metrics.auditEntries.inc(last - this.auditCursor);
    this.auditCursor = last;
  }

  private readCertificate(now: Date): void {
    const summary = certificateSummary(
      this.store,
      { laCode: this.settings.NODE_LA_CODE, federationDir: this.settings.FEDERATION_DIR },
      now,
    );
    this.metrics.certificateDaysLeft.reset();
    const days = certificateDaysLeft(summary, now);
    if (days !== undefined) this.metrics.certificateDaysLeft.set({ la: summary.laCode }, days);
  }

  private async readBus(): Promise<void> {
    const enabled = this.outbox.indexing && !!this.settings.NATS_URL && !!this.settings.FEDERATION_DIR;
    this.metrics.publishingEnabled.set(enabled ? 1 : 0);
    const { state } = await probeBus(this.settings, this.searchBus);
    for (const candidate of BUS_STATES)
      this.metrics.busState.set({ state: candidate }, candidate === state ? 1 : 0);
  }
}
