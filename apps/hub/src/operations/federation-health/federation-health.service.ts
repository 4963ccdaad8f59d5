import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isLaCode } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { IndexBusConnection } from '../../locator-index/index-bus-connection';
import {
  HANDOVER_HEALTH_SOURCE,
  HANDOVERS_NOT_AVAILABLE,
  type HandoverHealth,
  type HandoverHealthSource,
} from './handover-health.source';
import { certificateStateOf, nodeStateOf, type CertificateState, type NodeState } from './node-state';
import { SearchTrafficService, type TrafficSummary } from './search-traffic.service';

/** One LA's node as the operators see it. LA codes, counts, times and serials: no personal data. */
export interface NodeHealth {
  laCode: string;
  /** The name given at enrolment (the operator's token, else the node's request); null when none was. */
  laName: string | null;
  state: NodeState;
  lastSeenAt: string | null;
  silentSeconds: number | null;
  index: {
    entries: number;
    lastSyncAt: string | null;
    lagSeconds: number | null;
    resyncNeeded: boolean;
    lastSnapshotCompletedAt: string | null;
  };
  certificate: {
    state: CertificateState;
    serial: string | null;
    notAfter: string | null;
    daysLeft: number | null;
  };
  /** Over the last hour: searches routed to it, left unanswered, and its route lookups refused as rate-limited. */
  search: { routed: number; unanswered: number; rateLimited: number };
}

export interface RevokedCertificate {
  serial: string;
  subject: string;
  reason: string;
  revokedAt: string;
}

export interface FederationOverview {
  generatedAt: string;
  thresholds: { lateAfterSeconds: number; downAfterSeconds: number; certificateWarningDays: number };
  bus: { indexFeedConnected: boolean };
  counts: Record<NodeState, number>;
  nodes: NodeHealth[];
  revoked: RevokedCertificate[];
  search: TrafficSummary;
  handovers: HandoverHealth;
}

interface NodeRow {
  la_code: string;
  la_name: string | null;
  last_seen_at: Date | null;
  last_applied_at: Date | null;
  last_lag_ms: number | null;
  resync_needed_since: Date | null;
  last_snapshot_completed_at: Date | null;
  entries: string;
  serial: string | null;
  not_after: Date | null;
  latest_revoked: boolean;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Everything the operators' console and /metrics show, from the hub's own tables in a few queries. */
@Injectable()
export class FederationHealthService {
  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly dataSource: DataSource,
    private readonly traffic: SearchTrafficService,
    private readonly indexBus: IndexBusConnection,
    @Optional() @Inject(HANDOVER_HEALTH_SOURCE) private readonly handoverSource?: HandoverHealthSource,
  ) {}

  async overview(now = new Date()): Promise<FederationOverview> {
    const [nodes, revoked, search, handovers] = await Promise.all([
      this.nodes(now),
      this.revoked(),
      this.traffic.summary(60, now),
      this.handovers(now),
    ]);
    const counts: Record<NodeState, number> = { up: 0, late: 0, down: 0 };
    for (const node of nodes) counts[node.state] += 1;
    return {
      generatedAt: now.toISOString(),
      thresholds: {
        lateAfterSeconds: this.settings.NODE_LATE_AFTER_SECONDS,
        downAfterSeconds: this.settings.NODE_DOWN_AFTER_SECONDS,
        certificateWarningDays: this.settings.CERT_EXPIRY_WARNING_DAYS,
      },
      bus: { indexFeedConnected: this.indexBus.current() !== undefined },
      counts,
      nodes,
      revoked,
      search,
      handovers,
    };
  }

