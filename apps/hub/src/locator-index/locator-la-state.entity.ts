import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the hub has applied one LA's index feed, its lag, and whether it needs a resync. */
@Entity({ name: 'locator_la_state' })
export class LocatorLaState {
  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode!: string;

  @Column({ name: 'last_sequence', type: 'bigint', default: 0 })
  lastSequence!: string;

  @Column({ name: 'last_event_created_at', type: 'timestamptz', nullable: true })
  lastEventCreatedAt!: Date | null;

  @Column({ name: 'last_applied_at', type: 'timestamptz', nullable: true })
  lastAppliedAt!: Date | null;

  @Column({ name: 'last_lag_ms', type: 'integer', nullable: true })
  lastLagMs!: number | null;

  @Column({ name: 'events_applied', type: 'bigint', default: 0 })
  eventsApplied!: string;

  @Column({ type: 'integer', default: 0 })
  gaps!: number;

  @Column({ name: 'snapshot_begin', type: 'bigint', nullable: true })
  snapshotBegin!: string | null;

  @Column({ name: 'snapshot_gap', type: 'boolean', default: false })
  snapshotGap!: boolean;

  @Column({ name: 'last_snapshot_completed_at', type: 'timestamptz', nullable: true })
  lastSnapshotCompletedAt!: Date | null;

  @Column({ name: 'resync_needed_since', type: 'timestamptz', nullable: true })
  resyncNeededSince!: Date | null;

  @Column({ name: 'resync_reason', type: 'text', nullable: true })
  resyncReason!: string | null;

  @Column({ name: 'resync_requested_at', type: 'timestamptz', nullable: true })
  resyncRequestedAt!: Date | null;

  /** When the hub last heard from the node on this feed (any event or heartbeat); see federation-health. */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;
}
