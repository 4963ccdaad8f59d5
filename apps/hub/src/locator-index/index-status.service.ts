import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IndexBusConnection } from './index-bus-connection';

/** One LA's feed, as operators see it. Counts and times only. */
export interface LaIndexStatus {
  laCode: string;
  entries: number;
  lastSequence: string;
  eventsApplied: string;
  /** When the node wrote the last applied change, and when the hub applied it. */
  lastEventCreatedAt: string | null;
  lastAppliedAt: string | null;
  /** created_at -> applied_at of the last applied event, in milliseconds. */
  lastLagMs: number | null;
  gaps: number;
  resyncNeededSince: string | null;
  resyncReason: string | null;
  resyncRequestedAt: string | null;
  lastSnapshotCompletedAt: string | null;
}

export interface IndexStatus {
  connected: boolean;
  entries: number;
  las: LaIndexStatus[];
}

/** A value ready for a Prometheus gauge; labels carry LA codes only. */
export interface IndexMetric {
  name: string;
  help: string;
  labels: Record<string, string>;
  value: number;
}

interface StatusRow {
  la_code: string;
  entries: string;
  last_sequence: string;
  events_applied: string;
  last_event_created_at: Date | null;
  last_applied_at: Date | null;
  last_lag_ms: number | null;
  gaps: number;
  resync_needed_since: Date | null;
  resync_reason: string | null;
  resync_requested_at: Date | null;
  last_snapshot_completed_at: Date | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

@Injectable()
export class IndexStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: IndexBusConnection,
  ) {}

  async status(): Promise<IndexStatus> {
    const rows = await this.dataSource.query<StatusRow[]>(`
      SELECT s.*, coalesce(c.entries, 0) AS entries
        FROM locator_la_state s
        LEFT JOIN (SELECT la_code, count(*) AS entries FROM locator_entry WHERE NOT deleted GROUP BY la_code) c
          ON c.la_code = s.la_code
       ORDER BY s.la_code`);
    const las = rows.map((row): LaIndexStatus => ({
      laCode: row.la_code,
      entries: Number(row.entries),
      lastSequence: row.last_sequence,
      eventsApplied: row.events_applied,
      lastEventCreatedAt: iso(row.last_event_created_at),
      lastAppliedAt: iso(row.last_applied_at),
      lastLagMs: row.last_lag_ms,
      gaps: row.gaps,
      resyncNeededSince: iso(row.resync_needed_since),
      resyncReason: row.resync_reason,
      resyncRequestedAt: iso(row.resync_requested_at),
      lastSnapshotCompletedAt: iso(row.last_snapshot_completed_at),
    }));
    return {
      connected: this.bus.current() !== undefined,
      entries: las.reduce((sum, la) => sum + la.entries, 0),
      las,
    };
  }

  /** The same figures as gauges, for a Prometheus endpoint later. */
  async metrics(now: Date = new Date()): Promise<IndexMetric[]> {
    const { las } = await this.status();
    return las.flatMap((la) => {
      const labels = { la: la.laCode };
      const since = (value: string | null) => (value ? (now.getTime() - Date.parse(value)) / 1000 : -1);
      return [
        { name: 'cp_hub_index_entries', help: 'Index entries held for the LA', labels, value: la.entries },
        {
          name: 'cp_hub_index_lag_seconds',
          help: 'Lag of the last applied event',
          labels,
          value: (la.lastLagMs ?? 0) / 1000,
        },
        {
          name: 'cp_hub_index_last_applied_age_seconds',
          help: 'Seconds since the last applied event',
          labels,
          value: since(la.lastAppliedAt),
        },
        { name: 'cp_hub_index_gaps_total', help: 'Sequence gaps seen', labels, value: la.gaps },
        {
          name: 'cp_hub_index_resync_needed',
          help: '1 while a resync is outstanding',
          labels,
          value: la.resyncNeededSince ? 1 : 0,
        },
      ];
    });
  }
}
