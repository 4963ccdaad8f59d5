import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1764200000000 implements MigrationInterface {
  name = 'AuditTrail1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_entry (
        sequence bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        actor_la text,
        reason text,
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'refused')),
        child_id uuid,
        disclosed_child_ids uuid[] NOT NULL DEFAULT '{}',
        correlation_id uuid NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX audit_entry_child ON audit_entry (child_id, sequence)`);
    await queryRunner.query(`CREATE INDEX audit_entry_actor ON audit_entry (actor_id, sequence)`);
    await queryRunner.query(`CREATE INDEX audit_entry_time ON audit_entry (occurred_at)`);
    await queryRunner.query(
      `CREATE INDEX audit_entry_disclosed ON audit_entry USING gin (disclosed_child_ids)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_entry`);
  }
}
