import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AssessmentType, ServiceType } from '@cp/record-model';

/**
 * A practitioner providing a service to the child. Two indicators only (information to share; an
 * assessment's type and date): never the assessment's content or any case information.
 */
@Entity('involvement')
@Index(['childId'])
export class Involvement {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'practitioner_name', type: 'varchar', length: 150 })
  practitionerName!: string;

  @Column({ type: 'varchar', length: 100 })
  role!: string;

  @Column({ type: 'varchar', length: 150 })
  organisation!: string;

  @Column({ name: 'service_type', type: 'text' })
  serviceType!: ServiceType;

  @Column({ type: 'varchar', length: 30, nullable: true })
  telephone!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ name: 'has_information_to_share', type: 'boolean', default: false })
  hasInformationToShare!: boolean;

  @Column({ name: 'assessment_type', type: 'text', nullable: true })
  assessmentType!: AssessmentType | null;

  @Column({ name: 'assessment_date', type: 'date', nullable: true })
  assessmentDate!: string | null;

  /** The date the young person's consent was recorded: required for sensitive services. */
  @Column({ name: 'consent_recorded_on', type: 'date', nullable: true })
  consentRecordedOn!: string | null;

  @Column({ name: 'is_lead_professional', type: 'boolean', default: false })
  isLeadProfessional!: boolean;

  /** The user who registered it: a practitioner may change or end only their own. */
  @Column({ name: 'registered_by', type: 'text' })
  registeredBy!: string;

  /** Set for an involvement carried from the child's old area by a handover (issue 6). */
  @Column({ name: 'from_la_code', type: 'text', nullable: true })
  fromLaCode!: string | null;

  @Column({ name: 'from_la_name', type: 'varchar', length: 100, nullable: true })
  fromLaName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
