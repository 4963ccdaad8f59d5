import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoverDeliveryKind } from '@cp/contract';

/** The hub's outbox to nodes: written in the transaction of the decision, sent until acknowledged. */
@Entity({ name: 'handover_delivery' })
export class HandoverDelivery {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  sequence!: string;

  @Column({ name: 'handover_id', type: 'uuid' })
  handoverId!: string;

  @Column({ name: 'la_code', type: 'text' })
  laCode!: string;

  @Column({ type: 'text' })
  kind!: HandoverDeliveryKind;

  /** The delivery body; a sealed package or signed receipt it carries is cleared once delivered. */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;
}
