import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which hub operator (by certificate) did what to which handover, written in the transaction of the
 * action: an abort decides where a child's record stays, so it must say who decided. Append-only.
 */
export class OperatorActions1764720000000 implements MigrationInterface {
  name = 'OperatorActions1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE operator_action (
        id bigserial PRIMARY KEY,
        operator_name text NOT NULL,
        operator_serial text NOT NULL,
        action text NOT NULL CHECK (action IN ('handover-retry', 'handover-abort')),
        handover_id uuid NOT NULL,
        outcome text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX operator_action_handover ON operator_action (handover_id, at)`);
    await queryRunner.query(`
      CREATE FUNCTION operator_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'operator_action is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER operator_action_append_only BEFORE UPDATE OR DELETE ON operator_action
        FOR EACH ROW EXECUTE FUNCTION operator_action_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operator_action`);
    await queryRunner.query(`DROP FUNCTION operator_action_append_only`);
  }
}
