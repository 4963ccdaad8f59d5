import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the CA's append-only issuance log (a trigger refuses UPDATE and DELETE). */
@Entity({ name: 'issued_certificate' })
export class IssuedCertificate {
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sequence!: number;

  @Column({ type: 'text', unique: true })
  serial!: string;

  /** LA code or 'hub'. */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'char', length: 64, unique: true })
  fingerprint!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'previous_hash', type: 'char', length: 64 })
  previousHash!: string;

  @Column({ name: 'entry_hash', type: 'char', length: 64 })
  entryHash!: string;
}
