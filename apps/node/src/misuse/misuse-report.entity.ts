import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MisuseFlag } from './misuse-rules';

/** One stored run of the misuse review: ids and counts only. */
@Entity('misuse_report')
export class MisuseReport {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'ran_at', type: 'timestamptz' })
  ranAt!: Date;

  @Column({ type: 'text' })
  trigger!: 'daily' | 'on-demand';

  @Column({ name: 'period_from', type: 'timestamptz' })
  periodFrom!: Date;

  @Column({ name: 'period_to', type: 'timestamptz' })
  periodTo!: Date;

  @Column({ name: 'flag_count', type: 'integer' })
  flagCount!: number;

  @Column({ type: 'jsonb' })
  flags!: MisuseFlag[];
}
