import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Gender } from '@cp/record-model';
import type { ShieldingReason } from './shielding-reasons';

/** Where a moved-out child's record went: A's stub shows it (record view `movedOut`). */
export interface MovedOut {
  toLaCode: string;
  toLaName: string;
  /** ISO date. */
  movedOn: string;
  contact: { name: string; telephone: string; email: string };
}

/** A child's basic details and current address. Its id is federation-wide and never changes. */
@Entity('child')
export class Child {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName!: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName!: string;

  @Column({ name: 'other_names', type: 'varchar', length: 100, array: true, default: () => "'{}'" })
  otherNames!: string[];

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth!: string;

  @Column({ type: 'text' })
  gender!: Gender;

  /** Ten digits, no spaces. */
  @Column({ name: 'nhs_number', type: 'char', length: 10, nullable: true })
  nhsNumber!: string | null;

  @Column({ type: 'char', length: 13, nullable: true })
  upn!: string | null;

  @Column({ name: 'address_line1', type: 'varchar', length: 100 })
  addressLine1!: string;

  @Column({ name: 'address_line2', type: 'varchar', length: 100, nullable: true })
  addressLine2!: string | null;

  @Column({ name: 'address_town', type: 'varchar', length: 60 })
  addressTown!: string;

  /** Normalised, e.g. "SW1A 1AA". */
  @Column({ name: 'address_postcode', type: 'varchar', length: 8 })
  addressPostcode!: string;

  /** When the current address was recorded: the start of its entry in the address history. */
  @Column({ name: 'address_from', type: 'date' })
  addressFrom!: string;

  /** Optimistic concurrency: every write adds one; an update carrying an older one is refused. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'boolean', default: false })
  shielded!: boolean;

  @Column({ name: 'shielding_reason', type: 'text', nullable: true })
  shieldingReason!: ShieldingReason | null;

  @Column({ name: 'shielded_at', type: 'timestamptz', nullable: true })
  shieldedAt!: Date | null;

  @Column({ name: 'shielded_by', type: 'text', nullable: true })
  shieldedBy!: string | null;

  /** The open handover that freezes this record (issue 6): writes are refused (409) until it ends. */
  @Column({ name: 'handover_id', type: 'uuid', nullable: true })
  handoverId!: string | null;

  /** Set when the record moved to another LA: only a stub stays here. */
  @Column({ name: 'moved_out', type: 'jsonb', nullable: true })
  movedOut!: MovedOut | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
