import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A blocking key of a child (e.g. a phonetic code of the family name, a birth year-month): a search looks
 * candidates up by key equality, then scores them. Maintained in the transaction of every write.
 */
@Entity('child_search_key')
@Index('child_search_key_lookup', ['kind', 'key'])
export class ChildSearchKey {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key!: string;
}
