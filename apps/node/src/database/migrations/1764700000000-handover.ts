import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handover (issue 6): a record frozen while a handover is open (`child.handover_id`), the stub a moved-out
 * record leaves (`child.moved_out`: the LA it went to, when, and that LA's contact), involvements carried
 * from an earlier LA (`involvement.from_la_*`), the node's own log of each handover (one open per child),
 * the deliveries from the hub it has committed (idempotent receiver), and its outbox of steps to the hub.
 */
export class NodeHandover1764700000000 implements MigrationInterface {
  name = 'NodeHandover1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE child ADD COLUMN handover_id uuid, ADD COLUMN moved_out jsonb`);
    await queryRunner.query(
      `ALTER TABLE involvement ADD COLUMN from_la_code text, ADD COLUMN from_la_name varchar(100),
         ADD CONSTRAINT involvement_from_la_complete CHECK ((from_la_code IS NULL) = (from_la_name IS NULL))`,
    );
    await queryRunner.query(`
      CREATE TABLE handover (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('sender', 'receiver')),
        initiated_by text NOT NULL CHECK (initiated_by IN ('sender', 'receiver')),
        from_la text NOT NULL,
        to_la text NOT NULL CHECK (to_la <> from_la),
        reason_code text NOT NULL,
        state text NOT NULL CHECK (state IN ('started', 'awaiting-answer', 'accepted', 'package-sent',
          'package-received', 'cancelling', 'completed', 'ended')),
        end_reason text,
        correlation_id uuid NOT NULL,
        package jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX handover_one_open_per_child ON handover (child_id)
        WHERE state NOT IN ('completed', 'ended')`,
    );
    await queryRunner.query(`
      CREATE TABLE handover_delivery_log (
        delivery_id uuid PRIMARY KEY,
        handover_id uuid NOT NULL,
        kind text NOT NULL,
        result text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE handover_outbox (
        sequence bigserial PRIMARY KEY,
        handover_id uuid NOT NULL,
        kind text NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX handover_outbox_unpublished ON handover_outbox (sequence) WHERE published_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE handover_outbox');
    await queryRunner.query('DROP TABLE handover_delivery_log');
    await queryRunner.query('DROP TABLE handover');
    await queryRunner.query(
      'ALTER TABLE involvement DROP CONSTRAINT involvement_from_la_complete, DROP COLUMN from_la_code, DROP COLUMN from_la_name',
    );
    await queryRunner.query('ALTER TABLE child DROP COLUMN handover_id, DROP COLUMN moved_out');
  }
}
