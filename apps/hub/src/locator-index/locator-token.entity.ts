import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A keyed one-way token pointing at an entry. Kind: 0 name-year, 1 NHS number, 2 UPN (TOKEN_KIND_CODES). */
@Entity({ name: 'locator_token' })
export class LocatorTokenRow {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode!: string;

  /** Signed 64-bit integer, as a decimal string (pg returns bigint as text). */
  @PrimaryColumn({ type: 'bigint' })
  token!: string;

  @Column({ type: 'smallint' })
  kind!: number;
}