  /**
   * Every LA the hub knows: enrolled (a certificate in the issuance log) or feeding the index. Its current
   * certificate is its latest unrevoked one; `latest_revoked` tells a revoked node from a never-enrolled one.
   */
  async nodes(now = new Date()): Promise<NodeHealth[]> {
    const rows = await this.dataSource.query<NodeRow[]>(
      `WITH las AS (
         SELECT subject AS la_code FROM issued_certificate WHERE subject ~ '^E[0-9]{8}$'
         UNION SELECT la_code FROM locator_la_state),
       current_cert AS (
         SELECT DISTINCT ON (c.subject) c.subject, c.serial, c.not_after
           FROM issued_certificate c
          WHERE NOT EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.serial = c.serial)
            AND c.not_before <= $1
          ORDER BY c.subject, c.not_after DESC),
       latest_cert AS (
         SELECT DISTINCT ON (c.subject) c.subject,
                EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.serial = c.serial) AS revoked
           FROM issued_certificate c ORDER BY c.subject, c.sequence DESC),
       entries AS (SELECT la_code, count(*) AS n FROM locator_entry WHERE NOT deleted GROUP BY la_code),
       names AS (
         SELECT DISTINCT ON (la_code) la_code, la_name FROM enrolment_token
          WHERE la_name IS NOT NULL ORDER BY la_code, created_at DESC)
       SELECT las.la_code, names.la_name, s.last_seen_at, s.last_applied_at, s.last_lag_ms, s.resync_needed_since,
              s.last_snapshot_completed_at, coalesce(e.n, 0) AS entries, cc.serial, cc.not_after,
              coalesce(lc.revoked, false) AS latest_revoked
         FROM las
         LEFT JOIN locator_la_state s ON s.la_code = las.la_code
         LEFT JOIN entries e ON e.la_code = las.la_code
         LEFT JOIN current_cert cc ON cc.subject = las.la_code
         LEFT JOIN latest_cert lc ON lc.subject = las.la_code
         LEFT JOIN names ON names.la_code = las.la_code
        ORDER BY las.la_code`,
      [now],
    );
    const perLa = new Map((await this.traffic.perLa(60, now)).map((la) => [la.laCode, la]));
    const rateLimited = await this.traffic.rateLimitedPerLa(60, now);
    const thresholds = {
      lateAfterSeconds: this.settings.NODE_LATE_AFTER_SECONDS,
      downAfterSeconds: this.settings.NODE_DOWN_AFTER_SECONDS,
    };
    return rows
      .filter((row) => isLaCode(row.la_code))
      .map((row): NodeHealth => {
        const certificate = certificateStateOf(
          row.not_after ? { notAfter: row.not_after } : undefined,
          row.latest_revoked,
          now,
          this.settings.CERT_EXPIRY_WARNING_DAYS,
        );
        const traffic = perLa.get(row.la_code);
        return {
          laCode: row.la_code,
          laName: row.la_name,
          state: nodeStateOf(row.last_seen_at, now, thresholds),
          lastSeenAt: iso(row.last_seen_at),
          silentSeconds: row.last_seen_at
            ? Math.max(0, Math.round((now.getTime() - row.last_seen_at.getTime()) / 1000))
            : null,
          index: {
            entries: Number(row.entries),
            lastSyncAt: iso(row.last_applied_at),
            lagSeconds: row.last_lag_ms === null ? null : row.last_lag_ms / 1000,
            resyncNeeded: row.resync_needed_since !== null,
            lastSnapshotCompletedAt: iso(row.last_snapshot_completed_at),
          },
          certificate: {
            state: certificate.state,
            serial: row.serial,
            notAfter: iso(row.not_after),
            daysLeft: certificate.daysLeft,
          },
          search: {
            routed: traffic?.routed ?? 0,
            unanswered: traffic?.unanswered ?? 0,
            rateLimited: rateLimited.get(row.la_code) ?? 0,
          },
        };
      });
  }

  /** Every revoked certificate (LAs', the hub's, operators'), newest first. */
  async revoked(): Promise<RevokedCertificate[]> {
    const rows = await this.dataSource.query<
      { serial: string; subject: string; reason: string; revoked_at: Date }[]
    >(
      `SELECT r.serial, c.subject, r.reason, r.revoked_at
         FROM certificate_revocation r JOIN issued_certificate c ON c.serial = r.serial
        ORDER BY r.revoked_at DESC`,
    );
    return rows.map((row) => ({
      serial: row.serial,
      subject: row.subject,
      reason: row.reason,
      revokedAt: row.revoked_at.toISOString(),
    }));
  }

  async handovers(now = new Date()): Promise<HandoverHealth> {
    if (!this.handoverSource) return HANDOVERS_NOT_AVAILABLE;
    const items = await this.handoverSource.inFlight(now);
    return {
      available: true,
      inFlight: items.length,
      stuck: items.filter((item) => item.stuck).length,
      items,
    };
  }
}
