import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CarerRelationship } from '@cp/record-model';

/** A parent or carer of the child, with contact details. */
@Entity('carer')
export class Carer {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  /** Keeps the order the record gave. */
  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  @Column({ type: 'text' })
  relationship!: CarerRelationship;

  @Column({ name: 'has_parental_responsibility', type: 'boolean' })
  hasParentalResponsibility!: boolean;

  @Column({ type: 'varchar', length: 30, nullable: true })
  telephone!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;
}
