import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The child's school or other educational setting: at most one per child. */
@Entity('educational_setting')
export class EducationalSetting {
  @PrimaryColumn({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  /** DfE URN, 6 digits. */
  @Column({ type: 'char', length: 6, nullable: true })
  urn!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  telephone!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;
}
