import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The child's primary medical practitioner: at most one GP practice per child. */
@Entity('gp_practice')
export class GpPractice {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  /** ODS code: a letter and 5 digits. */
  @Column({ name: 'ods_code', type: 'char', length: 6, nullable: true })
  odsCode!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  telephone!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;
}
