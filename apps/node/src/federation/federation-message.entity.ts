import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The node's message log: every signed federation message it sent or received, kept whole so who asked
 * whom for what can be proved later; refused messages keep only ids and the reason. Append-only, written through @cp/message-log
 * (docs/security.md, "Message log").
 */
@Entity({ name: 'federation_message' })
export class NodeFederationMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  direction!: 'received' | 'sent';

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'text' })
  sender!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  nonce!: string;

  @Column({ name: 'cert_fingerprint', type: 'text' })
  certFingerprint!: string;

  @Column({ name: 'logged_at', type: 'timestamptz' })
  loggedAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  envelope!: object | null;

  /** The flow's correlation id (a search) or handover id, when it has one. */
  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  /** What the signature covers by digest only (a bundled query's sealed box), kept beside it. */
  @Column({ type: 'jsonb', nullable: true })
  attachment!: object | null;
}
