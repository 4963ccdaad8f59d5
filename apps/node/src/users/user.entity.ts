import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../access/roles';

const bigintOrNull = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A practitioner's account on this node. Secrets are stored hashed (password) or encrypted (TOTP). */
@Entity('app_user')
export class User {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Compared with children's family names by the misuse review (a view of a possible relative). */
  @Column({ name: 'family_name', type: 'text' })
  familyName!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** argon2id, with its parameters and salt in the encoded string. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  /** AES-256-GCM under TOTP_ENCRYPTION_KEY; null until enrolment starts. */
  @Column({ name: 'totp_secret_encrypted', type: 'text', nullable: true })
  totpSecretEncrypted!: string | null;

  @Column({ name: 'totp_enrolled', type: 'boolean', default: false })
  totpEnrolled!: boolean;

  /** The last TOTP time step accepted: a code for this step or an earlier one is refused (no replay). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, transformer: bigintOrNull })
  totpLastStep!: number | null;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
