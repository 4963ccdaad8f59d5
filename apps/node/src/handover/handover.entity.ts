import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoverInitiator, SealedHandoverPackage } from '@cp/contract';

export const NODE_HANDOVER_STATES = [
  'started',
  'awaiting-answer',
  'accepted',
  'package-sent',
  'package-received',
  'cancelling',
  'completed',
  'ended',
] as const;
export type NodeHandoverState = (typeof NODE_HANDOVER_STATES)[number];
export type HandoverRole = 'sender' | 'receiver';

/** This node's side of one handover: ids, codes and step; at the receiver, the opened record until it is ours. */
@Entity({ name: 'handover' })
export class NodeHandover {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** 'sender': this node holds (held) the record; 'receiver': it is to hold it. */
  @Column({ type: 'text' })
  role!: HandoverRole;

  @Column({ name: 'initiated_by', type: 'text' })
  initiatedBy!: HandoverInitiator;

  @Column({ name: 'from_la', type: 'text' })
  fromLa!: string;

  @Column({ name: 'to_la', type: 'text' })
  toLa!: string;

  @Column({ name: 'reason_code', type: 'text' })
  reasonCode!: string;

  @Column({ type: 'text' })
  state!: NodeHandoverState;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  /** At the receiver only, between receiving and completion: the record as A sealed it. */
  @Column({ type: 'jsonb', nullable: true })
  package!: SealedHandoverPackage | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

export function isOpenLocally(state: NodeHandoverState): boolean {
  return state !== 'completed' && state !== 'ended';
}
