import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One child record held at one LA: ids, version and shielded flag only; never a detail of the child. */
@Entity({ name: 'locator_entry' })
export class LocatorEntry {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'boolean' })
  shielded!: boolean;

  /** A tombstone: the LA deleted the record; kept (without tokens) so an older event cannot revive it. */
  @Column({ type: 'boolean', default: false })
  deleted!: boolean;

  /** The snapshot-begin sequence of the last resync that mentioned this entry. */
  @Column({ type: 'bigint', nullable: true })
  snapshot!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
