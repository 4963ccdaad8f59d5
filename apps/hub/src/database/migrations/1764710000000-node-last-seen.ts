import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the hub last heard from each LA's node on its index feed (any event, heartbeats included): the
 * operators' console reads a node's state (up, late, down) from it.
 */
export class NodeLastSeen1764710000000 implements MigrationInterface {
  name = 'NodeLastSeen1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE locator_la_state ADD COLUMN last_seen_at timestamptz`);
    await queryRunner.query(
      `UPDATE locator_la_state SET last_seen_at = least(last_applied_at, last_event_created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE locator_la_state DROP COLUMN last_seen_at`);
  }
}
