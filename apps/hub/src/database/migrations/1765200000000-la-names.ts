import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LA names given at enrolment (issue 16): the operator's `enrolment:token --la-name`, or the name in the
 * node's enrolment request when the operator gave none. The operators' console shows them with the codes.
 */
export class LaNames1765200000000 implements MigrationInterface {
  name = 'LaNames1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE enrolment_token ADD COLUMN la_name text CHECK (la_name IS NULL OR length(la_name) BETWEEN 2 AND 100)`,
    );
    await queryRunner.query(
      `CREATE INDEX enrolment_token_named ON enrolment_token (la_code, created_at DESC) WHERE la_name IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX enrolment_token_named');
    await queryRunner.query('ALTER TABLE enrolment_token DROP COLUMN la_name');
  }
}
