import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { IndexOperation } from '@cp/contract';
import type { LocatorToken } from '@cp/locator';

export type OutboxOperation = Exclude<IndexOperation, 'heartbeat'>;

/** One index change waiting for (or past) publication to the hub. */
@Entity({ name: 'index_outbox' })
export class IndexOutboxRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  sequence!: string;

  @Column({ name: 'child_id', type: 'uuid', nullable: true })
  childId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  operation!: OutboxOperation;

  @Column({ type: 'boolean' })
  shielded!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  tokens!: LocatorToken[] | null;

  @Column({ type: 'bigint', nullable: true })
  snapshot!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
