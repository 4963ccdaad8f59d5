import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A revoked certificate, by serial. Kept apart from the issuance log so the log stays append-only. */
@Entity({ name: 'certificate_revocation' })
export class CertificateRevocation {
  @PrimaryColumn({ type: 'text' })
  serial!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt!: Date;

  /** A controlled reason, e.g. key-compromise, superseded, la-left; never free text about people. */
  @Column({ type: 'text' })
  reason!: string;
}
