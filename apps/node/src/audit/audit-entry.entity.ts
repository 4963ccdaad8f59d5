import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Actions that touch a child's record: each is an access the misuse review counts. */
export const RECORD_ACTIONS = [
  'record.create',
  'record.update',
  'record.view',
  'record.search',
  'involvement.add',
  'involvement.update',
  'involvement.end',
  'indicators.set',
  'lead-professional.appoint',
  'shield.set',
  'shield.clear',
] as const;

export const AUDIT_ACTIONS = [
  ...RECORD_ACTIONS,
  'access.refused',
  'auth.sign-in',
  'auth.sign-out',
  'user.manage',
  'audit.read',
  // A child moves area (issue 6): each step of a handover, under the handover's correlation id.
  'handover.start',
  'handover.answer',
  'handover.cancel',
  'handover.step',
  'handover.list',
  // Subject access (issue 16): an auditor exported a child's record and its access history.
  'subject-access.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'allowed' | 'refused';

/**
 * One entry of the node's audit trail: append-only (enforced in the database) and hash-chained.
 * It holds ids, codes and counts, never a child's name, address or date of birth.
 */
@Entity('audit_entry')
@Index(['childId', 'sequence'])
@Index(['actorId', 'sequence'])
@Index(['occurredAt'])
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sequence!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  /** The LA a cross-boundary request came from; null for this node's own users. */
  @Column({ name: 'actor_la', type: 'text', nullable: true })
  actorLa!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  @Column({ name: 'child_id', type: 'uuid', nullable: true })
  childId!: string | null;

  /** Records a search returned (and so disclosed) to the actor. */
  @Column({ name: 'disclosed_child_ids', type: 'uuid', array: true, default: () => "'{}'" })
  disclosedChildIds!: string[];

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  /** Ids, codes and counts only: e.g. which criteria a search used, never their values. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, string | number | boolean | string[]>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
