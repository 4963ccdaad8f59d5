import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../access/roles';

export type SessionKind = 'access' | 'enrolment';

/** A signed-in session: tokens name it, and stop working when it is revoked, idle too long or over. */
@Entity('user_session')
export class UserSession {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** An enrolment session may only call the TOTP enrolment routes. */
  @Column({ type: 'text' })
  kind!: SessionKind;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
