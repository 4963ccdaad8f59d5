import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The locator index: entries (which LA holds which child id, at which version, shielded or not) and the
 * keyed tokens that find them. No name, address, date of birth, postcode or identifier: tokens only.
 */
export class LocatorIndex1764500000000 implements MigrationInterface {
  name = 'LocatorIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE locator_entry (
        child_id uuid NOT NULL,
        la_code text NOT NULL,
        version integer NOT NULL,
        shielded boolean NOT NULL,
        -- A deleted entry stays as a tombstone (no tokens) so an older event arriving late cannot revive it.
        deleted boolean NOT NULL DEFAULT false,
        -- The snapshot-begin sequence of the last resync that mentioned this entry.
        snapshot bigint,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (child_id, la_code)
      )`);
    await queryRunner.query(`CREATE INDEX locator_entry_la ON locator_entry (la_code) WHERE NOT deleted`);
    // The primary key serves replacing one entry's tokens; the covering index on token serves lookups
    // with index-only scans. fillfactor leaves room for updates in place.
    await queryRunner.query(`
      CREATE TABLE locator_token (
        child_id uuid NOT NULL,
        la_code text NOT NULL,
        token bigint NOT NULL,
        kind smallint NOT NULL CHECK (kind IN (0, 1, 2)),
        PRIMARY KEY (child_id, la_code, token)
      )`);
    await queryRunner.query(
      `CREATE INDEX locator_token_lookup ON locator_token (token) INCLUDE (la_code, child_id, kind)`,
    );
    await queryRunner.query(`
      CREATE TABLE locator_la_state (
        la_code text PRIMARY KEY,
        last_sequence bigint NOT NULL DEFAULT 0,
        -- The node's created_at of the last applied event, and when the hub applied it: the lag.
        last_event_created_at timestamptz,
        last_applied_at timestamptz,
        last_lag_ms integer,
        events_applied bigint NOT NULL DEFAULT 0,
        gaps integer NOT NULL DEFAULT 0,
        snapshot_begin bigint,
        snapshot_gap boolean NOT NULL DEFAULT false,
        last_snapshot_completed_at timestamptz,
        resync_needed_since timestamptz,
        resync_reason text,
        resync_requested_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE locator_la_state');
    await queryRunner.query('DROP TABLE locator_token');
    await queryRunner.query('DROP TABLE locator_entry');
  }
}
