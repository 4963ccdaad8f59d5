import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The controlled lists as they stood when this migration was written: a migration never changes, so it
 * does not import the live lists. child-records.migration.spec.ts fails when a live list drifts from
 * these, which means a new migration is due to change the CHECK constraints.
 */
export const FROZEN_LISTS = {
  GENDERS: ['female', 'male', 'other', 'not-known'],
  CARER_RELATIONSHIPS: [
    'mother',
    'father',
    'step-parent',
    'grandparent',
    'other-relative',
    'foster-carer',
    'guardian',
    'other',
  ],
  SERVICE_TYPES: [
    'health-visiting',
    'school-nursing',
    'early-help',
    'childrens-social-care',
    'education-welfare',
    'special-educational-needs',
    'youth-justice',
    'youth-service',
    'speech-and-language-therapy',
    'paediatrics',
    'housing',
    'police',
    'voluntary-sector',
    'sexual-health',
    'mental-health',
    'substance-misuse',
  ],
  SENSITIVE_SERVICE_TYPES: ['sexual-health', 'mental-health', 'substance-misuse'],
  ASSESSMENT_TYPES: [
    'early-help-assessment',
    'child-and-family-assessment',
    'education-health-and-care-needs-assessment',
    'health-assessment',
    'youth-justice-assessment',
  ],
  SHIELDING_REASONS: [
    'risk-of-harm-from-known-person',
    'witness-protection',
    'other-court-order',
    'refuge-or-domestic-abuse',
    'other-serious-risk',
  ],
};

/** A SQL list literal of a controlled list, for CHECK constraints. The lists are constants, not input. */
function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}

const {
  GENDERS,
  CARER_RELATIONSHIPS,
  SERVICE_TYPES,
  SENSITIVE_SERVICE_TYPES,
  ASSESSMENT_TYPES,
  SHIELDING_REASONS,
} = FROZEN_LISTS;

/**
 * The child's record: ContactPoint's basic information and nothing more. There is no column for notes,
 * case information, opinions, diet or attainment. Constraints back up the application's rules.
 */
export class ChildRecords1764300000000 implements MigrationInterface {
  name = 'ChildRecords1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE child (
        id uuid PRIMARY KEY,
        given_name varchar(100) NOT NULL CHECK (length(given_name) > 0),
        family_name varchar(100) NOT NULL CHECK (length(family_name) > 0),
        other_names varchar(100)[] NOT NULL DEFAULT '{}',
        date_of_birth date NOT NULL,
        gender text NOT NULL CHECK (gender IN (${sqlList(GENDERS)})),
        nhs_number char(10) CHECK (nhs_number ~ '^[0-9]{10}$'),
        upn char(13) CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
        address_line1 varchar(100) NOT NULL,
        address_line2 varchar(100),
        address_town varchar(60) NOT NULL,
        address_postcode varchar(8) NOT NULL,
        address_from date NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        shielded boolean NOT NULL DEFAULT false,
        shielding_reason text CHECK (shielding_reason IN (${sqlList(SHIELDING_REASONS)})),
        shielded_at timestamptz,
        shielded_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT child_shielding_complete CHECK (
          (shielded AND shielding_reason IS NOT NULL AND shielded_at IS NOT NULL AND shielded_by IS NOT NULL)
          OR (NOT shielded AND shielding_reason IS NULL AND shielded_at IS NULL AND shielded_by IS NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX child_nhs_number_unique ON child (nhs_number) WHERE nhs_number IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX child_upn_unique ON child (upn) WHERE upn IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE child_previous_address (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
        line1 varchar(100) NOT NULL,
        line2 varchar(100),
        town varchar(60) NOT NULL,
        postcode varchar(8) NOT NULL,
        from_date date,
        to_date date NOT NULL,
        CHECK (from_date IS NULL OR from_date <= to_date)
      )`);
    await queryRunner.query(`CREATE INDEX child_previous_address_child ON child_previous_address (child_id)`);

    await queryRunner.query(`
      CREATE TABLE carer (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        name varchar(150) NOT NULL CHECK (length(name) > 0),
        relationship text NOT NULL CHECK (relationship IN (${sqlList(CARER_RELATIONSHIPS)})),
        has_parental_responsibility boolean NOT NULL,
        telephone varchar(30),
        email varchar(254),
        UNIQUE (child_id, position)
      )`);

    await queryRunner.query(`
      CREATE TABLE educational_setting (
        child_id uuid PRIMARY KEY REFERENCES child (id) ON DELETE CASCADE,
        name varchar(150) NOT NULL CHECK (length(name) > 0),
        urn char(6) CHECK (urn ~ '^[0-9]{6}$'),
        telephone varchar(30),
        email varchar(254)
      )`);

    await queryRunner.query(`
      CREATE TABLE gp_practice (
        child_id uuid PRIMARY KEY REFERENCES child (id) ON DELETE CASCADE,
        name varchar(150) NOT NULL CHECK (length(name) > 0),
        ods_code char(6) CHECK (ods_code ~ '^[A-Z][0-9]{5}$'),
        telephone varchar(30),
        email varchar(254)
      )`);

    await queryRunner.query(`
      CREATE TABLE involvement (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
        practitioner_name varchar(150) NOT NULL CHECK (length(practitioner_name) > 0),
        role varchar(100) NOT NULL CHECK (length(role) > 0),
        organisation varchar(150) NOT NULL CHECK (length(organisation) > 0),
        service_type text NOT NULL CHECK (service_type IN (${sqlList(SERVICE_TYPES)})),
        telephone varchar(30),
        email varchar(254),
        start_date date NOT NULL,
        end_date date,
        has_information_to_share boolean NOT NULL DEFAULT false,
        assessment_type text CHECK (assessment_type IN (${sqlList(ASSESSMENT_TYPES)})),
        assessment_date date,
        consent_recorded_on date,
        is_lead_professional boolean NOT NULL DEFAULT false,
        registered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT involvement_dates CHECK (end_date IS NULL OR end_date >= start_date),
        CONSTRAINT involvement_assessment_complete CHECK ((assessment_type IS NULL) = (assessment_date IS NULL)),
        CONSTRAINT involvement_sensitive_consent CHECK (
          service_type NOT IN (${sqlList(SENSITIVE_SERVICE_TYPES)}) OR consent_recorded_on IS NOT NULL),
        CONSTRAINT involvement_lead_is_current CHECK (NOT is_lead_professional OR end_date IS NULL)
      )`);
    await queryRunner.query(`CREATE INDEX involvement_child ON involvement (child_id)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX involvement_one_lead_professional ON involvement (child_id) WHERE is_lead_professional`,
    );

    await queryRunner.query(`
      CREATE TABLE child_search_key (
        child_id uuid NOT NULL REFERENCES child (id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL,
        key varchar(128) NOT NULL,
        PRIMARY KEY (child_id, kind, key)
      )`);
    await queryRunner.query(`CREATE INDEX child_search_key_lookup ON child_search_key (kind, key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'child_search_key',
      'involvement',
      'gp_practice',
      'educational_setting',
      'carer',
      'child_previous_address',
      'child',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
