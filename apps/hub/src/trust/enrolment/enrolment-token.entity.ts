import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time enrolment token for one LA: stored as a SHA-256 hash, expires, works once. */
@Entity({ name: 'enrolment_token' })
export class EnrolmentToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'la_code', type: 'text' })
  laCode!: string;

  /** The LA's name as the operator gave it (enrolment:token --la-name) or the node's request did; may be null. */
  @Column({ name: 'la_name', type: 'text', nullable: true })
  laName!: string | null;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'issued_serial', type: 'text', nullable: true })
  issuedSerial!: string | null;
}
