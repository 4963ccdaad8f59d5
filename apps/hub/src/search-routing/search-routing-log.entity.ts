import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The hub's record of one cross-boundary search: routing metadata only (who asked, which LAs it went to,
 * which answered, when and how long). No token, criterion, name or answer: the hub could not read those.
 * The correlation id ties it to the asking node's audit entry and each answering node's disclosure entry.
 */
@Entity({ name: 'search_routing_log' })
export class SearchRoutingLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'route_id', type: 'uuid', unique: true })
  routeId!: string;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  @Column({ name: 'from_la', type: 'text' })
  fromLa!: string;

  /** The candidate LAs the index named (with a usable certificate): the only LAs a query may go to. */
  @Column({ name: 'to_las', type: 'text', array: true })
  toLas!: string[];

  @Column({ name: 'answered_las', type: 'text', array: true, default: () => "'{}'" })
  answeredLas!: string[];

  /** LAs that did not answer in time, could not be reached, or refused, each as `LA:reason`. */
  @Column({ name: 'unanswered_las', type: 'text', array: true, default: () => "'{}'" })
  unansweredLas!: string[];

  /** Index entries that met the lookup rule, across all candidate LAs. */
  @Column({ name: 'index_entries', type: 'integer' })
  indexEntries!: number;

  /** 'routed' (waiting for the forward), 'forwarded', 'no-candidates'. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'lookup_ms', type: 'integer' })
  lookupMs!: number;

  @Column({ name: 'forward_ms', type: 'integer', nullable: true })
  forwardMs!: number | null;

  @Column({ name: 'forwarded_at', type: 'timestamptz', nullable: true })
  forwardedAt!: Date | null;
}
