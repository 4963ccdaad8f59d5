import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An address the child used to live at: appended when the current address changes. */
@Entity('child_previous_address')
@Index(['childId'])
export class PreviousAddress {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ type: 'varchar', length: 100 })
  line1!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  line2!: string | null;

  @Column({ type: 'varchar', length: 60 })
  town!: string;

  @Column({ type: 'varchar', length: 8 })
  postcode!: string;

  @Column({ name: 'from_date', type: 'date', nullable: true })
  fromDate!: string | null;

  @Column({ name: 'to_date', type: 'date' })
  toDate!: string;
}
