import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-LA limit on route lookups (anti-trawl): one fixed-window counter per LA shared by every hub process
 * (libs/database fixed-window.ts), and each lookup refused by it, for the operators' console. LA codes only.
 */
export class RouteRateLimits1765100000000 implements MigrationInterface {
  name = 'RouteRateLimits1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limit_window (
        key text PRIMARY KEY,
        window_ends_at timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE route_lookup_refusal (
        id bigserial PRIMARY KEY,
        la_code text NOT NULL,
        reason text NOT NULL,
        retry_after_seconds integer NOT NULL,
        refused_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX route_lookup_refusal_recent ON route_lookup_refusal (refused_at, la_code)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE route_lookup_refusal');
    await queryRunner.query('DROP TABLE rate_limit_window');
  }
}
