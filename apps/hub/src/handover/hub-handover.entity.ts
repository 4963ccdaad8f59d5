import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoverInitiator, HubHandoverState } from '@cp/contract';

/** One handover as the hub logs it: ids, LA codes, step, codes and times; never personal data. */
@Entity({ name: 'handover' })
export class HubHandover {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'from_la', type: 'text' })
  fromLa!: string;

  @Column({ name: 'to_la', type: 'text' })
  toLa!: string;

  @Column({ name: 'initiated_by', type: 'text' })
  initiatedBy!: HandoverInitiator;

  @Column({ name: 'reason_code', type: 'text' })
  reasonCode!: string;

  @Column({ type: 'text' })
  state!: HubHandoverState;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'step_at', type: 'timestamptz' })
  stepAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
